import datetime as dt

import pytest

from yingshang.core import clock
from yingshang.core.models import Enterprise, Unit, User

TODAY = dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def frozen():
    with clock.frozen_at(TODAY):
        yield TODAY.date()


@pytest.fixture
def admin(db):
    return User.objects.get(username="admin")


@pytest.fixture
def scj(db):
    return Unit.objects.get(name="市市场监督管理局")


@pytest.fixture
def clean_enterprise(admin):
    """A new enterprise founded two years ago: no credit record, no complaint, no tax level."""
    import numpy as np

    from yingshang.core.creditcode import generate_credit_codes
    from yingshang.core.services import enterprise_create

    model = Enterprise.objects.filter(kind="enterprise").order_by("pk").first()
    taken = set(Enterprise.objects.values_list("credit_code", flat=True))
    rng = np.random.default_rng(99)
    code = next(c for c in generate_credit_codes(20, division_codes=np.array([model.credit_code[2:8]] * 20), type_codes=np.array(["1"] * 20), rng=rng)
                if c not in taken)
    return enterprise_create(actor=admin, credit_code=code, name="测试信用无记录有限公司", kind="enterprise", district=model.district,
                             industry=model.industry, founded_on=dt.date(2024, 5, 1), status="active")
