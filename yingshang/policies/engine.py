"""Vectorised three-valued evaluation of many items over many enterprises (政策找企业 at city scale).

The population is held column-wise (:class:`FactMatrix`: NumPy arrays, NaN / -1 for a missing value).
Evaluation works on *packed bitsets* (one bit per enterprise, 64 per machine word), and shares work
across items instead of running one NumPy pass per item:

1. every fact is indexed once per run. A numeric fact's enterprises are bucketed by the thresholds the
   rules use on it (one ``searchsorted`` and one sort), which yields one bitset per bucket; the set for
   ``x >= t`` is then a suffix union of buckets — the sets of thresholds on one fact are nested, so all of
   them come from one pass over the data. Categories (district, size, credit…), 大类 codes and
   qualifications get one bitset per value the same way;
2. a comparison in a rule is then an OR of a few precomputed bitsets, cached by its normalised form, so
   the same ``credit_class in ["C","D"]`` veto shared by 500 items is computed once;
3. ``and``/``or``/``not`` combine (true, unknown) bitset pairs with Kleene's logic at 64 enterprises per
   instruction.

The per-enterprise path (``rules.tri_eval``) is the reference; property tests check that both agree.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from .facts import AUTHORITATIVE_SOURCES, BOOL, CATEGORY, EXTRA_FACTS, FACTS, INDUSTRY, NUMBER, SET, industry_full_code
from .rules import conjuncts, leaves

CATEGORY_KEYS = [k for k, f in FACTS.items() if f.type == CATEGORY]
NUMERIC_KEYS = [k for k, f in FACTS.items() if f.type == NUMBER]
BOOL_KEYS = [k for k, f in FACTS.items() if f.type == BOOL]
FACT_INDEX = {key: i for i, key in enumerate(FACTS)}  # bit positions of the unknown_mask column of undetermined match sets
DAYS_PER_YEAR = 365.2425


# --- the population, column-wise -------------------------------------------------------------------

@dataclass
class FactMatrix:
    ids: np.ndarray  # enterprise ids, ascending
    as_of: dt.date
    numeric: dict[str, np.ndarray] = field(default_factory=dict)  # float64, NaN = missing
    categories: dict[str, tuple[np.ndarray, list[str]]] = field(default_factory=dict)  # int32 codes (-1 missing), vocabulary
    qualifications: dict[str, np.ndarray] = field(default_factory=dict)  # code → bool array
    bools: dict[str, np.ndarray] = field(default_factory=dict)  # int8: 1 yes, 0 no, -1 missing
    authority: dict[str, np.ndarray] = field(default_factory=dict)  # extra facts: row comes from an authoritative source

    @property
    def n(self) -> int:
        return len(self.ids)

    def position(self, enterprise_id: int) -> int | None:
        pos = int(np.searchsorted(self.ids, enterprise_id))
        return pos if pos < self.n and self.ids[pos] == enterprise_id else None

    def record(self, i: int) -> dict[str, Any]:
        """One enterprise's facts as a dict (None = missing): the input of the per-enterprise evaluator."""
        facts: dict[str, Any] = {}
        for key, column in self.numeric.items():
            value = column[i]
            facts[key] = None if np.isnan(value) else float(value)
        for key, (codes, vocab) in self.categories.items():
            facts[key] = vocab[codes[i]] if codes[i] >= 0 else None
        facts["qualification"] = {code for code, held in self.qualifications.items() if held[i]}
        for key, column in self.bools.items():
            facts[key] = None if column[i] < 0 else bool(column[i])
        return facts

    def sources(self, i: int) -> dict[str, str]:
        return {key: ("tax" if column[i] else "self_declared") for key, column in self.authority.items()}

    @classmethod
    def from_records(cls, records: list[dict[str, Any]], ids: Iterable[int] | None = None, as_of: dt.date | None = None,
                     authoritative: list[set[str]] | None = None) -> "FactMatrix":
        """Build from fact dicts (the calculator's typed-in facts, tests, the naive peer's sample)."""
        n = len(records)
        matrix = cls(ids=np.asarray(list(ids) if ids is not None else range(1, n + 1), dtype=np.int64), as_of=as_of or dt.date.today())
        for key in NUMERIC_KEYS:
            matrix.numeric[key] = np.array([np.nan if r.get(key) is None else float(r[key]) for r in records], dtype=np.float64)
        for key in CATEGORY_KEYS + ["industry"]:
            vocab = sorted({str(r[key]) for r in records if r.get(key) is not None})
            lookup = {v: i for i, v in enumerate(vocab)}
            matrix.categories[key] = (np.array([lookup[str(r[key])] if r.get(key) is not None else -1 for r in records], dtype=np.int32), vocab)
        codes = sorted({q for r in records for q in (r.get("qualification") or ())})
        for code in codes:
            matrix.qualifications[code] = np.array([code in (r.get("qualification") or ()) for r in records], dtype=bool)
        for key in BOOL_KEYS:
            matrix.bools[key] = np.array([-1 if r.get(key) is None else int(bool(r[key])) for r in records], dtype=np.int8)
        for fact in EXTRA_FACTS:
            matrix.authority[fact.key] = np.array(
                [fact.key in (authoritative[i] if authoritative else ()) for i in range(n)], dtype=bool
            )
        return matrix

    def take(self, positions: np.ndarray) -> "FactMatrix":
        """A sub-population (the naive peer's sample, a district's enterprises)."""
        return FactMatrix(
            ids=self.ids[positions], as_of=self.as_of,
            numeric={k: v[positions] for k, v in self.numeric.items()},
            categories={k: (codes[positions], vocab) for k, (codes, vocab) in self.categories.items()},
            qualifications={k: v[positions] for k, v in self.qualifications.items()},
            bools={k: v[positions] for k, v in self.bools.items()},
            authority={k: v[positions] for k, v in self.authority.items()},
        )


