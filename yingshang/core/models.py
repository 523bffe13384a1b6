"""Core domain: divisions, government units, users and roles, the 经营主体 registry, the audit trail."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import AuditedModel
from .creditcode import validate_credit_code_field


class Division(AuditedModel):
    """An administrative division: city → district/county/先导区 → street/town → community."""

    class Level(models.IntegerChoices):
        CITY = 1, _("市")
        DISTRICT = 2, _("区市县/先导区")
        STREET = 3, _("街道/镇/乡")
        COMMUNITY = 4, _("社区/村")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    # 先导区 have no national adcode; they are divisions the city created for economic management.
    is_pilot_zone = models.BooleanField(_("先导区/功能区"), default=False)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级区划"))

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Unit(AuditedModel):
    """A government unit (市直部门, 区直部门, 公用事业单位, 法院, 12345 中心...) in one tree."""

    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", _("党委政府/领导小组")
        CITY_DEPT = "city_dept", _("市直部门")
        CENTRAL = "central", _("中省直驻市单位")
        DISTRICT_GOV = "district_gov", _("区市县政府/先导区管委会")
        DISTRICT_DEPT = "district_dept", _("区直部门")
        STREET = "street", _("街道/乡镇")
        UTILITY = "utility", _("公用事业单位")
        COURT = "court", _("法院/检察院")
        HOTLINE = "hotline", _("12345热线中心")
        OTHER = "other", _("其他")

    code = models.CharField(_("单位编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级单位"))
    division = models.ForeignKey(Division, models.PROTECT, null=True, blank=True, related_name="units", verbose_name=_("所属区划"))
    # Materialised path of unit codes ("/U000/U012/"), so a subtree is one indexed prefix query.
    tree_path = models.CharField(max_length=512, db_index=True, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["tree_path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.tree_path.count("/") - 2


class UnitAlias(AuditedModel):
    """Another way documents name a unit (市市场监管局 = 市市场监督管理局)."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="aliases", verbose_name=_("单位"))
    alias = models.CharField(_("别名"), max_length=128, db_index=True)

    class Meta:
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")
        constraints = [models.UniqueConstraint(fields=["unit", "alias"], name="unique_unit_alias")]

    def __str__(self) -> str:
        return self.alias


class Industry(models.Model):
    """GB/T 4754-2017 国民经济行业分类: 门类 (A–T) and 大类 (01–97). Reference data, loaded by migration."""

    code = models.CharField(_("行业代码"), max_length=5, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("层级"))
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def section(self) -> str:
        return self.code if self.level == 1 else (self.parent_id or "")


