"""Matching runs: compile the items in force, evaluate them with the bitset engine, store the results.

Called by services (inside their audited transaction) and by ``yingshang policies match``. Results are
derived data (MatchResult) written with ``executemany``; each run is one audited MatchRun.

Incremental re-matching: when an enterprise changes, the audit trail already says which stored fields
changed (the service's before/after diff); only the items whose rules read a fact derived from one of
those fields are re-evaluated, for that enterprise only. When an item changes, only that item is
re-evaluated, over all enterprises.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.utils import timezone

from yingshang.core import clock

from . import amounts
from .engine import BitsetEvaluator, CompiledItem, FactMatrix, ItemOutcome, evaluate_items, evaluate_items_small, load_fact_matrix
from .facts import FACTS, NUMBER
from .models import ItemVersion, MatchResult, PolicyItem
from .rules import conjuncts, leaves, referenced_facts

SMALL_POPULATION = 16  # below this, the per-enterprise evaluator is faster than building bitset indexes

# stored field (as the audit trail names it) → facts derived from it
FIELD_FACTS: dict[str, set[str]] = {}
for _fact in FACTS.values():
    for _field in _fact.depends_on:
        FIELD_FACTS.setdefault(_field, set()).add(_fact.key)


def facts_of_fields(fields: list[str]) -> set[str]:
    keys: set[str] = set()
    for name in fields:
        base = name[:-3] if name.endswith("_id") else name
        keys |= FIELD_FACTS.get(base, set())
    return keys


def version_in_force(item: PolicyItem, on: dt.date, versions: list[ItemVersion] | None = None) -> ItemVersion | None:
    """The published version whose effective date is the latest not after ``on``, if valid on that day."""
    candidates = versions if versions is not None else list(item.versions.filter(status=ItemVersion.Status.PUBLISHED))
    candidates = [v for v in candidates if v.status == ItemVersion.Status.PUBLISHED and v.effective_from <= on]
    if not candidates:
        return None
    version = max(candidates, key=lambda v: (v.effective_from, v.number))
    if (version.valid_from and on < version.valid_from) or (version.valid_to and on > version.valid_to):
        return None
    return version


def versions_in_force(on: dt.date, item_ids: list[int] | None = None) -> list[ItemVersion]:
    items = PolicyItem.objects.filter(status=PolicyItem.Status.PUBLISHED)
    if item_ids is not None:
        items = items.filter(pk__in=item_ids)
    by_item: dict[int, list[ItemVersion]] = {}
    for version in ItemVersion.objects.filter(item__in=items, status=ItemVersion.Status.PUBLISHED).select_related("item"):
        by_item.setdefault(version.item_id, []).append(version)
    result = []
    for versions in by_item.values():
        version = version_in_force(versions[0].item, on, versions)
        if version is not None:
            result.append(version)
    return sorted(result, key=lambda v: v.item_id)


def compile_version(version: ItemVersion) -> CompiledItem:
    return CompiledItem(item_id=version.item_id, version_id=version.pk, conditions=version.conditions,
                        exclusions=version.exclusions, amount_rule=version.amount_rule or {"kind": "none"})


@dataclass
class StoreReport:
    eligible: int = 0
    undetermined: int = 0
    near_miss: int = 0
    newly_eligible: list[tuple[int, int]] = field(default_factory=list)  # (item_id, enterprise_id)


def _estimates(item: CompiledItem, matrix: FactMatrix, positions: np.ndarray) -> tuple[list, list]:
    rule = item.amount_rule
    if rule.get("kind", "none") == "none" or len(positions) == 0:
        return [None] * len(positions), [False] * len(positions)
    values, ceiling = amounts.vector_amounts(rule, matrix.numeric, positions)
    bound = amounts.upper_bound(rule)
    unknown = np.isnan(values)
    flags = np.full(len(positions), ceiling) | unknown
    if bound is not None:
        values = np.where(unknown, bound, values)
    return [None if np.isnan(v) else round(float(v), 2) for v in values], flags.tolist()


def store_outcomes(outcomes: list[ItemOutcome], matrix: FactMatrix, *, enterprise_scope: bool) -> StoreReport:
    """Replace the stored results of these items (for these enterprises only, when ``enterprise_scope``)."""
    report = StoreReport()
    if not outcomes or (enterprise_scope and matrix.n == 0):
        # Nothing to store — and an empty "IN ()" list is a syntax error on PostgreSQL.
        return report
    item_ids = [o.item.item_id for o in outcomes]
    ops = connection.ops
    now_value = ops.adapt_datetimefield_value(timezone.now())
    today = matrix.as_of
    previous: dict[tuple[int, int], str] = {}
    with connection.cursor() as cursor:
        item_marks = ",".join(["%s"] * len(item_ids))
        scope_sql, scope_params = "", []
        if enterprise_scope:
            scope_sql = f" AND enterprise_id IN ({','.join(['%s'] * matrix.n)})"
            scope_params = [int(i) for i in matrix.ids]
        cursor.execute(
            f"SELECT item_id, enterprise_id, first_seen FROM policies_matchresult WHERE verdict = %s AND item_id IN ({item_marks}){scope_sql}",
            [MatchResult.ELIGIBLE, *item_ids, *scope_params],
        )
        previous = {(row[0], row[1]): row[2] for row in cursor.fetchall()}
        cursor.execute(f"DELETE FROM policies_matchresult WHERE item_id IN ({item_marks}){scope_sql}", [*item_ids, *scope_params])
        rows: list[tuple] = []
        first_seen_today = ops.adapt_datefield_value(today)
        for outcome in outcomes:
            item_rows_start = len(rows)
            item = outcome.item
            ids = matrix.ids
            key = (item.item_id, item.version_id)
            # eligible: keep the day each pair was first found eligible (days from eligibility to money)
            values, flags = _estimates(item, matrix, outcome.eligible)
            enterprise_ids = ids[outcome.eligible].tolist()
            for enterprise_id, value, flag in zip(enterprise_ids, values, flags):
                seen = previous.get((item.item_id, enterprise_id))
                if seen is None:
                    report.newly_eligible.append((item.item_id, enterprise_id))
                rows.append((*key, enterprise_id, MatchResult.ELIGIBLE, value, flag, 0, "", None, None, seen or first_seen_today, now_value))
            report.eligible += len(enterprise_ids)
            values, flags = _estimates(item, matrix, outcome.undetermined)
            masks = outcome.unknown_mask.tolist() if len(outcome.unknown_mask) else [0] * len(outcome.undetermined)
            rows.extend((*key, enterprise_id, MatchResult.UNDETERMINED, value, flag, mask, "", None, None, None, now_value)
                        for enterprise_id, value, flag, mask in zip(ids[outcome.undetermined].tolist(), values, flags, masks))
            report.undetermined += len(outcome.undetermined)
            if len(outcome.near_positions):
                parts = conjuncts(item.conditions)
                values, flags = _estimates(item, matrix, outcome.near_positions)
                facts, misses, gaps = _misses(parts, matrix, outcome.near_positions, outcome.near_part)
                rows.extend((*key, enterprise_id, MatchResult.NEAR_MISS, value, flag, 0, fact, miss, gap, None, now_value)
                            for enterprise_id, value, flag, fact, miss, gap in zip(
                                ids[outcome.near_positions].tolist(), values, flags, facts, misses, gaps))
                report.near_miss += len(outcome.near_positions)
            # rows in (item, enterprise) order: the unique index then grows at its end instead of at random places
            rows[item_rows_start:] = sorted(rows[item_rows_start:], key=_enterprise_of)
        # a large replacement loads faster into a table without its secondary indexes, rebuilt once after
        rebuild = len(rows) > 50_000 and not enterprise_scope
        if rebuild:
            for index in MatchResult._meta.indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(index.name)}")
        insert = ("INSERT INTO policies_matchresult (item_id, item_version_id, enterprise_id, verdict, amount, amount_is_ceiling, unknown_mask, "
                  "miss_fact, miss_value, miss_gap, first_seen, computed_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
        if connection.vendor == "sqlite":  # the driver's own executemany: half the per-row cost of the wrapper
            connection.connection.cursor().executemany(insert.replace("%s", "?"), rows)
        else:
            cursor.executemany(insert, rows)
        if rebuild:
            for index in MatchResult._meta.indexes:
                columns = ", ".join(connection.ops.quote_name(MatchResult._meta.get_field(f).column) for f in index.fields)
                cursor.execute(f"CREATE INDEX {connection.ops.quote_name(index.name)} ON policies_matchresult ({columns})")
    return report


def _enterprise_of(row: tuple) -> int:
    return row[2]


def _misses(parts: list[dict], matrix: FactMatrix, positions: np.ndarray, failing: np.ndarray) -> tuple[list, list, list]:
    """For each near miss: the failing condition's fact, the enterprise's value, the gap to the threshold."""
    facts = [""] * len(positions)
    values: list = [None] * len(positions)
    gaps: list = [None] * len(positions)
    for j in np.unique(failing).tolist():
        rows = np.flatnonzero(failing == j)
        part = parts[j]
        key = part["fact"] if "fact" in part else (leaves(part)[0]["fact"] if leaves(part) else "")
        for r in rows.tolist():
            facts[r] = key
        if "fact" in part and FACTS[key].type == NUMBER and part["cmp"] in (">=", ">", "<=", "<"):
            observed = matrix.numeric[key][positions[rows]]
            distance = np.abs(float(part["value"]) - observed)
            for r, v, g in zip(rows.tolist(), np.round(observed, 4).tolist(), np.round(distance, 4).tolist()):
                values[r], gaps[r] = v, g
    return facts, values, gaps


@dataclass
class RunReport:
    items: int
    enterprises: int
    eligible: int
    undetermined: int
    near_miss: int
    seconds: float
    newly_eligible: list[tuple[int, int]]
    evaluate_seconds: float = 0.0
    store_seconds: float = 0.0
    load_seconds: float = 0.0


def run(*, as_of: dt.date | None = None, item_ids: list[int] | None = None, enterprise_ids: list[int] | None = None,
        versions: list[ItemVersion] | None = None, matrix: FactMatrix | None = None, near_miss: bool = True) -> RunReport:
    """Evaluate (some) items in force over (some) enterprises and store the results."""
    as_of = as_of or clock.today()
    started = time.perf_counter()
    if matrix is None:
        matrix = load_fact_matrix(as_of, enterprise_ids)
    loaded = time.perf_counter()
    versions = versions if versions is not None else versions_in_force(as_of, item_ids)
    compiled = [compile_version(v) for v in versions]
    for item in compiled:
        item.near_miss = near_miss
    outcomes = evaluate_items_small(matrix, compiled) if matrix.n <= SMALL_POPULATION else evaluate_items(matrix, compiled)
    evaluated = time.perf_counter()
    stale = set(item_ids or []) - {v.item_id for v in versions}
    if stale:  # items no longer in force: their results go
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM policies_matchresult WHERE item_id IN ({','.join(['%s'] * len(stale))})", list(stale))
    report = store_outcomes(outcomes, matrix, enterprise_scope=enterprise_ids is not None)
    stored = time.perf_counter()
    return RunReport(
        items=len(compiled), enterprises=matrix.n, eligible=report.eligible, undetermined=report.undetermined,
        near_miss=report.near_miss, seconds=stored - started, newly_eligible=report.newly_eligible,
        load_seconds=loaded - started, evaluate_seconds=evaluated - loaded, store_seconds=stored - evaluated,
    )


def dependent_versions(changed_facts: set[str] | None, as_of: dt.date) -> list[ItemVersion]:
    """Items in force whose rules or amount read any of ``changed_facts`` (all, when None: a new enterprise)."""
    versions = versions_in_force(as_of)
    if changed_facts is None:
        return versions
    result = []
    for version in versions:
        used = referenced_facts(version.conditions, version.exclusions)
        rule = version.amount_rule or {}
        used |= {rule.get(k) for k in ("per", "base", "measure") if rule.get(k)}
        if used & changed_facts:
            result.append(version)
    return result


def sandbox(conditions: dict | None, exclusions: dict | None, amount_rule: dict, as_of: dt.date | None = None,
            matrix: FactMatrix | None = None) -> dict:
    """A draft item over the whole population, nothing stored: counts and budget exposure by district and 门类."""
    from .facts import industry_table, vocabulary

    as_of = as_of or clock.today()
    matrix = matrix or load_fact_matrix(as_of)
    evaluator = BitsetEvaluator(matrix)
    item = CompiledItem(0, 0, conditions, exclusions, amount_rule)
    outcome = evaluate_items(matrix, [item], evaluator=evaluator, with_details=False)[0]
    values, flags = _estimates(item, matrix, outcome.eligible)
    amounts_array = np.array([v if v is not None else 0.0 for v in values], dtype=float)
    district_codes, district_vocab = matrix.categories["district"]
    industry_codes, industry_vocab = matrix.categories["industry"]
    names = vocabulary().districts
    sections = industry_table()

    def breakdown(codes, vocab, label):
        table: dict[str, dict] = {}
        for positions, key in ((outcome.eligible, "eligible"), (outcome.undetermined, "undetermined")):
            for index, count in zip(*np.unique(codes[positions], return_counts=True)):
                name = label(vocab[index]) if index >= 0 else "未知"
                table.setdefault(name, {"eligible": 0, "undetermined": 0, "budget": 0.0})[key] += int(count)
        if len(outcome.eligible):
            for index in np.unique(codes[outcome.eligible]):
                name = label(vocab[index]) if index >= 0 else "未知"
                table[name]["budget"] = round(float(amounts_array[codes[outcome.eligible] == index].sum()), 2)
        return sorted(({"name": k, **v} for k, v in table.items()), key=lambda r: -r["eligible"])

    return {
        "population": matrix.n,
        "eligible": int(len(outcome.eligible)),
        "undetermined": int(len(outcome.undetermined)),
        "budget": round(float(amounts_array.sum()), 2),
        "budget_has_ceilings": bool(any(flags)),
        "by_district": breakdown(district_codes, district_vocab, lambda code: names.get(code, code)),
        "by_section": breakdown(
            np.array([ord(industry_vocab[c][0]) - 65 if c >= 0 else -1 for c in industry_codes], dtype=np.int32) if matrix.n else industry_codes,
            [chr(65 + i) for i in range(26)], lambda letter: f"{letter} {sections.get(letter, ('', ''))[1]}",
        ),
    }


def amendment_diff(old: ItemVersion | None, new: ItemVersion, matrix: FactMatrix) -> tuple[list[int], list[int]]:
    """Enterprises that become eligible and that stop being eligible when ``new`` replaces ``old``."""
    evaluator = BitsetEvaluator(matrix)
    new_eligible, _ = evaluator.verdict_bits(new.conditions, new.exclusions)
    if old is None:
        return [int(i) for i in matrix.ids[evaluator.bits.positions(new_eligible)]], []
    old_eligible, _ = evaluator.verdict_bits(old.conditions, old.exclusions)
    gained = evaluator.bits.positions(new_eligible & ~old_eligible)
    lost = evaluator.bits.positions(old_eligible & ~new_eligible)
    return [int(i) for i in matrix.ids[gained]], [int(i) for i in matrix.ids[lost]]
