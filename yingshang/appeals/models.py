"""The appeals hub (12345 热线 / 民企诉求): appeals, their events, labels, routing, SLA calendar.

Every business object derives from AuditedModel: it changes only through yingshang.appeals.services,
which records each change in the hash-chained audit trail. The workflow's states and the moves between
them live in one table, workflow.py; the models only store where each appeal stands.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingshang.core.audit import AuditedModel
from yingshang.core.models import Division, Enterprise, Unit

MAX_CONTENT_CHARS = 10_000


# --- labels ------------------------------------------------------------------------------------------

class TaxonomyVersion(AuditedModel):
    """One version of the label hierarchy. Published versions are frozen: an appeal points at the label
    row of the version it was given, so editing the taxonomy never rewrites history."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("现行")
        RETIRED = "retired", _("已停用")

    number = models.PositiveIntegerField(_("版本号"), unique=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("标签体系版本")
        verbose_name_plural = _("标签体系版本")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number}({self.get_status_display()})"


def label_code(path: str) -> str:
    """A stable code for a label path, the same in every version (Open311 service_code)."""
    return "L" + hashlib.sha1(path.encode("utf-8")).hexdigest()[:9]


class Label(AuditedModel):
    """A node of the hierarchy (up to 4 levels). ``path`` joins the names with "/"."""

    MAX_LEVEL = 4

    taxonomy = models.ForeignKey(TaxonomyVersion, models.PROTECT, related_name="labels", verbose_name=_("版本"))
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级标签"))
    name = models.CharField(_("名称"), max_length=64)
    path = models.CharField(_("完整路径"), max_length=300)
    level = models.PositiveSmallIntegerField(_("层级"))
    code = models.CharField(_("编码"), max_length=12, db_index=True)
    is_leaf = models.BooleanField(_("末级"), default=True)

    class Meta:
        verbose_name = _("诉求标签")
        verbose_name_plural = _("诉求标签")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "path"], name="unique_label_path_per_version")]

    def __str__(self) -> str:
        return self.path

    @property
    def top(self) -> str:
        return self.path.split("/", 1)[0]


# --- routing -----------------------------------------------------------------------------------------

class RoutingRule(AuditedModel):
    """权责清单: appeals whose label path starts with ``label_prefix`` (in ``district``, or anywhere when
    blank) go to ``unit``. Prefixes are text, so rules survive new taxonomy versions."""

    label_prefix = models.CharField(_("标签路径前缀"), max_length=300)
    district = models.ForeignKey(Division, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("区县(空=全市)"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="routing_rules", verbose_name=_("承办单位"))
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("派单规则")
        verbose_name_plural = _("派单规则")
        ordering = ["label_prefix", "district__code"]
        constraints = [models.UniqueConstraint(fields=["label_prefix", "district"], name="unique_routing_rule")]

    def __str__(self) -> str:
        return f"{self.label_prefix} → {self.unit}"


class ClassifierVersion(AuditedModel):
    """A trained classifier file (under MEDIA_ROOT) with its evaluation figures; the admin picks the one in use."""

    name = models.CharField(_("名称"), max_length=100)
    file = models.CharField(_("模型文件(相对 MEDIA_ROOT)"), max_length=300)
    trained_on = models.CharField(_("训练数据"), max_length=200, blank=True)
    training_size = models.PositiveIntegerField(_("训练样本数"), default=0)
    metrics = models.JSONField(_("评估指标"), default=dict, blank=True)
    is_active = models.BooleanField(_("在用"), default=False)

    class Meta:
        verbose_name = _("分类模型版本")
        verbose_name_plural = _("分类模型版本")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name


class HubSettings(AuditedModel):
    """The hub's tunables, one row."""

    auto_dispatch_threshold = models.FloatField(_("自动派单置信度阈值"), default=0.85)
    soon_due_hours = models.DecimalField(_("临期提醒(工作小时)"), max_digits=5, decimal_places=1, default=4)
    # A rule whose dispatches come back this often stops auto-dispatching: the operator looks first.
    max_auto_return_rate = models.FloatField(_("自动派单允许的最高退单率"), default=0.3)
    repeat_window_days = models.PositiveSmallIntegerField(_("重复诉求判定窗口(天)"), default=30)

    class Meta:
        verbose_name = _("诉求参数")
        verbose_name_plural = _("诉求参数")

    def __str__(self) -> str:
        return str(_("诉求参数"))


# --- SLA ---------------------------------------------------------------------------------------------

class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")
    CRITICAL = "critical", _("特急")


class AppealType(models.TextChoices):
    CONSULT = "consult", _("咨询")
    HELP = "help", _("求助")
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")
    SUGGESTION = "suggestion", _("建议")
    PRAISE = "praise", _("表扬")


class SlaPolicy(AuditedModel):
    """Time limits of one appeal type × urgency (blank type = any type). Most specific row wins."""

    class Measure(models.TextChoices):
        HOURS = "hours", _("工作小时")
        DAYS = "days", _("工作日")

    appeal_type = models.CharField(_("诉求类型"), max_length=12, choices=AppealType.choices, blank=True)
    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices)
    dispatch_limit = models.DecimalField(_("转办时限"), max_digits=6, decimal_places=2)
    dispatch_measure = models.CharField(max_length=5, choices=Measure.choices, default=Measure.HOURS)
    feedback_limit = models.DecimalField(_("首次反馈时限"), max_digits=6, decimal_places=2)
    feedback_measure = models.CharField(max_length=5, choices=Measure.choices, default=Measure.DAYS)
    completion_limit = models.DecimalField(_("办结时限"), max_digits=6, decimal_places=2)
    completion_measure = models.CharField(max_length=5, choices=Measure.choices, default=Measure.DAYS)

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["urgency", "appeal_type"]
        constraints = [models.UniqueConstraint(fields=["appeal_type", "urgency"], name="unique_sla_policy")]

    def __str__(self) -> str:
        return f"{self.get_appeal_type_display() or '全部类型'}·{self.get_urgency_display()}"


