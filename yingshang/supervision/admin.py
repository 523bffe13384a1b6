"""Django admin for the catalogue (事项, 场景, 执法人员, 首违不罚清单); plans and tasks change only through the pages."""

from django.contrib import admin

from yingshang.core.admin import AuditedAdmin

from .models import InspectionItem, Inspector, MinorViolation, Scenario


@admin.register(InspectionItem)
class InspectionItemAdmin(AuditedAdmin):
    list_display = ("code", "name", "unit", "yearly_ratio", "is_active")
    search_fields = ("code", "name")


@admin.register(Scenario)
class ScenarioAdmin(AuditedAdmin):
    list_display = ("code", "name")
    filter_horizontal = ("items",)


@admin.register(Inspector)
class InspectorAdmin(AuditedAdmin):
    list_display = ("certificate_no", "name", "unit", "valid_until", "is_active")
    search_fields = ("certificate_no", "name")
    raw_id_fields = ("user", "conflicts")


@admin.register(MinorViolation)
class MinorViolationAdmin(AuditedAdmin):
    list_display = ("code", "title", "unit", "rectify_days", "is_active")
