"""Django admin for the hub's reference tables. Saves go through core's AuditedAdmin (audited writes);
the workflow tables (appeals, events, dispatches) are read-only here: they change only through services."""

from django.contrib import admin

from yingshang.core.admin import AuditedAdmin

from .models import Appeal, AppealEvent, ClassifierVersion, Dispatch, HubSettings, Label, RoutingRule, SlaPolicy, TaxonomyVersion


@admin.register(SlaPolicy)
class SlaPolicyAdmin(AuditedAdmin):
    list_display = ("__str__", "dispatch_limit", "dispatch_measure", "feedback_limit", "feedback_measure", "completion_limit", "completion_measure")


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    list_display = ("label_prefix", "district", "unit", "note")
    list_filter = ("district",)
    search_fields = ("label_prefix", "unit__name")
    raw_id_fields = ("unit",)


@admin.register(HubSettings)
class HubSettingsAdmin(AuditedAdmin):
    list_display = ("auto_dispatch_threshold", "max_auto_return_rate", "soon_due_hours", "repeat_window_days")


@admin.register(TaxonomyVersion)
class TaxonomyVersionAdmin(AuditedAdmin):
    list_display = ("number", "status", "note", "published_at")
    readonly_fields = ("status", "published_at")


@admin.register(Label)
class LabelAdmin(AuditedAdmin):
    list_display = ("path", "level", "code", "is_leaf", "taxonomy")
    list_filter = ("taxonomy", "level")
    search_fields = ("path",)

    def has_change_permission(self, request, obj=None):
        # Published versions are frozen: appeals point at their rows.
        return super().has_change_permission(request, obj) and (obj is None or obj.taxonomy.status == TaxonomyVersion.Status.DRAFT)

    has_delete_permission = has_change_permission


@admin.register(ClassifierVersion)
class ClassifierVersionAdmin(AuditedAdmin):
    list_display = ("name", "file", "training_size", "is_active", "created_at")
    readonly_fields = ("is_active",)


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("tracking_no", "accepted_at", "channel", "state", "unit", "label")
    list_filter = ("state", "channel")
    search_fields = ("tracking_no",)


@admin.register(AppealEvent)
class AppealEventAdmin(ReadOnlyAdmin):
    list_display = ("appeal", "action", "from_state", "to_state", "at")


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    list_display = ("appeal", "unit", "at", "outcome", "automatic")
