"""Matching runs: compile the items in force, evaluate them with the bitset engine, store the results.

Called by services (inside their audited transaction) and by ``yingshang policies match``. Results are
derived data: one compressed set per item and verdict (``matchstore``); each run is one audited MatchRun.

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

from yingshang.core import clock

from . import amounts, matchstore
from .engine import FACT_INDEX, BitsetEvaluator, CompiledItem, FactMatrix, ItemOutcome, evaluate_items, evaluate_items_small, load_fact_matrix
from .facts import FACTS, NUMBER
from .models import ItemVersion, MatchSet, PolicyItem
from .matchstore import ELIGIBLE, NEAR_MISS, UNDETERMINED
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
    # per item, the enterprises found eligible for the first time: (item_id, enterprise ids)
    newly_eligible: list[tuple[int, np.ndarray]] = field(default_factory=list)


def _estimates(item: CompiledItem, matrix: FactMatrix, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Estimated amounts (NaN: unknown) and whether each is an upper bound, for these positions."""
    rule = item.amount_rule
    if rule.get("kind", "none") == "none" or len(positions) == 0:
        return np.full(len(positions), np.nan), np.zeros(len(positions), dtype=bool)
    values, ceiling = amounts.vector_amounts(rule, matrix.numeric, positions)
    bound = amounts.upper_bound(rule)
    unknown = np.isnan(values)
    flags = np.full(len(positions), ceiling) | unknown
    if bound is not None:
        values = np.where(unknown, bound, values)
    return np.round(values, 2), flags


def _fresh_sets(outcome: ItemOutcome, matrix: FactMatrix, first_seen_today: int) -> dict[int, matchstore.VerdictSet]:
    item = outcome.item
    key = (item.item_id, item.version_id)
    ids = matrix.ids
    values, flags = _estimates(item, matrix, outcome.eligible)
    sets = {ELIGIBLE: matchstore.build(*key, ELIGIBLE, enterprise=ids[outcome.eligible], amount=values, ceiling=flags,
                                       first_seen=np.full(len(outcome.eligible), first_seen_today, dtype=np.int32))}
    values, flags = _estimates(item, matrix, outcome.undetermined)
    masks = outcome.unknown_mask if len(outcome.unknown_mask) == len(outcome.undetermined) else np.zeros(len(outcome.undetermined), dtype=np.int64)
    sets[UNDETERMINED] = matchstore.build(*key, UNDETERMINED, enterprise=ids[outcome.undetermined], amount=values, ceiling=flags,
                                          unknown_mask=masks)
    near = outcome.near_positions
    values, flags = _estimates(item, matrix, near)
    fact, observed, gap = _misses(conjuncts(item.conditions), matrix, near, outcome.near_part) if len(near) else ([], [], [])
    sets[NEAR_MISS] = matchstore.build(*key, NEAR_MISS, enterprise=ids[near], amount=values, ceiling=flags,
                                       fact=np.asarray(fact, dtype=np.int16), observed=np.asarray(observed, dtype=float),
                                       gap=np.asarray(gap, dtype=float))
    return sets


def store_outcomes(outcomes: list[ItemOutcome], matrix: FactMatrix, *, enterprise_scope: bool) -> StoreReport:
    """Replace the stored sets of these items (for these enterprises only, when ``enterprise_scope``).

    Runs inside the caller's transaction; the items' rows are locked first (in id order, so two runs never
    deadlock) because an incremental re-match reads a set, merges into it and writes it back."""
    report = StoreReport()
    if not outcomes or (enterprise_scope and matrix.n == 0):
        return report
    item_ids = sorted(o.item.item_id for o in outcomes)
    list(PolicyItem.objects.select_for_update().filter(pk__in=item_ids).order_by("pk").values_list("pk", flat=True))
    today = matrix.as_of.toordinal()
    fresh_by_item = {o.item.item_id: _fresh_sets(o, matrix, today) for o in outcomes}
    if enterprise_scope:
        # read every set's ids only; decode, merge and rewrite just the sets these enterprises enter or leave
        members = matchstore.load(item_ids, members_only=True)
        touched = sorted({item_id for item_id, fresh in fresh_by_item.items() for verdict, verdict_set in fresh.items()
                          if len(verdict_set) or ((item_id, verdict) in members and members[item_id, verdict].contains_any(matrix.ids))})
        previous = matchstore.load(touched) if touched else {}
    else:
        previous = matchstore.load(item_ids, (ELIGIBLE,))
    sets: list[matchstore.VerdictSet] = []
    for outcome in outcomes:
        item_id = outcome.item.item_id
        fresh = fresh_by_item[item_id]
        eligible = fresh[ELIGIBLE]
        # keep the day each pair was first found eligible (days from eligibility to money)
        old = previous.get((item_id, ELIGIBLE))
        if old is not None and len(old) and len(eligible):
            index = np.minimum(np.searchsorted(old.enterprises, eligible.enterprises), len(old) - 1)
            seen = old.enterprises[index] == eligible.enterprises
            eligible.columns["first_seen"][seen] = old.columns["first_seen"][index[seen]]
            newly = eligible.enterprises[~seen]
        else:
            newly = eligible.enterprises
        if len(newly):
            report.newly_eligible.append((item_id, newly))
        report.eligible += len(eligible)
        report.undetermined += len(fresh[UNDETERMINED])
        report.near_miss += len(fresh[NEAR_MISS])
        for verdict, verdict_set in fresh.items():
            if not enterprise_scope:
                sets.append(verdict_set)
                continue
            stored = previous.get((item_id, verdict))
            if stored is None and not len(verdict_set):
                continue  # not touched: these enterprises neither were nor are in this set
            if stored is not None and _same_rows(stored.take(np.isin(stored.enterprises, matrix.ids)), verdict_set):
                continue
            sets.append(matchstore.merge(stored, matrix.ids, verdict_set))
    matchstore.save(sets, matrix.as_of)
    return report


