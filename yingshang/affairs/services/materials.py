"""Application materials as received files (材料只交一次, for real).

A case's material is received once — a file the applicant uploads online, a scan the window clerk attaches,
or the paper original the clerk has seen (纸质原件已核验) — and shared by every sub-case whose item needs it.
Files pass the platform's one upload rule (core.uploads.check_upload: type, signature, size, container limits)
before anything is stored; a material the platform fetches itself (电子证照, shared data, the registry: 免提交)
asks for no file. Every receipt and every download is in the audit trail (the SHA-256, never the content).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from yingshang.core import clock
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.permissions import has_capability
from yingshang.core.safedocs.text import size_text
from yingshang.core.uploads import DOCUMENTS, CheckedUpload, allowed_text, check_upload

from ..models import Case, CaseMaterial, ItemMaterial, Material

MATERIAL_TYPES = DOCUMENTS  # 扫描件 or signed documents: PDF, OFD, JPG, PNG, DOCX, XLSX
MAX_MATERIAL_BYTES = 10 * 1024 * 1024  # one file; a whole submission stays within settings.YINGSHANG_MAX_UPLOAD_BYTES
RECEIVE = "affairs.receive"


def field_name(key: str) -> str:
    """The form field of one material's file (the merged form and the 补正 form use the same names)."""
    return f"material_{key}"


def paper_field_name(key: str) -> str:
    return f"paper_{key}"


def accepted_types() -> str:
    return allowed_text(MATERIAL_TYPES)


def file_hint() -> str:
    """「PDF、OFD、JPG、PNG、DOCX、XLSX,每份不超过 10 MB」: under every material's file box."""
    return _("%(types)s,每份不超过 %(limit)s") % {"types": accepted_types(), "limit": size_text(MAX_MATERIAL_BYTES)}


def check_material_files(files: dict, names: dict[str, str]) -> dict[str, CheckedUpload]:
    """Every file checked before anything is written; the refusals (all of them at once, in Chinese, each
    under its material's field) name the material and the file."""
    checked, errors = {}, {}
    for key, upload in files.items():
        if not upload:
            continue
        try:
            checked[key] = check_upload(upload, allowed=MATERIAL_TYPES, max_bytes=MAX_MATERIAL_BYTES, what=names.get(key, key))
        except ValidationError as error:
            errors[field_name(key)] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    return checked


_stored: ContextVar[list[str] | None] = ContextVar("affairs_stored_materials", default=None)


@contextmanager
def files_removed_on_error():
    """Files stored by :func:`receive` inside this block are deleted again when the block fails (its
    transaction rolls back, so no row would point at them)."""
    stored: list[str] = []
    token = _stored.set(stored)
    try:
        yield
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    finally:
        _stored.reset(token)


def receive(case: Case, *, actor, uploads: dict[str, tuple[object, CheckedUpload]], paper: list[str], receipt: str,
            correction: bool = False) -> list[CaseMaterial]:
    """Store what was received for ``case`` (inside the caller's audited_write): one row per material, linked
    to every sub-case whose item needs it. ``uploads``: key → (the upload, its CheckedUpload)."""
    keys = list(dict.fromkeys([*uploads, *paper]))
    if not keys:
        return []
    materials = {m.key: m for m in Material.objects.filter(key__in=keys)}
    subs = list(case.subcases.all())
    needing: dict[str, list[int]] = {}
    for item_id, key in ItemMaterial.objects.filter(item_id__in=[s.item_id for s in subs], material__key__in=keys).values_list("item_id", "material__key"):
        needing.setdefault(key, []).extend(s.pk for s in subs if s.item_id == item_id)
    now = clock.now()
    name = _actor_name(actor)
    rows = []
    for key in keys:
        material = materials.get(key)
        if material is None:
            continue
        row = CaseMaterial(case=case, material=material, received_at=now, received_by=actor if getattr(actor, "pk", None) else None,
                           received_by_name=name[:64], correction=correction)
        if key in uploads:
            upload, checked = uploads[key]
            row.receipt, row.filename, row.size, row.sha256 = receipt, checked.name[:200], checked.size, checked.sha256
            row.file.save(checked.name, upload, save=False)
            if (stored := _stored.get()) is not None:
                stored.append(row.file.name)
        else:
            row.receipt = CaseMaterial.Receipt.PAPER
        row.save()
        row.subcases.set(sorted(set(needing.get(key, []))))
        record("affairs.case_material.receive", row, after={**row.audit_snapshot(), "subcases": sorted(set(needing.get(key, [])))})
        rows.append(row)
    return rows


def split_received(*, actor, files: dict, paper: list[str], wanted: dict[str, str]) -> tuple[dict, list[str]]:
    """What a form sent, limited to the materials ``wanted`` (key → name): files checked, paper originals only
    from the window. Returns (key → (upload, CheckedUpload), paper keys)."""
    files = {k: f for k, f in (files or {}).items() if k in wanted and f}
    checked = check_material_files(files, wanted)
    paper = [k for k in dict.fromkeys(paper or []) if k in wanted and k not in checked]
    if paper and not has_capability(actor, RECEIVE):
        raise PermissionDenied(_("只有窗口人员可以核验纸质原件"))
    return {k: (files[k], checked[k]) for k in checked}, paper


def receipt_for(actor) -> str:
    """A file from the window is the clerk's scan; anyone else's is an online upload."""
    return CaseMaterial.Receipt.SCAN if has_capability(actor, RECEIVE) else CaseMaterial.Receipt.UPLOAD


def record_download(*, actor, row: CaseMaterial) -> None:
    """Who read which file, and when (the file's SHA-256 identifies what was read)."""
    with audited_write(actor):
        record("affairs.case_material.download", row, after={"case": row.case_id, "filename": row.filename, "sha256": row.sha256})


def _actor_name(actor) -> str:
    if actor is None:
        return str(_("系统"))
    return getattr(actor, "display_name", "") or getattr(actor, "username", "")
