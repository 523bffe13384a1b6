"""监管执法: the inspection catalogue, inspectors, 双随机 sampling plans and their draws, inspection tasks
(扫码入企), check records with 首违不罚, and the enterprises' ratings."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingshang.core.audit import AuditedModel
from yingshang.core.models import Division, Enterprise, Unit, User


def new_nonce() -> str:
    """The random part of a task's signed code: a new one revokes every code printed before."""
    return secrets.token_hex(16)


def _codes(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace(",", ",").replace(";", ",").split(",") if part.strip()]


class InspectionItem(AuditedModel):
    """A 检查事项 of one department: its legal basis, checklist and the enterprises it applies to."""

    code = models.CharField(_("事项编码"), max_length=32, unique=True)
    name = models.CharField(_("事项名称"), max_length=128)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="inspection_items", verbose_name=_("实施部门"))
    legal_basis = models.TextField(_("检查依据"))
    checklist = models.JSONField(_("检查清单"), default=list, help_text=_("每行一项检查内容"))
    industries = models.CharField(_("适用行业(GB/T 4754 代码前缀)"), max_length=256, blank=True, help_text=_("逗号分隔,如 H62,F52;留空为全部行业"))
    qualifications = models.CharField(_("适用资质/许可"), max_length=256, blank=True, help_text=_("逗号分隔的资质编码;留空为不限"))
    yearly_ratio = models.DecimalField(_("年度抽查比例"), max_digits=5, decimal_places=4, default=Decimal("0.05"),
                                       validators=[MinValueValidator(0), MaxValueValidator(1)])
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("检查事项")
        verbose_name_plural = _("检查事项")
        ordering = ["unit__code", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def industry_prefixes(self) -> list[str]:
        return _codes(self.industries)

    @property
    def qualification_codes(self) -> list[str]:
        return _codes(self.qualifications)


class Scenario(AuditedModel):
    """场景式清单: items of several departments checked together in one visit (综合查一次)."""

    code = models.CharField(_("场景编码"), max_length=32, unique=True)
    name = models.CharField(_("场景名称"), max_length=64)
    industries = models.CharField(_("适用行业(GB/T 4754 代码前缀)"), max_length=256, blank=True)
    items = models.ManyToManyField(InspectionItem, related_name="scenarios", verbose_name=_("检查事项"))

    class Meta:
        verbose_name = _("场景式检查清单")
        verbose_name_plural = _("场景式检查清单")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Inspector(AuditedModel):
    """A 执法人员: a department's law-enforcement officer with a certificate (执法证)."""

    user = models.OneToOneField(User, models.PROTECT, null=True, blank=True, related_name="inspector", verbose_name=_("平台账号"))
    name = models.CharField(_("姓名"), max_length=32)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="inspectors", verbose_name=_("所属部门"))
    district = models.ForeignKey(Division, models.PROTECT, null=True, blank=True, related_name="inspectors", verbose_name=_("所在区县"))
    certificate_no = models.CharField(_("执法证号"), max_length=32, unique=True)
    valid_until = models.DateField(_("执法证有效期至"))
    conflicts = models.ManyToManyField(Enterprise, blank=True, related_name="declared_conflicts", verbose_name=_("申报回避的企业"))
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("执法人员")
        verbose_name_plural = _("执法人员")
        ordering = ["unit__code", "certificate_no"]

    def __str__(self) -> str:
        return f"{self.name}({self.certificate_no})"


