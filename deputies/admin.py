from django.contrib import admin

from deputies.models import Deputy, DeputyGroup, Mandate


class MandateInline(admin.TabularInline):
    model = Mandate
    extra = 0


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "sector", "is_active"]
    list_filter = ["is_active", "mandates__level"]
    search_fields = ["name", "name_initials", "name_pinyin"]
    inlines = [MandateInline]


@admin.register(DeputyGroup)
class DeputyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "station", "leader"]
    list_filter = ["kind"]
    filter_horizontal = ["members"]
