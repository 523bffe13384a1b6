"""Early warning: run the detectors over the appeal history and keep the warnings people act on.

``run_detection`` reads (accepted_at, label, district) of up to three years of appeals as plain values
in chunks, counts them per label × district × day with numpy, runs yingshang.insights.detection for
the recent days and writes the warnings: a new event becomes a new EarlyWarning (bulk, audited), an
event that goes on extends the warning already raised for it instead of raising another one. Each
warning gets the appeals behind it and the unit that owns its label × district in the routing table.

What people then do to a warning (确认, 标记已处置, 排除) is the workflow spec in ``workflow.py``;
``do_warning_step`` is its handler, ``warning_act`` / ``warning_transition`` run it through the kernel.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections import Counter

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yingshang.appeals.public import appeal_rows, label_code, label_rows, latest_label, owner_resolver
from yingshang.core import clock, workcalendar
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record, record_bulk
from yingshang.core.models import Division, Unit
from yingshang.core.permissions import require_capability
from yingshang.core.services import save_versioned
from yingshang.core.workflow import Step, perform, run_operation

from ..detection import DetectionParameters, LabelTree, build_series_cube, detect, leaf_day_counts
from ..detection.pipeline import METHOD_LABELS
from ..detection.repeats import place_bursts
from ..models import AppealPlace, DetectionRun, EarlyWarning, Place
from .workflow import WARNINGS
from .wording import compared_with_usual

HISTORY_DAYS = 3 * 365
RECENT_DAYS = 14
MAX_LINKED_APPEALS = 300
CHUNK = 50_000
Status = EarlyWarning.Status

# A detection run extends only the warnings nobody has closed (the moves between statuses: workflow.py).
OPEN_STATUSES = (Status.NEW, Status.ACKNOWLEDGED)


# --- reading the history -----------------------------------------------------------------------------------

def _utc_offset_seconds(day: dt.date) -> int:
    """Offset of the local time zone on ``day``; a day index is computed from epoch seconds plus it."""
    noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    return int(noon.utcoffset().total_seconds())


def load_history(first_day: dt.date, last_day: dt.date):
    """(day index, label id, district id) arrays of every labelled appeal with a district accepted from
    ``first_day`` to ``last_day`` (local dates), read as values in chunks: no model is instantiated."""
    since = timezone.make_aware(dt.datetime.combine(first_day, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min))
    offset = _utc_offset_seconds(last_day)
    first_epoch_day = (first_day - dt.date(1970, 1, 1)).days
    rows = (appeal_rows().filter(accepted_at__gte=since, accepted_at__lt=until, label__isnull=False, district__isnull=False)
            .values_list("accepted_at", "label_id", "district_id").order_by())
    days, labels, districts = [], [], []
    batch: list = []
    for row in rows.iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) == CHUNK:
            _flush(batch, days, labels, districts, offset, first_epoch_day)
    _flush(batch, days, labels, districts, offset, first_epoch_day)
    if not days:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(days), np.concatenate(labels), np.concatenate(districts)


def _flush(batch, days, labels, districts, offset, first_epoch_day):
    if not batch:
        return
    stamps = np.fromiter((moment.timestamp() for moment, _label, _district in batch), dtype=np.float64, count=len(batch))
    days.append(((stamps + offset) // 86400).astype(np.int64) - first_epoch_day)
    labels.append(np.fromiter((label for _moment, label, _district in batch), dtype=np.int64, count=len(batch)))
    districts.append(np.fromiter((district for _moment, _label, district in batch), dtype=np.int64, count=len(batch)))
    batch.clear()


def build_cube(as_of: dt.date, *, history_days: int = HISTORY_DAYS):
    """The series cube over the history available up to ``as_of`` (at most ``history_days`` days)."""
    first_day = as_of - dt.timedelta(days=history_days - 1)
    earliest = appeal_rows().filter(accepted_at__gte=timezone.make_aware(dt.datetime.combine(first_day, dt.time.min))).order_by("accepted_at").values_list("accepted_at", flat=True).first()
    if earliest is not None:
        first_day = max(first_day, timezone.localtime(earliest).date())
    n_days = (as_of - first_day).days + 1
    days, label_ids, district_ids = load_history(first_day, as_of)
    path_of_label = dict(label_rows().filter(pk__in=np.unique(label_ids).tolist()).values_list("pk", "path"))
    tree = LabelTree(path_of_label.values())
    district_list = list(Division.objects.filter(pk__in=np.unique(district_ids).tolist()).order_by("code"))
    column_of_district = {d.pk: i for i, d in enumerate(district_list)}
    label_lookup = np.full(int(label_ids.max()) + 1 if len(label_ids) else 1, -1, dtype=np.int64)
    for pk, path in path_of_label.items():
        label_lookup[pk] = tree.label_index[path]
    district_lookup = np.full(int(district_ids.max()) + 1 if len(district_ids) else 1, -1, dtype=np.int64)
    for pk, column in column_of_district.items():
        district_lookup[pk] = column
    counts = leaf_day_counts(label_lookup[label_ids], district_lookup[district_ids], days,
                             n_labels=len(tree.labels), n_districts=len(district_list), n_days=n_days)
    cube = build_series_cube(tree, counts, [d.pk for d in district_list], first_day.toordinal())
    return cube, {d.pk: d for d in district_list}


# --- the run ----------------------------------------------------------------------------------------------

def run_detection(*, as_of: dt.date | None = None, actor=None, recent_days: int = RECENT_DAYS,
                  params: DetectionParameters | None = None) -> DetectionRun:
    """Detect over the appeals up to ``as_of`` (default today) and raise or extend warnings for the last
    ``recent_days`` days."""
    require_capability(actor, "insights.run_detection")
    as_of = as_of or clock.today()
    params = params or DetectionParameters()
    started = time.perf_counter()
    run = DetectionRun.objects.create(as_of=as_of, started_at=clock.now(), parameters=params.as_dict() | {"recent_days": recent_days})
    cube, districts = build_cube(as_of)
    timings = {"read_and_count": round(time.perf_counter() - started, 3)}
    warnings_made = 0
    if cube.n_days and len(cube.tree):
        result = detect(cube, max(0, cube.n_days - recent_days), cube.n_days, params, workcalendar.current())
        timings |= result.timings
        clock_start = time.perf_counter()
        warnings_made = _persist(run, result, districts, actor, params.merge_gap_days)
        timings["persist"] = round(time.perf_counter() - clock_start, 3)
    clock_start = time.perf_counter()
    warnings_made += _raise_place_bursts(run, as_of, recent_days, actor, params.merge_gap_days)
    timings["place_bursts"] = round(time.perf_counter() - clock_start, 3)
    run.series_count = len(cube.tree) * cube.n_columns
    run.warning_count = warnings_made
    run.timings = timings | {"total": round(time.perf_counter() - started, 3)}
    run.finished_at = clock.now()
    run.save()
    return run


def _day(cube, index: int) -> dt.date:
    return dt.date.fromordinal(cube.first_day_ordinal + index)


def _summary(warning, district: Division | None, window_start: dt.date, window_end: dt.date) -> str:
    """The sentence leaders read; the p-value stays in its own field (detail page, tooltips)."""
    place = district.name if district else "全市"
    methods = "、".join(METHOD_LABELS[m] for m in warning.methods)
    return (f"{warning.label_path}({place}){window_start:%m-%d}–{window_end:%m-%d} 诉求量"
            f"{compared_with_usual(warning.observed, warning.expected, warning.p_value)}:实际 {warning.observed:.0f} 件,"
            f"往常约 {warning.expected:.1f} 件({methods})")[:500]


def _persist(run: DetectionRun, result, districts: dict[int, Division], actor, gap_days: int) -> int:
    """Create the warnings of new events (bulk, one audit entry per tree level and column kind) and extend the open
    warnings of events that go on; returns how many warnings the run touched."""
    cube = result.cube
    owner_of = owner_resolver()
    now = clock.now()

    def level(warning) -> tuple[int, bool]:
        # Parents are saved before their children: label ancestors are shallower, and a city-wide
        # warning may hang under a district warning of the same label.
        return int(cube.tree.depth[warning.node]), warning.column == cube.city_column

    saved: dict[int, EarlyWarning] = {}
    touched = 0
    with audited_write(actor):
        for current_level in sorted({level(w) for w in result.warnings}):
            new_rows: list[tuple[int, EarlyWarning]] = []
            for index, warning in enumerate(result.warnings):
                if level(warning) != current_level:
                    continue
                district = districts.get(warning.district) if warning.district is not None else None
                start, end = _day(cube, warning.window_start), _day(cube, warning.window_end)
                values = {
                    "kind": warning.kind, "method": warning.method, "observed": warning.observed, "expected": round(warning.expected, 3),
                    "score": round(warning.statistic, 3), "p_value": warning.p_value, "summary": _summary(warning, district, start, end),
                    "parent": saved.get(warning.parent) if warning.parent is not None else None, "run": run,
                    "chart": _chart(result, warning),
                }
                existing = (EarlyWarning.objects.filter(label_path=warning.label_path, district=district, place__isnull=True,
                                                        window_end__gte=start - dt.timedelta(days=gap_days))
                            .order_by("-window_end").first())
                if existing is not None:
                    saved[index] = existing
                    if existing.status in OPEN_STATUSES and (end > existing.window_end or warning.observed != existing.observed):
                        before = existing.audit_snapshot()
                        for field, value in values.items():
                            setattr(existing, field, value)
                        existing.window_end = max(existing.window_end, end)
                        existing.window_start = min(existing.window_start, start)
                        save_versioned(existing, None)
                        record(WARNINGS.audit_action("extend"), existing, before=before, after=existing.audit_snapshot())
                        _link_appeals(existing, district)
                        touched += 1
                    continue
                label = latest_label(warning.label_path)
                row = EarlyWarning(
                    key=f"{label_code(warning.label_path)}:{district.code if district else 'city'}:{start.isoformat()}",
                    label_path=warning.label_path, label=label, district=district, window_start=start, window_end=end,
                    detected_at=now, owner_unit=owner_of(warning.label_path, district.pk if district else None), **values,
                )
                new_rows.append((index, row))
            if new_rows:
                EarlyWarning.objects.bulk_create([row for _key, row in new_rows])
                created = [row for _key, row in new_rows]
                if any(row.pk is None for row in created):  # a backend without RETURNING: read the ids back by key
                    ids = dict(EarlyWarning.objects.filter(key__in=[r.key for r in created]).values_list("key", "pk"))
                    for row in created:
                        row.pk = ids[row.key]
                record_bulk(WARNINGS.audit_action("raise"), EarlyWarning, count=len(created), summary={
                    "run": run.pk, "level": current_level[0], "city_wide": current_level[1], "warnings": [{"key": r.key, "kind": r.kind, "method": r.method} for r in created][:50],
                })
                for index, row in new_rows:
                    saved[index] = row
                    _link_appeals(row, row.district)
                _assign_missing_owners(created)
                touched += len(created)
    return touched


def _chart(result, warning) -> dict:
    series = result.cube.series_of(warning.node, warning.column)
    chart = result.chart(series)
    first = chart.pop("first_day")
    chart["dates"] = [_day(result.cube, first + i).isoformat() for i in range(len(chart["observed"]))]
    chart["method"] = str(result.series_method[series])
    return chart


def _appeals_behind(warning: EarlyWarning, district: Division | None):
    since = timezone.make_aware(dt.datetime.combine(warning.window_start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(warning.window_end + dt.timedelta(days=1), dt.time.min))
    appeals = appeal_rows().filter(Q(label__path=warning.label_path) | Q(label__path__startswith=warning.label_path + "/"),
                                    accepted_at__gte=since, accepted_at__lt=until)
    if district is not None:
        appeals = appeals.filter(district=district)
    return appeals


def _link_appeals(warning: EarlyWarning, district: Division | None) -> None:
    ids = list(_appeals_behind(warning, district).order_by("-accepted_at").values_list("pk", flat=True)[:MAX_LINKED_APPEALS])
    warning.appeals.add(*ids)


def _assign_missing_owners(warnings: list[EarlyWarning]) -> None:
    """No routing rule for a label (a top-level label, say): the unit handling most of the appeals
    behind the warning owns it, else the district's government. Recorded like any other change."""
    for warning in warnings:
        if warning.owner_unit_id:
            continue
        units = Counter(warning.appeals.exclude(unit__isnull=True).values_list("unit_id", flat=True))
        unit_id = units.most_common(1)[0][0] if units else None
        if unit_id is None and warning.district_id:
            unit_id = Unit.objects.filter(kind=Unit.Kind.DISTRICT_GOV, division_id=warning.district_id).values_list("pk", flat=True).first()
        if unit_id is None:
            continue
        before = warning.audit_snapshot()
        warning.owner_unit_id = unit_id
        save_versioned(warning, None)
        record(WARNINGS.audit_action("owner"), warning, before=before, after=warning.audit_snapshot())