class Qualification(models.Model):
    """A recognised qualification of an enterprise (高新技术企业, 专精特新...)."""

    code = models.CharField(_("代码"), max_length=32, primary_key=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("企业资质")
        verbose_name_plural = _("企业资质")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Enterprise(AuditedModel):
    """A 经营主体 of the registry."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        INDIVIDUAL = "individual", _("个体工商户")
        COOPERATIVE = "cooperative", _("农民专业合作社")

    class Size(models.TextChoices):
        LARGE = "large", _("大型")
        MEDIUM = "medium", _("中型")
        SMALL = "small", _("小型")
        MICRO = "micro", _("微型")

    class Credit(models.TextChoices):
        A = "A", _("A级(守信)")
        B = "B", _("B级(基本守信)")
        C = "C", _("C级(失信)")
        D = "D", _("D级(严重失信)")

    class Status(models.TextChoices):
        ACTIVE = "active", _("存续")
        CLOSED = "closed", _("注销")

    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code_field])
    name = models.CharField(_("名称"), max_length=128, db_index=True)
    kind = models.CharField(_("主体类型"), max_length=16, choices=Kind.choices, default=Kind.ENTERPRISE)
    district = models.ForeignKey(Division, models.PROTECT, related_name="enterprises", verbose_name=_("注册区县"))
    address = models.CharField(_("注册地址"), max_length=256, blank=True)
    industry = models.ForeignKey(Industry, models.PROTECT, related_name="enterprises", verbose_name=_("行业(GB/T 4754)"))
    size_class = models.CharField(_("规模"), max_length=8, choices=Size.choices, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    registered_capital = models.DecimalField(_("注册资本(万元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField(_("从业人数"), null=True, blank=True)
    annual_revenue = models.DecimalField(_("年营业收入(万元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    annual_tax = models.DecimalField(_("年纳税额(万元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    qualifications = models.ManyToManyField(Qualification, blank=True, related_name="enterprises", verbose_name=_("资质"))
    credit_class = models.CharField(_("信用等级"), max_length=1, choices=Credit.choices, blank=True)
    status = models.CharField(_("登记状态"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    contact_name = models.CharField(_("联系人"), max_length=32, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("经营主体")
        verbose_name_plural = _("经营主体")
        ordering = ["id"]
        indexes = [models.Index(fields=["district", "industry"]), models.Index(fields=["size_class"])]

    def __str__(self) -> str:
        return self.name

    def audit_snapshot(self):
        data = super().audit_snapshot()
        if self.pk:
            data["qualifications"] = sorted(self.qualifications.values_list("code", flat=True))
        return data


class User(AbstractUser):
    """A person using the platform, with one role and, for staff, one unit."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("统筹管理员")
        OPERATOR = "operator", _("12345话务员")
        HANDLER = "handler", _("部门办理人员")
        COORDINATOR = "coordinator", _("区县协调员")
        LEADER = "leader", _("领导")
        AUDITOR = "auditor", _("审计员")
        ENTERPRISE = "enterprise", _("企业用户")
        CITIZEN = "citizen", _("市民")
        WINDOW_CLERK = "window_clerk", _("综合窗口人员")

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.CITIZEN)
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("所属单位"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("绑定经营主体"))
    display_name = models.CharField(_("姓名"), max_length=32, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class PasswordHistory(models.Model):
    """The hash of a password a user had, so that a new one cannot repeat any of the last few
    (core/passwords.py). Only hashes are kept, the same hashes Django keeps for the current password."""

    user = models.ForeignKey(User, models.CASCADE, related_name="password_history", verbose_name=_("用户"))
    password = models.CharField(_("密码哈希"), max_length=128)
    set_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-set_at", "-id"]

    def __str__(self) -> str:
        return _("%(user)s 的历史密码(%(at)s)") % {"user": self.user_id and self.user, "at": self.set_at and timezone.localtime(self.set_at).strftime("%Y-%m-%d %H:%M")}


class AuditEntry(models.Model):
    """One append-only, hash-chained record of a change of state.

    The actor and unit are copied as text and ids, not foreign keys: deleting a user must never
    rewrite history (and would break the chain).
    """

    seq = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField(_("时间"))
    actor_id = models.BigIntegerField(null=True)
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    unit_id = models.BigIntegerField(null=True)
    unit_name = models.CharField(_("单位"), max_length=128, blank=True)
    action = models.CharField(_("动作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, db_index=True)
    object_id = models.CharField(_("对象"), max_length=64, db_index=True)
    object_repr = models.CharField(_("对象名称"), max_length=200, blank=True)
    before = models.JSONField(_("变更前"), null=True)
    after = models.JSONField(_("变更后"), null=True)
    prev_hash = models.CharField(max_length=64)
    # ``hash`` is the entry's link: HMAC(key, prev_hash + payload) under ``scheme`` (hmac-sha256, hmac-sm3)
    # and the key named by ``key_id`` (core/auditkeys.py); entries written before the chain had a key keep
    # the plain SHA-256 link of scheme "sha256" (ADR 0004).
    scheme = models.CharField(max_length=16, default="sha256")
    key_id = models.CharField(max_length=32, blank=True, default="")
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-seq"]

    def payload(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            **({} if self.scheme == "sha256" else {"scheme": self.scheme, "key_id": self.key_id}),
        }

    def __str__(self) -> str:
        return f"#{self.seq} {self.action_label}"

    @property
    def action_label(self) -> str:
        from .readable import action_label

        return action_label(self.action)


class AuditHead(models.Model):
    """The chain's last link, updated in the same transaction as each append: deleting the newest
    entries (which a chain alone cannot reveal) shows up as a head that no entry matches."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return _("审计链头 #%(seq)s") % {"seq": self.seq}


class ImportJob(AuditedModel):
    """One import of a file (enterprises, units...) and its row-by-row report."""

    kind = models.CharField(_("导入类型"), max_length=32)
    filename = models.CharField(_("文件名"), max_length=256)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    total_rows = models.PositiveIntegerField(default=0)
    created_rows = models.PositiveIntegerField(default=0)
    updated_rows = models.PositiveIntegerField(default=0)
    failed_rows = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list)

    @property
    def unchanged_rows(self) -> int:
        """Rows identical to what is stored (a re-import): neither a change nor a failure."""
        return max(0, self.total_rows - self.created_rows - self.updated_rows - self.failed_rows)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.filename or self.kind} · {self.created_at:%Y-%m-%d %H:%M}" if self.created_at else str(self.filename or self.kind)


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=64)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """An in-site inbox message (reminders, pushes) for one user. Delivery records, not business state."""

    recipient = models.ForeignKey(User, models.CASCADE, related_name="notifications", verbose_name=_("收件人"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    category = models.CharField(_("类别"), max_length=32, blank=True)
    # Repeated reminders (the same task, the same day) are sent once: the key makes the send idempotent.
    dedup_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "dedup_key"], condition=~models.Q(dedup_key=""), name="unique_notification_dedup")]

    def __str__(self) -> str:
        return self.title


class CalendarDay(AuditedModel):
    """An exception to the Monday–Friday week on the city's one working calendar (core/workcalendar.py):
    a day off (法定节假日, including the weekdays a 调休 moves off) or a 调休 make-up working day.

    Rows come from the State Council's annual notices as packaged by ``chinesecalendar`` (source
    官方数据), from the pre-arranged next year shipped before the notice appeared (预排), or from an
    administrator (管理员修改). ``yingshang calendar sync`` replaces official and pre-arranged rows
    with the package's data and never touches an administrator's row.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        WORKDAY = "workday", _("调休上班日")

    class Source(models.TextChoices):
        OFFICIAL = "official", _("官方数据")
        PROVISIONAL = "provisional", _("预排(待官方通知)")
        ADMIN = "admin", _("管理员修改")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=64)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices, default=Source.ADMIN)

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}({self.get_kind_display()})"


