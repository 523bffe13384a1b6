"""政务服务: the item catalogue (shared elements once, items, versions, guides), 一件事 bundles, cases with
their sub-cases, stages and suspensions, and 好差评 ratings with their 整改 loop.

Shared elements (LawArticle, Material, FieldDef, UnitServicePoint) are stored once and referenced by the
items; a change to one regenerates every guide that uses it (guides.py, jobs.py) and is logged as
GuideChange rows. Monitoring figures are kept on SubCase/StageRecord rows when a case moves, so the
leader's pages aggregate indexed columns instead of replaying histories.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingshang.core.audit import AuditedModel


class LawArticle(AuditedModel):
    key = models.SlugField(_("标识"), max_length=80, unique=True)
    title = models.CharField(_("条款"), max_length=200)
    text = models.TextField(_("条文"), blank=True)

    class Meta:
        verbose_name = _("法律依据条款")
        verbose_name_plural = _("法律依据条款")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title


class Material(AuditedModel):
    class Form(models.TextChoices):
        PAPER = "纸质", _("纸质")
        ELECTRONIC = "电子", _("电子")
        EITHER = "纸质或电子", _("纸质或电子")

    class Original(models.TextChoices):
        ORIGINAL = "原件", _("原件")
        COPY = "复印件", _("复印件")
        BOTH = "原件和复印件", _("原件和复印件")

    key = models.SlugField(_("标识"), max_length=80, unique=True)
    name = models.CharField(_("材料名称"), max_length=200)
    form = models.CharField(_("材料形式"), max_length=8, choices=Form.choices, default=Form.EITHER)
    original = models.CharField(_("原件/复印件"), max_length=8, choices=Original.choices, default=Original.ORIGINAL)
    # applicant | license:<电子证照类型> | shared:<提供部门> | registry
    source = models.CharField(_("来源"), max_length=120, default="applicant")
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    @property
    def platform_supplies(self) -> bool:
        """免提交: the platform fetches it (电子证照, a department's shared data, the registry)."""
        return self.source != "applicant"


class FieldDef(AuditedModel):
    class Type(models.TextChoices):
        TEXT = "text", _("文本")
        NUMBER = "number", _("数字")
        DATE = "date", _("日期")
        CHOICE = "choice", _("选项")
        BOOL = "bool", _("是/否")
        ADDRESS = "address", _("地址")
        PHONE = "phone", _("电话")
        ID_NUMBER = "id_number", _("证件号码")

    key = models.SlugField(_("标识"), max_length=80, unique=True)
    label = models.CharField(_("名称"), max_length=100)
    type = models.CharField(_("类型"), max_length=12, choices=Type.choices, default=Type.TEXT)
    choices = models.JSONField(_("可选值"), default=list, blank=True)
    prefill = models.CharField(_("预填来源"), max_length=80, blank=True)  # enterprise.<field> / user.<field>

    class Meta:
        verbose_name = _("表单数据项")
        verbose_name_plural = _("表单数据项")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.label


class UnitServicePoint(AuditedModel):
    """Where and when a department receives applicants: shared by all its items' guides."""

    unit = models.OneToOneField("core.Unit", models.CASCADE, related_name="service_point", verbose_name=_("实施单位"))
    address = models.CharField(_("办理地点"), max_length=300, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=40, blank=True)
    hours = models.CharField(_("办理时间"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("单位办理地点")
        verbose_name_plural = _("单位办理地点")

    def __str__(self) -> str:
        return f"{self.unit}·{self.address}"


class Item(AuditedModel):
    class Type(models.TextChoices):
        LICENSING = "行政许可", _("行政许可")
        CONFIRMATION = "行政确认", _("行政确认")
        BENEFIT = "行政给付", _("行政给付")
        OTHER_POWER = "其他行政权力", _("其他行政权力")
        PUBLIC_SERVICE = "公共服务", _("公共服务")

    class Kind(models.TextChoices):
        INSTANT = "即办件", _("即办件")
        PROMISED = "承诺件", _("承诺件")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        REVIEW = "review", _("待审核")
        PUBLISHED = "published", _("已发布")

    name = models.CharField(_("事项名称"), max_length=200, unique=True)
    basic_code = models.CharField(_("基本编码"), max_length=40, blank=True)
    implementation_code = models.CharField(_("实施编码"), max_length=64, unique=True)
    type = models.CharField(_("事项类型"), max_length=8, choices=Type.choices)
    unit = models.ForeignKey("core.Unit", models.PROTECT, related_name="affairs_items", verbose_name=_("实施主体"))
    legal_basis = models.ManyToManyField(LawArticle, blank=True, related_name="items", verbose_name=_("设定依据"))
    conditions = models.JSONField(_("受理条件"), default=list, blank=True)
    kind = models.CharField(_("办件类型"), max_length=4, choices=Kind.choices, default=Kind.PROMISED)
    statutory_days = models.PositiveSmallIntegerField(_("法定时限(工作日)"), default=0)
    promised_days = models.PositiveSmallIntegerField(_("承诺时限(工作日)"), default=0)
    visits = models.PositiveSmallIntegerField(_("到现场次数"), default=0)
    online = models.BooleanField(_("可全程网办"), default=False)
    result = models.CharField(_("办理结果"), max_length=120, blank=True)
    fees = models.JSONField(_("收费"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_version = models.PositiveIntegerField(_("已发布版本"), default=0)
    # The guide as last generated (guides.guide_content) and its digest: a shared change compares against it.
    guide = models.JSONField(_("办事指南内容"), default=dict, blank=True, editable=False)
    guide_digest = models.CharField(max_length=64, blank=True, editable=False)
    guide_generated_at = models.DateTimeField(_("指南生成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("政务服务事项")
        verbose_name_plural = _("政务服务事项")
        ordering = ["unit__tree_path", "name"]

    def __str__(self) -> str:
        return self.name


class ItemField(AuditedModel):
    item = models.ForeignKey(Item, models.CASCADE, related_name="item_fields", verbose_name=_("事项"))
    field = models.ForeignKey(FieldDef, models.PROTECT, related_name="item_fields", verbose_name=_("数据项"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("事项数据项")
        verbose_name_plural = _("事项数据项")
        ordering = ["item", "position"]
        constraints = [models.UniqueConstraint(fields=["item", "field"], name="affairs_item_field_once")]

    def __str__(self) -> str:
        return f"{self.item}·{self.field}"


class ItemMaterial(AuditedModel):
    class Need(models.TextChoices):
        REQUIRED = "required", _("必要")
        CONDITIONAL = "conditional", _("容缺/情形")

    item = models.ForeignKey(Item, models.CASCADE, related_name="item_materials", verbose_name=_("事项"))
    material = models.ForeignKey(Material, models.PROTECT, related_name="item_materials", verbose_name=_("材料"))
    required = models.CharField(_("必要性"), max_length=12, choices=Need.choices, default=Need.REQUIRED)
    condition = models.CharField(_("适用情形"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("事项材料")
        verbose_name_plural = _("事项材料")
        ordering = ["item", "position"]
        constraints = [models.UniqueConstraint(fields=["item", "material"], name="affairs_item_material_once")]

    def __str__(self) -> str:
        return f"{self.item}·{self.material}"


class ItemStage(AuditedModel):
    item = models.ForeignKey(Item, models.CASCADE, related_name="stages", verbose_name=_("事项"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("环节"), max_length=40)
    role = models.CharField(_("办理人员"), max_length=60, blank=True)
    days = models.PositiveSmallIntegerField(_("时限(工作日)"), default=0)
    suspends_clock = models.BooleanField(_("不计入办理时限"), default=False)

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        ordering = ["item", "position"]

    def __str__(self) -> str:
        return f"{self.item}·{self.name}"


class ItemVersion(AuditedModel):
    """A published state of an item: every element as JSON, so versions compare without the live rows."""

    item = models.ForeignKey(Item, models.CASCADE, related_name="versions", verbose_name=_("事项"))
    number = models.PositiveIntegerField(_("版本号"))
    snapshot = models.JSONField(_("要素快照"))
    note = models.CharField(_("调整说明"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("发布人"))

    class Meta:
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="affairs_item_version_once")]

    def __str__(self) -> str:
        return f"{self.item} 第{self.number}版"


class GuideChange(AuditedModel):
    """What one change of a shared element (or of the item itself) changed in one guide."""

    item = models.ForeignKey(Item, models.CASCADE, related_name="guide_changes", verbose_name=_("事项"))
    cause = models.CharField(_("变更来源"), max_length=200)  # e.g. 材料“营业执照”
    changes = models.JSONField(_("变更内容"), default=list)  # [{"element": "材料", "before": …, "after": …}]
    job = models.ForeignKey("core.Job", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("生成任务"))

    class Meta:
        verbose_name = _("办事指南变更")
        verbose_name_plural = _("办事指南变更")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item}·{self.cause}"


class Bundle(AuditedModel):
    key = models.SlugField(_("标识"), max_length=80, unique=True)
    name = models.CharField(_("一件事名称"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    items = models.ManyToManyField(Item, related_name="bundles", verbose_name=_("基本事项"))

    class Meta:
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class BundleQuestion(AuditedModel):
    bundle = models.ForeignKey(Bundle, models.CASCADE, related_name="questions", verbose_name=_("一件事"))
    key = models.SlugField(_("标识"), max_length=80)
    text = models.CharField(_("情形问题"), max_length=200)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    adds = models.ManyToManyField(Item, blank=True, related_name="+", verbose_name=_("答“是”时增加的事项"))
    removes = models.ManyToManyField(Item, blank=True, related_name="+", verbose_name=_("答“是”时减少的事项"))

    class Meta:
        verbose_name = _("情形问题")
        verbose_name_plural = _("情形问题")
        ordering = ["bundle", "position"]
        constraints = [models.UniqueConstraint(fields=["bundle", "key"], name="affairs_question_once")]

    def __str__(self) -> str:
        return self.text


class ServiceHall(AuditedModel):
    """A 政务服务大厅 with a 综合窗口: any hall receives any item of the city (市内通办)."""

    unit = models.OneToOneField("core.Unit", models.CASCADE, related_name="service_hall", verbose_name=_("大厅所属单位"))
    district = models.ForeignKey("core.Division", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所在区县"))
    address = models.CharField(_("地址"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("政务服务大厅")
        verbose_name_plural = _("政务服务大厅")
        ordering = ["unit__tree_path"]

    def __str__(self) -> str:
        return str(self.unit)


class Case(AuditedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已申请")
        CORRECTION = "correction", _("待补正")
        REFUSED = "refused", _("不予受理")
        REVIEWING = "reviewing", _("审查中")
        DECIDED = "decided", _("已决定")
        COMPLETED = "completed", _("已办结")
        DELIVERED = "delivered", _("已送达")

    class Channel(models.TextChoices):
        WINDOW = "window", _("窗口")
        ONLINE = "online", _("网上")

    class Delivery(models.TextChoices):
        WINDOW = "window", _("窗口领取")
        POST = "post", _("邮寄送达")

    number = models.CharField(_("办件编号"), max_length=32, unique=True)
    item = models.ForeignKey(Item, models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("事项"))
    bundle = models.ForeignKey(Bundle, models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("一件事"))
    hall = models.ForeignKey("core.Unit", models.PROTECT, related_name="affairs_cases", verbose_name=_("受理大厅"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="affairs_cases", verbose_name=_("申请人账户"))
    enterprise = models.ForeignKey("core.Enterprise", models.SET_NULL, null=True, blank=True, related_name="affairs_cases", verbose_name=_("申请企业"))
    applicant_name = models.CharField(_("申请人"), max_length=128)
    applicant_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    channel = models.CharField(_("申请渠道"), max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    answers = models.JSONField(_("情形选择"), default=dict, blank=True)
    form_data = models.JSONField(_("表单"), default=dict, blank=True)
    materials = models.JSONField(_("已提交材料"), default=list, blank=True)  # material keys
    missing = models.JSONField(_("一次性告知缺少的材料"), default=list, blank=True)
    reason = models.CharField(_("不予受理理由"), max_length=500, blank=True)
    delivery = models.CharField(_("送达方式"), max_length=8, choices=Delivery.choices, default=Delivery.WINDOW)
    delivery_address = models.CharField(_("邮寄地址"), max_length=300, blank=True)
    appeal_number = models.CharField(_("关联12345诉求编号"), max_length=40, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("申请时间"), db_index=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    # Monitoring, kept when the case moves (monitoring.py aggregates these columns).
    instant = models.BooleanField(_("即办件"), default=False)
    visits = models.PositiveSmallIntegerField(_("到现场次数"), default=0)
    promised_days = models.PositiveSmallIntegerField(_("承诺时限"), default=0)
    statutory_days = models.PositiveSmallIntegerField(_("法定时限"), default=0)
    due_on = models.DateField(_("承诺办结日"), null=True, blank=True)
    days_used = models.PositiveSmallIntegerField(_("用时(工作日)"), null=True, blank=True)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "due_on"], name="affairs_case_open_due"),
                   models.Index(fields=["completed_at"], name="affairs_case_completed")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def title(self) -> str:
        return str(self.bundle or self.item or "")

    @property
    def online(self) -> bool:
        return self.channel == self.Channel.ONLINE


class SubCase(AuditedModel):
    """One item of a case, handled by its department in parallel with the others (分类办理)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("待受理")
        REVIEWING = "reviewing", _("审查中")
        SUSPENDED = "suspended", _("特别程序中")
        APPROVED = "approved", _("准予许可")
        DENIED = "denied", _("不予许可")

    case = models.ForeignKey(Case, models.CASCADE, related_name="subcases", verbose_name=_("办件"))
    item = models.ForeignKey(Item, models.PROTECT, related_name="subcases", verbose_name=_("事项"))
    unit = models.ForeignKey("core.Unit", models.PROTECT, related_name="affairs_subcases", verbose_name=_("办理部门"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    stage = models.CharField(_("当前环节"), max_length=40, blank=True)
    started_on = models.DateField(_("起算日"), null=True, blank=True)
    due_on = models.DateField(_("承诺办结日"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    promised_days = models.PositiveSmallIntegerField(_("承诺时限"), default=0)
    statutory_days = models.PositiveSmallIntegerField(_("法定时限"), default=0)
    days_used = models.PositiveSmallIntegerField(_("用时(工作日)"), null=True, blank=True)
    suspended_days = models.PositiveSmallIntegerField(_("特别程序(工作日)"), default=0)
    decision = models.CharField(_("决定意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("部门子件")
        verbose_name_plural = _("部门子件")
        ordering = ["case", "id"]
        # The monitoring scans decided sub-cases by decision time; on PostgreSQL the index covers the columns it
        # reads (an index-only scan). Open sub-cases by due date: the warnings.
        indexes = [models.Index(fields=["decided_at"], include=["item", "unit", "days_used", "promised_days", "statutory_days"],
                                name="affairs_subcase_decided_cover"),
                   models.Index(fields=["status", "due_on"], name="affairs_subcase_open_due"),
                   # 临期/超期: the open sub-cases in due-date order, so the most urgent ones are the index's first entries.
                   models.Index(fields=["due_on", "id"], condition=models.Q(status__in=["reviewing", "suspended"]), include=["unit"],
                                name="affairs_subcase_open_by_due")]

    def __str__(self) -> str:
        return f"{self.case.number}·{self.item}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.REVIEWING, self.Status.SUSPENDED)


def material_path(instance, filename: str) -> str:
    """Stored under a random name (the applicant's name is kept in ``filename``, never trusted as a path)."""
    import uuid
    from pathlib import Path

    return f"affairs/materials/{instance.received_at:%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}"


class CaseMaterial(AuditedModel):
    """One material of a case as received: a file uploaded online, a scan attached at the window, or the paper
    original the clerk has seen. Received once per case and shared by every sub-case whose item needs it
    (材料只交一次); ``Case.materials`` lists the keys received so far."""

    class Receipt(models.TextChoices):
        UPLOAD = "upload", _("网上上传")
        SCAN = "scan", _("窗口扫描件")
        PAPER = "paper", _("纸质原件已核验")

    case = models.ForeignKey(Case, models.CASCADE, related_name="received_materials", verbose_name=_("办件"))
    material = models.ForeignKey(Material, models.PROTECT, related_name="+", verbose_name=_("材料"))
    subcases = models.ManyToManyField(SubCase, blank=True, related_name="materials_received", verbose_name=_("使用该材料的部门子件"))
    receipt = models.CharField(_("收取方式"), max_length=8, choices=Receipt.choices)
    file = models.FileField(_("文件"), upload_to=material_path, max_length=300, blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("大小(字节)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("收取时间"))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("收取人"))
    received_by_name = models.CharField(_("收取人姓名"), max_length=64, blank=True)
    correction = models.BooleanField(_("补正提交"), default=False)

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["case", "received_at", "id"]

    def __str__(self) -> str:
        return f"{self.material}·{self.filename or self.get_receipt_display()}"

    def audit_snapshot(self):
        data = super().audit_snapshot()
        data["file"] = self.file.name if self.file else ""
        return data


class Suspension(AuditedModel):
    """A period excluded from the clock (专家评审, 公示, 现场勘验, 听证)."""

    subcase = models.ForeignKey(SubCase, models.CASCADE, related_name="suspensions", verbose_name=_("部门子件"))
    kind = models.CharField(_("特别程序"), max_length=20)
    started_on = models.DateField(_("开始日"))
    ended_on = models.DateField(_("结束日"), null=True, blank=True)

    class Meta:
        verbose_name = _("特别程序")
        verbose_name_plural = _("特别程序")
        ordering = ["subcase", "started_on"]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_on}—{self.ended_on or ''}"


class StageRecord(AuditedModel):
    """One finished stage of a sub-case with its working days: the monitoring's per-stage rows."""

    subcase = models.ForeignKey(SubCase, models.CASCADE, related_name="stage_records", verbose_name=_("部门子件"))
    item = models.ForeignKey(Item, models.PROTECT, related_name="+", verbose_name=_("事项"))
    unit = models.ForeignKey("core.Unit", models.PROTECT, related_name="+", verbose_name=_("办理部门"))
    stage = models.CharField(_("环节"), max_length=40)
    started_on = models.DateField(_("开始日"))
    ended_on = models.DateField(_("结束日"))
    days = models.PositiveSmallIntegerField(_("用时(工作日)"), default=0)
    suspends_clock = models.BooleanField(_("不计时"), default=False)

    class Meta:
        verbose_name = _("环节用时")
        verbose_name_plural = _("环节用时")
        ordering = ["subcase", "started_on", "id"]
        indexes = [models.Index(fields=["ended_on"], include=["stage", "suspends_clock", "days", "unit"], name="affairs_stage_ended_cover")]

    def __str__(self) -> str:
        return f"{self.subcase}·{self.stage}"


class CaseEvent(AuditedModel):
    """The case's timeline as the applicant and the window read it."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="events", verbose_name=_("办件"))
    subcase = models.ForeignKey(SubCase, models.CASCADE, null=True, blank=True, related_name="events", verbose_name=_("部门子件"))
    step = models.CharField(_("步骤"), max_length=40)
    label = models.CharField(_("步骤名称"), max_length=60)
    actor_name = models.CharField(_("办理人"), max_length=64, blank=True)
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("办件记录")
        verbose_name_plural = _("办件记录")
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case.number}·{self.label}"


class Rating(AuditedModel):
    """好差评 on the national five levels (5 非常满意 … 1 非常不满意)."""

    class Level(models.IntegerChoices):
        VERY_SATISFIED = 5, _("非常满意")
        SATISFIED = 4, _("满意")
        BASIC = 3, _("基本满意")
        DISSATISFIED = 2, _("不满意")
        VERY_DISSATISFIED = 1, _("非常不满意")

    class Channel(models.TextChoices):
        WINDOW = "window", _("窗口评价器")
        ONLINE = "online", _("网上")
        SMS = "sms", _("短信链接")

    case = models.OneToOneField(Case, models.CASCADE, related_name="rating", verbose_name=_("办件"))
    unit = models.ForeignKey("core.Unit", models.PROTECT, related_name="+", verbose_name=_("被评价单位"))
    level = models.PositiveSmallIntegerField(_("评价"), choices=Level.choices)
    channel = models.CharField(_("评价渠道"), max_length=8, choices=Channel.choices)
    comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), db_index=True)

    class Meta:
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")
        ordering = ["-rated_at"]

    def __str__(self) -> str:
        return f"{self.case.number}·{self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level <= self.Level.DISSATISFIED


class Rectification(AuditedModel):
    """A bad rating's loop: 核实 (within its working-day limit) → 整改 → 回访 → 办结."""

    class Status(models.TextChoices):
        VERIFYING = "verifying", _("待核实")
        RECTIFYING = "rectifying", _("整改中")
        REVISITING = "revisiting", _("待回访")
        CLOSED = "closed", _("已办结")
        UNFOUNDED = "unfounded", _("核实不属实")

    rating = models.OneToOneField(Rating, models.CASCADE, related_name="rectification", verbose_name=_("差评"))
    unit = models.ForeignKey("core.Unit", models.PROTECT, related_name="+", verbose_name=_("整改单位"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.VERIFYING, db_index=True)
    verify_due = models.DateField(_("核实期限"))
    rectify_due = models.DateField(_("整改期限"), null=True, blank=True)
    findings = models.TextField(_("核实情况"), blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")
        ordering = ["verify_due", "id"]

    def __str__(self) -> str:
        return f"{self.rating.case.number}·{self.get_status_display()}"


# --- monitoring summaries (derived) -----------------------------------------------------------------------------
# Kept by the services in the same transaction as the step they count (summaries.py), so they are never stale;
# `yingshang affairs rebuild-monitoring` recomputes them from the raw rows. Each carries the unit that core.scope
# reads, so a department's page reads its own rows. Months are local calendar months (their first day).

class DecidedMonth(models.Model):
    """Sub-cases decided in one month, per item × unit × working days used: the histogram behind the
    percentiles, with the limits' sums and the on-time / within-statutory counts."""

    month = models.DateField(_("月份"))
    item = models.ForeignKey(Item, models.CASCADE, related_name="+", verbose_name=_("事项"))
    unit = models.ForeignKey("core.Unit", models.CASCADE, related_name="+", verbose_name=_("办理部门"))
    days_used = models.PositiveSmallIntegerField(_("用时(工作日)"))
    count = models.PositiveIntegerField(_("子件数"), default=0)
    promised_total = models.PositiveIntegerField(_("承诺时限合计"), default=0)
    statutory_total = models.PositiveIntegerField(_("法定时限合计"), default=0)
    on_time = models.PositiveIntegerField(_("按承诺时限办结"), default=0)
    within_statutory = models.PositiveIntegerField(_("法定时限内办结"), default=0)

    class Meta:
        verbose_name = _("子件用时月汇总")
        verbose_name_plural = _("子件用时月汇总")
        constraints = [models.UniqueConstraint(fields=["month", "item", "unit", "days_used"], name="affairs_decided_month_once")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}·{self.item_id}·{self.days_used}"


class StageMonth(models.Model):
    """Stage records ended in one month, per unit × stage × working days."""

    month = models.DateField(_("月份"))
    unit = models.ForeignKey("core.Unit", models.CASCADE, related_name="+", verbose_name=_("办理部门"))
    stage = models.CharField(_("环节"), max_length=40)
    suspends_clock = models.BooleanField(_("不计时"), default=False)
    days = models.PositiveSmallIntegerField(_("用时(工作日)"))
    count = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        verbose_name = _("环节用时月汇总")
        verbose_name_plural = _("环节用时月汇总")
        constraints = [models.UniqueConstraint(fields=["month", "unit", "stage", "suspends_clock", "days"], name="affairs_stage_month_once")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}·{self.stage}·{self.days}"


class CaseMonth(models.Model):
    """Cases submitted in one month: 即办件, online, visits, late. ``unit`` empty: the whole city; otherwise the
    cases that reach that unit's subtree (their hall or a sub-case's department), each counted once."""

    month = models.DateField(_("月份"))
    unit = models.ForeignKey("core.Unit", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("单位(含下级)"))
    cases = models.PositiveIntegerField(_("办件数"), default=0)
    instant = models.PositiveIntegerField(_("即办件"), default=0)
    online = models.PositiveIntegerField(_("网上申请"), default=0)
    visits = models.PositiveIntegerField(_("到现场次数"), default=0)
    late = models.PositiveIntegerField(_("超承诺时限"), default=0)

    class Meta:
        verbose_name = _("办件月汇总")
        verbose_name_plural = _("办件月汇总")
        constraints = [models.UniqueConstraint(fields=["month", "unit"], name="affairs_case_month_once"),
                       models.UniqueConstraint(fields=["month"], condition=models.Q(unit__isnull=True), name="affairs_case_month_city_once")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}·{self.unit_id or '全市'}"


class RatingMonth(models.Model):
    """好差评 given in one month, per rated unit × level."""

    month = models.DateField(_("月份"))
    unit = models.ForeignKey("core.Unit", models.CASCADE, related_name="+", verbose_name=_("被评价单位"))
    level = models.PositiveSmallIntegerField(_("评价"), choices=Rating.Level.choices)
    count = models.PositiveIntegerField(_("评价数"), default=0)

    class Meta:
        verbose_name = _("好差评月汇总")
        verbose_name_plural = _("好差评月汇总")
        constraints = [models.UniqueConstraint(fields=["month", "unit", "level"], name="affairs_rating_month_once")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}·{self.unit_id}·{self.level}"
