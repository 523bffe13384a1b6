"""What the appeals app publishes to the other apps.

Besides ``selectors.py`` (reads scoped to a user), this is the only module of the appeals app that
another app may import: the import-linter contract ``insights-reads-published-api`` in pyproject.toml
forbids insights every other module (models, services, views, api, workflow, routing, …). Keeping the
surface here means the appeals app can reorganise its internals without breaking its readers, and a
reviewer sees in one file what other apps depend on.

* vocabulary: the states and their groups, the bad ratings, a label's stable code;
* reads: unscoped querysets and values for derived tables and city-wide figures (what a *user* may see
  still comes from ``selectors.appeal_list_for_user``);
* the KPI definitions (module ``kpis``): other apps count with the appeals app's own rules;
* extension points: ``register_triage_hook`` (what other apps do with each new appeal);
* commands: merge an appeal into another through the closed loop's workflow; submit an appeal
  through ordinary intake (demo data). Writes stay in appeals' services; this module only names them.
"""

from __future__ import annotations

from typing import Callable

from django.db.models import QuerySet

from . import kpis  # noqa: F401 — published: the KPI definitions (count_appeal, period_bounds, …)
from .hooks import register_triage_hook  # noqa: F401 — published extension point
from .models import BAD_RATINGS, Appeal, Dispatch, HubSettings, Label, RoutingRule, label_code
from .permissions import person_view  # noqa: F401 — the caller's details as this user may see them
from .taxonomy import current_labels  # noqa: F401 — the current taxonomy's labels by path
from .workflow import DONE_STATES, OPEN_STATES, State  # noqa: F401

# What other apps may use. The model classes imported above are not part of it: other apps get rows
# through the read functions, and their own foreign keys name the models as "appeals.Appeal".
__all__ = [
    "BAD_RATINGS", "DONE_STATES", "OPEN_STATES", "State", "TRANSFER_OUTCOMES", "label_code", "kpis", "person_view",
    "current_labels", "register_triage_hook", "appeal_rows", "label_rows", "dispatch_rows", "latest_label",
    "repeat_window_days", "routed_label_prefixes", "owner_resolver", "synthetic_appeal_texts",
    "labels_with_example_phrases", "merge_appeal", "submit_appeal",
]

# The outcomes of a dispatch that sent the appeal on to another unit (退单, 改派).
TRANSFER_OUTCOMES = (Dispatch.Outcome.RETURNED, Dispatch.Outcome.REASSIGNED)
DEFAULT_REPEAT_WINDOW_DAYS = 30


# --- reads -------------------------------------------------------------------------------------------

def appeal_rows() -> QuerySet:
    """All appeals, unscoped: for derived tables, city-wide figures and background work only."""
    return Appeal.objects.all()


def label_rows() -> QuerySet:
    """All labels of every taxonomy version."""
    return Label.objects.all()


def dispatch_rows() -> QuerySet:
    """All dispatches (each hand-over of an appeal to a unit and its outcome)."""
    return Dispatch.objects.all()


def latest_label(path: str):
    """The label at ``path`` in the newest taxonomy that has it, or None."""
    return Label.objects.filter(path=path).order_by("-taxonomy__number").first()


def repeat_window_days() -> int:
    """How many days around an appeal count as "the same matter again" (hub settings)."""
    row = HubSettings.objects.order_by("id").first()
    return row.repeat_window_days if row else DEFAULT_REPEAT_WINDOW_DAYS


def routed_label_prefixes() -> list[str]:
    """The label prefixes that have a routing rule."""
    return list(RoutingRule.objects.values_list("label_prefix", flat=True))


def owner_resolver() -> Callable[[str, int | None], object]:
    """A function (label path, district id) → the unit the routing table gives such appeals, or None.
    Reads the routing table once; call it once per batch."""
    from .routing import Router

    router = Router.current()

    def owner(label_path: str, district_id: int | None):
        rule = router.rule_for(label_path, district_id)
        return rule.unit if rule else None

    return owner


def synthetic_appeal_texts(count: int, rng, *, places: list[str], labels: list[str]):
    """``count`` generated (text, label) pairs, for demo data and tests."""
    from .classification.synthetic import generate_appeals

    return generate_appeals(count, rng, places=places, labels=labels, label_noise=0.0)


def labels_with_example_phrases() -> set[str]:
    """Label paths the synthetic text generator has phrases for."""
    from .classification.synthetic import load_phrases

    return set(load_phrases())


# --- commands ----------------------------------------------------------------------------------------

def merge_appeal(*, actor, appeal, master, reason: str):
    """Merge ``appeal`` into ``master`` through the closed loop's 合并 operation (capability checks, state
    check, audit entry and the master's tracking are the workflow's)."""
    from .services import appeal_act
    from .workflow import Action

    return appeal_act(actor=actor, appeal=appeal, action=Action.MERGE, target=master, reason=reason)


def submit_appeal(**fields):
    """Register an appeal through ordinary intake (classification, routing, dispatch): demo data and tests."""
    from .services import appeal_submit

    return appeal_submit(**fields)