# --- repeated appeals about one place ------------------------------------------------------------------------

PLACE_WINDOW_DAYS = 7
PLACE_BASELINE_DAYS = 90


def _raise_place_bursts(run: DetectionRun, as_of: dt.date, recent_days: int, actor, gap_days: int) -> int:
    """REPEATED warnings: bursts of one label at one normalised address (the places area links appeals
    to places at intake). Each hangs under the series warning of its label (or an ancestor) in the
    place's district when there is one, so the address is a detail of that event, not a second event."""
    first_day = as_of - dt.timedelta(days=recent_days + PLACE_WINDOW_DAYS + PLACE_BASELINE_DAYS - 1)
    n_days = (as_of - first_day).days + 1
    since = timezone.make_aware(dt.datetime.combine(first_day, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min))
    rows = list(AppealPlace.objects.filter(accepted_at__gte=since, accepted_at__lt=until, place__district__isnull=False)
                .exclude(label_path="").values_list("place_id", "label_path", "accepted_at").order_by())
    if not rows:
        return 0
    group_of: dict[tuple[int, str], int] = {}
    group_idx = np.fromiter((group_of.setdefault((place, label), len(group_of)) for place, label, _moment in rows), dtype=np.int64, count=len(rows))
    offset = _utc_offset_seconds(as_of)
    stamps = np.fromiter((moment.timestamp() for _place, _label, moment in rows), dtype=np.float64, count=len(rows))
    day_idx = ((stamps + offset) // 86400).astype(np.int64) - (first_day - dt.date(1970, 1, 1)).days
    bursts, counts, rates = place_bursts(group_idx, day_idx, n_groups=len(group_of), n_days=n_days, first_day=n_days - recent_days,
                                         window=PLACE_WINDOW_DAYS, baseline=PLACE_BASELINE_DAYS, merge_gap_days=gap_days)
    if not bursts:
        return 0
    groups = list(group_of)
    places = Place.objects.in_bulk({groups[b.group][0] for b in bursts})
    owner_of = owner_resolver()
    now = clock.now()
    created: list[EarlyWarning] = []
    touched = 0
    with audited_write(actor):
        for burst in bursts:
            place_id, label_path = groups[burst.group]
            place = places[place_id]
            start = first_day + dt.timedelta(days=burst.window_start)
            end = first_day + dt.timedelta(days=burst.last_alarm_day)
            chart_start = max(0, n_days - 56)
            values = {
                "observed": burst.observed, "expected": round(burst.expected, 3), "p_value": burst.p_value,
                "score": round(burst.observed / max(burst.expected, 1e-9), 2), "run": run,
                "summary": (f"{label_path}({place.display})于 {start:%m-%d}–{end:%m-%d} 同一地点 {PLACE_WINDOW_DAYS} 天内 "
                            f"{burst.observed:.0f} 件,期望 {burst.expected:.2f} 件(同一地点重复诉求,p={burst.p_value:.1e})")[:500],
                "parent": _series_warning_over(label_path, place.district_id, start, end),
                "chart": {"dates": [(first_day + dt.timedelta(days=d)).isoformat() for d in range(chart_start, n_days)],
                          "observed": counts[burst.group, chart_start:].astype(int).tolist(),
                          "expected": np.round(rates[burst.group, chart_start:], 3).tolist(),
                          "upper": [], "method": "place_burst"},
            }
            existing = (EarlyWarning.objects.filter(kind=EarlyWarning.Kind.REPEATED, place=place, label_path=label_path,
                                                    window_end__gte=start - dt.timedelta(days=gap_days)).order_by("-window_end").first())
            if existing is not None:
                if existing.status in OPEN_STATUSES and (end > existing.window_end or burst.observed != existing.observed):
                    before = existing.audit_snapshot()
                    for field, value in values.items():
                        setattr(existing, field, value)
                    existing.window_end = max(existing.window_end, end)
                    save_versioned(existing, None)
                    record(WARNINGS.audit_action("extend"), existing, before=before, after=existing.audit_snapshot())
                    _link_place_appeals(existing)
                    touched += 1
                continue
            created.append(EarlyWarning(
                key=f"{label_code(label_path)}:place{place.pk}:{start.isoformat()}", kind=EarlyWarning.Kind.REPEATED,
                method="place_burst", label_path=label_path, label=latest_label(label_path),
                district_id=place.district_id, place=place, window_start=start, window_end=end, detected_at=now,
                owner_unit=owner_of(label_path, place.district_id), **values,
            ))
        if created:
            EarlyWarning.objects.bulk_create(created)
            if any(row.pk is None for row in created):
                ids = dict(EarlyWarning.objects.filter(key__in=[r.key for r in created]).values_list("key", "pk"))
                for row in created:
                    row.pk = ids[row.key]
            record_bulk(WARNINGS.audit_action("raise"), EarlyWarning, count=len(created), summary={
                "run": run.pk, "method": "place_burst", "warnings": [{"key": r.key, "place": r.place_id} for r in created][:50],
            })
            for row in created:
                _link_place_appeals(row)
            _assign_missing_owners(created)
    return touched + len(created)


def _series_warning_over(label_path: str, district_id: int | None, start: dt.date, end: dt.date) -> EarlyWarning | None:
    """The series warning of the label or its nearest ancestor in the district whose window overlaps."""
    parts = label_path.split("/")
    paths = ["/".join(parts[:i]) for i in range(len(parts), 0, -1)]
    candidates = {w.label_path: w for w in EarlyWarning.objects.filter(
        label_path__in=paths, district_id=district_id, place__isnull=True, window_start__lte=end, window_end__gte=start)}
    return next((candidates[path] for path in paths if path in candidates), None)


def _link_place_appeals(warning: EarlyWarning) -> None:
    since = timezone.make_aware(dt.datetime.combine(warning.window_start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(warning.window_end + dt.timedelta(days=1), dt.time.min))
    ids = list(AppealPlace.objects.filter(place=warning.place, label_path=warning.label_path, accepted_at__gte=since, accepted_at__lt=until)
               .values_list("appeal_id", flat=True)[:MAX_LINKED_APPEALS])
    warning.appeals.add(*ids)


# --- the status workflow (the spec: workflow.py) ---------------------------------------------------------

def warning_act(*, actor, warning: EarlyWarning, operation: str, data=None, expected_version: int | None = None, owner=None) -> EarlyWarning:
    """Perform one operation of the warnings workflow with form ``data`` (a POST or a JSON body: ``version``,
    ``reason``). Raises ValidationError (illegal move, missing reason, stale version: ConcurrentEditError)
    or PermissionDenied; on either the caller's ``warning`` is reloaded, so it shows the stored state.

    The caller has already found ``warning`` through warning_get_for_user (the actor's scope)."""
    values = data.dict() if hasattr(data, "dict") else dict(data or {})
    try:
        run_operation(WARNINGS, warning, str(operation), actor, values, expected_version, extra={"owner": owner} if owner is not None else None)
    except (ValidationError, PermissionDenied):
        if warning.pk is not None:
            warning.refresh_from_db()
        raise
    return warning


def warning_transition(*, actor, warning: EarlyWarning, to_status: str, expected_version: int | None, note: str = "", owner=None) -> EarlyWarning:
    """Move ``warning`` to ``to_status`` (the operation that leads there, by the spec); see :func:`warning_act`."""
    operation = next((op for op in WARNINGS.from_state(warning.status) if to_status in op.targets(warning.status)), None)
    operation = operation or next((op for op in WARNINGS.operations if to_status in op.all_targets()), None)
    if operation is None:
        raise ValidationError(_("未知的预警状态“%(to_status)s”") % {"to_status": to_status}, code="unknown_status")
    return warning_act(actor=actor, warning=warning, operation=operation.name, data={"reason": note}, expected_version=expected_version, owner=owner)


def do_warning_step(step: Step) -> None:
    """The handler of every warnings operation: the note, the responsible person, and the roll-up.

    The 处置说明 is appended to the warning's note; the given ``owner``, or else the acting person when the
    warning has none yet, becomes its 负责人. The children still in the status the parent leaves move with it
    (each its own audited step); their own children stay as they are, as a person looking at a child decides."""
    warning, owner = step.obj, step.params.get("owner")
    if owner is not None and not getattr(owner, "is_active", False):
        raise PermissionDenied(_("负责人账号不可用"))
    if step.reason:
        warning.note = step.reason if not warning.note else f"{warning.note}\n{step.reason}"
    responsible = owner or (step.actor if getattr(step.actor, "is_authenticated", False) else None)
    if responsible is not None and (warning.owner_id is None or owner is not None):
        warning.owner = responsible
    if step.params.get("rolled_up"):
        return
    for child in warning.children.filter(status=step.from_state).order_by("pk"):
        step.then(functools.partial(perform, WARNINGS, child, step.operation, step.actor, {**step.params, "rolled_up": True},
                                    expected_version=None, now=step.now))
