"""Appeals intelligence (诉求分析研判): places, near-duplicate fingerprints, early warnings, 每月一题 and
bulletins, all derived from yingshang.appeals.

Two kinds of tables live here. *Derived* tables (places, fingerprints, clusters) are recomputed from
the appeals at any time; they are plain models written in bulk by the analysis jobs. *Business* tables
(warnings, topics, bulletins) carry decisions people make — acknowledge, dismiss, select, publish — so
they derive from AuditedModel and change only through services, with an audit entry per change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingshang.core.audit import AuditedModel
from yingshang.core.models import Division, Unit


# --- 一地多诉: places ------------------------------------------------------------------------------------

class Place(models.Model):
    """A normalised address: appeals written differently about the same building share one row."""

    key = models.CharField(_("归一化地址键"), max_length=255, unique=True)
    district = models.ForeignKey(Division, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("区县"))
    street = models.ForeignKey(Division, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("街道/乡镇"))
    community = models.CharField(_("社区/小区"), max_length=80, blank=True)
    road = models.CharField(_("道路"), max_length=80, blank=True)
    number = models.CharField(_("门牌号"), max_length=40, blank=True)
    building = models.CharField(_("楼栋/单元"), max_length=80, blank=True)
    display = models.CharField(_("地址"), max_length=255)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    appeal_count = models.PositiveIntegerField(_("诉求数"), default=0)
    first_at = models.DateTimeField(_("首次诉求"), null=True, blank=True)
    last_at = models.DateTimeField(_("最近诉求"), null=True, blank=True)

    class Meta:
        verbose_name = _("地点")
        verbose_name_plural = _("地点")
        ordering = ["-appeal_count", "key"]

    def __str__(self) -> str:
        return self.display


class AppealPlace(models.Model):
    """Where one appeal is, once its address is normalised (time and label copied for fast windows)."""

    appeal = models.OneToOneField("appeals.Appeal", models.CASCADE, primary_key=True, related_name="place_link")
    place = models.ForeignKey(Place, models.CASCADE, related_name="appeal_links")
    accepted_at = models.DateTimeField(db_index=True)
    label_path = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("诉求地点")
        verbose_name_plural = _("诉求地点")
        indexes = [models.Index(fields=["place", "accepted_at"]), models.Index(fields=["label_path", "accepted_at"])]

    def __str__(self) -> str:
        return _("诉求 #%(appeal)s 的地点") % {"appeal": self.appeal_id}


class PlaceCluster(models.Model):
    """A spatial cluster of appeals with one label (density clustering on coordinates or one place)."""

    label_path = models.CharField(_("标签"), max_length=300, blank=True, db_index=True)
    district = models.ForeignKey(Division, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("区县"))
    place = models.ForeignKey(Place, models.SET_NULL, null=True, blank=True, related_name="clusters", verbose_name=_("主要地点"))
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    radius_m = models.PositiveIntegerField(_("半径(米)"), default=0)
    appeal_count = models.PositiveIntegerField(_("诉求数"), default=0)
    first_at = models.DateTimeField(null=True, blank=True)
    last_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField()
    appeals = models.ManyToManyField("appeals.Appeal", related_name="+")

    class Meta:
        verbose_name = _("一地多诉聚集")
        verbose_name_plural = _("一地多诉聚集")
        ordering = ["-appeal_count"]

    def __str__(self) -> str:
        return self.place or str(_("一地多诉聚集"))


# --- 一事多诉: near-duplicate fingerprints ----------------------------------------------------------------

class AppealFingerprint(models.Model):
    """The MinHash signature of an appeal's text (character shingles), kept so that the candidate index
    can be rebuilt without re-reading every text."""

    appeal = models.OneToOneField("appeals.Appeal", models.CASCADE, primary_key=True, related_name="fingerprint")
    signature = models.BinaryField()
    accepted_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("诉求指纹")
        verbose_name_plural = _("诉求指纹")

    def __str__(self) -> str:
        return _("诉求 #%(appeal)s 的指纹") % {"appeal": self.appeal_id}


class FingerprintBand(models.Model):
    """One LSH band hash of a fingerprint: appeals sharing any band are duplicate candidates. The table is
    the index, so every web process and worker sees the same one."""

    appeal = models.ForeignKey("appeals.Appeal", models.CASCADE, related_name="+")
    band = models.BigIntegerField()
    accepted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("诉求指纹分段")
        verbose_name_plural = _("诉求指纹分段")
        indexes = [models.Index(fields=["band", "accepted_at"])]

    def __str__(self) -> str:
        return _("诉求 #%(appeal)s 的指纹分段") % {"appeal": self.appeal_id}


# --- early warning ---------------------------------------------------------------------------------------

class DetectionRun(models.Model):
    """One run of the detectors over the appeal history (derived; the warnings it raises are audited)."""

    as_of = models.DateField(_("数据截至"))
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    series_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    parameters = models.JSONField(default=dict, blank=True)
    timings = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("预警检测批次")
        verbose_name_plural = _("预警检测批次")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return _("预警检测 %(as_of)s") % {"as_of": self.as_of}


class EarlyWarning(AuditedModel):
    """A warning: what was observed against what was expected, how unlikely, and the appeals behind it."""

    class Kind(models.TextChoices):
        HIGH_FREQUENCY = "high_frequency", _("高频")
        SEASONAL = "seasonal", _("周期性/季节性")
        EMERGING = "emerging", _("苗头性")
        CLUSTER = "cluster", _("聚集性")
        REPEATED = "repeated", _("重复诉求")

    class Status(models.TextChoices):
        NEW = "new", _("新预警")
        ACKNOWLEDGED = "acknowledged", _("已确认")
        DISMISSED = "dismissed", _("已排除")
        HANDLED = "handled", _("已处置")

    key = models.CharField(max_length=200, unique=True, editable=False)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    method = models.CharField(_("检测方法"), max_length=24)
    label_path = models.CharField(_("标签"), max_length=300, blank=True, db_index=True)
    label = models.ForeignKey("appeals.Label", models.SET_NULL, null=True, blank=True, related_name="+")
    district = models.ForeignKey(Division, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("区县(空=全市)"))
    place = models.ForeignKey(Place, models.SET_NULL, null=True, blank=True, related_name="warnings", verbose_name=_("地点"))
    window_start = models.DateField(_("起"))
    window_end = models.DateField(_("止"))
    observed = models.FloatField(_("实际数"))
    expected = models.FloatField(_("期望数"))
    score = models.FloatField(_("统计量"), default=0)
    p_value = models.FloatField(_("显著性 p 值"), null=True, blank=True)
    summary = models.CharField(_("说明"), max_length=500)
    status = models.CharField(_("状态"), max_length=14, choices=Status.choices, default=Status.NEW, db_index=True)
    owner_unit = models.ForeignKey(Unit, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("责任单位"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("负责人"))
    note = models.TextField(_("处置说明"), blank=True)
    # Roll-up: a warning on a label whose ancestor warns in the same place and window hangs under it.
    parent = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="children", verbose_name=_("上级预警"))
    run = models.ForeignKey(DetectionRun, models.SET_NULL, null=True, blank=True, related_name="warnings")
    appeals = models.ManyToManyField("appeals.Appeal", related_name="warnings", blank=True)
    detected_at = models.DateTimeField(_("发现时间"))
    # The series around the warning as the run saw it (dates, observed, expected, upper band), so the
    # detail page draws the chart without rebuilding the cube.
    chart = models.JSONField(_("序列"), default=dict, blank=True)

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-detected_at", "-id"]
        indexes = [models.Index(fields=["status", "detected_at"]), models.Index(fields=["district", "window_end"])]

    def __str__(self) -> str:
        return self.summary

    @property
    def compared_with_usual(self) -> str:
        """「约为往常的 3.4 倍,显著高于往常」 (warnings/wording.py)."""
        from .warnings.wording import compared_with_usual

        return compared_with_usual(self.observed, self.expected, self.p_value)

    @property
    def p_value_text(self) -> str:
        from .warnings.wording import p_value_text

        return p_value_text(self.p_value)


# --- 每月一题 and bulletins -------------------------------------------------------------------------------

class MonthlyTopic(AuditedModel):
    """A label × place problem on the 每月一题 shortlist of a month, with its evidence pack."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("候选")
        SELECTED = "selected", _("已选定")
        REJECTED = "rejected", _("未选")

    period = models.CharField(_("月份"), max_length=7, db_index=True)  # 2026-10
    rank = models.PositiveSmallIntegerField(_("排名"))
    label_path = models.CharField(_("标签"), max_length=300)
    district = models.ForeignKey(Division, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("区县"))
    place = models.ForeignKey(Place, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("地点"))
    score = models.FloatField(_("综合得分"))
    evidence = models.JSONField(_("证据"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.CANDIDATE)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    lead_unit = models.ForeignKey(Unit, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("牵头单位"))

    class Meta:
        verbose_name = _("每月一题")
        verbose_name_plural = _("每月一题")
        ordering = ["-period", "rank"]
        constraints = [models.UniqueConstraint(fields=["period", "rank"], name="unique_topic_rank_per_period")]

    def __str__(self) -> str:
        return _("%(period)s 每月一题第 %(rank)s 位") % {"period": self.period, "rank": self.rank}


class InsightBulletin(AuditedModel):
    """A generated KPI bulletin (月度/季度通报), internal or public, with its files."""

    class Audience(models.TextChoices):
        INTERNAL = "internal", _("内部")
        PUBLIC = "public", _("公开")

    period = models.CharField(_("期间"), max_length=7, db_index=True)  # 2026-10 or 2026Q3
    audience = models.CharField(_("范围"), max_length=8, choices=Audience.choices)
    title = models.CharField(_("标题"), max_length=200)
    data = models.JSONField(default=dict, blank=True)
    docx_file = models.CharField(max_length=300, blank=True)
    pdf_file = models.CharField(max_length=300, blank=True)
    generated_at = models.DateTimeField()
    published = models.BooleanField(_("已发布"), default=False)

    class Meta:
        verbose_name = _("诉求通报")
        verbose_name_plural = _("诉求通报")
        ordering = ["-period", "audience"]
        constraints = [models.UniqueConstraint(fields=["period", "audience"], name="unique_insight_bulletin")]

    def __str__(self) -> str:
        return self.title or _("%(period)s 诉求通报") % {"period": self.period}


class RollupCounts(models.Model):
    """The counters both rollup tables keep, with the meanings of yingshang.appeals.kpis."""

    received = models.PositiveIntegerField(_("受理"), default=0)
    merged = models.PositiveIntegerField(_("并入他件"), default=0)
    completed = models.PositiveIntegerField(_("办结"), default=0)
    completed_on_time = models.PositiveIntegerField(_("按时办结"), default=0)
    overdue_open = models.PositiveIntegerField(_("超期未办结"), default=0)
    rated = models.PositiveIntegerField(_("已回访评价"), default=0)
    satisfied = models.PositiveIntegerField(_("满意"), default=0)
    bad_rating = models.PositiveIntegerField(_("不满意"), default=0)
    repeated = models.PositiveIntegerField(_("重复诉求"), default=0)

    class Meta:
        abstract = True


class DailyRollup(RollupCounts):
    """Appeals accepted on one day, counted per district × level-2 label × handling unit (derived).

    The cockpit reads these rows instead of the appeals: a year for a city of seven million is about
    three and a half million appeals but only about a million rollup rows, and the charts sum a few
    columns of them. Every count follows the definitions of yingshang.appeals.kpis (merged appeals are
    received but handled by their master; "overdue" is an open appeal past its completion deadline at
    the time the row was computed). services.reports.rollup_refresh rewrites whole days.
    """

    day = models.DateField(_("受理日期"))
    district = models.ForeignKey(Division, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("区县"))
    label_path = models.CharField(_("二级标签"), max_length=200, blank=True)  # "一级/二级"; "" = 未分类
    unit = models.ForeignKey(Unit, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("承办单位"))

    class Meta:
        verbose_name = _("诉求日汇总")
        verbose_name_plural = _("诉求日汇总")
        indexes = [
            models.Index(fields=["day"]),
            models.Index(fields=["district", "day"]),
        ]

    def __str__(self) -> str:
        return _("%(day)s 诉求日汇总") % {"day": self.day}


class DailyDistrictRollup(RollupCounts):
    """DailyRollup summed over labels and units: one row per day × district (about 4,400 a year). The
    trend, the summary tiles and the map read a year of these instead of a million fine rows."""

    day = models.DateField(_("受理日期"))
    district = models.ForeignKey(Division, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("区县"))

    class Meta:
        verbose_name = _("诉求区县日汇总")
        verbose_name_plural = _("诉求区县日汇总")
        indexes = [models.Index(fields=["day"]), models.Index(fields=["district", "day"])]

    def __str__(self) -> str:
        return _("%(day)s 诉求区县日汇总") % {"day": self.day}


class RollupWatermark(models.Model):
    """When the rollup was last brought up to date (``name`` "all") and today's rows recomputed ("today").
    Its row lock serialises concurrent refreshes, so two requests never rewrite the same day at once."""

    name = models.CharField(max_length=16, primary_key=True)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("汇总进度")
        verbose_name_plural = _("汇总进度")

    def __str__(self) -> str:
        return _("汇总进度 %(name)s") % {"name": self.name}


