"""Action-plan supervision (督办): plans and their items, the units they name, the tasks of each unit,
progress reports, scoring runs and monthly bulletins.

What changes with time is not stored: a task's status (未启动/推进中/已完成/滞后/逾期) is derived from
its deadline, its reports and its indicator values as of a day (see status.py), so moving the clock
or reading an old period needs no batch job. What is stored is what people did: the imported plan as
corrected by the officer, the reports units submitted, and each ranking as it was computed.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from yingshang.core.audit import AuditedModel
from yingshang.core.models import Unit, User


class Plan(AuditedModel):
    """An imported action plan (行动方案/实施意见/工作要点…): a draft until the officer publishes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("待审核")
        PUBLISHED = "published", _("已发布")

    class Cycle(models.IntegerChoices):
        MONTHLY = 1, _("每月")
        BIMONTHLY = 2, _("每两月")
        QUARTERLY = 3, _("每季度")
        HALF_YEARLY = 6, _("每半年")

    title = models.CharField(_("方案标题"), max_length=300)
    issuer = models.CharField(_("发文单位"), max_length=200, blank=True)
    doc_number = models.CharField(_("发文字号"), max_length=64, blank=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    # The unit on whose behalf the plan was issued: 区直相关部门 and 各镇(街道) expand within its district.
    issuing_unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("发文机关(组织树)"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    default_due = models.DateField(_("默认完成时限"), null=True, blank=True, help_text=_("条目未写明时限时任务的完成时限"))
    report_every_months = models.PositiveSmallIntegerField(_("进度报送周期"), choices=Cycle.choices, default=Cycle.MONTHLY)
    report_grace_days = models.PositiveSmallIntegerField(_("报送宽限天数"), default=5)
    lag_tolerance = models.PositiveSmallIntegerField(_("序时进度容差(百分点)"), default=20)
    source_filename = models.CharField(_("原文件名"), max_length=256, blank=True)
    source_format = models.CharField(_("原文件格式"), max_length=16, blank=True)
    source_sha256 = models.CharField(max_length=64, db_index=True, blank=True)
    source_file = models.FileField(_("原文件"), upload_to="plans/sources/", blank=True)
    # The cleaned text the items' line numbers refer to: the review page shows it beside the fields.
    source_text = models.TextField(_("原文"), blank=True)
    parse_result = models.JSONField(_("解析结果"), default=dict, blank=True)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("行动方案")
        verbose_name_plural = _("行动方案")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def audit_snapshot(self):
        data = files_as_names(self, super().audit_snapshot())
        data.pop("source_text", None)
        data.pop("parse_result", None)  # large and unchanging; the file's hash identifies it
        return data


def files_as_names(obj: models.Model, data: dict) -> dict:
    """Audit snapshots hold a stored file's name, not the file object."""
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.FileField):
            data[field.attname] = getattr(obj, field.attname).name or ""
    return data


class DeadlineKind(models.TextChoices):
    DATE = "date", _("限期完成")
    ONGOING = "ongoing", _("长期推进")
    SCHEDULED = "scheduled", _("按序时进度推进")
    NONE = "none", _("未写明")


class PlanItem(AuditedModel):
    """One numbered item of a plan, in the plan's own tree (一、/(一)/1./(1)…)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", models.CASCADE, null=True, blank=True, related_name="children")
    position = models.PositiveIntegerField(_("顺序"))  # document order, depth first
    number = models.CharField(_("编号"), max_length=16)
    path = models.JSONField(_("编号路径"), default=list)
    level = models.PositiveSmallIntegerField(_("层级"))
    title = models.CharField(_("标题"), max_length=300)
    text = models.TextField(_("正文"), blank=True)
    line = models.PositiveIntegerField(default=0)
    end_line = models.PositiveIntegerField(default=0)
    deadline_kind = models.CharField(_("时限类型"), max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.NONE)
    due = models.DateField(_("完成时限"), null=True, blank=True)
    deadlines = models.JSONField(_("原文时限"), default=list, blank=True)  # the parser's list, for reference
    corrected = models.BooleanField(_("经人工校正"), default=False)

    class Meta:
        verbose_name = _("方案条目")
        verbose_name_plural = _("方案条目")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="unique_item_position")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def path_label(self) -> str:
        return ".".join(str(n) for n in self.path)


class ItemMention(AuditedModel):
    """A unit as the plan names it (市市场监管局, 各区市县政府、先导区管委会), and what it resolved to."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位")
        RESPONSIBLE = "responsible", _("责任单位")

    item = models.ForeignKey(PlanItem, models.CASCADE, related_name="mentions")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)
    mention = models.CharField(_("原文写法"), max_length=200)
    label = models.CharField(_("字段"), max_length=32, blank=True)
    collective = models.BooleanField(_("集合称谓"), default=False)
    group = models.CharField(_("集合称谓(比较形式)"), max_length=200, blank=True)
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("对应单位"))
    # Several units share an alias (区财政局 in a city-wide plan): the admin picks one.
    candidates = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("单位提及")
        verbose_name_plural = _("单位提及")
        ordering = ["item", "role", "position"]

    def __str__(self) -> str:
        return self.mention


