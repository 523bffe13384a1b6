"""政策超市: policy documents, their items (条款) versioned by effective date, enterprise facts the registry
lacks, matching results, applications from 申请 to 兑现, 公示 lists, and the extraction assistant's proposals."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingshang.core.audit import AuditedModel
from yingshang.core.models import Enterprise, Unit, User


class PolicyDocument(AuditedModel):
    """A policy document as issued: the legal source of its items."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        REPEALED = "repealed", _("已废止")

    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发文机关"), max_length=128, blank=True)
    doc_number = models.CharField(_("文号"), max_length=64, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source_text = models.TextField(_("原文"), blank=True)
    legal_basis = models.TextField(_("制定依据"), blank=True)
    source_ref = models.CharField(_("来源"), max_length=200, blank=True)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="policy_documents", verbose_name=_("主管单位"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    seed_key = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title


class PolicyItem(AuditedModel):
    """One 政策条款: the identity that versions, applications and match results hang on."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已停止")

    document = models.ForeignKey(PolicyDocument, models.PROTECT, related_name="items", verbose_name=_("政策文件"))
    code = models.CharField(_("条款编号"), max_length=32, unique=True)
    title = models.CharField(_("条款名称"), max_length=200)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="policy_items", verbose_name=_("责任单位"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        verbose_name = _("政策条款")
        verbose_name_plural = _("政策条款")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ItemVersion(AuditedModel):
    """The substance of an item as in force from ``effective_from``; published versions never change."""

    class BenefitKind(models.TextChoices):
        GRANT = "grant", _("资金补助")
        REWARD = "reward", _("奖励")
        INTEREST = "interest", _("贴息")
        TAX = "tax", _("税费减免")
        QUALIFICATION = "qualification", _("资质认定")
        SERVICE = "service", _("服务")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    class Period(models.TextChoices):
        ONCE = "once", _("一次性")
        YEARLY = "yearly", _("每年度")

    item = models.ForeignKey(PolicyItem, models.CASCADE, related_name="versions", verbose_name=_("政策条款"))
    number = models.PositiveIntegerField(_("版本"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    effective_from = models.DateField(_("生效日期"))
    benefit_kind = models.CharField(_("支持方式"), max_length=16, choices=BenefitKind.choices)
    summary = models.TextField(_("条款内容"), blank=True)
    amount_rule = models.JSONField(_("金额规则"), default=dict)
    conditions_text = models.TextField(_("申报条件"), blank=True)
    conditions = models.JSONField(_("申报条件(结构)"), null=True, blank=True)
    exclusions_text = models.TextField(_("排除情形"), blank=True)
    exclusions = models.JSONField(_("排除情形(结构)"), null=True, blank=True)
    exclusive_with = models.JSONField(_("不得同时享受的条款"), default=list, blank=True)
    grant_period = models.CharField(_("享受周期"), max_length=8, choices=Period.choices, default=Period.ONCE)
    max_periods = models.PositiveSmallIntegerField(_("最多享受期数"), null=True, blank=True)
    window_start = models.DateField(_("申报开始"), null=True, blank=True)
    window_end = models.DateField(_("申报截止"), null=True, blank=True)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_to = models.DateField(_("有效期止"), null=True, blank=True)
    materials = models.JSONField(_("申报材料"), default=list, blank=True)
    exempt_application = models.BooleanField(_("免申即享"), default=False)
    budget = models.DecimalField(_("预算(万元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    review_levels = models.PositiveSmallIntegerField(_("审核层级"), default=1)
    step_limits = models.JSONField(_("各环节时限(工作日)"), default=dict, blank=True)
    change_note = models.TextField(_("修订说明"), blank=True)
    source_excerpt = models.TextField(_("原文摘录"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("条款版本")
        verbose_name_plural = _("条款版本")
        ordering = ["item", "-effective_from", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="unique_item_version_number")]

    def __str__(self) -> str:
        return f"{self.item.code} v{self.number}"


class ItemAmendment(AuditedModel):
    """Publishing a new version: who gains and who loses eligibility compared with the version before."""

    item = models.ForeignKey(PolicyItem, models.CASCADE, related_name="amendments", verbose_name=_("政策条款"))
    from_version = models.ForeignKey(ItemVersion, models.CASCADE, related_name="+", null=True)
    to_version = models.ForeignKey(ItemVersion, models.CASCADE, related_name="amendment")
    gained = models.JSONField(_("新增符合"), default=list)
    lost = models.JSONField(_("不再符合"), default=list)
    gained_count = models.PositiveIntegerField(default=0)
    lost_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("条款修订影响")
        verbose_name_plural = _("条款修订影响")
        ordering = ["-id"]

    def __str__(self) -> str:
        return _("条款修订 v%(a)s → v%(b)s") % {"a": self.from_version, "b": self.to_version}


class EnterpriseFact(AuditedModel):
    """A fact the registry does not hold (R&D share, blacklist, a project), with where it came from."""

    class Source(models.TextChoices):
        TAX = "tax", _("税务数据")
        CERTIFICATE = "certificate", _("资质证书")
        CREDIT = "credit", _("信用数据")
        SOCIAL_SECURITY = "social_security", _("社保数据")
        SELF_DECLARED = "self_declared", _("企业自主申报")

    enterprise = models.ForeignKey(Enterprise, models.CASCADE, related_name="policy_facts", verbose_name=_("经营主体"))
    key = models.CharField(_("事实"), max_length=32)
    number = models.FloatField(_("数值"), null=True, blank=True)
    flag = models.BooleanField(_("是否"), null=True, blank=True)
    source = models.CharField(_("数据来源"), max_length=16, choices=Source.choices)
    as_of = models.DateField(_("数据日期"), null=True, blank=True)
    evidence = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("企业补充事实")
        verbose_name_plural = _("企业补充事实")
        constraints = [models.UniqueConstraint(fields=["enterprise", "key"], name="unique_enterprise_fact")]

    def __str__(self) -> str:
        from .facts import FACTS

        fact = FACTS.get(self.key)
        return _("企业补充事实:%(fact)s") % {"fact": fact.label if fact else self.key}


class MatchRun(AuditedModel):
    """One matching pass (full, one item, or the enterprises whose facts changed)."""

    kind = models.CharField(_("类型"), max_length=16)
    as_of = models.DateField(_("评估日期"))
    items = models.PositiveIntegerField(default=0)
    enterprises = models.PositiveIntegerField(default=0)
    eligible = models.PositiveIntegerField(default=0)
    undetermined = models.PositiveIntegerField(default=0)
    near_miss = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    notified = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("匹配批次")
        verbose_name_plural = _("匹配批次")
        ordering = ["-id"]

    def __str__(self) -> str:
        return _("匹配批次 %(at)s") % {"at": f"{self.created_at:%Y-%m-%d %H:%M}" if self.created_at else ""}


class MatchSet(models.Model):
    """Derived data, rebuilt by matching: one item's verdict set — the enterprises that are eligible,
    undetermined, or a near miss (failing one condition) — stored as compressed column arrays
    (``matchstore``), one row per item and verdict.

    Why not a row per (item, enterprise): at city scale broad items give tens of millions of pairs (10^6
    enterprises × 1,000 items ≈ 21 M eligible or undetermined), which no database inserts in the seconds a
    full re-match may take; a set per item is written in one statement, read whole by the lists and counts
    that need it, and merged in place by incremental re-matches. The enterprise's own page evaluates its
    facts live (a few milliseconds for every item in force). Not business state, so not an AuditedModel:
    each run is audited as a whole through its MatchRun."""

    ELIGIBLE, UNDETERMINED, NEAR_MISS = 1, 2, 3
    VERDICTS = {ELIGIBLE: "符合", UNDETERMINED: "待确定", NEAR_MISS: "差一项"}

    item = models.ForeignKey(PolicyItem, models.CASCADE, related_name="match_sets", db_index=False)
    item_version = models.ForeignKey(ItemVersion, models.CASCADE, related_name="+")
    verdict = models.PositiveSmallIntegerField()
    size = models.PositiveIntegerField(default=0)
    # the enterprise ids apart from the other columns: a membership test (an incremental re-match) reads them only
    members = models.BinaryField()
    columns = models.BinaryField()
    as_of = models.DateField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("匹配集合")
        verbose_name_plural = _("匹配集合")
        constraints = [models.UniqueConstraint(fields=["item", "verdict"], name="unique_match_set_item_verdict")]

    def __str__(self) -> str:
        return _("条款 #%(item)s 第 %(version)s 版的匹配集合(%(size)s 户)") % {"item": self.item_id, "version": self.item_version, "size": self.size}


class Publicity(AuditedModel):
    """A 公示 list of approved grants of one item, open to the public for a number of working days."""

    item = models.ForeignKey(PolicyItem, models.PROTECT, related_name="publicities", verbose_name=_("政策条款"))
    title = models.CharField(_("公示标题"), max_length=200)
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示截止"))
    published_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class PolicyApplication(AuditedModel):
    """One enterprise's claim on one item for one period, from 申请 (or a 免申即享 list) to 兑现 and receipt."""

    class Channel(models.TextChoices):
        APPLY = "apply", _("企业申报")
        QUICK = "quick", _("快捷申报(预填)")
        AUTO = "auto", _("免申即享")

    class Status(models.TextChoices):
        INVITED = "invited", _("待企业确认")
        LISTED = "listed", _("免申名单待审核")
        SUBMITTED = "submitted", _("已申报待受理")
        RETURNED = "returned", _("退回补正")
        REVIEWING = "reviewing", _("审核中")
        APPROVED = "approved", _("审核通过待公示")
        PUBLICIZED = "publicized", _("公示中")
        DISBURSED = "disbursed", _("已兑现待确认")
        CONFIRMED = "confirmed", _("已确认到账")
        REJECTED = "rejected", _("不予支持")
        WITHDRAWN = "withdrawn", _("已撤回")

    number = models.CharField(_("申请编号"), max_length=24, unique=True)
    item = models.ForeignKey(PolicyItem, models.PROTECT, related_name="applications", verbose_name=_("政策条款"))
    item_version = models.ForeignKey(ItemVersion, models.PROTECT, related_name="applications", verbose_name=_("适用版本"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="policy_applications", verbose_name=_("经营主体"))
    applicant = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="policy_applications")
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices, default=Channel.APPLY)
    period = models.CharField(_("享受期间"), max_length=8)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    applied_on = models.DateField(_("申请日期"))
    amount_requested = models.DecimalField(_("测算金额(万元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    amount_approved = models.DecimalField(_("核定金额(万元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    formula = models.TextField(_("测算公式"), blank=True)
    eligibility = models.JSONField(_("资格核验"), default=dict)
    review_level = models.PositiveSmallIntegerField(_("当前审核层级"), default=0)
    step = models.CharField(_("当前环节"), max_length=16, blank=True)
    step_started_on = models.DateField(null=True, blank=True)
    step_due_on = models.DateField(_("环节办理时限"), null=True, blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    reject_reason = models.TextField(_("不予支持原因"), blank=True)
    eligible_since = models.DateField(_("符合条件日期"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    publicity = models.ForeignKey(Publicity, models.SET_NULL, null=True, blank=True, related_name="applications")
    disbursed_at = models.DateTimeField(null=True, blank=True)
    disbursed_amount = models.DecimalField(_("兑现金额(万元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    voucher_no = models.CharField(_("拨付凭证号"), max_length=64, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    feedback = models.TextField(_("意见建议"), blank=True)

    ACTIVE_STATUSES = ("invited", "listed", "submitted", "returned", "reviewing", "approved", "publicized", "disbursed", "confirmed")

    class Meta:
        verbose_name = _("政策申请")
        verbose_name_plural = _("政策申请")
        ordering = ["-id"]
        constraints = [
            # no double grant of the same item to the same enterprise in the same period
            models.UniqueConstraint(
                fields=["item", "enterprise", "period"], condition=~Q(status__in=["rejected", "withdrawn"]),
                name="unique_live_application_per_period",
            )
        ]
        indexes = [models.Index(fields=["status", "step_due_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.item.title}"


# approved or beyond: the money is committed (counts against caps, "no double grant", amounts approved)
# Money paid out (已享受) and money approved but not yet paid (待兑现: 审核通过, 公示中).
DISBURSED_STATUSES = (PolicyApplication.Status.DISBURSED, PolicyApplication.Status.CONFIRMED)
PENDING_PAYMENT_STATUSES = (PolicyApplication.Status.APPROVED, PolicyApplication.Status.PUBLICIZED)
COMMITTED_STATUSES = (PolicyApplication.Status.APPROVED, PolicyApplication.Status.PUBLICIZED, PolicyApplication.Status.DISBURSED,
                      PolicyApplication.Status.CONFIRMED)


class ApplicationMaterial(AuditedModel):
    """A material of an application: prefilled from the registry, or a file the enterprise uploaded."""

    application = models.ForeignKey(PolicyApplication, models.CASCADE, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=128)
    source = models.CharField(_("来源"), max_length=16)  # registry / upload
    value = models.JSONField(_("预填内容"), null=True, blank=True)
    file = models.FileField(_("文件"), upload_to="policies/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["id"]

    def audit_snapshot(self):
        data = super().audit_snapshot()
        data["file"] = self.file.name if self.file else ""
        return data

    def __str__(self) -> str:
        return self.name or self.filename or str(_("申请材料"))


class ApplicationEvent(AuditedModel):
    """The visible history of an application (the audit trail holds the same, hash-chained)."""

    application = models.ForeignKey(PolicyApplication, models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=32)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"))
    overdue = models.BooleanField(_("超时办理"), default=False)

    class Meta:
        verbose_name = _("申请办理记录")
        verbose_name_plural = _("申请办理记录")
        ordering = ["id"]

    def __str__(self) -> str:
        return _("申请 #%(application)s 的办理记录") % {"application": self.application_id}


class ItemProposal(AuditedModel):
    """An item the extraction assistant proposed from a document's text, for an officer to confirm."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DISCARDED = "discarded", _("已舍弃")

    document = models.ForeignKey(PolicyDocument, models.CASCADE, related_name="proposals")
    order = models.PositiveIntegerField(default=0)
    payload = models.JSONField(default=dict)
    excerpt = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    item = models.ForeignKey(PolicyItem, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("条款建议")
        verbose_name_plural = _("条款建议")
        ordering = ["document", "order"]

    def __str__(self) -> str:
        return _("条款建议 %(order)s:%(excerpt)s") % {"order": self.order, "excerpt": (self.excerpt or "")[:30]}


