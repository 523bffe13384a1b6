"""What each app offers to the shell: menu entries (and, later, cockpit statistics).

Apps declare their entries in ``AppConfig.ready()``; ``core`` builds navigation from this registry,
so it never imports another app's models.
"""

from __future__ import annotations

from dataclasses import dataclass

from .permissions import has_capability


@dataclass(frozen=True)
class MenuEntry:
    key: str
    title: str
    url_name: str
    capability: str
    description: str = ""
    order: int = 100
    roles: frozenset[str] | None = None  # shown only to these roles (e.g. 我的企业 to enterprise users)


_MENU: dict[str, MenuEntry] = {}


def register_menu(*entries: MenuEntry) -> None:
    for entry in entries:
        _MENU[entry.key] = entry


def menu_for(user) -> list[MenuEntry]:
    visible = (
        e for e in _MENU.values()
        if has_capability(user, e.capability) and (e.roles is None or getattr(user, "role", None) in e.roles)
    )
    return sorted(visible, key=lambda e: (e.order, e.key))


# Demo steps: each app adds the demo data of its module (called by `yingshang demo` after the core
# city exists, in registration order). A step takes (rng_seed, progress) and returns a summary line.
_DEMO_STEPS: list[tuple[str, object]] = []


def register_demo_step(name: str, step) -> None:
    if all(existing != name for existing, _ in _DEMO_STEPS):
        _DEMO_STEPS.append((name, step))


def demo_scale() -> float:
    """How much demo data the steps should generate: 1.0 for the demo city, smaller for the test city
    (settings.YINGSHANG_DEMO_SCALE). Steps multiply their volumes by it."""
    from django.conf import settings

    return float(getattr(settings, "YINGSHANG_DEMO_SCALE", 1.0))


def demo_steps() -> list[tuple[str, object]]:
    return list(_DEMO_STEPS)
