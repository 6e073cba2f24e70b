from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from liaison.models import (
    Activity,
    Appointment,
    CongressSession,
    Delivery,
    Invitation,
    Notification,
    NotificationPreference,
    ReceptionPlan,
    ReminderRule,
    Station,
    Stationing,
    User,
    Visit,
    VisitEntry,
)


@admin.register(User)
class LiaisonUserAdmin(UserAdmin):
    list_display = ["username", "display_name", "role", "handling_unit", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "display_name"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ["display_name", "phone", "role", "stations", "handling_unit"]}),
    ]
    filter_horizontal = ["stations", "groups", "user_permissions"]


class StationingInline(admin.TabularInline):
    model = Stationing
    extra = 0
    autocomplete_fields = ["deputy"]


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "address"]
    inlines = [StationingInline]


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


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ["channel", "status", "due_at", "attempts", "sent_at", "last_error"]
    fields = readonly_fields


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "user", "kind", "due_at", "inbox_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "dedupe_key"]
    inlines = [DeliveryInline]


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "enabled", "offsets"]


admin.site.register(CongressSession)
admin.site.register(NotificationPreference)