class MinorViolation(AuditedModel):
    """An entry of the 首违不罚 list: a minor first violation answered with a 整改 notice, not a penalty."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="minor_violations", verbose_name=_("实施部门"))
    title = models.CharField(_("违法行为"), max_length=200)
    legal_basis = models.TextField(_("依据"), blank=True)
    rectify_days = models.PositiveSmallIntegerField(_("整改期限(工作日)"), default=10)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("首违不罚事项")
        verbose_name_plural = _("首违不罚清单")
        ordering = ["unit__code", "code"]

    def __str__(self) -> str:
        return self.title


class SamplingPlan(AuditedModel):
    """A 双随机 sampling plan: the frame is published (with its SHA-256) before the seed is fixed."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草拟")
        FRAME_PUBLISHED = "frame_published", _("名录已公示")
        SEEDED = "seeded", _("种子已确定")
        DRAWN = "drawn", _("已抽取")
        CLOSED = "closed", _("已结束")

    code = models.CharField(_("计划编号"), max_length=32, unique=True)
    title = models.CharField(_("计划名称"), max_length=128)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="sampling_plans", verbose_name=_("组织部门"))
    items = models.ManyToManyField(InspectionItem, related_name="plans", verbose_name=_("检查事项"))
    district = models.ForeignKey(Division, models.PROTECT, null=True, blank=True, related_name="sampling_plans", verbose_name=_("抽查范围(区县)"))
    ratios = models.JSONField(_("各风险类别抽查比例"), default=dict)
    period_start = models.DateField(_("检查期起"))
    period_end = models.DateField(_("检查期止"))
    max_visits = models.PositiveSmallIntegerField(_("同一企业期内最多检查次数"), default=1)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.DRAFT)
    frame_csv = models.TextField(_("抽查名录(规范CSV)"), blank=True, editable=False)
    frame_sha256 = models.CharField(_("名录SHA-256"), max_length=64, blank=True, editable=False)
    frame_size = models.PositiveIntegerField(_("名录户数"), default=0, editable=False)
    frame_published_at = models.DateTimeField(_("名录公示时间"), null=True, blank=True, editable=False)
    seed_source = models.CharField(_("种子来源"), max_length=300, blank=True,
                                   help_text=_("公示名录时说明种子将取自何处,如“2026年12月10日 中国福利彩票双色球开奖号码”"))
    seed = models.CharField(_("随机种子"), max_length=200, blank=True, editable=False)
    seed_entered_at = models.DateTimeField(_("种子录入时间"), null=True, blank=True, editable=False)
    pool_csv = models.TextField(_("执法人员名录(证号)"), blank=True, editable=False)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("创建人"))

    class Meta:
        verbose_name = _("双随机抽查计划")
        verbose_name_plural = _("双随机抽查计划")
        ordering = ["-period_start", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def audit_snapshot(self):
        # The audit entry keeps the frame's SHA-256 and size, not the published files themselves (up to 10^6 rows).
        data = super().audit_snapshot()
        data.pop("frame_csv", None)
        data.pop("pool_csv", None)
        return data


class DrawResult(AuditedModel):
    """One drawn enterprise of a plan, in rank order, with the two inspectors drawn for it."""

    plan = models.ForeignKey(SamplingPlan, models.CASCADE, related_name="results", verbose_name=_("抽查计划"))
    position = models.PositiveIntegerField(_("序号"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="draw_results", verbose_name=_("企业"))
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    risk_class = models.CharField(_("风险类别"), max_length=1)
    certificates = models.CharField(_("执法证号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("抽取结果")
        verbose_name_plural = _("抽取结果")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "enterprise"], name="supervision_draw_once_per_plan")]

    def __str__(self) -> str:
        return f"{self.plan.code} #{self.position} {self.credit_code}"


class InspectionTask(AuditedModel):
    """One visit to an enterprise (双随机, triggered or joint), opened at the enterprise by its QR code."""

    class State(models.TextChoices):
        PLANNED = "planned", _("待检查")
        NOTIFIED = "notified", _("已告知")
        INSPECTING = "inspecting", _("检查中")
        RECORDED = "recorded", _("已记录")
        RECTIFYING = "rectifying", _("整改中")
        CLOSED = "closed", _("已办结")
        MERGED = "merged", _("已并入联合检查")

    class Origin(models.TextChoices):
        RANDOM = "random", _("双随机抽查")
        TRIGGERED = "triggered", _("触发式监管")
        JOINT = "joint", _("综合查一次")

    class Result(models.TextChoices):
        NONE = "", _("未检查")
        PASSED = "passed", _("未发现问题")
        RECTIFY = "rectify", _("发现问题,责令整改")
        PENALTY = "penalty", _("发现问题,移送立案")

    code = models.CharField(_("任务编号"), max_length=40, unique=True)
    plan = models.ForeignKey(SamplingPlan, models.PROTECT, null=True, blank=True, related_name="tasks", verbose_name=_("抽查计划"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="inspection_tasks", verbose_name=_("检查对象"))
    items = models.ManyToManyField(InspectionItem, related_name="tasks", verbose_name=_("检查事项"))
    lead_unit = models.ForeignKey(Unit, models.PROTECT, related_name="led_inspections", verbose_name=_("牵头部门"))
    units = models.ManyToManyField(Unit, related_name="inspection_tasks", verbose_name=_("参与部门"))
    joint = models.BooleanField(_("联合检查"), default=False)
    origin = models.CharField(_("来源"), max_length=16, choices=Origin.choices, default=Origin.RANDOM)
    trigger_reason = models.CharField(_("触发原因"), max_length=300, blank=True)
    inspectors = models.ManyToManyField(Inspector, blank=True, related_name="tasks", verbose_name=_("执法人员"))
    window_start = models.DateField(_("检查时段起"))
    window_end = models.DateField(_("检查时段止"))
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.PLANNED)
    token_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    merged_into = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="merged_from", verbose_name=_("并入的联合任务"))
    result = models.CharField(_("检查结果"), max_length=16, choices=Result.choices, blank=True, default="")
    recorded_on = models.DateField(_("记录日期"), null=True, blank=True)
    publish_due_on = models.DateField(_("结果公开期限"), null=True, blank=True)
    published_on = models.DateField(_("结果公开日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("检查任务")
        verbose_name_plural = _("检查任务")
        ordering = ["-window_start", "code"]
        indexes = [models.Index(fields=["enterprise", "window_start"]), models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.code} {self.enterprise}"


class CheckRecord(AuditedModel):
    """What the inspectors found: each checklist line, the problems, and the 整改 that follows."""

    class Outcome(models.TextChoices):
        PASSED = "passed", _("未发现问题")
        NOTICE = "notice", _("首违不罚:责令整改,不予处罚")
        PENALTY = "penalty", _("责令整改并移送立案处罚")

    task = models.OneToOneField(InspectionTask, models.CASCADE, related_name="record", verbose_name=_("检查任务"))
    lines = models.JSONField(_("检查清单结果"), default=list)  # [{"item": code, "line": text, "result": pass|fail|na}]
    problems = models.TextField(_("发现的问题"), blank=True)
    minor_violation = models.ForeignKey(MinorViolation, models.PROTECT, null=True, blank=True, related_name="records", verbose_name=_("轻微违法行为"))
    first_violation = models.BooleanField(_("首次违法"), default=False)
    outcome = models.CharField(_("处理"), max_length=16, choices=Outcome.choices)
    rectify_due_on = models.DateField(_("整改期限"), null=True, blank=True)
    follow_up = models.TextField(_("整改复查情况"), blank=True)
    followed_up_on = models.DateField(_("复查日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(Inspector, models.PROTECT, related_name="records", verbose_name=_("记录人"))

    class Meta:
        verbose_name = _("检查记录")
        verbose_name_plural = _("检查记录")

    def __str__(self) -> str:
        return f"{self.task.code} {self.get_outcome_display()}"

    @property
    def failed_lines(self) -> list[dict]:
        return [line for line in self.lines if line.get("result") == "fail"]


def photo_path(instance, filename: str) -> str:
    return f"supervision/photos/{instance.record.task.code}/{filename}"


class CheckPhoto(AuditedModel):
    record = models.ForeignKey(CheckRecord, models.CASCADE, related_name="photos", verbose_name=_("检查记录"))
    file = models.FileField(_("照片"), upload_to=photo_path, max_length=300)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")

    def __str__(self) -> str:
        return self.file.name


class Rating(AuditedModel):
    """查后可评价: the enterprise's rating of one inspection."""

    task = models.OneToOneField(InspectionTask, models.CASCADE, related_name="rating", verbose_name=_("检查任务"))
    score = models.PositiveSmallIntegerField(_("评分(1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField(_("意见"), max_length=500, blank=True)
    rated_by = models.ForeignKey(User, models.PROTECT, related_name="+", verbose_name=_("评价人"))

    class Meta:
        verbose_name = _("检查评价")
        verbose_name_plural = _("检查评价")

    def __str__(self) -> str:
        return f"{self.task.code} {self.score}"
