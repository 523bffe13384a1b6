"""Plain Chinese for what the platform records: audit actions, object types, field changes and job kinds.

One place turns the trail's codes into words. Workflow operations take their labels from their specs
(``core.workflow``); every other action is ``<app>.<model>.<verb>`` and reads as the model's verbose name
and the verb's label from ``VERB_LABELS``. Field changes read as 「field verbose_name: before → after」, with
choices by their labels, times in local time (settings.TIME_ZONE) and nested values flattened.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The verbs of audit actions that are not workflow operations (core/tests/test_readable.py checks that every
# verb written anywhere in the code has one).
VERB_LABELS: dict[str, Any] = {
    "create": gettext_lazy("新建"), "update": gettext_lazy("修改"), "delete": gettext_lazy("删除"),
    "import": gettext_lazy("导入"), "generate": gettext_lazy("生成"), "publish": gettext_lazy("发布"),
    "sync": gettext_lazy("同步"), "move": gettext_lazy("调整上级"), "load": gettext_lazy("载入"),
    "upload": gettext_lazy("上传"), "save": gettext_lazy("保存"), "prefill": gettext_lazy("预填"),
    "finish": gettext_lazy("完成"), "discard": gettext_lazy("放弃"), "withdraw": gettext_lazy("撤回"),
    "submit": gettext_lazy("提交"), "signed": gettext_lazy("签收"), "set": gettext_lazy("设置"),
    "run": gettext_lazy("运行"), "retire": gettext_lazy("停用"), "restore": gettext_lazy("恢复"),
    "resolve": gettext_lazy("处置"), "reset": gettext_lazy("重置"), "replace": gettext_lazy("替换"),
    "date_yearless": gettext_lazy("按成文日期补全时限"),
    "rename": gettext_lazy("更名"), "register": gettext_lazy("登记"), "decide": gettext_lazy("决定"),
    "deactivate": gettext_lazy("停用"), "activate": gettext_lazy("启用"), "confirm": gettext_lazy("确认"),
    "compute": gettext_lazy("计算"), "assign": gettext_lazy("指派"), "draft": gettext_lazy("起草"),
    "merged_reply": gettext_lazy("合并答复"), "merge_follow": gettext_lazy("随主件办理"),
    "generate_suggestions": gettext_lazy("生成建议"), "exempt_list": gettext_lazy("生成免申即享名单"),
    "merge": gettext_lazy("合并"), "verify": gettext_lazy("核验"), "login": gettext_lazy("登录"),
    "logout": gettext_lazy("退出"), "review": gettext_lazy("审核"), "approve": gettext_lazy("通过"),
    "reject": gettext_lazy("退回"), "close": gettext_lazy("关闭"), "open": gettext_lazy("打开"),
    "train": gettext_lazy("训练"), "score": gettext_lazy("评分"), "rank": gettext_lazy("排名"),
    "report": gettext_lazy("报送"), "read": gettext_lazy("已读"), "send": gettext_lazy("发送"),
    "start": gettext_lazy("开始"), "cancel": gettext_lazy("取消"), "fail": gettext_lazy("失败"),
    "retry": gettext_lazy("重试"), "disburse": gettext_lazy("兑现"), "match": gettext_lazy("匹配"),
    "push": gettext_lazy("推送"), "evaluate": gettext_lazy("评估"), "export": gettext_lazy("导出"),
    "accept": gettext_lazy("受理"), "complete": gettext_lazy("完成"), "feedback": gettext_lazy("反馈"),
    "extend": gettext_lazy("延期"), "callback": gettext_lazy("回访"), "archive": gettext_lazy("归档"),
    "outcome": gettext_lazy("结果"), "triage": gettext_lazy("智能分类派单"), "mark": gettext_lazy("标记"), "link": gettext_lazy("关联"),
    "regenerate_guide": gettext_lazy("重新生成办事指南"), "link_appeal": gettext_lazy("关联12345诉求"), "end": gettext_lazy("结束"),
    # Accounts and the audit chain (core/accounts.py, core/admin.py, core/auditlog.py).
    "login_failed": gettext_lazy("登录失败"), "locked": gettext_lazy("登录锁定"), "unlock": gettext_lazy("解除登录锁定"),
    "password_change": gettext_lazy("修改密码"), "set_password": gettext_lazy("重设密码"),
    "two_factor_enrol": gettext_lazy("绑定双因素验证"), "two_factor_verify": gettext_lazy("双因素验证通过"),
    "two_factor_failed": gettext_lazy("双因素验证失败"), "seal": gettext_lazy("密钥封签"),
    "update_relations": gettext_lazy("修改关联(组、权限、资质)"), "bulk_delete": gettext_lazy("批量删除"),
    # Credit (yingshang/credit): evaluations, records, repairs, arrears.
    "set_credit_class": gettext_lazy("写入信用等级"), "revise": gettext_lazy("修订"), "list": gettext_lazy("列入名单"),
    "apply": gettext_lazy("申请"), "refuse": gettext_lazy("不予同意"), "plan": gettext_lazy("提交还款计划"),
    "pay": gettext_lazy("登记还款"), "mark_malicious": gettext_lazy("认定恶意拖欠"), "repair": gettext_lazy("信用修复"),
    # 政务服务 application materials (yingshang/affairs/services/materials.py).
    "receive": gettext_lazy("收取"), "download": gettext_lazy("下载"),
}
# Objects of audit actions that are not models.
NOUN_LABELS: dict[str, Any] = {"core.audit_chain": gettext_lazy("审计链")}
# Writes through the Django admin site are ``<app>.<model>.admin_<verb>`` (core/admin.py): 「(管理后台)」 + verb.
ADMIN_VERB_PREFIX = "admin_"

# Keys that audit snapshots write beside model fields.
EXTRA_KEY_LABELS: dict[str, Any] = {
    "state": gettext_lazy("状态"), "status": gettext_lazy("状态"), "reason": gettext_lazy("理由"),
    "note": gettext_lazy("说明"), "count": gettext_lazy("数量"), "rows": gettext_lazy("行数"),
    "created": gettext_lazy("新增"), "updated": gettext_lazy("更新"), "skipped": gettext_lazy("跳过"),
    "failed": gettext_lazy("失败"), "total": gettext_lazy("合计"), "version": gettext_lazy("版本"),
    "file": gettext_lazy("文件"), "filename": gettext_lazy("文件名"), "source": gettext_lazy("来源"),
    "operation": gettext_lazy("操作"), "params": gettext_lazy("参数"), "unit": gettext_lazy("单位"),
    "units": gettext_lazy("单位"), "user": gettext_lazy("用户"), "name": gettext_lazy("名称"),
    "title": gettext_lazy("标题"), "kind": gettext_lazy("类型"), "items": gettext_lazy("条目"),
    "period": gettext_lazy("期间"), "month": gettext_lazy("月份"), "date": gettext_lazy("日期"),
    "days": gettext_lazy("天数"), "amount": gettext_lazy("金额"), "score": gettext_lazy("得分"),
    "result": gettext_lazy("结果"), "message": gettext_lazy("消息"), "event": gettext_lazy("事件"),
}

NO_VALUE = "—"
_CODE = re.compile(r"^[a-z][a-z0-9]*(?:[_.][a-z0-9]+)*$")
# A nested value longer than this (a bulletin's whole data, a ranking's components) is summarised, not dumped:
# the audit list stays readable and the XLSX export keeps every value.
MAX_NESTED_ITEMS = 8
_REGISTERED_CODE_LABELS: dict[str, Any] = {}


def register_code_labels(labels: dict[str, Any]) -> None:
    """Chinese names for codes an app writes into audit snapshots outside model choices (KPI keys, detector
    methods, fact keys); called from the app's ``AppConfig.ready()``."""
    _REGISTERED_CODE_LABELS.update(labels)
    _code_labels.cache_clear()


