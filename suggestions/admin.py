from django.contrib import admin

from liaison.models import HandlingUnit
from suggestions.models import ReplyTemplate, Suggestion, SuggestionEvent


@admin.register(HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contact_name", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "unit"]


class EventInline(admin.TabularInline):
    model = SuggestionEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """Read-only here: every change of a suggestion goes through the services (and their events)."""

    list_display = ["number", "title", "lead_deputy", "status", "round", "due_on"]
    list_filter = ["status", "category", "is_key"]
    search_fields = ["number", "title"]
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
