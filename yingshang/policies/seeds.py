"""Load the seed documents' policies (data/seed_policies.json) through the ordinary services."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError

from yingshang.core import clock
from yingshang.core.selectors import unit_resolve

from . import services
from .engine import load_fact_matrix
from .models import ItemVersion, PolicyDocument, PolicyItem

SEED_FILE = Path(__file__).resolve().parent / "data" / "seed_policies.json"


@lru_cache(maxsize=1)
def seed_data() -> dict:
    with open(SEED_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def _unit(mention: str):
    found = unit_resolve(mention)
    if not found:
        raise ValidationError(f"种子政策的责任单位“{mention}”在单位库中找不到")
    return found[0]


def item_values(item: dict, document: dict) -> dict:
    """The version fields of one seed item, macros (@credit_veto, @registry) expanded."""
    data = seed_data()
    materials = [data["registry_material"] if m == "@registry" else m for m in item.get("materials", [])]
    exclusions = item.get("exclusions", "")
    return {
        "effective_from": _date(item.get("effective_from") or document["effective_from"]),
        "benefit_kind": item["benefit_kind"], "summary": item["excerpt"], "source_excerpt": item["excerpt"],
        "amount_rule": item["amount_rule"], "conditions_text": item.get("conditions", ""),
        "exclusions_text": data["credit_veto"] if exclusions == "@credit_veto" else exclusions,
        "grant_period": item.get("grant_period", "once"), "max_periods": item.get("max_periods"),
        "valid_from": _date(item.get("valid_from")), "valid_to": _date(item.get("valid_to") or document.get("effective_to")),
        "materials": materials, "exempt_application": bool(item.get("exempt_application")), "budget": item.get("budget"),
        "review_levels": item.get("review_levels", 1), "change_note": item.get("officer_note", ""),
        "window_start": _date(item.get("window_start")), "window_end": _date(item.get("window_end")),
    }


def load_seed_policies(*, actor=None, publish: bool = True) -> list[PolicyItem]:
    """Create the seed documents and items (idempotent by document key); publish those marked so."""
    data = seed_data()
    created: list[PolicyItem] = []
    matrix = load_fact_matrix(clock.today()) if publish else None
    documents = {}
    for document in data["documents"]:
        existing = PolicyDocument.objects.filter(seed_key=document["key"]).first()
        if existing:
            documents[document["key"]] = existing
            continue
        documents[document["key"]] = services.document_create(
            actor=actor, title=document["title"], unit=_unit(document["unit"]), issuer=document["issuer"],
            doc_number=document["doc_number"], issued_on=_date(document["issued_on"]), effective_from=_date(document["effective_from"]),
            effective_to=_date(document["effective_to"]), legal_basis=document["legal_basis"], source_ref=f"seeds/{document['seed_file']}",
            seed_key=document["key"], source_text=_source_text(document["seed_file"]),
        )
    for document in data["documents"]:
        record = documents[document["key"]]
        for item in document["items"]:
            if PolicyItem.objects.filter(code=item["code"]).exists():
                continue
            policy_item = services.item_create(actor=actor, document=record, code=item["code"], title=item["title"],
                                               unit=_unit(item["unit"]), **item_values(item, document))
            created.append(policy_item)
            if publish and item.get("publish", True) and document["status"] == "published":
                version = policy_item.versions.get(number=1)
                services.version_publish(actor=actor, version=version, rematch=False, matrix=matrix)
                for amendment in item.get("amendments", []):
                    draft = services.draft_version(actor=actor, item=policy_item)
                    values = {k: v for k, v in item_values(item, document).items() if k != "effective_from"}
                    values.update(effective_from=_date(amendment["effective_from"]), change_note=amendment["change_note"],
                                  exempt_application=amendment.get("exempt_application", values["exempt_application"]),
                                  conditions_text=amendment.get("conditions", values["conditions_text"]))
                    services.version_update(actor=actor, version=draft, expected_version=draft.version, **values)
                    draft.refresh_from_db()
                    services.version_publish(actor=actor, version=draft, rematch=False, matrix=matrix)
    return created


def _source_text(seed_file: str) -> str:
    """The seed's text when the shared seeds are at hand (the structured items never depend on it)."""
    from django.conf import settings

    for folder in (Path(settings.PROJECT_DIR).parent / "shared" / "seeds", Path(settings.PROJECT_DIR) / "shared" / "seeds"):
        path = folder / seed_file
        if path.exists():
            from .extraction import normalize_text

            return normalize_text(path.read_text(encoding="utf-8"))
    return ""


def published_version(code: str) -> ItemVersion:
    return ItemVersion.objects.filter(item__code=code, status=ItemVersion.Status.PUBLISHED).order_by("-number").first()
