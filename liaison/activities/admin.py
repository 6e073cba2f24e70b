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
from liaison.activities.services import activity_delete


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    autocomplete_fields = ["deputy"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """For repairs only: status changes go through the pages (services), which plan the reminders."""

    list_display = ["title", "kind", "station", "starts_at", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    readonly_fields = ["status", "published_at", "attendance_at", "summary_at"]
    inlines = [InvitationInline]

    # A deletion withdraws the reminders not yet sent and tells those invited, as a cancellation does.
    def delete_model(self, request, obj):
        activity_delete(activity=obj)

    def delete_queryset(self, request, queryset):
        for activity in queryset:
            activity_delete(activity=activity)


@admin.register(ReceptionPlan)
class ReceptionPlanAdmin(admin.ModelAdmin):
    list_display = ["station", "year", "rule", "place"]


class VisitEntryInline(admin.TabularInline):
    model = VisitEntry
    extra = 0


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "station", "voters_met"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    inlines = [VisitEntryInline]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["voter_name", "deputy", "station", "status", "proposed_at"]
    list_filter = ["status"]


admin.site.register(CongressSession)
