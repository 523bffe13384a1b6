"""What other apps do with each new appeal once it is triaged (classified, repeat-checked, maybe
dispatched): the insights app fingerprints it for 一事多诉 and places it for 一地多诉.

A hook takes a list of appeals, so that the triage worker hands over a whole batch at once; inline
intake passes a list of one. Hooks run inside the intake's transaction: whatever they write commits or
rolls back with the appeal. Registered from an AppConfig.ready().
"""

from __future__ import annotations

from typing import Callable

_HOOKS: list[tuple[str, Callable]] = []


def register_triage_hook(name: str, hook: Callable[[list], None]) -> None:
    if all(existing != name for existing, _ in _HOOKS):
        _HOOKS.append((name, hook))


def run_triage_hooks(appeals: list) -> None:
    for _name, hook in _HOOKS:
        hook(appeals)
