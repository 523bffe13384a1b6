"""The facts the credit model may weigh: the platform's own (registry, penalties, the 失信 list, tax levels,
arrears) and every enterprise fact source other apps register in ``core.registry``.

Each fact is read for many enterprises at once as one float column aligned with the enterprise ids; NaN
means "no figure": a fact source that is not registered, or that has no figure for an enterprise, is absent
— an indicator over it neither adds nor deducts (never read as zero). The platform's own records are
complete lists, so an enterprise with no penalty has a known 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.utils.translation import gettext_lazy as _

from yingshang.core.registry import enterprise_fact_sources

TAX_RANK = {"A": 1, "B": 2, "M": 3, "C": 4, "D": 5}


@dataclass(frozen=True)
class FactInfo:
    key: str
    label: str
    builtin: bool


BUILTIN_FACTS: dict[str, str] = {
    "registry.age_years": _("成立年限(年)"),
    "registry.closed": _("已注销(是=1)"),
    "penalty.count_24m": _("近24个月行政处罚(次,未修复)"),
    "penalty.serious_24m": _("近24个月重大行政处罚(次,未修复)"),
    "blacklist.active": _("列入失信名单(是=1)"),
    "tax.level_rank": _("纳税信用级别(A=1,B=2,M=3,C=4,D=5)"),
    "arrears.malicious_debtor": _("作为欠款方的恶意拖欠账款(起)"),
}


# Sources other apps are expected to register (named here so that audit entries and the model page read in
# Chinese even before, or without, the app that provides them).
EXPECTED_SOURCES: dict[str, str] = {
    "appeals.complaints_12m": _("近12个月涉企投诉(件)"),
    "supervision.failed_checks_24m": _("近24个月检查不合格(次)"),
    "supervision.minor_first_violations_24m": _("近24个月轻微违法首违(次)"),
    "supervision.checks_24m": _("近24个月接受检查(次)"),
}


def known_facts() -> list[FactInfo]:
    """Every fact an indicator may name now: the built-in ones and the registered sources."""
    facts = [FactInfo(key, str(label), True) for key, label in BUILTIN_FACTS.items()]
    facts += [FactInfo(source.key, str(source.label), False) for source in enterprise_fact_sources() if source.key not in BUILTIN_FACTS]
    return facts


def fact_label(key: str) -> str:
    for info in known_facts():
        if info.key == key:
            return info.label
    if key in EXPECTED_SOURCES:
        return str(_("%(label)s(数据源未接入)") % {"label": EXPECTED_SOURCES[key]})
    return str(_("未接入的数据源(%(key)s)") % {"key": key})


def _months_back(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def _fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _id_filter(column: str, ids: np.ndarray | None) -> tuple[str, list]:
    if ids is None:
        return "", []
    return f" AND {column} IN ({','.join(['%s'] * len(ids))})", [int(i) for i in ids]


def _count_into(column: np.ndarray, ids: np.ndarray, rows: list[tuple]) -> None:
    if not rows:
        return
    keys = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    counts = np.fromiter((r[1] for r in rows), dtype=np.float64, count=len(rows))
    positions = np.searchsorted(ids, keys)
    ok = (positions < len(ids)) & (ids[np.minimum(positions, len(ids) - 1)] == keys)
    column[positions[ok]] = counts[ok]


@dataclass
class FactTable:
    """The enterprises evaluated (ascending ids), their registry class and every fact as a column."""

    ids: np.ndarray
    registry_class: np.ndarray  # object array of "" / "A".."D"
    columns: dict[str, np.ndarray]
    sources: list[str]  # the registered sources read


def load_facts(as_of: dt.date, enterprise_ids=None, wanted: set[str] | None = None) -> FactTable:
    """Read the facts for every enterprise (``enterprise_ids`` None) or the given ones, vectorised."""
    ids_filter = None if enterprise_ids is None else np.array(sorted({int(i) for i in enterprise_ids}), dtype=np.int64)
    where, params = ("", []) if ids_filter is None else _id_filter("id", ids_filter)
    rows = _fetch(f"SELECT id, CAST(founded_on AS TEXT), status, credit_class FROM core_enterprise WHERE 1=1{where} ORDER BY id", params)
    n = len(rows)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    founded = np.array([r[1] or "NaT" for r in rows], dtype="datetime64[D]") if n else np.array([], dtype="datetime64[D]")
    age = (np.datetime64(as_of, "D") - founded).astype("float64") / 365.25
    age[np.isnat(founded)] = np.nan
    columns: dict[str, np.ndarray] = {
        "registry.age_years": age,
        "registry.closed": np.fromiter((1.0 if r[2] == "closed" else 0.0 for r in rows), dtype=np.float64, count=n),
    }
    registry_class = np.array([r[3] or "" for r in rows], dtype=object)
    ids_sql = ids if ids_filter is not None else None
    since = _months_back(as_of, 24)

    def counted(sql_body: str, column_name: str, extra: list) -> np.ndarray:
        column = np.zeros(n, dtype=np.float64)
        where_ids, id_params = _id_filter(column_name, ids_sql)
        _count_into(column, ids, _fetch(sql_body.format(ids=where_ids), extra + id_params))
        return column

    penalty_sql = ("SELECT enterprise_id, COUNT(*) FROM credit_penalty WHERE decided_on >= %s AND repaired_on IS NULL{sev}{{ids}} "
                   "GROUP BY enterprise_id")
    columns["penalty.count_24m"] = counted(penalty_sql.format(sev=""), "enterprise_id", [since])
    columns["penalty.serious_24m"] = counted(penalty_sql.format(sev=" AND severity = 'serious'"), "enterprise_id", [since])
    columns["blacklist.active"] = np.minimum(counted(
        "SELECT enterprise_id, COUNT(*) FROM credit_blacklistentry WHERE removed_on IS NULL{ids} GROUP BY enterprise_id", "enterprise_id", []), 1)
    columns["arrears.malicious_debtor"] = counted(
        "SELECT debtor_enterprise_id, COUNT(*) FROM credit_arrearscomplaint WHERE malicious = %s AND status <> 'closed' "
        "AND debtor_enterprise_id IS NOT NULL{ids} GROUP BY debtor_enterprise_id", "debtor_enterprise_id", [True])

    tax = np.full(n, np.nan)
    where_ids, id_params = _id_filter("enterprise_id", ids_sql)
    tax_rows = _fetch(f"SELECT enterprise_id, year, level FROM credit_taxcredit WHERE 1=1{where_ids} ORDER BY enterprise_id, year", id_params)
    if tax_rows:  # ordered by year: the last row of each enterprise (its latest year) wins
        _count_into(tax, ids, [(r[0], TAX_RANK.get(r[2], np.nan)) for r in tax_rows])
    columns["tax.level_rank"] = tax

    sources = []
    for source in enterprise_fact_sources():
        if wanted is not None and source.key not in wanted:
            continue
        values = source.compute([int(i) for i in ids] if ids_filter is not None else list(map(int, ids)), as_of) or {}
        column = np.full(n, np.nan)
        _count_into(column, ids, [(int(k), float(v)) for k, v in values.items() if v is not None])
        columns[source.key] = column
        sources.append(source.key)
    return FactTable(ids=ids, registry_class=registry_class, columns=columns, sources=sources)
