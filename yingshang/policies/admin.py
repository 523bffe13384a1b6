"""Django admin: read-mostly views of the policy supermarket. Changes go through the app's pages and
services (rule parsing, versioning, amendments, the audit trail); the admin never writes around them."""

from django.contrib import admin

from yingshang.core.admin import AuditedAdmin

from .models import ApplicationEvent, EnterpriseFact, ItemAmendment, ItemVersion, MatchRun, PolicyApplication, PolicyDocument, PolicyItem, Publicity


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = ItemVersion
    extra = 0
    fields = ("number", "status", "effective_from", "benefit_kind", "conditions_text", "exempt_application")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "issuer", "doc_number", "issued_on", "status", "unit")
    list_filter = ("status",)
    search_fields = ("title", "doc_number")


@admin.register(PolicyItem)
class PolicyItemAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "unit", "status", "document")
    list_filter = ("status",)
    search_fields = ("code", "title")
    inlines = [VersionInline]


@admin.register(ItemAmendment)
class ItemAmendmentAdmin(ReadOnlyAdmin):
    list_display = ("item", "from_version", "to_version", "gained_count", "lost_count", "created_at")


@admin.register(EnterpriseFact)
class EnterpriseFactAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "key", "number", "flag", "source", "as_of")
    list_filter = ("key", "source")
    raw_id_fields = ("enterprise",)


@admin.register(PolicyApplication)
class PolicyApplicationAdmin(ReadOnlyAdmin):
    list_display = ("number", "item", "enterprise", "channel", "status", "amount_approved", "step_due_on")
    list_filter = ("status", "channel")
    search_fields = ("number", "enterprise__name")


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdmin):
    list_display = ("application", "action", "from_status", "to_status", "actor", "at", "overdue")


@admin.register(Publicity)
class PublicityAdmin(ReadOnlyAdmin):
    list_display = ("title", "item", "starts_on", "ends_on")


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "items", "enterprises", "eligible", "undetermined", "near_miss", "seconds")
