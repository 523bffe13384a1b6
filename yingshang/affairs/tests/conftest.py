from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parent / "fixtures" / "mini_catalogue"


@pytest.fixture
def mini_catalogue(db):
    """The small test catalogue imported, the halls and the departments' handlers in place."""
    from yingshang.affairs.demo import ensure_halls, ensure_handlers
    from yingshang.affairs.loader import read_catalogue
    from yingshang.affairs.services.catalogue import catalogue_import

    _without_the_demo_catalogue()
    result = catalogue_import(actor=None, catalogue=read_catalogue(MINI))
    ensure_halls()
    ensure_handlers()
    return result


def _without_the_demo_catalogue():
    """The test city carries the demo catalogue (91 items) and its cases; these tests count versions, guide changes
    and sub-cases of the small catalogue alone, so its tables start empty (inside the test's transaction, rolled back
    afterwards). Rows that point at others go first, so no foreign key is ever left dangling."""
    from django.apps import apps
    from django.db import connection

    models = list(apps.get_app_config("affairs").get_models())
    tables = [field.remote_field.through._meta.db_table for model in models for field in model._meta.local_many_to_many]
    remaining = set(models)
    while remaining:
        leaves = [m for m in remaining
                  if not any(f.is_relation and f.related_model is m for o in remaining - {m} for f in o._meta.concrete_fields)]
        batch = leaves or [next(iter(remaining))]
        tables += [m._meta.db_table for m in sorted(batch, key=lambda m: m.__name__)]
        remaining -= set(batch)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


PDF = b"%PDF-1.4\n% test material\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name: str = "material", content: bytes = PDF):
    """A small valid PDF upload (a fresh object each time: an upload is read once)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(f"{name}.pdf", content, content_type="application/pdf")


def pdfs(keys) -> dict:
    return {key: pdf(key) for key in keys}


@pytest.fixture(autouse=True)
def _materials_in_a_throwaway_folder(settings, tmp_path):
    """Received material files go to this test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
