"""Writes of the plans module. Each service is one audited transaction (see yingshang/core/audit.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, field as dataclass_field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingshang.core import clock, safedocs
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record, record_bulk
from yingshang.core.models import Unit, User
from yingshang.core.notifications import notify_unit
from yingshang.core.params import parse_bool
from yingshang.core.permissions import require_capability
from yingshang.core.scope import in_subtree, scope_of
from yingshang.core.selectors import unit_resolve
from yingshang.core.safedocs import size_text
from yingshang.core.services import parse_decimal, save_versioned, unit_alias_add
from yingshang.core.textnorm import normalize_unit_name
from yingshang.core.uploads import check_upload
from yingshang.core import workcalendar
from yingshang.core.workflow import perform, run_operation

from .models import (
    Comparator, DeadlineKind, Evidence, Indicator, IndicatorValue, ItemMention, Plan, PlanItem,
    ProgressReport, ScoringScheme, Task,
)
from .parsing import PlanParseError, iter_items, parse_plan
from .parsing.deadlines import parse_deadline_field, written_without_its_year
from .parsing.loaders import MAX_FILE_BYTES, SUPPORTED_SUFFIXES
from .parsing.units import build_mentions, load_collective_phrases
from .resolution import district_of, issuing_unit_for, mention_expansion, resolve_single
from .status import cycle_key
from .workflow import TASKS

logger = logging.getLogger(__name__)

EVIDENCE_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".txt", ".zip", ".ofd")
EVIDENCE_MAX_FILES = 5


def plan_max_bytes() -> int:
    return int(getattr(settings, "PLANS_MAX_UPLOAD_BYTES", MAX_FILE_BYTES))


def plan_max_items() -> int:
    """Items one plan may have: a city's action plan has hundreds; more is a mistaken or hostile file."""
    return int(getattr(settings, "PLANS_MAX_ITEMS", 3000))