@lru_cache(maxsize=1)
def _code_labels() -> dict[str, str]:
    """Every code the platform names somewhere: model choices, workflow states and operations, job kinds,
    unit performance components and the codes apps register."""
    from . import registry, workflow
    from .jobs import JOB_KINDS

    labels: dict[str, str] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and _CODE.match(value):
                    labels.setdefault(value, str(label))
    for flow in workflow.registered():
        for state in flow.states:
            labels.setdefault(str(state.value), str(state.label))
        for op in flow.operations:
            labels.setdefault(op.name, str(op.label))
    for kind, spec in JOB_KINDS.items():
        labels.setdefault(kind, str(spec.title))
    for component in registry.score_components():
        labels.setdefault(component.key, str(component.label))
    labels.update({code: str(label) for code, label in _REGISTERED_CODE_LABELS.items()})
    return labels


def code_label(code: str) -> str | None:
    """The Chinese name of a code (``high_frequency`` → 高频), or None when the platform names it nowhere."""
    return _code_labels().get(code)
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_DEFAULT_REPR = re.compile(r"^\w+ object \((?P<pk>[^)]*)\)$")


@lru_cache(maxsize=None)
def _model_for(app_label: str, snake_model: str):
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return None
    snake_names = {model: re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower() for model in config.get_models()}
    for model, snake in snake_names.items():
        if snake == snake_model or model._meta.model_name == snake_model:
            return model
    # A shortened name (appeals.settings for HubSettings): the one model whose name ends with it.
    ending = [model for model, snake in snake_names.items() if snake.endswith("_" + snake_model)]
    return ending[0] if len(ending) == 1 else None


