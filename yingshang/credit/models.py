"""信用 (credit): the 企业公共信用综合评价 model, the records it weighs (行政处罚, 失信名单, 纳税信用级别),
the evaluations it produces, 信用修复 applications and 拖欠账款 complaints.

The evaluation model is configuration: ``CreditModel`` (one version active at a time; a change makes a new
version, audited) with ``CreditIndicator`` rows — a fact, a comparison, a threshold and the points it moves.
``CreditEvaluation`` is derived data (one row per enterprise, rewritten by every run, see ``evaluation.py``);
the run itself (``CreditRun``) is the audited record of who recomputed what, with which model version.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from yingshang.core.audit import AuditedModel
from yingshang.core.models import Enterprise, Unit, User

RISK_CLASS_CHOICES = (("A", _("A类(低风险)")), ("B", _("B类(一般风险)")), ("C", _("C类(较高风险)")), ("D", _("D类(高风险)")))


class CreditModel(AuditedModel):
    """One version of the evaluation model: the base score, the class thresholds and (rows) the indicators."""

    number = models.PositiveIntegerField(_("版本号"), unique=True)
    name = models.CharField(_("名称"), max_length=64, default="企业公共信用综合评价模型")
    base_score = models.IntegerField(_("基础分"), default=85)
    class_a_min = models.IntegerField(_("A类最低分"), default=90)
    class_b_min = models.IntegerField(_("B类最低分"), default=75)
    class_c_min = models.IntegerField(_("C类最低分"), default=60)
    blacklist_class = models.CharField(_("失信名单主体直接评为"), max_length=1, choices=RISK_CLASS_CHOICES, default="D")
    is_active = models.BooleanField(_("当前启用"), default=False)
    note = models.CharField(_("修订说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("修订人"))

    class Meta:
        verbose_name = _("信用评价模型")
        verbose_name_plural = _("信用评价模型")
        ordering = ["-number"]

    def __str__(self) -> str:
        return _("信用评价模型 第%(n)s版") % {"n": self.number}


class CreditIndicator(AuditedModel):
    """A rule of the model: when ``fact`` compares to ``threshold`` as ``comparator`` says, add ``points``."""

    class Comparator(models.TextChoices):
        AT_LEAST = "ge", _("≥")
        AT_MOST = "le", _("≤")

    model = models.ForeignKey(CreditModel, models.CASCADE, related_name="indicators", verbose_name=_("模型"))
    fact = models.CharField(_("指标数据"), max_length=64)
    label = models.CharField(_("指标名称"), max_length=64)
    comparator = models.CharField(_("比较"), max_length=2, choices=Comparator.choices, default=Comparator.AT_LEAST)
    threshold = models.DecimalField(_("阈值"), max_digits=10, decimal_places=2, default=Decimal("1"))
    points = models.IntegerField(_("加减分"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("信用评价指标")
        verbose_name_plural = _("信用评价指标")
        ordering = ["model", "position", "id"]

    def __str__(self) -> str:
        return self.label


class Penalty(AuditedModel):
    """A 行政处罚 decision (imported from the deciding departments, or entered)."""

    class Severity(models.TextChoices):
        ORDINARY = "ordinary", _("一般")
        SERIOUS = "serious", _("重大(严重违法失信)")

    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="credit_penalties", verbose_name=_("经营主体"))
    decision_no = models.CharField(_("处罚决定书文号"), max_length=64, unique=True)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="credit_penalties", verbose_name=_("处罚机关"))
    decided_on = models.DateField(_("处罚决定日期"))
    matter = models.CharField(_("违法行为"), max_length=200)
    severity = models.CharField(_("程度"), max_length=10, choices=Severity.choices, default=Severity.ORDINARY)
    amount = models.DecimalField(_("罚没金额(元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    repaired_on = models.DateField(_("信用修复日期"), null=True, blank=True)  # public display withdrawn from then on

    class Meta:
        verbose_name = _("行政处罚")
        verbose_name_plural = _("行政处罚")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "decided_on"])]

    def __str__(self) -> str:
        return self.decision_no


class BlacklistEntry(AuditedModel):
    """An entry of the 失信联合惩戒名单 (严重失信主体名单)."""

    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="credit_blacklist", verbose_name=_("经营主体"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="credit_blacklist", verbose_name=_("认定单位"))
    listed_on = models.DateField(_("列入日期"))
    reason = models.CharField(_("列入事由"), max_length=200)
    basis = models.CharField(_("认定依据"), max_length=200, blank=True)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)  # by 信用修复

    class Meta:
        verbose_name = _("失信名单记录")
        verbose_name_plural = _("失信名单记录")
        ordering = ["-listed_on", "-id"]

    def __str__(self) -> str:
        return _("%(enterprise)s 失信名单(%(day)s)") % {"enterprise": self.enterprise, "day": self.listed_on}


class TaxCredit(AuditedModel):
    """纳税信用级别 of one year, as the tax authority shares it (A/B/M/C/D)."""

    class Level(models.TextChoices):
        A = "A", _("A级")
        B = "B", _("B级")
        M = "M", _("M级")
        C = "C", _("C级")
        D = "D", _("D级")

    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="credit_tax_levels", verbose_name=_("经营主体"))
    year = models.PositiveSmallIntegerField(_("评价年度"))
    level = models.CharField(_("纳税信用级别"), max_length=1, choices=Level.choices)

    class Meta:
        verbose_name = _("纳税信用级别")
        verbose_name_plural = _("纳税信用级别")
        ordering = ["-year", "enterprise"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="credit_tax_one_per_year")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} {self.level}"


class CreditRun(AuditedModel):
    """One recomputation of the classes (all enterprises, or those a repair touched)."""

    model = models.ForeignKey(CreditModel, models.PROTECT, related_name="runs", verbose_name=_("模型"))
    started_at = models.DateTimeField(_("开始时间"))
    seconds = models.FloatField(_("耗时(秒)"), default=0)
    enterprises = models.PositiveIntegerField(_("评价主体数"), default=0)
    changed = models.PositiveIntegerField(_("等级变化数"), default=0)
    counts = models.JSONField(_("各类数量"), default=dict)
    sources = models.JSONField(_("接入的外部数据源"), default=list)
    partial = models.BooleanField(_("部分重算"), default=False)

    class Meta:
        verbose_name = _("信用评价运行")
        verbose_name_plural = _("信用评价运行")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return _("信用评价(%(at)s)") % {"at": self.started_at.strftime("%Y-%m-%d %H:%M")}


class CreditEvaluation(models.Model):
    """The current evaluation of one enterprise (derived: every run rewrites its rows; the run is audited)."""

    enterprise = models.OneToOneField(Enterprise, models.CASCADE, primary_key=True, related_name="credit_evaluation", verbose_name=_("经营主体"))
    model_number = models.PositiveIntegerField(_("模型版本"))
    score = models.FloatField(_("综合评价得分"))
    risk_class = models.CharField(_("信用风险分类"), max_length=1, choices=RISK_CLASS_CHOICES)
    blacklisted = models.BooleanField(_("列入失信名单"), default=False)
    reasons = models.JSONField(_("影响因素"), default=list)  # [{"fact","label","points"}]
    # model version and the combination of indicators that held: a run rewrites only rows whose result moved
    basis = models.CharField(_("评价依据"), max_length=40, default="")
    evaluated_at = models.DateTimeField(_("评价时间"))  # of the run that gave this result (unchanged results keep theirs)

    class Meta:
        verbose_name = _("信用评价结果")
        verbose_name_plural = _("信用评价结果")
        indexes = [models.Index(fields=["risk_class"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.risk_class}"


class RepairApplication(AuditedModel):
    """信用修复 applied for online: one penalty or blacklist entry, with evidence, reviewed by its deciding unit."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已修复")
        REFUSED = "refused", _("不予修复")

    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="credit_repairs", verbose_name=_("经营主体"))
    penalty = models.ForeignKey(Penalty, models.PROTECT, null=True, blank=True, related_name="repairs", verbose_name=_("行政处罚"))
    blacklist_entry = models.ForeignKey(BlacklistEntry, models.PROTECT, null=True, blank=True, related_name="repairs", verbose_name=_("失信名单记录"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="credit_repairs", verbose_name=_("审核单位"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    statement = models.TextField(_("修复申请说明(已履行义务、整改情况)"))
    submitted_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("申请人"))
    submitted_on = models.DateField(_("申请日期"))
    due_on = models.DateField(_("审核期限"))
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)

    class Meta:
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return _("信用修复申请 #%(pk)s") % {"pk": self.pk}

    @property
    def record(self):
        return self.penalty or self.blacklist_entry


class RepairEvidence(AuditedModel):
    """A file the enterprise attached to its repair application (checked by core.safedocs on upload)."""

    application = models.ForeignKey(RepairApplication, models.CASCADE, related_name="evidence", verbose_name=_("修复申请"))
    file = models.FileField(_("文件"), upload_to="credit/%Y/%m/")
    filename = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"), default=0)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("修复证明材料")
        verbose_name_plural = _("修复证明材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename

    def audit_snapshot(self):
        data = super().audit_snapshot()
        data["file"] = self.file.name if self.file else ""
        return data


class ArrearsComplaint(AuditedModel):
    """拖欠账款 complaint: an enterprise is owed money by a government unit or a state-owned company."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待核实")
        VERIFIED = "verified", _("已核实")
        PLANNED = "planned", _("还款计划中")
        REPAID = "repaid", _("已清偿")
        CLOSED = "closed", _("已办结")
        REJECTED = "rejected", _("不予受理")

    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="arrears_complaints", verbose_name=_("投诉企业"))
    debtor_unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="arrears_owed", verbose_name=_("欠款单位"))
    debtor_enterprise = models.ForeignKey(Enterprise, models.PROTECT, null=True, blank=True, related_name="arrears_as_debtor",
                                          verbose_name=_("欠款国有企业"))
    debtor_name = models.CharField(_("欠款方名称"), max_length=128)
    contract = models.CharField(_("合同/项目"), max_length=200)
    amount_claimed = models.DecimalField(_("投诉金额(元)"), max_digits=14, decimal_places=2)
    amount_verified = models.DecimalField(_("核实欠款(元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    malicious = models.BooleanField(_("恶意拖欠"), default=False)
    malicious_reason = models.CharField(_("恶意拖欠认定理由"), max_length=300, blank=True)
    submitted_on = models.DateField(_("投诉日期"))
    verify_due_on = models.DateField(_("核实期限"))
    plan_due_on = models.DateField(_("还款计划提交期限"), null=True, blank=True)
    plan_note = models.TextField(_("还款计划说明"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    note = models.TextField(_("办理记录"), blank=True)

    class Meta:
        verbose_name = _("拖欠账款投诉")
        verbose_name_plural = _("拖欠账款投诉")
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return _("拖欠账款投诉 #%(pk)s(%(debtor)s)") % {"pk": self.pk, "debtor": self.debtor_name}

    @property
    def owed(self) -> Decimal:
        return self.amount_verified if self.amount_verified is not None else self.amount_claimed


class ArrearsInstalment(AuditedModel):
    """One instalment of the debtor's repayment plan, and what was actually paid for it."""

    complaint = models.ForeignKey(ArrearsComplaint, models.CASCADE, related_name="instalments", verbose_name=_("拖欠账款投诉"))
    due_on = models.DateField(_("计划还款日"))
    amount = models.DecimalField(_("计划金额(元)"), max_digits=14, decimal_places=2)
    paid_amount = models.DecimalField(_("已还金额(元)"), max_digits=14, decimal_places=2, default=Decimal("0"))
    paid_on = models.DateField(_("实际还款日"), null=True, blank=True)

    class Meta:
        verbose_name = _("还款分期")
        verbose_name_plural = _("还款分期")
        ordering = ["complaint", "due_on", "id"]

    def __str__(self) -> str:
        return _("%(day)s 还款 %(amount)s 元") % {"day": self.due_on, "amount": self.amount}
