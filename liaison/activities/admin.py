from django.contrib import admin

from liaison.activities.models import (
    Activity,
    Appointment,
    CongressSession,
    Invitation,
    ReceptionPlan,
    Visit,
    VisitEntry,
)


class KeptAdmin(admin.ModelAdmin):
    """What users entered is never deleted, not even by an administrator: it is cancelled or withdrawn
    through the pages, and its field history (django-simple-history) keeps every change."""

    def has_delete_permission(self, request, obj=None):
        return False


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    can_delete = False
    autocomplete_fields = ["deputy"]


@admin.register(Activity)
class ActivityAdmin(KeptAdmin):
    """For repairs only: status changes go through the pages (services), which plan the reminders."""

    list_display = ["title", "kind", "station", "starts_at", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    readonly_fields = ["status", "published_at", "attendance_at", "summary_at"]
    inlines = [InvitationInline]


@admin.register(ReceptionPlan)
class ReceptionPlanAdmin(admin.ModelAdmin):
    list_display = ["station", "year", "rule", "place"]


class VisitEntryInline(admin.TabularInline):
    model = VisitEntry
    extra = 0
    can_delete = False


@admin.register(Visit)
class VisitAdmin(KeptAdmin):
    list_display = ["date", "kind", "station", "voters_met"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    inlines = [VisitEntryInline]


@admin.register(Appointment)
class AppointmentAdmin(KeptAdmin):
    list_display = ["voter_name", "deputy", "station", "status", "proposed_at"]
    list_filter = ["status"]


admin.site.register(CongressSession)