def model_of(object_type: str):
    """The model of an audit entry's ``object_type`` (``app.Model``), or None."""
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = model_of(object_type)
    return str(model._meta.verbose_name) if model else object_type


def _workflow_operation_label(action: str) -> str | None:
    from . import workflow

    for flow in workflow.registered():
        prefix = flow.audit_prefix + "."
        if action.startswith(prefix):
            try:
                return f"{flow.noun}·{flow.operation(action[len(prefix):]).label}"
            except (DjangoValidationError, KeyError, LookupError):
                return None  # a plain action on a workflow's model (plans.task.create): read as model + verb
    return None


@lru_cache(maxsize=2048)
def _action_label_cached(action: str, language: str) -> str:
    if label := _workflow_operation_label(action):
        return label
    parts = action.split(".")
    if len(parts) < 3:
        verb = VERB_LABELS.get(action)
        return str(verb) if verb else _("其他操作")
    app_label, model_name, verb = parts[0], parts[1], ".".join(parts[2:])
    model = _model_for(app_label, model_name)
    noun = str(model._meta.verbose_name) if model else str(NOUN_LABELS.get(f"{app_label}.{model_name}", ""))
    via_admin = verb.startswith(ADMIN_VERB_PREFIX)
    verb_label = VERB_LABELS.get(verb.removeprefix(ADMIN_VERB_PREFIX) if via_admin else verb)
    verb_text = str(verb_label) if verb_label else _("变更")
    if via_admin:
        verb_text = _("%(verb)s(管理后台)") % {"verb": verb_text}
    return f"{noun}·{verb_text}" if noun else verb_text


def action_label(action: str) -> str:
    """「诉求·办结」 for ``appeals.appeal.complete``; 「诉求通报·生成」 for ``insights.insight_bulletin.generate``."""
    from django.utils.translation import get_language

    return _action_label_cached(action, get_language() or "")


@lru_cache(maxsize=4)
def _display_names(minute: int) -> dict[int, str]:
    """Every account's display name, read at most once a minute per process (an audit page lists many
    entries of few people; a renamed account shows its new name within the minute)."""
    from django.contrib.auth import get_user_model

    return {pk: name for pk, name in get_user_model().objects.exclude(display_name="").values_list("pk", "display_name")}