# --- appeals -----------------------------------------------------------------------------------------

class Channel(models.TextChoices):
    HOTLINE = "hotline", _("热线")
    WEB = "web", _("网站")
    APP = "app", _("App")
    MAILBOX = "mailbox", _("信箱")
    ENTERPRISE_LINE = "enterprise_line", _("政企直通车")
    MONITOR = "monitor", _("监测点")


class Rating(models.IntegerChoices):
    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASICALLY_SATISFIED = 3, _("基本满意")
    UNSATISFIED = 2, _("不满意")
    VERY_UNSATISFIED = 1, _("非常不满意")


BAD_RATINGS = frozenset({Rating.UNSATISFIED, Rating.VERY_UNSATISFIED})


class Appeal(AuditedModel):
    """One appeal, from intake to archive. ``state`` moves only through the workflow spec (workflow.APPEALS)."""

    tracking_no = models.CharField(_("受理编号"), max_length=20, unique=True)
    idempotency_key = models.CharField(max_length=80, unique=True, null=True, blank=True, editable=False)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    appeal_type = models.CharField(_("诉求类型"), max_length=12, choices=AppealType.choices)
    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    title = models.CharField(_("标题"), max_length=120, blank=True)
    content = models.TextField(_("诉求内容"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    district = models.ForeignKey(Division, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("区县"))
    street = models.ForeignKey(Division, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("街道/乡镇"))
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    person_name = models.CharField(_("诉求人"), max_length=32, blank=True)
    person_phone = models.CharField(_("联系电话"), max_length=20, blank=True, db_index=True)
    is_confidential = models.BooleanField(_("保密"), default=False)
    is_enterprise = models.BooleanField(_("涉企"), default=False)
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, null=True, blank=True, related_name="appeals", verbose_name=_("经营主体"))
    enterprise_name = models.CharField(_("经营主体名称"), max_length=128, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="appeals", verbose_name=_("提交账号"))
    is_historical = models.BooleanField(_("历史导入"), default=False)

    label = models.ForeignKey(Label, models.PROTECT, null=True, blank=True, related_name="appeals", verbose_name=_("标签"))
    suggestions = models.JSONField(_("分类建议"), default=list, blank=True)
    classifier = models.ForeignKey(ClassifierVersion, models.SET_NULL, null=True, blank=True, related_name="+")
    # Classified, repeat-checked and (when confident) dispatched: at intake, or later by the triage worker.
    triaged_at = models.DateTimeField(_("分拣时间"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=12, db_index=True)
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="appeals", verbose_name=_("承办单位"))
    repeat_of = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="repeats", verbose_name=_("重复于"))
    merged_into = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="merged", verbose_name=_("并入"))

    # SLA clocks. *_due move with the appeal (re-dispatch, extension, 重办); *_on_time keep the verdict
    # of each clock's first run, which the KPIs count.
    accepted_at = models.DateTimeField(_("受理时间"), db_index=True)
    dispatch_due = models.DateTimeField(_("转办时限"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("首次转办时间"), null=True, blank=True)
    dispatched_on_time = models.BooleanField(null=True)
    feedback_due = models.DateTimeField(_("首次反馈时限"), null=True, blank=True)
    first_feedback_at = models.DateTimeField(_("首次反馈时间"), null=True, blank=True)
    feedback_on_time = models.BooleanField(null=True)
    completion_due = models.DateTimeField(_("办结时限"), null=True, blank=True, db_index=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    completed_on_time = models.BooleanField(null=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    extension_requested_until = models.DateTimeField(_("申请延期至"), null=True, blank=True)
    extension_reason = models.CharField(_("延期理由"), max_length=500, blank=True)

    reply = models.TextField(_("答复意见"), blank=True)
    rating = models.PositiveSmallIntegerField(_("最近评价"), choices=Rating.choices, null=True, blank=True)
    callback_count = models.PositiveSmallIntegerField(_("回访次数"), default=0)
    bad_rating_count = models.PositiveSmallIntegerField(_("差评次数"), default=0)
    callback_after_bad = models.BooleanField(_("差评后已再次回访"), default=False)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    supervision_count = models.PositiveSmallIntegerField(_("督办次数"), default=0)
    return_count = models.PositiveSmallIntegerField(_("退单次数"), default=0)

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-accepted_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "state"]), models.Index(fields=["state", "dispatch_due"]),
            # The triage worker's queue: only untriaged rows are indexed where the database allows it.
            models.Index(fields=["id"], condition=models.Q(triaged_at__isnull=True), name="appeal_untriaged"),
        ]

    def __str__(self) -> str:
        return self.tracking_no

    @property
    def state_label(self) -> str:
        from .workflow import State

        return State(self.state).label

    @property
    def is_open(self) -> bool:
        from .workflow import OPEN_STATES

        return self.state in OPEN_STATES

    @property
    def summary(self) -> str:
        text = self.title or self.content
        return text[:40] + ("…" if len(text) > 40 else "")


