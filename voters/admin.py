"""The admin only looks: opinions change through the services (a status set here would skip the
timeline), and nothing of voters or opinions is ever deleted."""

from django.contrib import admin

from voters.models import Category, Opinion, OpinionEvent, PersonalDataExport, ReturnVisit, Voter


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = OpinionEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields


class ReturnVisitInline(admin.TabularInline):
    model = ReturnVisit
    extra = 0
    can_delete = False
    fields = ["visited_at", "voter", "method", "visited_by", "satisfaction", "note"]
    readonly_fields = fields


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "position", "is_active"]
    list_editable = ["position", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ["tracking_code", "received_at", "station", "channel", "category", "route", "status"]
    list_filter = ["status", "channel", "route", "category"]
    search_fields = ["tracking_code"]
    date_hierarchy = "received_at"
    inlines = [EventInline, ReturnVisitInline]
    # The voter is left out of the admin's pages: personal data has its own masked pages.
    exclude = ["voter"]


@admin.register(Voter)
class VoterAdmin(ReadOnlyAdmin):
    list_display = ["pk", "station", "community", "consent", "created_at"]
    exclude = ["name", "phone", "address"]


@admin.register(PersonalDataExport)
class PersonalDataExportAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "what", "row_count", "unmasked", "address"]
    list_filter = ["what", "unmasked"]
