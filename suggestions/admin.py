from django.contrib import admin

from suggestions.models import HandlingUnit


@admin.register(HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contact_name", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
