"""The city this platform serves, as documents and page titles name it."""

from __future__ import annotations

from .models import Unit


def city_name() -> str:
    """``大连市``: the root unit's name without 人民政府 (empty before the organisation is loaded)."""
    root = Unit.objects.filter(parent__isnull=True).order_by("tree_path").first()
    return root.name.removesuffix("人民政府") if root else ""
