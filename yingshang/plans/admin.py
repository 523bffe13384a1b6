"""Django admin: read-mostly views of the plans module; the scoring scheme is editable (audited)."""

from django.contrib import admin

from yingshang.core.admin import AuditedAdmin

from .models import Bulletin, Plan, RankingRun, ScoringScheme, Task


class ReadOnlyAdmin(AuditedAdmin):
    """Plans, tasks and rankings change only through the module's services and pages."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "status", "issuer", "issued_on", "published_at")
    list_filter = ("status",)
    search_fields = ("title", "issuer", "doc_number")


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("item", "unit", "role", "due", "state")
    list_filter = ("state", "role", "plan")
    search_fields = ("item__title", "unit__name")
    list_select_related = ("item", "unit")


@admin.register(RankingRun)
class RankingRunAdmin(ReadOnlyAdmin):
    list_display = ("period", "as_of", "scheme", "computed_at")


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyAdmin):
    list_display = ("title", "period", "generated_at")


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(AuditedAdmin):
    list_display = ("name", "is_active", "weight_completion", "weight_timeliness", "weight_indicators", "bottom_places")
