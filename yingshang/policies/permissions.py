"""How the policy supermarket's objects reach a reader's scope (core.scope): an item through the unit
that administers it, a policy document through its issuing unit or its items' units, an application
through its item's unit and the applying enterprise. Capabilities stay in apps.py."""

from __future__ import annotations

from yingshang.core.scope import scoped

from .models import ItemAmendment, ItemProposal, PolicyApplication, PolicyDocument, PolicyItem

scoped(PolicyItem, unit="unit")
scoped(PolicyDocument, unit=("unit", "items__unit"), many=True)
scoped(PolicyApplication, unit="item__unit", enterprise="enterprise")
scoped(ItemAmendment, unit="item__unit")
scoped(ItemProposal, unit=("document__unit", "document__items__unit"), many=True)
