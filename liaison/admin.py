from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from liaison.models import Holiday, Jurisdiction, Station, Stationing, User


@admin.register(User)
class LiaisonUserAdmin(UserAdmin):
    list_display = ["username", "display_name", "role", "jurisdiction", "handling_unit", "is_active"]
    list_filter = ["role", "jurisdiction", "is_active"]
    search_fields = ["username", "display_name"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            _("Role and scope"),
            {"fields": ["display_name", "phone", "role", "jurisdiction", "stations", "handling_unit"]},
        ),
    ]
    filter_horizontal = ["stations", "groups", "user_permissions"]


class StationingInline(admin.TabularInline):
    model = Stationing
    extra = 0
    autocomplete_fields = ["deputy"]


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "jurisdiction", "is_active"]
    list_filter = ["kind", "jurisdiction", "is_active"]
    search_fields = ["name", "address"]
    inlines = [StationingInline]


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_working_day"]