class Comparator(models.TextChoices):
    GE = "≥", _("不低于")
    GT = ">", _("超过")
    LE = "≤", _("不超过")
    LT = "<", _("低于")
    EQ = "=", _("达到")


class Indicator(AuditedModel):
    """A quantified target of an item (办结率 ≥ 90%, 环节 ≤ 1 by 2022-12-31)."""

    item = models.ForeignKey(PlanItem, models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(default=0)
    metric = models.CharField(_("指标"), max_length=200)
    quantity = models.CharField(_("量纲"), max_length=16, blank=True)
    comparator = models.CharField(_("比较"), max_length=2, choices=Comparator.choices)
    value = models.DecimalField(_("目标值"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=32, blank=True)
    due = models.DateField(_("目标时点"), null=True, blank=True)
    text = models.CharField(_("原文"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("量化指标")
        verbose_name_plural = _("量化指标")
        ordering = ["item", "position"]

    def __str__(self) -> str:
        return f"{self.metric} {self.comparator} {self.value_display}{self.unit}"

    @property
    def value_display(self) -> str:
        return format_decimal(self.value)

    def attained_by(self, value: Decimal | None) -> bool:
        from .status import attains

        return attains(self.comparator, self.value, value)


def format_decimal(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class Task(AuditedModel):
    """One unit's share of a published item: the line of the ledger (台账) the unit reports on."""

    class State(models.TextChoices):
        OPEN = "open", _("办理中")
        FINISHED = "finished", _("已办结")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="tasks")
    item = models.ForeignKey(PlanItem, models.CASCADE, related_name="tasks")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="plan_tasks", verbose_name=_("单位"))
    role = models.CharField(_("角色"), max_length=16, choices=ItemMention.Role.choices)
    mention = models.ForeignKey(ItemMention, models.SET_NULL, null=True, blank=True, related_name="tasks")
    # Reports the item's indicator values: its lead units, or every unit when the item names no lead.
    accountable = models.BooleanField(_("报送指标"), default=False)
    start_on = models.DateField(_("起始日期"))
    due = models.DateField(_("完成时限"), null=True, blank=True)
    deadline_kind = models.CharField(_("时限类型"), max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.DATE)
    state = models.CharField(_("办理状态"), max_length=16, choices=State.choices, default=State.OPEN)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["plan", "item__position", "role", "unit__tree_path"]
        constraints = [models.UniqueConstraint(fields=["item", "unit"], name="unique_task_per_item_unit")]
        indexes = [models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return f"{self.item.number} {self.item.title} · {self.unit.name}"


# The lifecycle people move a task through is the spec in workflow.py; everything else (逾期, 滞后…) is derived.

class ProgressReport(AuditedModel):
    task = models.ForeignKey(Task, models.CASCADE, related_name="reports")
    period = models.CharField(_("报送周期"), max_length=7)  # "2026-10": first month of the cycle it covers
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成进度(%)"))
    is_final = models.BooleanField(_("申请办结"), default=False)
    good_practice = models.TextField(_("典型经验做法"), blank=True)
    submitted_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("报送时间"))

    class Meta:
        verbose_name = _("进度报告")
        verbose_name_plural = _("进度报告")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task} · {self.period}"


class IndicatorValue(AuditedModel):
    report = models.ForeignKey(ProgressReport, models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="values")
    value = models.DecimalField(_("实际值"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("指标实际值")
        verbose_name_plural = _("指标实际值")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="unique_value_per_report")]

    @property
    def value_display(self) -> str:
        return format_decimal(self.value)

    def __str__(self) -> str:
        return _("指标实际值 %(value)s") % {"value": self.value}


class Evidence(AuditedModel):
    report = models.ForeignKey(ProgressReport, models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="plans/evidence/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.name

    def audit_snapshot(self):
        return files_as_names(self, super().audit_snapshot())


class ScoringScheme(AuditedModel):
    """Weights of the unit score. Components other modules register (core.registry: the appeals app's
    12345 KPIs and enterprise satisfaction) are weighted by key in ``extra_weights``; a key missing there
    counts with the component's registered default weight."""

    name = models.CharField(_("名称"), max_length=100)
    is_active = models.BooleanField(_("当前使用"), default=True)
    weight_completion = models.DecimalField(_("完成率权重"), max_digits=6, decimal_places=2, default=Decimal("40"))
    weight_timeliness = models.DecimalField(_("及时性权重"), max_digits=6, decimal_places=2, default=Decimal("40"))
    weight_indicators = models.DecimalField(_("指标达成权重"), max_digits=6, decimal_places=2, default=Decimal("20"))
    extra_weights = models.JSONField(_("扩展指标权重"), default=dict, blank=True)
    bottom_places = models.PositiveSmallIntegerField(_("末位名次数"), default=1)

    class Meta:
        verbose_name = _("评分方案")
        verbose_name_plural = _("评分方案")
        ordering = ["-is_active", "-id"]

    def __str__(self) -> str:
        return self.name

    def weights(self) -> dict[str, Decimal]:
        """Weights by component key: the built-in three, then every registered component (core.registry)
        with the weight this scheme gives it, or the weight it was registered with if the scheme names none."""
        from .scoring import default_extra_weights

        base = {"completion": self.weight_completion, "timeliness": self.weight_timeliness, "indicators": self.weight_indicators}
        base.update(default_extra_weights())
        base.update({key: Decimal(str(value)) for key, value in (self.extra_weights or {}).items()})
        return base


class RankingRun(AuditedModel):
    """One computation of the ranking of a period; every run is kept (history)."""

    period = models.CharField(_("周期"), max_length=7, db_index=True)
    as_of = models.DateField(_("评价日期"))
    scheme = models.ForeignKey(ScoringScheme, models.PROTECT, related_name="runs")
    weights = models.JSONField(_("所用权重"), default=dict)
    components = models.JSONField(_("所用评分项"), default=list)
    computed_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("排名")
        verbose_name_plural = _("排名")
        ordering = ["-period", "-id"]

    def __str__(self) -> str:
        return f"{self.period} #{self.pk}"


class RankingEntry(AuditedModel):
    class Scope(models.TextChoices):
        UNIT = "unit", _("部门")
        DISTRICT = "district", _("区市县(先导区)")

    run = models.ForeignKey(RankingRun, models.CASCADE, related_name="entries")
    scope = models.CharField(_("排名范围"), max_length=16, choices=Scope.choices)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("名次"))
    is_bottom = models.BooleanField(_("末位"), default=False)
    tasks = models.PositiveIntegerField(_("任务数"), default=0)
    finished = models.PositiveIntegerField(_("已完成"), default=0)
    lagging = models.PositiveIntegerField(_("滞后"), default=0)
    overdue = models.PositiveIntegerField(_("逾期"), default=0)
    components = models.JSONField(_("分项得分"), default=dict)

    class Meta:
        verbose_name = _("排名结果")
        verbose_name_plural = _("排名结果")
        ordering = ["run", "scope", "rank", "unit__tree_path"]

    def __str__(self) -> str:
        return _("第 %(rank)s 名(%(score)s 分)") % {"rank": self.rank, "score": self.score}


class Bulletin(AuditedModel):
    """The monthly 通报 of a period: its content as generated, and the DOCX/PDF files."""

    period = models.CharField(_("周期"), max_length=7, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    run = models.ForeignKey(RankingRun, models.PROTECT, related_name="bulletins")
    content = models.JSONField(_("内容"), default=dict)
    docx = models.FileField(upload_to="plans/bulletins/", blank=True)
    pdf = models.FileField(upload_to="plans/bulletins/", blank=True)
    generated_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    generated_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-period", "-id"]

    def __str__(self) -> str:
        return self.title

    def audit_snapshot(self):
        data = files_as_names(self, super().audit_snapshot())
        data.pop("content", None)
        return data
