"""Django admin for reference data. Every save goes through an audited write, like the services."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .audit import audited_write
from .auditlog import append_entry, record
from .calendar_services import calendar_day_delete, calendar_day_set
from .models import ApiToken, AuditEntry, CalendarDay, Division, Enterprise, ImportJob, Industry, Qualification, Unit, UnitAlias, User
from .permissions import has_capability


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = type(obj).objects.get(pk=obj.pk).audit_snapshot() if change else None
        with audited_write(request.user):
            if isinstance(obj, Unit):
                obj.tree_path = f"{obj.parent.tree_path if obj.parent else '/'}{obj.code}/"
            obj.version = (obj.version or 0) + (1 if change else 0)
            obj.save()
            record(f"{obj._meta.app_label}.{obj._meta.model_name}.admin_{'update' if change else 'create'}", obj, before=before, after=obj.audit_snapshot())

    def delete_model(self, request, obj):
        with audited_write(request.user):
            record(f"{obj._meta.app_label}.{obj._meta.model_name}.admin_delete", obj, before=obj.audit_snapshot(), after=None)
            obj.delete()

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # aliases are added on the unit page, through the audited service


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("name", "code", "kind", "parent", "division", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code", "aliases__alias")
    inlines = [UnitAliasInline]
    readonly_fields = ("tree_path",)


@admin.register(Division)
class DivisionAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "is_pilot_zone", "parent")
    list_filter = ("level", "is_pilot_zone")
    search_fields = ("code", "name")


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdmin):
    list_display = ("credit_code", "name", "kind", "district", "industry", "size_class")
    list_filter = ("kind", "size_class", "district")
    search_fields = ("credit_code", "name")
    raw_id_fields = ("district", "industry")


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    search_fields = ("code", "name")


admin.site.register(Qualification)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("seq", "at", "actor_name", "action", "object_type", "object_id")
    search_fields = ("action", "object_type", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class YingshangUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("营商通", {"fields": ("role", "unit", "enterprise", "display_name", "phone")}),)
    list_display = ("username", "display_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("unit", "enterprise")
    actions = ["unlock_login"]

    @admin.action(description="解除登录锁定")
    def unlock_login(self, request, queryset):
        from .accounts import login_unlock

        for user in queryset:
            login_unlock(actor=request.user, user=user)
        self.message_user(request, f"已解除 {queryset.count()} 个账号的登录锁定")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        with audited_write(request.user):
            append_entry(action=f"core.user.admin_{'update' if change else 'create'}", object_type="core.User", object_id=obj.pk,
                         object_repr=obj.username, after={"role": obj.role, "unit_id": obj.unit_id, "is_active": obj.is_active})


admin.site.register(ImportJob)
admin.site.register(ApiToken)
admin.site.site_header = "营商通 · 参考数据管理"


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """The working calendar in the Django admin: saves and deletions go through the calendar services, so
    they are audited, marked 管理员修改 (never overwritten by a sync) and reach every deadline at once."""

    list_display = ("date", "kind", "name", "source")
    list_filter = ("source", "kind")
    date_hierarchy = "date"
    fields = ("date", "kind", "name", "source")

    def get_readonly_fields(self, request, obj=None):
        return ("date", "source") if obj is not None else ("source",)

    def has_module_permission(self, request):
        return has_capability(request.user, "core.manage_calendar")

    def has_view_permission(self, request, obj=None):
        return has_capability(request.user, "core.manage_calendar")

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission

    def save_model(self, request, obj, form, change):
        saved = calendar_day_set(actor=request.user, date=obj.date, kind=obj.kind, name=obj.name)
        obj.pk, obj.version, obj.source = saved.pk, saved.version, saved.source

    def delete_model(self, request, obj):
        calendar_day_delete(actor=request.user, day=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


from .documents import admin as _document_admin  # noqa: E402,F401 — registers 文书模板