def evidence_max_bytes() -> int:
    return int(getattr(settings, "PLANS_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def _store_content_addressed(folder: str, sha256: str, suffix: str, data: bytes) -> str:
    """Store a file under its hash: the same document uploaded twice is kept once."""
    name = f"{folder}/{sha256[:2]}/{sha256}{suffix}"
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # a concurrent upload of the same bytes won the race; keep one copy
            default_storage.delete(saved)
    return name


# --- import ------------------------------------------------------------------------------------------

def check_plan_file(name: str, size: int) -> None:
    """Refuse a plan file by its name and size alone, before a byte of it is read."""
    suffix = Path(name).suffix.lower()
    if suffix == ".doc":
        raise ValidationError(_("暂不支持旧版 Word(.doc)文件,请另存为 .docx 后上传。"), code="unsupported_format")
    if suffix not in SUPPORTED_SUFFIXES:
        raise ValidationError(_("只能导入 .txt、.docx、.pdf、.html 或 .xlsx 格式的方案文件。"), code="unsupported_format")
    limit = plan_max_bytes()
    if size > limit:
        raise ValidationError(
            _("文件为 %(size)s,超过方案文件 %(limit)s 的上限,未读取。请上传不含图片附件的方案正文。") % {"size": size_text(size), "limit": size_text(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("文件是空的,没有可导入的内容。"), code="empty")


def plan_import(*, actor, source, filename: str | None = None) -> Plan:
    """Import a plan file (a path, or an uploaded file) as a draft for review.

    Nothing is stored when the file is refused: too large (checked before reading), empty, not a plan,
    a scan that needs OCR… — the ValidationError carries the importer's Chinese message and its code.
    """
    require_capability(actor, "plans.import_plans")
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise ValidationError(_("找不到文件:%(path)s") % {"path": path}, code="unreadable")
        name = filename or path.name
        check_plan_file(name, path.stat().st_size)
        data = path.read_bytes()
    else:
        name = filename or getattr(source, "name", "") or "upload.txt"
        size = getattr(source, "size", None)
        if isinstance(size, int):
            check_plan_file(name, size)
            data = source.read()
        else:  # a stream of unknown length: read one byte past the limit at most
            data = source.read(plan_max_bytes() + 1)
            check_plan_file(name, len(data))
    try:
        # In a child process within the time and memory budget (core/safedocs.run_bounded); the readers
        # refuse bombs, entity expansion and oversized documents before they build anything. Nothing is
        # written before the parse has returned.
        parsed = safedocs.run_bounded(parse_plan, data, filename=name, keep_text=True, max_bytes=plan_max_bytes())
    except PlanParseError as error:
        raise ValidationError(error.message, code=error.code)
    items = sum(1 for _item in iter_items(parsed))
    if items > plan_max_items():
        raise ValidationError(
            _("文件中识别出 %(n)s 个条目,超过每个计划 %(limit)s 个条目的上限,未导入。请确认上传的是一个行动方案,或分拆后导入。")
            % {"n": f"{items:,}", "limit": f"{plan_max_items():,}"},
            code="too_large",
        )
    return _plan_create(actor=actor, parsed=parsed, filename=name, data=data)


def plan_horizon(title: str, issued_on: dt.date | None) -> dt.date | None:
    """Default deadline of a plan's undated items: the end of the last year its title names
    (大连市2024年…方案 → 2024-12-31; …(2021-2024年) → 2024-12-31)."""
    years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", title or "")]
    years = [y for y in years if not issued_on or y >= issued_on.year - 1]
    return dt.date(max(years), 12, 31) if years else None


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _deadline_fields(deadlines: list[dict]) -> tuple[str, dt.date | None]:
    dated = [d for d in (_iso_date(x.get("date")) for x in deadlines) if d]
    if dated:
        return DeadlineKind.DATE, max(dated)
    kinds = {d.get("kind") for d in deadlines}
    if "ongoing" in kinds:
        return DeadlineKind.ONGOING, None
    if "scheduled" in kinds:
        return DeadlineKind.SCHEDULED, None
    return DeadlineKind.NONE, None


class _Resolver:
    """Resolves a plan's mentions once each (a plan repeats the same 15 names on every item)."""

    def __init__(self, district: Unit | None):
        self.district = district
        self._cache: dict[str, Any] = {}

    def single(self, mention: str):
        if mention not in self._cache:
            self._cache[mention] = resolve_single(mention, self.district)
        return self._cache[mention]


def _mention_rows(item: PlanItem, role: str, records: list[dict], resolver: _Resolver) -> list[ItemMention]:
    rows = []
    for position, data in enumerate(records):
        collective = parse_bool(data.get("collective"), field="collective")
        unit, candidates = None, []
        if not collective:
            resolution = resolver.single(data["mention"])
            unit, candidates = resolution.unit, list(resolution.candidates)
        rows.append(ItemMention(
            item=item, role=role, position=position, mention=data["mention"][:200], label=(data.get("label") or "")[:32],
            collective=collective, group=(data.get("group") or "")[:200], unit=unit, candidates=candidates,
        ))
    return rows


def _indicator_rows(item: PlanItem, targets: list[dict]) -> list[Indicator]:
    rows = []
    for position, target in enumerate(targets):
        if target.get("comparator") not in Comparator.values:
            continue
        try:
            value = _parse_decimal(target["value"], "")
        except (ValidationError, KeyError):
            continue  # a figure the column cannot hold stays in the item's text, not as an indicator
        rows.append(Indicator(
            item=item, position=position, metric=(target.get("metric") or target.get("text") or "")[:200],
            quantity=(target.get("quantity") or "")[:16], comparator=target["comparator"], value=value,
            unit=(target.get("unit") or "")[:32], due=_iso_date(target.get("date")), text=(target.get("text") or "")[:300],
        ))
    return rows


def _plan_create(*, actor, parsed: dict, filename: str, data: bytes) -> Plan:
    issued_on = _iso_date(parsed.get("date"))
    issuing_unit = issuing_unit_for(parsed.get("issuer"))
    title = (parsed.get("title") or Path(filename).stem)[:300]
    sha = hashlib.sha256(data).hexdigest()
    summary_keys = ("title", "issuer", "date", "published", "doc_number", "source", "year", "year_source", "format", "levels", "item_count", "warnings", "cleanup")
    with audited_write(actor):
        plan = Plan(
            title=title, issuer=(parsed.get("issuer") or "")[:200], doc_number=(parsed.get("doc_number") or "")[:64],
            issued_on=issued_on, issuing_unit=issuing_unit, default_due=plan_horizon(title, issued_on),
            source_filename=filename[:256], source_format=parsed.get("format", ""), source_sha256=sha,
            source_text=parsed.get("source_text", ""), parse_result={k: parsed.get(k) for k in summary_keys},
            created_by=actor if isinstance(actor, User) else None,
        )
        plan.source_file.name = _store_content_addressed("plans/sources", sha, Path(filename).suffix.lower(), data)
        plan.save()

        resolver = _Resolver(district_of(issuing_unit))
        by_level: dict[int, list[tuple[PlanItem, dict, dict | None]]] = {}
        objects: dict[int, PlanItem] = {}
        parents: dict[int, dict | None] = {}

        def collect(items: list[dict], parent: dict | None):
            for entry in items:
                parents[id(entry)] = parent
                collect(entry["children"], entry)

        collect(parsed["items"], None)
        for position, entry in enumerate(iter_items(parsed), start=1):
            kind, due = _deadline_fields(entry["deadlines"])
            obj = PlanItem(
                plan=plan, position=position, number=entry["number"][:16], path=entry["path"], level=entry["level"],
                title=(entry["title"] or entry["number"])[:300], text=entry["text"], line=entry["line"], end_line=entry["end_line"],
                deadline_kind=kind, due=due, deadlines=entry["deadlines"],
            )
            objects[id(entry)] = obj
            by_level.setdefault(entry["level"], []).append((obj, entry, parents[id(entry)]))
        for level in sorted(by_level):
            batch = []
            for obj, _entry, parent in by_level[level]:
                obj.parent = objects[id(parent)] if parent else None
                batch.append(obj)
            PlanItem.objects.bulk_create(batch)
        mentions: list[ItemMention] = []
        indicators: list[Indicator] = []
        for level_items in by_level.values():
            for obj, entry, _parent in level_items:
                mentions += _mention_rows(obj, ItemMention.Role.LEAD, entry["lead_units"], resolver)
                mentions += _mention_rows(obj, ItemMention.Role.RESPONSIBLE, entry["responsible_units"], resolver)
                indicators += _indicator_rows(obj, entry["targets"])
        ItemMention.objects.bulk_create(mentions)
        Indicator.objects.bulk_create(indicators)
        record("plans.plan.import", plan, after=plan.audit_snapshot())
        record_bulk("plans.plan_item.import", PlanItem, count=len(objects), summary={"plan_id": plan.pk})
        record_bulk("plans.item_mention.import", ItemMention, count=len(mentions), summary={"plan_id": plan.pk})
        record_bulk("plans.indicator.import", Indicator, count=len(indicators), summary={"plan_id": plan.pk})
    return plan


def plan_discard(*, actor, plan: Plan) -> None:
    """Delete a draft (a wrong file, a second import of the same plan) with everything parsed from it."""
    require_capability(actor, "plans.review_plans")
    if not plan.is_draft:
        raise ValidationError(_("已发布的方案不能删除"))
    with audited_write(actor):
        record("plans.plan.discard", plan, before={**plan.audit_snapshot(), "items": plan.items.count()}, after=None, changes_only=False)
        stored = plan.source_file.name
        plan.delete()
    if stored and not Plan.objects.filter(source_file=stored).exists():
        default_storage.delete(stored)


# --- review ------------------------------------------------------------------------------------------

PLAN_EDITABLE_IN_DRAFT = ("title", "issuer", "doc_number", "issued_on", "issuing_unit", "default_due")
PLAN_SUPERVISION_FIELDS = ("report_every_months", "report_grace_days", "lag_tolerance")


def plan_update(*, actor, plan: Plan, expected_version: int | None, **values) -> Plan:
    """Correct a draft's metadata; the supervision rules (reporting cycle…) stay editable after publishing."""
    require_capability(actor, "plans.review_plans")
    unknown = set(values) - set(PLAN_EDITABLE_IN_DRAFT) - set(PLAN_SUPERVISION_FIELDS)
    if unknown:
        raise ValidationError(_("不能修改的字段:%(fields)s") % {"fields": "、".join(sorted(unknown))})
    if not plan.is_draft and set(values) - set(PLAN_SUPERVISION_FIELDS):
        raise ValidationError(_("方案已发布,只能调整报送周期等督办规则"))
    if "title" in values and not (values["title"] or "").strip():
        raise ValidationError(_("方案标题不能为空"))
    with audited_write(actor):
        before = plan.audit_snapshot()
        district_before = district_of(plan.issuing_unit)
        for field, value in values.items():
            setattr(plan, field, value.strip() if isinstance(value, str) else value)
        plan.full_clean(exclude=["source_file", "source_text", "parse_result"])
        save_versioned(plan, expected_version)
        record("plans.plan.update", plan, before=before, after=plan.audit_snapshot())
        if district_of(plan.issuing_unit) != district_before:
            _reresolve_plan(plan)
        if plan.is_draft and plan.issued_on and before.get("issued_on") != plan.issued_on.isoformat():
            _date_yearless_deadlines(plan, plan.issued_on.year)
    return plan


def _dated_in(item: PlanItem, year: int) -> list[dict] | None:
    """The item's deadlines with those the text wrote without a year (「11月底前」, 「9月15日」) dated in ``year``;
    None when it has none such."""
    dated, changed = [], False
    for deadline in item.deadlines:
        found = [] if deadline.get("date") else [d for d in parse_deadline_field(deadline.get("text") or "", year) if d.get("date")]
        if found:
            changed = True
            dated += [{**deadline, "date": d["date"], "kind": d["kind"], "dated_by": "issued_on"} for d in found]
        else:
            dated.append(deadline)
    return dated if changed else None


def _date_yearless_deadlines(plan: Plan, year: int) -> None:
    """The reviewer gave the 成文日期 of a plan whose text names no year (an annex's table, a notice without its
    heading): the deadlines it wrote as a month or a day alone are dated in that year — items corrected by hand keep
    what the reviewer set."""
    for item in PlanItem.objects.filter(plan=plan, corrected=False, deadline_kind=DeadlineKind.NONE).order_by("position"):
        dated = _dated_in(item, year)
        if dated is None:
            continue
        before = item.audit_snapshot()
        item.deadlines = dated
        item.deadline_kind, item.due = _deadline_fields(dated)
        item.save(update_fields=["deadlines", "deadline_kind", "due"])
        record("plans.plan_item.date_yearless", item, before=before, after=item.audit_snapshot())


def _reresolve_plan(plan: Plan) -> None:
    """The issuing district changed: 区财政局 may now mean another unit."""
    resolver = _Resolver(district_of(plan.issuing_unit))
    for mention in ItemMention.objects.filter(item__plan=plan, collective=False):
        resolution = resolver.single(mention.mention)
        if (mention.unit_id, mention.candidates) != (resolution.unit.pk if resolution.unit else None, list(resolution.candidates)):
            before = mention.audit_snapshot()
            mention.unit, mention.candidates = resolution.unit, list(resolution.candidates)
            mention.save()
            record("plans.item_mention.resolve", mention, before=before, after=mention.audit_snapshot())


def _parse_decimal(value, label: str) -> Decimal:
    """An indicator value or weight as its column (18 digits, 4 places) stores it: the kernel's number parser,
    so "inf", "nan", "1e400" or "1,2" are a Chinese error instead of a failure in the database."""
    number = parse_decimal(value, label, minimum=None, max_digits=18, decimal_places=4)
    if number is None:
        raise ValidationError(_("%(label)s“%(value)s”不是数字") % {"label": label, "value": value})
    return number


def item_update(
    *, actor, item: PlanItem, expected_version: int | None, title: str, lead_units: str, responsible_units: str,
    deadline_kind: str, due: dt.date | None, indicators: list[dict] | None = None,
) -> PlanItem:
    """The officer's correction of one item: its title, units (as written, 、-separated), deadline and targets."""
    require_capability(actor, "plans.review_plans")
    plan = item.plan
    if not plan.is_draft:
        raise ValidationError(_("方案已发布,条目不能再修改"))
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("条目标题不能为空"))
    if deadline_kind not in DeadlineKind.values:
        raise ValidationError(_("时限类型无效"))
    if deadline_kind == DeadlineKind.DATE and due is None:
        raise ValidationError(_("选择“限期完成”时请填写完成时限"))
    if deadline_kind != DeadlineKind.DATE:
        due = None
    cleaned_indicators = []
    for index, data in enumerate(indicators or [], start=1):
        if data.get("comparator") not in Comparator.values:
            raise ValidationError(_("第%(index)s个指标的比较方式无效") % {"index": index})
        metric = (data.get("metric") or "").strip()
        if not metric:
            raise ValidationError(_("第%(index)s个指标缺少名称") % {"index": index})
        cleaned_indicators.append({**data, "metric": metric[:200], "value": _parse_decimal(data.get("value"), _("第%(index)s个指标的目标值") % {"index": index})})

    resolver = _Resolver(district_of(plan.issuing_unit))
    phrases = load_collective_phrases()
    with audited_write(actor):
        before = item.audit_snapshot()
        item.title = title[:300]
        item.deadline_kind = deadline_kind
        item.due = due
        item.corrected = True
        save_versioned(item, expected_version)
        record("plans.plan_item.update", item, before=before, after=item.audit_snapshot())
        for role, text, label in ((ItemMention.Role.LEAD, lead_units, "牵头单位"), (ItemMention.Role.RESPONSIBLE, responsible_units, "责任单位")):
            _replace_mentions(item, role, build_mentions(text or "", label, phrases=phrases), resolver)
        _replace_indicators(item, cleaned_indicators)
    return item


def _replace_mentions(item: PlanItem, role: str, records: list[dict], resolver: _Resolver) -> None:
    """Keep rows whose text did not change (with any unit the admin chose for them), replace the rest."""
    existing = list(item.mentions.filter(role=role).order_by("position"))
    kept_by_text = {m.mention: m for m in existing}
    wanted = [r["mention"] for r in records]
    for mention in existing:
        if mention.mention not in wanted:
            record("plans.item_mention.delete", mention, before=mention.audit_snapshot(), after=None, changes_only=False)
            mention.delete()
    for position, data in enumerate(records):
        row = kept_by_text.get(data["mention"])
        if row is not None:
            if row.position != position:
                before = row.audit_snapshot()
                row.position = position
                row.save()
                record("plans.item_mention.move", row, before=before, after=row.audit_snapshot())
            continue
        row = _mention_rows(item, role, [data], resolver)[0]
        row.position = position
        row.save()
        record("plans.item_mention.create", row, after=row.audit_snapshot())


def _replace_indicators(item: PlanItem, indicators: list[dict]) -> None:
    for indicator in list(item.indicators.all()):
        record("plans.indicator.delete", indicator, before=indicator.audit_snapshot(), after=None, changes_only=False)
        indicator.delete()
    for position, data in enumerate(indicators):
        indicator = Indicator(
            item=item, position=position, metric=data["metric"], quantity=(data.get("quantity") or "")[:16],
            comparator=data["comparator"], value=data["value"], unit=(data.get("unit") or "")[:32], due=data.get("due"),
            text=(data.get("text") or "")[:300],
        )
        indicator.save()
        record("plans.indicator.create", indicator, after=indicator.audit_snapshot())


def mention_assign(*, actor, mention: ItemMention, unit: Unit, remember: bool = True) -> int:
    """The admin says which unit a flagged mention means.

    A name the organisation tree does not know becomes an alias of the unit (core's ``unit_alias_add``),
    so later imports resolve it, and every flagged mention with the same text is assigned at once.
    A name shared by several units (区财政局 in a city-wide plan) or a collective phrase that expands to
    nothing is assigned within this plan only. Published plans get the unit's tasks. Returns how many
    mentions were assigned.
    """
    require_capability(actor, "plans.map_units")
    key = normalize_unit_name(mention.mention)
    with audited_write(actor):
        unknown_name = not mention.collective and not unit_resolve(mention.mention)
        if remember and unknown_name:
            unit_alias_add(actor=actor, unit=unit, alias=mention.mention)
        same_text = ItemMention.objects.filter(unit__isnull=True, collective=mention.collective).select_related("item__plan")
        if unknown_name and remember:
            targets = [m for m in same_text.filter(candidates=[]) if normalize_unit_name(m.mention) == key]
        else:
            targets = [m for m in same_text.filter(item__plan=mention.item.plan) if normalize_unit_name(m.mention) == key]
        if mention.pk not in {m.pk for m in targets}:
            targets.append(mention)
        for target in targets:
            before = target.audit_snapshot()
            target.unit = unit
            target.save()
            record("plans.item_mention.assign", target, before=before, after=target.audit_snapshot())
            if target.item.plan.status == Plan.Status.PUBLISHED:
                _create_tasks(target.item.plan, [target.item], notify=True)
    return len(targets)


# --- publishing: items become tasks ------------------------------------------------------------------

def effective_deadline(item: PlanItem, items_by_id: dict[int, PlanItem], plan: Plan) -> tuple[str, dt.date | None]:
    """An item's own deadline, else its nearest ancestor's, else the plan's default (长期推进 has none)."""
    node = item
    while node is not None:
        if node.deadline_kind == DeadlineKind.DATE and node.due:
            return DeadlineKind.DATE, node.due
        if node.deadline_kind == DeadlineKind.ONGOING:
            return DeadlineKind.ONGOING, None
        if node.deadline_kind == DeadlineKind.SCHEDULED:
            return DeadlineKind.SCHEDULED, plan.default_due
        node = items_by_id.get(node.parent_id)
    return (DeadlineKind.DATE if plan.default_due else DeadlineKind.NONE), plan.default_due


def _create_tasks(plan: Plan, items: Iterable[PlanItem], *, notify: bool, shift_past_due_to: dt.date | None = None) -> list[Task]:
    """Tasks for the items' resolved units that do not have one yet (lead before responsible).

    ``shift_past_due_to``: a deadline already past when the plan is published moves to this day
    (the reviewer's choice at publishing, see :func:`publish_warnings`)."""
    items = list(items)
    items_by_id = {i.pk: i for i in PlanItem.objects.filter(plan=plan)}
    district = district_of(plan.issuing_unit)
    cache: dict = {}
    existing = set(Task.objects.filter(item__in=items).values_list("item_id", "unit_id"))
    today = clock.today()
    new: list[Task] = []
    mentions_by_item: dict[int, list[ItemMention]] = {}
    for mention in ItemMention.objects.filter(item__in=items).select_related("unit").order_by("item_id", "role", "position"):
        mentions_by_item.setdefault(mention.item_id, []).append(mention)
    for item in items:
        mentions = mentions_by_item.get(item.pk, [])
        has_lead = any(m.role == ItemMention.Role.LEAD for m in mentions)
        kind, due = effective_deadline(item, items_by_id, plan)
        if shift_past_due_to and due and due < today:
            due = shift_past_due_to
        for role in (ItemMention.Role.LEAD, ItemMention.Role.RESPONSIBLE):
            for mention in (m for m in mentions if m.role == role):
                for unit in mention_expansion(mention, district, cache).units:
                    if (item.pk, unit.pk) in existing:
                        continue
                    existing.add((item.pk, unit.pk))
                    new.append(Task(
                        plan=plan, item=item, unit=unit, role=role, mention=mention,
                        accountable=role == ItemMention.Role.LEAD or not has_lead,
                        start_on=today, due=due, deadline_kind=kind,
                    ))
    if new:
        Task.objects.bulk_create(new)
        record_bulk("plans.task.create", Task, count=len(new), summary={"plan_id": plan.pk, "items": len({t.item_id for t in new})})
        if notify:
            _notify_new_tasks(plan, new)
    return new


def _notify_new_tasks(plan: Plan, tasks: list[Task]) -> None:
    per_unit: dict[int, list[Task]] = {}
    for task in tasks:
        per_unit.setdefault(task.unit_id, []).append(task)
    link = reverse("plans:task_list") + f"?plan={plan.pk}"
    for unit_tasks in per_unit.values():
        unit = unit_tasks[0].unit
        leads = sum(1 for t in unit_tasks if t.role == ItemMention.Role.LEAD)
        notify_unit(
            unit, title=f"新任务:{plan.title}", link=link, category="plans",
            body=f"本单位承担{len(unit_tasks)}项任务(其中牵头{leads}项),请按期报送进度。",
            dedup_key=f"plans:tasks:{plan.pk}:{len(unit_tasks)}:{min(t.item_id for t in unit_tasks)}",
        )


@dataclass(frozen=True)
class PublishWarnings:
    """What a reviewer must see before publishing a draft: tasks that would be 逾期 the moment they exist,
    and items that name no unit at all (nobody would be responsible for them)."""

    today: dt.date
    past_due: list[tuple[PlanItem, dt.date]]  # items that will get tasks, with their effective deadline
    without_units: list[PlanItem]  # leaf items naming no unit, nor does any item above them
    # items whose only deadlines are written without a year in a text that names none (「11月底前」): undated until
    # the reviewer gives the 成文日期 (or dates each item)
    yearless: list[PlanItem] = dataclass_field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.past_due or self.without_units or self.yearless)

    @property
    def suggested_shift(self) -> dt.date:
        """Where past deadlines move by default: three months from today, at the end of that month."""
        from .status import add_months

        return add_months(self.today.replace(day=1), 4) - dt.timedelta(days=1)


def publish_warnings(plan: Plan, today: dt.date | None = None) -> PublishWarnings:
    today = today or clock.today()
    items = list(PlanItem.objects.filter(plan=plan).order_by("position"))
    by_id = {i.pk: i for i in items}
    with_mentions = set(ItemMention.objects.filter(item__plan=plan).values_list("item_id", flat=True))
    parents = {i.parent_id for i in items if i.parent_id}
    past_due = []
    for item in items:
        if item.pk in with_mentions:
            kind, due = effective_deadline(item, by_id, plan)
            if kind == DeadlineKind.DATE and due and due < today:
                past_due.append((item, due))

    def named_above_or_here(item: PlanItem) -> bool:
        node = item
        while node is not None:
            if node.pk in with_mentions:
                return True
            node = by_id.get(node.parent_id)
        return False

    without_units = [i for i in items if i.pk not in parents and not named_above_or_here(i)]
    yearless = [
        i for i in items
        if i.deadline_kind == DeadlineKind.NONE and not i.corrected
        and any(not d.get("date") and written_without_its_year(d.get("text")) for d in i.deadlines)
    ]
    return PublishWarnings(today, past_due, without_units, yearless)


PAST_DUE_KEEP, PAST_DUE_SHIFT = "keep", "shift"


def plan_publish(*, actor, plan: Plan, expected_version: int | None, past_due: str | None = None,
                 shift_to: dt.date | None = None) -> list[Task]:
    """Publish a reviewed draft: every item's resolved units get their task. Flagged mentions stay
    listed for the admin; assigning them later adds their tasks.

    When deadlines have already passed, the reviewer decides explicitly: ``past_due="keep"`` publishes
    them as written (every such task is 逾期 at once), ``past_due="shift"`` moves them to ``shift_to``.
    Without a decision the publication is refused, so nobody publishes a plan of overdue tasks unawares."""
    require_capability(actor, "plans.review_plans")
    if not plan.is_draft:
        raise ValidationError(_("该方案已经发布"))
    warnings = publish_warnings(plan)
    shift_past_due_to = None
    if warnings.past_due:
        if past_due == PAST_DUE_SHIFT:
            if shift_to is None or shift_to < warnings.today:
                raise ValidationError({"shift_to": [_("顺延后的完成时限须是今天或以后的日期")]}, code="bad_shift")
            shift_past_due_to = shift_to
        elif past_due != PAST_DUE_KEEP:
            raise ValidationError(
                _("有 %(n)s 个条目的完成时限已过(早于 %(today)s),按原时限发布后相应任务会立即逾期。请选择仍按原时限发布,或将这些时限顺延后再发布。")
                % {"n": len(warnings.past_due), "today": f"{warnings.today:%Y-%m-%d}"}, code="past_due_unconfirmed")
    items = list(PlanItem.objects.filter(plan=plan, mentions__isnull=False).distinct())
    with audited_write(actor):
        before = plan.audit_snapshot()
        plan.status = Plan.Status.PUBLISHED
        plan.published_at = clock.now()
        plan.published_by = actor if isinstance(actor, User) else None
        save_versioned(plan, expected_version)
        after = plan.audit_snapshot()
        if warnings.past_due:
            after["past_due_items"] = len(warnings.past_due)
            after["past_due_decision"] = f"顺延至 {shift_past_due_to:%Y-%m-%d}" if shift_past_due_to else "按原时限发布"
        record("plans.plan.publish", plan, before=before, after=after)
        tasks = _create_tasks(plan, items, notify=True, shift_past_due_to=shift_past_due_to)
        if not tasks:
            raise ValidationError(_("没有任何条目对应到组织树中的单位,无法发布。请先在审核页为条目填写或映射责任单位。"))
    return tasks


# --- the ledger: progress reports ----------------------------------------------------------------------

def owns_task(user, task: Task) -> bool:
    """Whether ``user`` works in the unit (or a parent unit) the task belongs to."""
    return in_subtree(task.unit, scope_of(user).unit_path)


def check_evidence_file(upload) -> None:
    """An evidence file by the platform's one upload rule (core.uploads): type, signature, size, containers."""
    check_upload(upload, allowed=EVIDENCE_SUFFIXES, max_bytes=evidence_max_bytes(), what=_("佐证材料"))


def report_submit(
    *, actor, task: Task, text: str, percent: int, is_final: bool = False, values: dict[int, Any] | None = None,
    files: Iterable = (), good_practice: str = "",
) -> ProgressReport:
    """A unit's progress report on its own open task: text, progress, indicator values, evidence files.
    A final report (申请办结) finishes the task; no report is accepted on a finished task."""
    require_capability(actor, "plans.report_progress")
    if not owns_task(actor, task):
        raise PermissionDenied(_("只能为本单位的任务报送进度"))
    if task.plan.status != Plan.Status.PUBLISHED:
        raise ValidationError(_("方案尚未发布,不能报送进度"))
    if task.state == Task.State.FINISHED:
        raise ValidationError(_("该任务已办结,不能再报送进度。如需补充,请联系督办管理员重新打开任务。"))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("请填写进展情况"))
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise ValidationError(_("完成进度应为 0 到 100 之间的整数"))
    if not 0 <= percent <= 100:
        raise ValidationError(_("完成进度应为 0 到 100 之间的整数"))
    if is_final:
        percent = 100
    indicators = {i.pk: i for i in task.item.indicators.all()} if task.accountable else {}
    cleaned_values: dict[int, Decimal] = {}
    for key, raw in (values or {}).items():
        if raw in (None, ""):
            continue
        indicator = indicators.get(int(key)) if str(key).isdecimal() else None
        if indicator is None:
            raise ValidationError(_("所填指标不属于本任务"))
        cleaned_values[indicator.pk] = _parse_decimal(raw, _("指标“%(metric)s”的实际值") % {"metric": indicator.metric})
    if is_final and indicators:
        missing = [i.metric for pk, i in indicators.items() if pk not in cleaned_values]
        if missing:
            raise ValidationError(_("申请办结前请填写全部量化指标的实际值:%(missing)s") % {"missing": "、".join(missing)})
    files = list(files)
    if len(files) > EVIDENCE_MAX_FILES:
        raise ValidationError(_("每次最多上传 %(count)s 个佐证材料") % {"count": EVIDENCE_MAX_FILES})
    for upload in files:
        check_evidence_file(upload)

    now = clock.now()
    with audited_write(actor):
        report = ProgressReport(
            task=task, period=cycle_key(clock.today(), task.plan.report_every_months), text=text, percent=percent,
            is_final=is_final, good_practice=(good_practice or "").strip(), submitted_by=actor if isinstance(actor, User) else None,
            submitted_at=now,
        )
        report.save()
        record("plans.progress_report.submit", report, after=report.audit_snapshot())
        for indicator_id, value in cleaned_values.items():
            row = IndicatorValue(report=report, indicator_id=indicator_id, value=value)
            row.save()
            record("plans.indicator_value.create", row, after=row.audit_snapshot())
        for upload in files:
            content = upload.read()
            evidence = Evidence(
                report=report, name=Path(upload.name).name[:200], size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                content_type=(getattr(upload, "content_type", "") or "")[:100],
            )
            evidence.file.name = _store_content_addressed("plans/evidence", evidence.sha256, Path(upload.name).suffix.lower(), content)
            evidence.save()
            record("plans.evidence.create", evidence, after=evidence.audit_snapshot())
        if is_final:
            perform(TASKS, task, "finish", actor, {}, expected_version=None, now=now)
    return report


def do_finish(step) -> None:
    """Handler of the spec's 申请办结 (plans/workflow.py), run by a final report."""
    step.obj.finished_at = step.now


def do_reopen(step) -> None:
    """Handler of the spec's 重新打开: the supervising office sends a finished task back (the work was not
    done as reported)."""
    task = step.obj
    task.finished_at = None
    step.then(lambda: notify_unit(task.unit, title=f"任务被重新打开:{task.item.title}", body=step.reason, category="plans",
                                  link=reverse("plans:task_detail", args=[task.pk]), dedup_key=f"plans:reopen:{task.pk}:{task.version}"))


def task_act(*, actor, task: Task, operation: str, data=None, expected_version: int | None = None) -> Task:
    """One operation of the task workflow with what a person submitted (a page's form, a JSON body)."""
    values = data.dict() if hasattr(data, "dict") else dict(data or {})
    run_operation(TASKS, task, operation, actor, values, expected_version)
    return task


def task_reopen(*, actor, task: Task, reason: str, expected_version: int | None = None) -> Task:
    return task_act(actor=actor, task=task, operation="reopen", data={"reason": reason}, expected_version=expected_version)


# --- reminders -----------------------------------------------------------------------------------------

# Counted in working days on the city's calendar (core/workcalendar.py): the last reminder before a deadline
# that follows the 国庆 week comes on the last working day before the holiday, not on a day nobody is at work.
REMIND_WORKDAYS_BEFORE = (20, 5, 1)
REPORT_REMINDER_WORKDAYS = 3  # working days before a reporting cycle ends


def reminders_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Inbox reminders for open tasks of published plans: an approaching deadline (20/5/1 working days), a
    passed one, and a cycle about to end without a report. Idempotent: each reminder has a dedup key,
    so running it twice (or every hour) sends nothing twice."""
    from .status import add_months, cycle_start

    today = today or clock.today()
    calendar = workcalendar.current()
    sent = {"deadline": 0, "overdue": 0, "report": 0}
    # Only units with someone to read the inbox; the rest would cost a query per task for nothing.
    staffed = User.objects.filter(is_active=True, unit__isnull=False).values("unit_id")
    tasks = Task.objects.filter(
        plan__status=Plan.Status.PUBLISHED, state=Task.State.OPEN, unit_id__in=staffed,
    ).select_related("unit", "item", "plan")
    reported_since: dict[int, dt.date] = {}
    for task_id, submitted_at in ProgressReport.objects.filter(task__in=tasks).values_list("task_id", "submitted_at"):
        day = timezone.localdate(submitted_at)
        reported_since[task_id] = max(day, reported_since.get(task_id, day))
    for task in tasks:
        link = reverse("plans:task_detail", args=[task.pk])
        name = f"{task.item.number}{task.item.title}"
        if task.due:
            if task.due < today:
                sent["overdue"] += notify_unit(
                    task.unit, title=f"任务已逾期:{name}", link=link, category="plans",
                    body=f"完成时限 {task.due:%Y-%m-%d} 已过,请尽快办结并报送。", dedup_key=f"plans:overdue:{task.pk}:{task.due}",
                )
                continue
            workdays_left = calendar.workdays_between(today, task.due)
            threshold = min((d for d in REMIND_WORKDAYS_BEFORE if workdays_left <= d), default=None)
            if threshold is not None:
                when = f"将于{workdays_left}个工作日后到期" if workdays_left else "到期前已无工作日"
                sent["deadline"] += notify_unit(
                    task.unit, title=f"任务{when}:{name}", link=link, category="plans",
                    body=f"完成时限 {task.due:%Y-%m-%d}。", dedup_key=f"plans:due:{task.pk}:{task.due}:{threshold}",
                )
        every = task.plan.report_every_months
        start = cycle_start(today, every)
        cycle_end = add_months(start, every) - dt.timedelta(days=1)
        if calendar.workdays_between(today, cycle_end) < REPORT_REMINDER_WORKDAYS and reported_since.get(task.pk, dt.date.min) < start:
            sent["report"] += notify_unit(
                task.unit, title=f"请报送本期进度:{name}", link=link, category="plans",
                body=f"本报送周期于 {cycle_end:%Y-%m-%d} 结束,尚未收到本单位的进度报告。",
                dedup_key=f"plans:report:{task.pk}:{cycle_key(today, every)}",
            )
    return sent


# --- scoring scheme ------------------------------------------------------------------------------------

def scheme_active(*, actor=None) -> ScoringScheme:
    """The scheme in use; the default one (40/40/20, one 末位) is created the first time it is needed."""
    scheme = ScoringScheme.objects.filter(is_active=True).order_by("-id").first()
    if scheme is None:
        with audited_write(actor):
            scheme = ScoringScheme(name="默认评分方案")
            scheme.save()
            record("plans.scoring_scheme.create", scheme, after=scheme.audit_snapshot())
    return scheme


def scheme_update(*, actor, scheme: ScoringScheme, expected_version: int | None, name: str, weight_completion, weight_timeliness,
                  weight_indicators, extra_weights: dict, bottom_places: int) -> ScoringScheme:
    require_capability(actor, "plans.manage_scoring")
    weights = {"完成率": weight_completion, "及时性": weight_timeliness, "指标达成": weight_indicators, **extra_weights}
    cleaned = {label: _parse_decimal(value, _("%(label)s权重") % {"label": label}) for label, value in weights.items()}
    if any(value >= 10000 for value in cleaned.values()):  # the weight columns hold 6 digits, 2 after the point
        raise ValidationError(_("权重不能大于 9999.99"))
    if any(value < 0 for value in cleaned.values()):
        raise ValidationError(_("权重不能为负数"))
    if sum(cleaned.values()) <= 0:
        raise ValidationError(_("权重之和必须大于 0"))
    with audited_write(actor):
        before = scheme.audit_snapshot()
        scheme.name = (name or "").strip() or scheme.name
        scheme.weight_completion = cleaned["完成率"]
        scheme.weight_timeliness = cleaned["及时性"]
        scheme.weight_indicators = cleaned["指标达成"]
        scheme.extra_weights = {key: float(cleaned[key]) for key in extra_weights}
        scheme.bottom_places = int(bottom_places)
        save_versioned(scheme, expected_version)
        record("plans.scoring_scheme.update", scheme, before=before, after=scheme.audit_snapshot())
    return scheme


# --- ranking and bulletins -----------------------------------------------------------------------------

def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    from .status import parse_period

    try:
        start, end = parse_period(period)
    except ValueError as error:
        raise ValidationError(str(error))
    today = clock.today()
    if start > today:
        raise ValidationError(_("%(period)s 尚未开始,不能评价") % {"period": period})
    return start, min(end, today)


def _extra_scores(units: list[Unit], start: dt.date, as_of: dt.date, weights: dict) -> tuple[dict[str, dict[int, float]], list[dict]]:
    """Scores of the registered unit performance components (core.registry) with a weight, for the period
    ``start``–``as_of``."""
    from .scoring import extra_components

    scores: dict[str, dict[int, float]] = {}
    used: list[dict] = []
    for component in extra_components():
        if float(weights.get(component.key, 0)) <= 0:
            continue
        try:
            scores[component.key] = {int(k): float(v) for k, v in component.compute(units, start, as_of).items()}
            used.append({"key": component.key, "label": str(component.label), "ok": True})
        except Exception:  # another module's failure must not stop the ranking; the run records it
            logger.exception("score component %s failed", component.key)
            used.append({"key": component.key, "label": str(component.label), "ok": False})
    return scores, used


def ranking_compute(*, actor, period: str) -> "RankingRun":
    """Score and rank every unit and every district for ``period`` (as of its last day, or today for
    the current period) with the active scheme. Each run is kept: the history of a period's rankings."""
    from collections import defaultdict

    from .models import RankingEntry, RankingRun
    from .scoring import BUILTIN_COMPONENTS, rank_groups, score_group
    from .selectors import task_outcomes

    require_capability(actor, "plans.compute_ranking")
    start, as_of = period_bounds(period)
    scheme = scheme_active(actor=actor)
    weights = scheme.weights()
    tasks = list(Task.objects.filter(plan__status=Plan.Status.PUBLISHED).select_related("unit", "plan", "item"))
    districts = list(Unit.objects.filter(kind=Unit.Kind.DISTRICT_GOV).exclude(parent__kind=Unit.Kind.DISTRICT_GOV))
    by_scope: dict[str, dict[int, list]] = {RankingEntry.Scope.UNIT: defaultdict(list), RankingEntry.Scope.DISTRICT: defaultdict(list)}
    units: dict[int, Unit] = {d.pk: d for d in districts}
    for task, outcome in task_outcomes(tasks, as_of):
        units[task.unit_id] = task.unit
        if task.unit.kind != Unit.Kind.DISTRICT_GOV:
            by_scope[RankingEntry.Scope.UNIT][task.unit_id].append(outcome)
        district = next((d for d in districts if in_subtree(task.unit, d)), None)
        if district is not None:
            by_scope[RankingEntry.Scope.DISTRICT][district.pk].append(outcome)
    entries: list[RankingEntry] = []
    components_used = [{"key": k, "label": v, "ok": True} for k, v in BUILTIN_COMPONENTS.items()]
    for scope, groups in by_scope.items():
        scope_units = [units[pk] for pk in groups]
        extras, used = _extra_scores(scope_units, start, as_of, weights)
        components_used += [u for u in used if u not in components_used]
        scored = [score_group(pk, outcomes, weights, {k: v.get(pk) for k, v in extras.items()}) for pk, outcomes in groups.items()]
        for group in rank_groups(scored, scheme.bottom_places):
            entries.append(RankingEntry(
                scope=scope, unit=units[group.unit_id], score=group.score, rank=group.rank, is_bottom=group.is_bottom,
                tasks=group.tasks, finished=group.finished, lagging=group.lagging, overdue=group.overdue, components=group.components,
            ))
    with audited_write(actor):
        run = RankingRun(
            period=period, as_of=as_of, scheme=scheme, weights={k: float(v) for k, v in weights.items()},
            components=components_used, computed_by=actor if isinstance(actor, User) else None, computed_at=clock.now(),
        )
        run.save()
        record("plans.ranking_run.compute", run, after=run.audit_snapshot())
        for entry in entries:
            entry.run = run
        RankingEntry.objects.bulk_create(entries)
        record_bulk("plans.ranking_entry.create", RankingEntry, count=len(entries), summary={"run_id": run.pk, "period": period})
    return run


def bulletin_generate(*, actor, period: str) -> "Bulletin":
    """The monthly 通报 of ``period``: a fresh ranking, then the web page's content, a DOCX and a PDF."""
    from .bulletins import build_content, render_docx, render_pdf
    from .models import Bulletin

    require_capability(actor, "plans.publish_bulletins")
    run = ranking_compute(actor=actor, period=period)
    content = build_content(run)
    docx_bytes = render_docx(content)
    pdf_bytes = render_pdf(content)
    with audited_write(actor):
        bulletin = Bulletin(
            period=period, title=content["title"], run=run, content=content,
            generated_by=actor if isinstance(actor, User) else None, generated_at=clock.now(),
        )
        bulletin.docx.save(f"bulletin-{period}-{run.pk}.docx", ContentFile(docx_bytes), save=False)
        bulletin.pdf.save(f"bulletin-{period}-{run.pk}.pdf", ContentFile(pdf_bytes), save=False)
        bulletin.save()
        record("plans.bulletin.generate", bulletin, after=bulletin.audit_snapshot())
    return bulletin