class AppealEvent(AuditedModel):
    """One step of an appeal's history: which action, by whom, from which state to which."""

    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=24)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    actor_unit = models.ForeignKey(Unit, models.SET_NULL, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(Unit, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("涉及单位"))
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    @property
    def action_label(self) -> str:
        from .workflow import Action

        return Action(self.action).label if self.action in Action.values else self.action

    def __str__(self) -> str:
        return _("诉求 #%(appeal)s 的办理记录 %(at)s") % {"appeal": self.appeal_id, "at": f"{self.at:%Y-%m-%d %H:%M}" if self.at else ""}


class Dispatch(AuditedModel):
    """One dispatch of an appeal to a unit and how it ended: the raw material of routing statistics."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待签收")
        SIGNED = "signed", _("已签收")
        RETURNED = "returned", _("退单")
        REASSIGNED = "reassigned", _("改派")

    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="dispatches")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="appeal_dispatches")
    label_path = models.CharField(max_length=300, blank=True, db_index=True)
    district = models.ForeignKey(Division, models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField()
    automatic = models.BooleanField(_("自动派单"), default=False)
    confidence = models.FloatField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("派单记录")
        verbose_name_plural = _("派单记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["label_path", "district"])]

    def __str__(self) -> str:
        return _("诉求 #%(appeal)s 的派单") % {"appeal": self.appeal_id}


def attachment_path(instance, filename: str) -> str:
    return f"appeals/attachments/{instance.appeal.tracking_no}/{filename}"


class Attachment(AuditedModel):
    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name or str(_("附件"))


