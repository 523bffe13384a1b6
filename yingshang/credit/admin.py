"""Django admin: read-only views of the credit app. Changes go through its pages and services (the model's
versions, the records' imports, repairs and arrears through the workflows), which write the audit trail."""

from django.contrib import admin

from yingshang.core.admin import AuditedAdmin

from .models import ArrearsComplaint, BlacklistEntry, CreditModel, CreditRun, Penalty, RepairApplication, TaxCredit


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CreditModel)
class CreditModelAdmin(ReadOnlyAdmin):
    list_display = ("number", "is_active", "base_score", "class_a_min", "class_b_min", "class_c_min", "note")


@admin.register(Penalty)
class PenaltyAdmin(ReadOnlyAdmin):
    list_display = ("decision_no", "enterprise", "unit", "decided_on", "severity", "repaired_on")
    search_fields = ("decision_no", "enterprise__name", "enterprise__credit_code")


@admin.register(BlacklistEntry)
class BlacklistEntryAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "unit", "listed_on", "removed_on")


@admin.register(TaxCredit)
class TaxCreditAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "year", "level")


@admin.register(CreditRun)
class CreditRunAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "model", "enterprises", "changed", "seconds", "partial")


@admin.register(RepairApplication)
class RepairApplicationAdmin(ReadOnlyAdmin):
    list_display = ("pk", "enterprise", "unit", "status", "submitted_on", "due_on")


@admin.register(ArrearsComplaint)
class ArrearsComplaintAdmin(ReadOnlyAdmin):
    list_display = ("pk", "enterprise", "debtor_name", "status", "malicious", "submitted_on")