def _same_rows(a: matchstore.VerdictSet, b: matchstore.VerdictSet) -> bool:
    return len(a) == len(b) and all(np.array_equal(a.columns[name], b.columns[name], equal_nan=a.columns[name].dtype.kind == "f")
                                    for name in b.columns)


def _misses(parts: list[dict], matrix: FactMatrix, positions: np.ndarray, failing: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each near miss: the failing condition's fact (index in FACT_KEYS, -1 when none), the enterprise's
    value and the gap to the threshold (NaN unless the condition is a numeric threshold)."""
    facts = np.full(len(positions), -1, dtype=np.int16)
    values = np.full(len(positions), np.nan)
    gaps = np.full(len(positions), np.nan)
    for j in np.unique(failing).tolist():
        rows = np.flatnonzero(failing == j)
        part = parts[j]
        key = part["fact"] if "fact" in part else (leaves(part)[0]["fact"] if leaves(part) else "")
        if key in FACT_INDEX:
            facts[rows] = FACT_INDEX[key]
        if "fact" in part and FACTS[key].type == NUMBER and part["cmp"] in (">=", ">", "<=", "<"):
            observed = matrix.numeric[key][positions[rows]]
            values[rows] = np.round(observed, 4)
            gaps[rows] = np.round(np.abs(float(part["value"]) - observed), 4)
    return facts, values, gaps


@dataclass
class RunReport:
    items: int
    enterprises: int
    eligible: int
    undetermined: int
    near_miss: int
    seconds: float
    newly_eligible: list[tuple[int, np.ndarray]]
    evaluate_seconds: float = 0.0
    store_seconds: float = 0.0
    load_seconds: float = 0.0


def run(*, as_of: dt.date | None = None, item_ids: list[int] | None = None, enterprise_ids: list[int] | None = None,
        versions: list[ItemVersion] | None = None, matrix: FactMatrix | None = None, near_miss: bool = True) -> RunReport:
    """Evaluate (some) items in force over (some) enterprises and store the results."""
    as_of = as_of or clock.today()
    started = time.perf_counter()
    # every item in force over every enterprise (a matrix or versions passed in may be a sample)
    full_run = item_ids is None and enterprise_ids is None and versions is None and matrix is None
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
    if full_run:
        # a full run: items no longer in force (withdrawn, expired) lose their results
        stale = set(MatchSet.objects.values_list("item_id", flat=True).distinct()) - {v.item_id for v in versions}
    if stale:  # items no longer in force: their results go
        matchstore.delete_items(stale)
    report = store_outcomes(outcomes, matrix, enterprise_scope=enterprise_ids is not None)
    stored = time.perf_counter()
    return RunReport(
        items=len(compiled), enterprises=matrix.n, eligible=report.eligible, undetermined=report.undetermined,
        near_miss=report.near_miss, seconds=stored - started, newly_eligible=report.newly_eligible,
        load_seconds=loaded - started, evaluate_seconds=evaluated - loaded, store_seconds=stored - evaluated,
    )


def dependent_versions(changed_facts: set[str] | None, as_of: dt.date, in_force: list[ItemVersion] | None = None) -> list[ItemVersion]:
    """Items in force whose rules or amount read any of ``changed_facts`` (all, when None: a new enterprise).

    ``in_force``: ``versions_in_force(as_of)`` when the caller already has it (one query for a whole batch).
    """
    versions = versions_in_force(as_of) if in_force is None else in_force
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
    amounts_array = np.nan_to_num(values)
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
