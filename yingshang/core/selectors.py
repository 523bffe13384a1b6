"""Reads of the core domain, always through the caller's scope (see permissions.py)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .auditlog import action_names_before_renaming
from .models import AuditEntry, Division, Enterprise, Unit, UnitAlias, User
from .permissions import has_capability, require_capability
from .scope import in_subtree, scope_of, subtree_q, visible, visible_or_404
from .textnorm import normalize_unit_name


# --- units ---------------------------------------------------------------------------------------

def unit_list_for_user(user) -> QuerySet[Unit]:
    require_capability(user, "core.view_units")
    return visible(user, Unit.objects.select_related("parent", "division"))


def unit_get_for_user(user, pk: int) -> Unit:
    return visible_or_404(user, unit_list_for_user(user), "单位不存在或不在您的权限范围内", pk=pk)


def unit_subtree(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(subtree_q(unit))


def unit_resolve(mention: str, *, within: Unit | None = None) -> list[Unit]:
    """Units a text mention may denote, by exact name or alias after normalisation.

    ``within`` (e.g. the district government issuing a plan) breaks ties between units that share an
    alias such as 区财政局.
    """
    key = normalize_unit_name(mention)
    if not key:
        return []
    ids = set(Unit.objects.filter(name=key).values_list("id", flat=True))
    ids |= set(UnitAlias.objects.filter(alias=key).values_list("unit_id", flat=True))
    candidates = list(Unit.objects.filter(id__in=ids, is_active=True))
    if within is not None and len(candidates) > 1:
        inside = [u for u in candidates if in_subtree(u, within)]
        if inside:
            return inside
    return candidates


# --- divisions -------------------------------------------------------------------------------------

def district_list() -> QuerySet[Division]:
    return Division.objects.filter(level=Division.Level.DISTRICT).order_by("is_pilot_zone", "code")


def division_tree(root_code: str | None = None) -> QuerySet[Division]:
    divisions = Division.objects.all()
    if root_code:
        divisions = divisions.filter(code__startswith=root_code)
    return divisions.order_by("code")


# --- enterprises -----------------------------------------------------------------------------------

def enterprise_list_for_user(user) -> QuerySet[Enterprise]:
    enterprises = Enterprise.objects.select_related("district", "industry")
    if not (scope_of(user).enterprise_id and has_capability(user, "core.view_own_enterprise")):
        require_capability(user, "core.view_enterprises")
    # core.scope: an enterprise user its own; district staff their district; city-level staff all of it.
    return visible(user, enterprises)


def enterprise_get_for_user(user, pk: int) -> Enterprise:
    return visible_or_404(user, enterprise_list_for_user(user), "经营主体不存在或不在您的权限范围内", pk=pk)


def enterprise_search(user, *, q: str = "", district: str = "", section: str = "", size: str = "", qualification: str = "") -> QuerySet[Enterprise]:
    enterprises = enterprise_list_for_user(user)
    if q:
        enterprises = enterprises.filter(Q(name__contains=q) | Q(credit_code=q.upper()))
    if district:
        enterprises = enterprises.filter(district__code=district)
    if section:
        enterprises = enterprises.filter(Q(industry__parent_id=section) | Q(industry_id=section))
    if size:
        enterprises = enterprises.filter(size_class=size)
    if qualification:
        enterprises = enterprises.filter(qualifications__code=qualification)
    return enterprises.order_by("id")


def enterprise_stats(user) -> dict:
    enterprises = enterprise_list_for_user(user)
    labels = dict(Enterprise.Size.choices)
    counts = enterprises.order_by().values_list("size_class").annotate(n=Count("id"))
    by_size = {labels.get(size, "未定规模"): n for size, n in sorted(counts, key=lambda item: list(labels).index(item[0]) if item[0] in labels else 9)}
    return {"total": enterprises.count(), "by_size": by_size}


# --- audit -----------------------------------------------------------------------------------------

def audit_entries_for_user(user, *, object_type: str = "", object_id: str = "", action: str = "") -> QuerySet[AuditEntry]:
    require_capability(user, "core.view_audit")
    entries = AuditEntry.objects.all()
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if action:
        # Entries written before the action names were unified keep their old names.
        entries = entries.filter(Q(action__startswith=action) | Q(action__in=action_names_before_renaming(action)))
    return entries.order_by("-seq")


def audit_head_summary() -> dict:
    """The audit chain's head as printed outside the database (the monthly bulletin, checkpoints): anyone
    holding a copy can later check with ``yingshang audit verify`` that history up to it was not rewritten.
    Not personal data and no key: the sequence number, the link, and the key id that sealed it."""
    from .auditcheckpoint import current_head

    seq, link = current_head()
    entry = AuditEntry.objects.filter(seq=seq).only("scheme", "key_id").first() if seq else None
    return {"seq": seq, "hash": link, "scheme": entry.scheme if entry else "", "key_id": entry.key_id if entry else ""}


def users_of_unit(unit: Unit) -> QuerySet[User]:
    return User.objects.filter(subtree_q(unit, "unit")).select_related("unit")
