"""How a warning reads for a leader: 「约为往常的 3.4 倍,显著高于往常」, not 「p=5.4e-19」.

The p-value stays on the warning (its detail page and a tooltip show it, for analysts); the sentence says
how large the rise is, as a multiple of what is usual, and how sure the detectors are, in words."""

from __future__ import annotations

from django.utils.translation import gettext as _

# How sure, in words: the detectors' p-value thresholds (one-sided tests of a rise).
CLEARLY, LIKELY = 1e-3, 0.05


def compared_with_usual(observed: float, expected: float, p_value: float | None) -> str:
    if expected is None or expected <= 0.05:
        return _("往常几乎没有,本期 %(observed)s 件") % {"observed": f"{observed:.0f}"}
    ratio = observed / expected
    if ratio >= 1:
        if p_value is not None and p_value < CLEARLY:
            how = _("显著高于往常")
        elif p_value is not None and p_value < LIKELY:
            how = _("高于往常")
        else:
            how = _("略高于往常,尚不确定")
    else:
        how = _("低于往常")
    return _("约为往常的 %(ratio)s 倍,%(how)s") % {"ratio": f"{ratio:.1f}", "how": how}


def p_value_text(p_value: float | None) -> str:
    """The analysts' figure, for a tooltip or a details line."""
    if p_value is None:
        return ""
    return f"p={p_value:.1e}" if p_value > 0 else "p≈0"
