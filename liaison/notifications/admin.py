from django.contrib import admin

from liaison.notifications.models import Delivery, Notification, Recipient, ReminderRule


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = [
        "channel",
        "address",
        "status",
        "due_at",
        "attempts",
        "sent_at",
        "failure",
        "last_error",
    ]
    fields = readonly_fields


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "due_at", "inbox_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "dedupe_key"]
    raw_id_fields = ["recipient"]
    inlines = [DeliveryInline]


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "enabled", "offsets"]


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "mobile", "email", "wecom_userid", "unreachable_since"]
    search_fields = ["name"]
    raw_id_fields = ["user"]
