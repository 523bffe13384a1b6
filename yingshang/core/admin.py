"""Django admin for reference data. Every write through the admin site is audited, like the services.

``AuditedAdmin`` is the base of every ModelAdmin of the site (``audit_every_admin`` wraps the ones other
packages register, django.contrib.auth's groups and django-tasks' results included, at start-up; a test
checks the registry): saves, deletions (one or a bulk action), many-to-many changes (groups, permissions,
qualifications) and inline rows each get an entry ``<app>.<model>.admin_<verb>`` with before and after,
inside the same transaction as the write. Credential fields (password hashes, token hashes) never enter
an entry: only the fact that they changed. Password changes by an administrator are
``core.user.admin_set_password``.
"""

import re

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import transaction

from .audit import AuditedModel, audited_write, diff_only, to_jsonable
from .auditlog import append_entry, record
from .calendar_services import calendar_day_delete, calendar_day_set
from .models import ApiToken, AuditEntry, CalendarDay, Division, Enterprise, ImportJob, Industry, Qualification, Unit, UnitAlias, User
from .permissions import has_capability

# Credentials stored as hashes: an entry says that they changed, never what they are.
CREDENTIAL_FIELDS = frozenset({"password", "key_hash"})


def admin_action(obj, verb: str) -> str:
    """``<app>.<model>.admin_<verb>``, the model in snake_case (ApiToken → api_token)."""
    model = re.sub(r"(?<!^)(?=[A-Z])", "_", type(obj)._meta.object_name).lower()
    return f"{obj._meta.app_label}.{model}.admin_{verb}"


def admin_snapshot(obj) -> dict:
    """The stored state of ``obj`` as an entry keeps it: concrete fields (foreign keys as ids) and the
    names of its many-to-many relations (groups, permissions, qualifications)."""
    if isinstance(obj, AuditedModel):
        data = obj.audit_snapshot()
    else:
        data = {field.attname: to_jsonable(getattr(obj, field.attname)) for field in obj._meta.concrete_fields}
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(str(related) for related in getattr(obj, field.name).all())
    return data


def _stored_snapshot(obj) -> dict | None:
    stored = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk is not None else None
    return admin_snapshot(stored) if stored is not None else None


def _redact(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Replace credential values by whether they changed (a new password, a new token)."""
    for side in (before, after):
        for name in CREDENTIAL_FIELDS & set(side or ()):
            side[name] = "***" if side is before else "***(已设置)"
    return before, after


def record_admin_change(obj, verb: str, before: dict | None, after: dict | None, *, extra: dict | None = None) -> None:
    """One entry for one admin write (inside the caller's audited transaction)."""
    before, after = diff_only(before, after)
    if before is not None and after is not None and not after and not extra:
        return  # saved without a change: nothing to record (a business row still gets its entry below)
    before, after = _redact(before, after)
    if extra:
        after = {**(after or {}), **extra}
    if isinstance(obj, AuditedModel):
        record(admin_action(obj, verb), obj, before=before, after=after, changes_only=False)
    else:
        append_entry(action=admin_action(obj, verb), object_type=obj._meta.label, object_id=obj.pk, object_repr=str(obj), before=before, after=after)


class AuditedAdmin(admin.ModelAdmin):
    """Every write of the admin site in an audited unit of work with its entry."""

    def save_model(self, request, obj, form, change):
        with audited_write(request.user):
            before = _stored_snapshot(obj) if change else None
            if isinstance(obj, Unit):
                obj.tree_path = f"{obj.parent.tree_path if obj.parent else '/'}{obj.code}/"
            if isinstance(obj, AuditedModel):
                obj.version = (obj.version or 0) + (1 if change else 0)
            super().save_model(request, obj, form, change)
            after = admin_snapshot(obj)
            if isinstance(obj, AuditedModel) and change and diff_only(before, after)[1] == {}:
                record(admin_action(obj, "update"), obj, before={}, after={}, changes_only=False)  # the row was written
            else:
                record_admin_change(obj, "update" if change else "create", before, after)

    def save_related(self, request, form, formsets, change):
        """Many-to-many fields (a user's groups and permissions, a group's permissions, an enterprise's
        qualifications) and inline rows, after the object itself."""
        obj = form.instance
        with audited_write(request.user):
            before = {f.name: sorted(str(r) for r in getattr(obj, f.name).all()) for f in obj._meta.many_to_many} if change else {}
            super().save_related(request, form, formsets, change)
            after = {f.name: sorted(str(r) for r in getattr(obj, f.name).all()) for f in obj._meta.many_to_many}
            changed = {name for name in after if after[name] != before.get(name, [])}
            if changed:
                record_admin_change(obj, "update_relations", {n: before.get(n, []) for n in changed}, {n: after[n] for n in changed})

    def save_formset(self, request, form, formset, change):
        with audited_write(request.user):
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                record_admin_change(obj, "delete", admin_snapshot(obj), None)
                obj.delete()
            for obj in instances:
                before = _stored_snapshot(obj)
                if isinstance(obj, AuditedModel) and before is not None:
                    obj.version = (obj.version or 0) + 1
                obj.save()
                record_admin_change(obj, "update" if before is not None else "create", before, admin_snapshot(obj))
            formset.save_m2m()

    def delete_model(self, request, obj):
        with audited_write(request.user):
            for token in ApiToken.objects.filter(user=obj) if isinstance(obj, User) else ():
                record_admin_change(token, "delete", admin_snapshot(token), None, extra={"reason": "用户被删除"})
            record_admin_change(obj, "delete", admin_snapshot(obj), None)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        """The bulk 删除所选 action: one entry per row, all in one transaction."""
        with audited_write(request.user):
            for obj in queryset:
                self.delete_model(request, obj)


def audit_every_admin(site=admin.site) -> list[str]:
    """Make every registered ModelAdmin audited: those registered by other packages (auth's groups,
    django-tasks' results) are re-registered as a subclass with AuditedAdmin first. Called from
    CoreConfig.ready(), after the admin site discovered every app's admin module."""
    wrapped = []
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, AuditedAdmin):
            continue
        audited = type(f"Audited{type(model_admin).__name__}", (AuditedAdmin, type(model_admin)), {"__module__": __name__})
        site.unregister(model)
        site.register(model, audited)
        wrapped.append(model._meta.label)
    return wrapped


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
class IndustryAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "parent")
    search_fields = ("code", "name")


@admin.register(Qualification)
class QualificationAdmin(AuditedAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditedAdmin):
    list_display = ("seq", "at", "actor_name", "action", "object_type", "object_id")
    search_fields = ("action", "object_type", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class YingshangUserAdmin(AuditedAdmin, UserAdmin):
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

    def user_change_password(self, request, id, form_url=""):
        """An administrator sets or resets a password (or disables password login): audited, without the
        password. The view redirects after a successful change and shows the form again otherwise."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = self.get_object(request, unquote(id))
                with audited_write(request.user):
                    append_entry(action="core.user.admin_set_password", object_type="core.User", object_id=user.pk, object_repr=user.username,
                                 after={"password": "***(已设置)", "usable_password": user.has_usable_password()})
        return response


admin.site.unregister(Group)


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    """django.contrib.auth's groups and their permissions, audited."""


admin.site.register(ImportJob, AuditedAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ("name", "user", "created_at", "last_used_at")
    readonly_fields = ("key_hash", "created_at", "last_used_at")
admin.site.site_header = "营商通 · 参考数据管理"


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
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