def actor_label(actor_id: int | None, actor_name: str) -> str:
    """「甘井子区协调员」 rather than the login name coordinator_gjz; entries of deleted accounts keep the
    recorded login name (the entry's text, never rewritten)."""
    import time

    if actor_id is None:
        return actor_name or _("系统")
    return _display_names(int(time.time() // 60)).get(actor_id) or actor_name


def object_label(object_type: str, object_id: Any, object_repr: str) -> str:
    """What the entry changed, by its name: Django's default 「Model object (2)」 reads as 「诉求通报 #2」; an
    account by its display name (entries about sign-ins record the login name)."""
    from django.conf import settings

    if object_type == settings.AUTH_USER_MODEL and str(object_id).isdecimal():
        import time

        name = _display_names(int(time.time() // 60)).get(int(object_id))
        if name:
            return name
    match = _DEFAULT_REPR.match(object_repr or "")
    if not object_repr or match:
        return f"{object_type_label(object_type)} #{object_id}"
    return object_repr


def _field(model, key: str):
    if model is None:
        return None
    for name in (key, key[:-3] if key.endswith("_id") else None):
        if not name:
            continue
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def field_label(model, key: str) -> str:
    field = _field(model, key)
    if field is not None and getattr(field, "verbose_name", None):
        label = str(field.verbose_name)
        if not re.fullmatch(r"[a-z_ ]+", label):
            return label
    if key in EXTRA_KEY_LABELS:
        return str(EXTRA_KEY_LABELS[key])
    if label := code_label(key):
        return label
    if key.endswith("_at") and key[:-3] in EXTRA_KEY_LABELS:
        return f"{EXTRA_KEY_LABELS[key[:-3]]}{_('时间')}"
    return str(_("其他信息"))  # the key itself is kept in the change (shown on hover, exported)


def display_value(value: Any, field=None, *, depth: int = 0) -> str:
    """One value as a reader would write it: choices by label, 是/否, local times, lists and maps flattened."""
    if value is None or value == "":
        return NO_VALUE
    choices = getattr(field, "flatchoices", None) if field is not None else None
    if choices and not isinstance(value, (list, dict)):
        labels = {str(k): v for k, v in choices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, str) and _CODE.match(value) and (field is None or "_" in value or "." in value) and (
            label := code_label(value)):
        return label  # a code (rd_share, list_review); a plain word in a model's own text field stays as typed
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (dict, list, tuple)) and (depth >= 2 or len(value) > MAX_NESTED_ITEMS):
        return _("(共 %(n)s 项,见导出)") % {"n": len(value)}
    if isinstance(value, dict):
        return ";".join(f"{field_label(None, str(k))}:{display_value(v, depth=depth + 1)}" for k, v in value.items()) or NO_VALUE
    if isinstance(value, (list, tuple)):
        return "、".join(display_value(v, depth=depth + 1) for v in value) or NO_VALUE
    return str(value)


@dataclass(frozen=True)
class Change:
    key: str
    field: str
    before: str
    after: str


def readable_changes(object_type: str, before: Any, after: Any) -> list[Change]:
    """The entry's snapshots as 「field: before → after」, only the keys that differ, in the model's field order."""
    model = model_of(object_type)
    before = before if isinstance(before, dict) else ({} if before is None else {"value": before})
    after = after if isinstance(after, dict) else ({} if after is None else {"value": after})
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    changes = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue
        field = _field(model, key)
        label = str(EXTRA_KEY_LABELS["result"]) if key == "value" else field_label(model, key)
        changes.append(Change(key, label, display_value(old, field) if key in before else NO_VALUE, display_value(new, field)))
    return changes


def job_kind_label(kind: str) -> str:
    """A background job's kind by its registered Chinese title (``insights.bulletin_generate`` → 生成诉求通报)."""
    from .jobs import JOB_KINDS

    spec = JOB_KINDS.get(kind)
    return str(spec.title) if spec else _("后台任务")


# What must never reach a reader (the browser crawl, tests/test_crawl.py, checks every menu page with these):
# Python reprs, raw dicts, None, English snake_case codes (job kinds, states, operation names).
UNREADABLE = {
    "Python 对象": re.compile(r"\bobject \(\d*"),
    "原始字典": re.compile(r"\{'"),
    "None": re.compile(r"(?<![A-Za-z])None(?![A-Za-z])"),
    "英文代码": re.compile(r"(?<![A-Za-z0-9_/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_(.])"),
}


def unreadable_fragments(text: str) -> list[str]:
    """What in ``text`` a reader should never see, one line per kind (empty: plain Chinese)."""
    problems = []
    for name, pattern in UNREADABLE.items():
        found = sorted({m.group(0) for m in pattern.finditer(text)})
        if found:
            problems.append(f"{name}: {', '.join(found[:5])}")
    return problems