def _codes(values: list, vocab_out: list[str] | None = None) -> tuple[np.ndarray, list[str]]:
    vocab = vocab_out if vocab_out is not None else sorted({v for v in values if v})
    lookup = {v: i for i, v in enumerate(vocab)}
    return np.fromiter((lookup.get(v, -1) if v else -1 for v in values), dtype=np.int32, count=len(values)), vocab


def load_fact_matrix(as_of: dt.date, enterprise_ids: Iterable[int] | None = None, connection=None) -> FactMatrix:
    """Read the registry and the extra facts into columns with a few raw queries (no model instances)."""
    from django.db import connection as default_connection

    connection = connection or default_connection
    where, params = "", []
    id_list = None
    if enterprise_ids is not None:
        id_list = sorted({int(i) for i in enterprise_ids})
        if not id_list:
            return FactMatrix.from_records([], [], as_of)
        where = f"WHERE e.id IN ({','.join(['%s'] * len(id_list))})"
        params = id_list
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, e.industry_id, d.code, e.size_class, e.kind, CAST(e.founded_on AS TEXT), "
            "CAST(e.annual_revenue AS REAL), CAST(e.annual_tax AS REAL), e.employees, CAST(e.registered_capital AS REAL), "
            f"e.credit_class, e.status FROM core_enterprise e JOIN core_division d ON d.id = e.district_id {where} ORDER BY e.id",
            params,
        )
        rows = cursor.fetchall()
        qualification_sql = "SELECT enterprise_id, qualification_id FROM core_enterprise_qualifications"
        extra_sql = "SELECT enterprise_id, key, number, flag, source FROM policies_enterprisefact"
        if id_list is not None:
            marks = ",".join(["%s"] * len(id_list))
            qualification_sql += f" WHERE enterprise_id IN ({marks})"
            extra_sql += f" WHERE enterprise_id IN ({marks})"
        cursor.execute(qualification_sql, id_list or [])
        links = cursor.fetchall()
        cursor.execute(extra_sql, id_list or [])
        extras = cursor.fetchall()
    n = len(rows)
    columns = list(zip(*rows)) if rows else [[] for _ in range(12)]
    matrix = FactMatrix(ids=np.fromiter(columns[0], dtype=np.int64, count=n), as_of=as_of)

    industry_vocab = sorted({industry_full_code(code) for code in set(columns[1])})
    full = {code: industry_full_code(code) for code in set(columns[1])}
    matrix.categories["industry"] = _codes([full[c] for c in columns[1]], industry_vocab)
    matrix.categories["district"] = _codes(list(columns[2]))
    matrix.categories["size_class"] = _codes(list(columns[3]))
    matrix.categories["kind"] = _codes(list(columns[4]))
    matrix.categories["credit_class"] = _codes(list(columns[10]))
    matrix.categories["status"] = _codes(list(columns[11]))

    founded = np.array([f or "NaT" for f in columns[5]], dtype="datetime64[D]") if n else np.array([], dtype="datetime64[D]")
    age_days = (np.datetime64(as_of, "D") - founded).astype("float64")
    age_days[np.isnat(founded)] = np.nan
    matrix.numeric["age_years"] = age_days / DAYS_PER_YEAR

    def floats(column):
        return np.array([np.nan if v is None else float(v) for v in column], dtype=np.float64)

    matrix.numeric["annual_revenue"] = floats(columns[6])
    matrix.numeric["annual_tax"] = floats(columns[7])
    matrix.numeric["employees"] = floats(columns[8])
    matrix.numeric["registered_capital"] = floats(columns[9])

    from yingshang.core.models import Qualification

    for code in Qualification.objects.values_list("code", flat=True):
        matrix.qualifications[code] = np.zeros(n, dtype=bool)
    if links:
        link_ids = np.fromiter((l[0] for l in links), dtype=np.int64, count=len(links))
        positions = np.searchsorted(matrix.ids, link_ids)
        valid = (positions < n) & (matrix.ids[np.minimum(positions, max(n - 1, 0))] == link_ids) if n else np.zeros(len(links), bool)
        codes = np.array([l[1] for l in links], dtype=object)
        for code in set(codes[valid]):
            matrix.qualifications.setdefault(code, np.zeros(n, dtype=bool))[positions[valid & (codes == code)]] = True

    for fact in EXTRA_FACTS:
        if fact.type == NUMBER:
            matrix.numeric[fact.key] = np.full(n, np.nan)
        else:
            matrix.bools[fact.key] = np.full(n, -1, dtype=np.int8)
        matrix.authority[fact.key] = np.zeros(n, dtype=bool)
    for enterprise_id, key, number, flag, source in extras:
        if key not in FACTS or not FACTS[key].extra:  # e.g. a 失信 flag stored before the credit check took it over
            continue
        pos = matrix.position(enterprise_id)
        if pos is None:
            continue
        fact = FACTS[key]
        if fact.type == NUMBER and number is not None:
            matrix.numeric[key][pos] = float(number)
        elif fact.type == BOOL and flag is not None:
            matrix.bools[key][pos] = 1 if flag in (True, 1, "1") else 0
        matrix.authority[key][pos] = source in AUTHORITATIVE_SOURCES
    _credit_columns(matrix)
    return matrix


