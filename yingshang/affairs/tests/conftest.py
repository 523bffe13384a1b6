from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parent / "fixtures" / "mini_catalogue"


@pytest.fixture
def mini_catalogue(db):
    """The small test catalogue imported, the halls and the departments' handlers in place."""
    from yingshang.affairs.demo import ensure_halls, ensure_handlers
    from yingshang.affairs.loader import read_catalogue
    from yingshang.affairs.services.catalogue import catalogue_import

    result = catalogue_import(actor=None, catalogue=read_catalogue(MINI))
    ensure_halls()
    ensure_handlers()
    return result
