from django.contrib import admin

from liaison.notifications.models import Delivery, Notification, NotificationPreference, ReminderRule


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


admin.site.register(NotificationPreference)