def _credit_columns(matrix: FactMatrix) -> None:
    """信用等级 and 失信名单 from the one credit check (core.registry.credit_standing): the credit app's
    evaluation where it is installed, else the registry's class and no blacklist. A blacklisting or a repair
    in the credit app therefore moves policy matches without this app knowing the credit app."""
    from yingshang.core.registry import credit_standing

    ids = matrix.ids.tolist()
    standing = credit_standing(ids) if ids else {}
    matrix.categories["credit_class"] = _codes([standing[pk].risk_class for pk in ids])
    matrix.bools["blacklisted"] = np.fromiter((1 if standing[pk].blacklisted else 0 for pk in ids), dtype=np.int8, count=len(ids))


# --- packed bitsets --------------------------------------------------------------------------------

class Bits:
    """Helpers over packed bitsets: uint64 words, bit i of the population = enterprise at position i."""

    def __init__(self, n: int):
        self.n = n
        self.words = max((n + 63) // 64, 1)
        self.valid = self.pack(np.ones(n, dtype=bool))
        self.empty = np.zeros(self.words, dtype=np.uint64)

    def pack(self, mask: np.ndarray) -> np.ndarray:
        packed = np.packbits(mask, bitorder="little")
        out = np.zeros(self.words * 8, dtype=np.uint8)
        out[: len(packed)] = packed
        return out.view(np.uint64)

    def from_sorted_positions(self, positions: np.ndarray) -> np.ndarray:
        """Ascending positions → bitset, without materialising an n-long mask (O(len(positions)))."""
        out = np.zeros(self.words, dtype=np.uint64)
        if len(positions) == 0:
            return out
        word = positions >> 6
        bit = np.left_shift(np.uint64(1), (positions & 63).astype(np.uint64))
        starts = np.flatnonzero(np.r_[True, word[1:] != word[:-1]])
        out[word[starts]] = np.add.reduceat(bit, starts)  # distinct bits: their sum is their OR
        return out

    def positions(self, bits: np.ndarray) -> np.ndarray:
        nonzero = np.flatnonzero(bits)
        if len(nonzero) == 0:
            return np.zeros(0, dtype=np.int64)
        if len(nonzero) * 4 > self.words:  # dense: unpacking everything is cheaper than gathering
            return np.flatnonzero(np.unpackbits(bits.view(np.uint8), bitorder="little")[: self.n])
        words = bits[nonzero]
        most = int(np.bitwise_count(words).max())
        if most > 6:
            flat = np.flatnonzero(np.unpackbits(words.view(np.uint8), bitorder="little"))
            return nonzero[flat >> 6].astype(np.int64) * 64 + (flat & 63)
        # sparse: peel the lowest set bit of every word at once, at most `most` rounds
        base = nonzero.astype(np.int64) * 64
        found = []
        remaining = words.copy()
        for _ in range(most):
            lowest = remaining & (~remaining + np.uint64(1))
            present = lowest != 0
            found.append(base[present] + np.log2(lowest[present].astype(np.float64)).astype(np.int64))
            remaining ^= lowest
        result = np.concatenate(found)
        result.sort()
        return result

    def count(self, bits: np.ndarray) -> int:
        return int(np.bitwise_count(bits).sum())

    def groups(self, codes: np.ndarray, ngroups: int) -> list[np.ndarray]:
        """One bitset per code value 0..ngroups-1 (codes < 0 are left out): one stable sort for all groups."""
        # 16-bit keys let NumPy use its radix sort: linear in n, whatever the number of groups
        order = np.argsort(codes.astype(np.int16) if ngroups < 32_000 else codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(ngroups + 1))
        return [self.from_sorted_positions(order[bounds[g]:bounds[g + 1]]) for g in range(ngroups)]


def actionable(part: dict) -> bool:
    """Can an enterprise meet this condition by growing (numbers, certificates, projects)?"""
    return all(FACTS[leaf["fact"]].type in (NUMBER, SET, BOOL) for leaf in leaves(part))


def _composites(node):
    if node is None or "fact" in node:
        return
    yield node
    for child in node.get("args", []) or [node.get("arg")]:
        yield from _composites(child)


def _key(node) -> str:
    return json.dumps(node, sort_keys=True, ensure_ascii=False)


class BitsetEvaluator:
    """Kleene evaluation of rule trees over a FactMatrix, sharing every per-fact index and leaf."""

    def __init__(self, matrix: FactMatrix):
        self.matrix = matrix
        self.bits = Bits(matrix.n)
        self._numeric_index: dict[str, tuple[np.ndarray, list[np.ndarray], list[np.ndarray], list[np.ndarray], np.ndarray]] = {}
        self._category_index: dict[str, tuple[list[np.ndarray], np.ndarray]] = {}
        self._qualification_bits: dict[str, np.ndarray] = {}
        self._bool_index: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._shared: set[str] = set()
        self.fact_unknown: dict[str, np.ndarray] = {}

    # -- per-fact indexes --

    def prepare(self, trees: Iterable[dict | None]) -> None:
        """Index each numeric fact on all thresholds the given rules use, in one pass per fact."""
        thresholds: dict[str, set[float]] = {}
        trees = list(trees)
        seen: set[str] = set()
        for tree in trees:
            for node in _composites(tree):  # and/or/not shared by several items (a common veto) are cached
                key = _key(node)
                (self._shared.add if key in seen else seen.add)(key)
            for leaf in leaves(tree):
                if FACTS[leaf["fact"]].type == NUMBER:
                    thresholds.setdefault(leaf["fact"], set()).add(float(leaf["value"]))
        for key, values in thresholds.items():
            known = set(self._numeric_index[key][0].tolist()) if key in self._numeric_index else set()
            if not values <= known:
                self._index_numeric(key, sorted(values | known))

    def _index_numeric(self, key: str, thresholds: list[float]) -> None:
        column = self.matrix.numeric[key]
        t = np.asarray(thresholds, dtype=np.float64)
        missing = np.isnan(column)
        # code 2k: strictly between t[k-1] and t[k]; 2k+1: equal to t[k]. Ordered like the values.
        below = np.searchsorted(t, column, side="left")  # thresholds strictly below the value
        equal = t[np.minimum(below, len(t) - 1)] == column
        code = np.where(missing, -1, 2 * below + equal).astype(np.int32)
        ngroups = 2 * len(t) + 1
        groups = self.bits.groups(code, ngroups)
        at_least = [None] * (ngroups + 1)
        at_least[ngroups] = self.bits.empty
        for c in range(ngroups - 1, -1, -1):
            at_least[c] = at_least[c + 1] | groups[c]
        at_most = [None] * ngroups
        running = self.bits.empty
        for c in range(ngroups):
            running = running | groups[c]
            at_most[c] = running
        unknown = self.bits.pack(missing) if missing.any() else self.bits.empty
        self._numeric_index[key] = (t, groups, at_least, at_most, unknown)
        self.fact_unknown[key] = unknown

    def _categories(self, key: str):
        if key not in self._category_index:
            codes, vocab = self.matrix.categories[key]
            missing = codes < 0
            self._category_index[key] = (self.bits.groups(codes, len(vocab)), self.bits.pack(missing) if missing.any() else self.bits.empty)
            self.fact_unknown[key] = self._category_index[key][1]
        return self._category_index[key]

    def _bool(self, key: str):
        if key not in self._bool_index:
            column = self.matrix.bools[key]
            fact = FACTS[key]
            yes, no, missing = column == 1, column == 0, column < 0
            if fact.missing_means is not None:  # a list: not on it is a known answer
                (no if fact.missing_means is False else yes)[missing] = True
                missing = np.zeros_like(missing)
            self._bool_index[key] = (self.bits.pack(yes), self.bits.pack(no), self.bits.pack(missing) if missing.any() else self.bits.empty)
            self.fact_unknown[key] = self._bool_index[key][2]
        return self._bool_index[key]

    def _qualification(self, code: str) -> np.ndarray:
        if code not in self._qualification_bits:
            column = self.matrix.qualifications.get(code)
            self._qualification_bits[code] = self.bits.pack(column) if column is not None else self.bits.empty
        return self._qualification_bits[code]

    # -- leaves and trees --

    def leaf(self, leaf: dict) -> tuple[np.ndarray, np.ndarray]:
        key = _key(leaf)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        fact = FACTS[leaf["fact"]]
        op, value = leaf["cmp"], leaf["value"]
        valid = self.bits.valid
        if fact.type == NUMBER:
            if leaf["fact"] not in self._numeric_index or float(value) not in set(self._numeric_index[leaf["fact"]][0].tolist()):
                self.prepare([leaf])
            t, groups, at_least, at_most, unknown = self._numeric_index[leaf["fact"]]
            k = int(np.searchsorted(t, float(value)))
            equal = 2 * k + 1
            true = {
                ">=": at_least[equal], ">": at_least[equal + 1], "<=": at_most[equal], "<": at_most[equal - 1] if equal else self.bits.empty,
                "==": groups[equal], "!=": valid & ~unknown & ~groups[equal],
            }[op]
            result = (true, unknown)
        elif fact.type in (CATEGORY, INDUSTRY):
            groups, unknown = self._categories(leaf["fact"])
            vocab = self.matrix.categories[leaf["fact"]][1]
            targets = value if isinstance(value, list) else [value]
            hit = self.bits.empty
            for index, code in enumerate(vocab):
                if (fact.type == INDUSTRY and any(code.startswith(t) for t in targets)) or (fact.type == CATEGORY and code in targets):
                    hit = hit | groups[index]
            result = (hit, unknown) if op in ("==", "in") else (valid & ~unknown & ~hit, unknown)
        elif fact.type == SET:
            if op == "has":
                result = (self._qualification(value), self.bits.empty)
            elif op == "not_has":
                result = (valid & ~self._qualification(value), self.bits.empty)
            else:
                hit = self.bits.empty
                for code in value:
                    hit = hit | self._qualification(code)
                result = (hit, self.bits.empty)
        else:
            yes, no, unknown = self._bool(leaf["fact"])
            result = ((yes if value else no), unknown) if op == "==" else ((no if value else yes), unknown)
        self._cache[key] = result
        return result

    def evaluate(self, node: dict | None) -> tuple[np.ndarray, np.ndarray]:
        """(true, unknown) bitsets; false = valid & ~true & ~unknown."""
        if node is None:
            return self.bits.valid, self.bits.empty
        op = node.get("op")
        if op is None:
            return self.leaf(node)
        key = _key(node)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        # ``self.bits.empty`` stands for "nobody" by identity: most facts are never missing, and skipping the
        # unknown half of Kleene's logic for them halves the bitset operations of a run
        empty = self.bits.empty
        evaluated = [self.evaluate(arg) for arg in node["args"]] if op in ("and", "or") else []
        certain = all(u is empty for _, u in evaluated)
        if op == "and":
            true = evaluated[0][0]
            for t, _ in evaluated[1:]:
                true = true & t
            if certain:
                result = (true, empty)
            else:
                possible = None
                for t, u in evaluated:
                    either = t if u is empty else t | u
                    possible = either if possible is None else possible & either
                result = (true, possible & ~true)
        elif op == "or":
            true = evaluated[0][0]
            for t, _ in evaluated[1:]:
                true = true | t
            if certain:
                result = (true, empty)
            else:
                maybe = None
                for _, u in evaluated:
                    if u is not empty:
                        maybe = u if maybe is None else maybe | u
                result = (true, maybe & ~true)
        else:
            t, u = self.evaluate(node["arg"])
            result = (self.bits.valid & ~t, empty) if u is empty else (self.bits.valid & ~(t | u), u)
        if key in self._shared:  # an item's own composite is used once: caching it would only hold memory
            self._cache[key] = result
        return result

    def verdict_bits(self, conditions: dict | None, exclusions: dict | None) -> tuple[np.ndarray, np.ndarray]:
        """(eligible, undetermined) = conditions and not exclusions, in Kleene's logic."""
        ct, cu = self.evaluate(conditions)
        if exclusions is None:
            return ct, cu
        empty = self.bits.empty
        clear, open_, eu = self._exclusion(exclusions)
        eligible = ct & clear
        if cu is empty and eu is empty:
            return eligible, empty
        possible = (ct if cu is empty else ct | cu) & open_
        return eligible, possible & ~eligible

    def _exclusion(self, exclusions: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(certainly not excluded, possibly not excluded, unknown) for an exclusion tree; a veto shared by
        many items (credit class, blacklist) is computed once."""
        key = "exclusion:" + _key(exclusions)
        cached = self._cache.get(key)
        if cached is None:
            et, eu = self.evaluate(exclusions)
            if eu is self.bits.empty:
                clear = self.bits.valid & ~et
                cached = (clear, clear, eu)
            else:
                clear = self.bits.valid & ~(et | eu)
                cached = (clear, clear | eu, eu)
            self._cache[key] = cached
        return cached

    def near_miss_bits(self, conditions: dict | None, exclusions: dict | None) -> list[tuple[int, np.ndarray]]:
        """Per top-level condition j: enterprises failing exactly that one (all others met, no exclusion).

        Only conditions an enterprise can grow into count (培育: a threshold on a number, a certificate,
        a project); failing on district, industry or type is not a near miss."""
        parts = conjuncts(conditions)
        if len(parts) < 2:
            return []
        evaluated = [self.evaluate(p) for p in parts]
        clear = self.bits.valid
        if exclusions is not None:
            et, eu = self.evaluate(exclusions)
            clear = self.bits.valid & ~(et | eu)
        # prefix/suffix products: "all others true" for each j in O(k) bitset operations
        prefix = [self.bits.valid]
        for t, _ in evaluated:
            prefix.append(prefix[-1] & t)
        suffix = [self.bits.valid]
        for t, _ in reversed(evaluated):
            suffix.append(suffix[-1] & t)
        suffix.reverse()
        out = []
        for j, (t, u) in enumerate(evaluated):
            if not actionable(parts[j]):
                continue
            failing = self.bits.valid & ~(t | u)
            near = failing & prefix[j] & suffix[j + 1] & clear
            if self.bits.count(near):
                out.append((j, near))
        return out

    def unknown_of(self, key: str) -> np.ndarray:
        if key not in self.fact_unknown:
            fact = FACTS[key]
            if fact.type == NUMBER:
                self.fact_unknown[key] = self.bits.pack(np.isnan(self.matrix.numeric[key]))
            elif fact.type in (CATEGORY, INDUSTRY):
                self._categories(key)
            elif fact.type == BOOL:
                self._bool(key)
            else:
                self.fact_unknown[key] = self.bits.empty
        return self.fact_unknown[key]

    def authority_bits(self, facts: Iterable[str]) -> np.ndarray:
        """Enterprises for which every one of ``facts`` rests on authoritative data (免申即享 auto grant)."""
        result = self.bits.valid
        for key in facts:
            fact = FACTS[key]
            if fact.extra:
                column = self.matrix.authority.get(key)
                authoritative = self.bits.pack(column) if column is not None else self.bits.empty
                if fact.missing_means is not None and fact.authoritative:
                    authoritative = authoritative | self.unknown_of_raw(key)
                result = result & authoritative
            elif not fact.authoritative:
                return self.bits.empty
        return result

    def unknown_of_raw(self, key: str) -> np.ndarray:
        column = self.matrix.bools.get(key)
        return self.bits.pack(column < 0) if column is not None else self.bits.empty


# --- one run over a set of items -------------------------------------------------------------------

@dataclass
class CompiledItem:
    item_id: int
    version_id: int
    conditions: dict | None
    exclusions: dict | None
    amount_rule: dict
    near_miss: bool = True


@dataclass
class ItemOutcome:
    item: CompiledItem
    eligible: np.ndarray  # positions
    undetermined: np.ndarray
    near_positions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    near_part: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # index of the failing condition
    unknown_mask: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # per undetermined position
    auto_grantable: np.ndarray | None = None  # bool per eligible position (免申即享)


def verdict_bitsets(evaluator: BitsetEvaluator, items: list[CompiledItem]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every item's (eligible, undetermined) bitsets: the evaluation proper, before any row is listed."""
    evaluator.prepare([tree for item in items for tree in (item.conditions, item.exclusions)])
    return [evaluator.verdict_bits(item.conditions, item.exclusions) for item in items]


def evaluate_items(matrix: FactMatrix, items: list[CompiledItem], *, evaluator: BitsetEvaluator | None = None,
                   with_details: bool = True) -> list[ItemOutcome]:
    evaluator = evaluator or BitsetEvaluator(matrix)
    outcomes = []
    for item, (eligible_bits, undetermined_bits) in zip(items, verdict_bitsets(evaluator, items)):
        outcome = ItemOutcome(item, evaluator.bits.positions(eligible_bits), evaluator.bits.positions(undetermined_bits))
        if with_details:
            if len(outcome.undetermined):
                mask = np.zeros(len(outcome.undetermined), dtype=np.int64)
                for key in sorted({leaf["fact"] for tree in (item.conditions, item.exclusions) for leaf in leaves(tree)}):
                    unknown = evaluator.unknown_of(key)
                    if evaluator.bits.count(unknown & undetermined_bits):
                        words = unknown[outcome.undetermined >> 6]
                        hit = (words >> (outcome.undetermined & 63).astype(np.uint64)) & np.uint64(1)
                        mask |= hit.astype(np.int64) << FACT_INDEX[key]
                outcome.unknown_mask = mask
            if item.near_miss:
                positions, parts = [], []
                for j, near in evaluator.near_miss_bits(item.conditions, item.exclusions):
                    found = evaluator.bits.positions(near)
                    positions.append(found)
                    parts.append(np.full(len(found), j, dtype=np.int64))
                if positions:
                    outcome.near_positions = np.concatenate(positions)
                    outcome.near_part = np.concatenate(parts)
        outcomes.append(outcome)
    return outcomes


def evaluate_items_small(matrix: FactMatrix, items: list[CompiledItem]) -> list[ItemOutcome]:
    """A handful of enterprises (one whose facts just changed): the per-enterprise evaluator, with the same
    outcome as the bitset engine (the property tests hold both to the same answers) at a fraction of its
    fixed cost per item."""
    from .rules import ELIGIBLE, UNDETERMINED, combine_verdict, referenced_facts, tri_eval

    records = [matrix.record(i) for i in range(matrix.n)]
    outcomes = []
    for item in items:
        used = sorted(referenced_facts(item.conditions, item.exclusions))
        parts = conjuncts(item.conditions)
        eligible, undetermined, masks, near, near_part = [], [], [], [], []
        for i, facts in enumerate(records):
            excluded = tri_eval(item.exclusions, facts) if item.exclusions is not None else False
            verdict = combine_verdict(tri_eval(item.conditions, facts), excluded)
            if verdict == ELIGIBLE:
                eligible.append(i)
            elif verdict == UNDETERMINED:
                undetermined.append(i)
                masks.append(sum(1 << FACT_INDEX[k] for k in used
                                 if FACTS[k].type != SET and facts.get(k) is None and FACTS[k].missing_means is None))
            elif item.near_miss and len(parts) >= 2 and excluded is False:
                values = [tri_eval(p, facts) for p in parts]
                if values.count(False) == 1 and None not in values and actionable(parts[values.index(False)]):
                    near.append(i)
                    near_part.append(values.index(False))
        outcomes.append(ItemOutcome(item, np.array(eligible, dtype=np.int64), np.array(undetermined, dtype=np.int64),
                                    np.array(near, dtype=np.int64), np.array(near_part, dtype=np.int64), np.array(masks, dtype=np.int64)))
    return outcomes


def decode_unknown_mask(mask: int) -> list[str]:
    return [key for key, index in FACT_INDEX.items() if mask >> index & 1]
