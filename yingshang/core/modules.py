"""What each app offers to the shell: menu entries grouped by module, and demo steps.

Apps declare their module menus (``register_menu_group``) and the pages inside them (``register_menu``,
``MenuEntry.group``) in ``AppConfig.ready()``; ``core`` builds the navigation from this one registry and
filters it by role in one place (``menu_for`` / ``navigation_for``), so it never imports another app.
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
    group: str = ""  # the module menu it sits in (a registered MenuGroup key); "" = a top-level entry of its own


@dataclass(frozen=True)
class MenuGroup:
    """A module's menu in the top bar: one button opening the module's pages. A group the user can see only
    one page of is shown as that page's link (an enterprise user's 我的诉求 needs no menu)."""

    key: str
    title: str
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    """One top-level item of a user's navigation: a module menu with its entries, or a single link."""

    key: str
    title: str
    entries: tuple[MenuEntry, ...]
    current: bool = False  # the page being shown is one of its entries

    @property
    def is_menu(self) -> bool:
        return len(self.entries) > 1

    @property
    def link(self) -> MenuEntry:
        return self.entries[0]


_MENU: dict[str, MenuEntry] = {}
_GROUPS: dict[str, MenuGroup] = {}

# The most top-level module menus any role may get (the brand is the home link): the header must stay one row at
# 1366 px.
MAX_TOP_LEVEL = 7


def register_menu(*entries: MenuEntry) -> None:
    for entry in entries:
        _MENU[entry.key] = entry


def register_menu_group(*groups: MenuGroup) -> None:
    for group in groups:
        _GROUPS[group.key] = group


def menu_for(user) -> list[MenuEntry]:
    """Every page the user may open from the menus, in menu order (the home page's tiles)."""
    visible = (
        e for e in _MENU.values()
        if has_capability(user, e.capability) and (e.roles is None or getattr(user, "role", None) in e.roles)
    )
    return sorted(visible, key=lambda e: (_GROUPS[e.group].order if e.group in _GROUPS else e.order, e.order, e.key))


def navigation_for(user, current_path: str = "") -> list[NavItem]:
    """The user's top bar: module menus (and single links), in module order. ``current_path`` marks the
    module whose page is being shown."""
    from django.urls import NoReverseMatch, reverse

    grouped: dict[str, list[MenuEntry]] = {}
    for entry in menu_for(user):
        key = entry.group if entry.group in _GROUPS else f"entry:{entry.key}"
        grouped.setdefault(key, []).append(entry)
    items = []
    for key, entries in grouped.items():
        group = _GROUPS.get(key)
        current = False
        for entry in entries:
            try:
                url = reverse(entry.url_name)
            except NoReverseMatch:
                continue
            if current_path and url != "/" and current_path.startswith(url):
                current = True
        title = group.title if group and len(entries) > 1 else entries[0].title
        order = group.order if group else entries[0].order
        items.append((order, NavItem(key=key.replace("entry:", ""), title=title, entries=tuple(entries), current=current)))
    return [item for _, item in sorted(items, key=lambda pair: (pair[0], pair[1].key))]


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