# The document service's template overrides live with the service (core/documents) and are loaded here.
from .documents.models import DocumentTemplate  # noqa: E402,F401


class Job(models.Model):
    """One piece of background work (an import, a full matching run, a bulletin...) and what came of it.

    The queue itself is django-tasks' database backend; this row is the user-facing side: who asked,
    progress, the result or the error, and a checkpoint that lets a task resume after its worker died.
    Operational records like notifications, not business state: not hash-chained (the work they run is).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队")
        RUNNING = "running", _("运行中")
        SUCCEEDED = "succeeded", _("成功")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("任务类型"), max_length=64, db_index=True)
    title = models.CharField(_("名称"), max_length=200)
    requested_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="jobs", verbose_name=_("发起人"))
    unit = models.ForeignKey(Unit, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("发起单位"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    # An uploaded file travels in the database, so that a worker on another machine can read it.
    payload = models.BinaryField(null=True, blank=True, editable=False)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    total = models.PositiveIntegerField(_("总量"), default=0)
    message = models.CharField(_("进度说明"), max_length=300, blank=True)
    result = models.JSONField(_("结果"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)
    checkpoint = models.JSONField(null=True, blank=True, editable=False)
    attempt = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0


class WorkerHeartbeat(models.Model):
    """The lease of one worker process: a task it claimed is given to another worker when it stops beating."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=128, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("任务进程心跳")
        verbose_name_plural = _("任务进程心跳")

    def __str__(self) -> str:
        return _("任务进程 %(host)s:%(pid)s") % {"host": self.host, "pid": self.pid}


