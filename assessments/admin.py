"""Read-only views for administrators: every change goes through the services and the app's pages."""

from django.contrib import admin

from assessments.models import Commendation, DutyRecord, ExportJob, KindRule, RuleSet, ScoreSnapshot


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class KindRuleInline(admin.TabularInline):
    model = KindRule
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnlyAdmin):
    list_display = ["year", "frozen_at", "updated_at"]
    inlines = [KindRuleInline]


@admin.register(DutyRecord)
class DutyRecordAdmin(ReadOnlyAdmin):
    list_display = ["date", "deputy", "kind", "source", "status", "quantity", "voters_met"]
    list_filter = ["source", "status", "kind"]
    search_fields = ["deputy__name", "title"]
    list_select_related = ["deputy"]
    date_hierarchy = "date"


@admin.register(ScoreSnapshot)
class ScoreSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["year", "deputy", "total"]
    list_filter = ["year"]
    list_select_related = ["deputy"]


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyAdmin):
    list_display = ["year", "kind", "deputy", "station", "suggestion", "unit", "status", "decided_by"]
    list_filter = ["year", "kind", "status"]


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "title", "status", "progress"]
    list_filter = ["status"]
