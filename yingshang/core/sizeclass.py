"""大中小微 size class per 《统计上大中小微型企业划分办法(2017)》(国统字〔2017〕213号).

Each industry group lists lower bounds for 大/中/小 on one or two indicators; a class needs every
listed indicator at or above its bound (otherwise the firm drops a class), and a firm under the 小
bound on any indicator is 微. The registry records employees and revenue; where the rule also uses
total assets (建筑业, 房地产开发经营, 租赁和商务服务业) the indicators held decide.
"""

from __future__ import annotations

import numpy as np

# group: (employees bounds 大/中/小, revenue bounds in 万元 大/中/小); None = not an indicator.
RULES: dict[str, tuple[tuple[float, float, float] | None, tuple[float, float, float] | None]] = {
    "agriculture": (None, (20000, 500, 50)),
    "industry": ((1000, 300, 20), (40000, 2000, 300)),
    "construction": (None, (80000, 6000, 300)),
    "wholesale": ((200, 20, 5), (40000, 5000, 1000)),
    "retail": ((300, 50, 10), (20000, 500, 100)),
    "transport": ((1000, 300, 20), (30000, 3000, 200)),
    "warehousing": ((200, 100, 20), (30000, 1000, 100)),
    "postal": ((1000, 300, 20), (30000, 2000, 100)),
    "accommodation_catering": ((300, 100, 10), (10000, 2000, 100)),
    "telecom": ((2000, 100, 10), (100000, 1000, 100)),
    "software": ((300, 100, 10), (10000, 1000, 50)),
    "real_estate": (None, (200000, 1000, 100)),
    "leasing_business": ((300, 100, 10), None),
    "other": ((300, 100, 10), None),
}
SIZE_CODES = np.array(["micro", "small", "medium", "large"])


def rule_group(division_code: str) -> str:
    """The rule group of a GB/T 4754 大类 (two digits) or a longer code starting with it."""
    code = int(division_code[:2])
    if 1 <= code <= 5:
        return "agriculture"
    if 6 <= code <= 46:
        return "industry"
    if 47 <= code <= 50:
        return "construction"
    if code == 51:
        return "wholesale"
    if code == 52:
        return "retail"
    if 53 <= code <= 58:
        return "transport"
    if code == 59:
        return "warehousing"
    if code == 60:
        return "postal"
    if code in (61, 62):
        return "accommodation_catering"
    if code in (63, 64):
        return "telecom"
    if code == 65:
        return "software"
    if code == 70:
        return "real_estate"
    if code in (71, 72):
        return "leasing_business"
    return "other"


def _class_by_indicator(values: np.ndarray, bounds) -> np.ndarray:
    """3 大, 2 中, 1 小, 0 微 for each value; +inf (no constraint) where the value is missing."""
    large, medium, small = bounds
    result = np.select([values >= large, values >= medium, values >= small], [3, 2, 1], default=0).astype(float)
    result[np.isnan(values)] = np.inf
    return result


def classify_sizes(industry_codes, employees, revenue) -> np.ndarray:
    """Vectorised size classes ('large'…'micro', or '' where no indicator is known)."""
    industry_codes = np.asarray(industry_codes, dtype=str)
    employees = np.asarray(employees, dtype=float)
    revenue = np.asarray(revenue, dtype=float)
    groups = np.array([rule_group(code) for code in np.unique(industry_codes)])
    group_of = dict(zip(np.unique(industry_codes), groups))
    row_groups = np.array([group_of[c] for c in industry_codes]) if len(industry_codes) else np.array([], dtype=str)
    classes = np.full(len(industry_codes), np.inf)
    for group, (employee_bounds, revenue_bounds) in RULES.items():
        mask = row_groups == group
        if not mask.any():
            continue
        group_class = np.full(mask.sum(), np.inf)
        if employee_bounds:
            group_class = np.minimum(group_class, _class_by_indicator(employees[mask], employee_bounds))
        if revenue_bounds:
            group_class = np.minimum(group_class, _class_by_indicator(revenue[mask], revenue_bounds))
        classes[mask] = group_class
    out = np.full(len(industry_codes), "", dtype=object)
    known = np.isfinite(classes)
    out[known] = SIZE_CODES[classes[known].astype(int)]
    return out


def classify_size(industry_code: str, employees: float | None, revenue: float | None) -> str:
    nan = float("nan")
    return str(
        classify_sizes([industry_code], [nan if employees is None else employees], [nan if revenue is None else revenue])[0]
    )
