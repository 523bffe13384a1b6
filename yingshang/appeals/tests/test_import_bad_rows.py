"""The appeals import under hostile cell values (issue #12 item 6): a bad row is reported, the others import."""

import pytest

from yingshang.appeals.imports import appeal_import
from yingshang.appeals.models import Appeal

pytestmark = pytest.mark.django_db

HEADER = "受理编号,受理时间,渠道,诉求类型,诉求内容,区县,联系电话,承办单位,办结时间\n"
GOOD = "H2025-0101,2025-03-01 09:30,热线,投诉,小区电梯故障,中山区,13912345678,,\n"


@pytest.mark.parametrize("accepted, completed", [
    ("0001-01-01 00:00", ""), ("9999-12-31 23:59", ""), ("2025-02-30", ""), ("2025-03-01T25:00", ""), ("inf", ""),
    ("1e400", ""), ("2025-03-01 09:30", "0001-01-01"), ("2025-03-01 09:30", "9999-12-31 23:59:59"),
    ("2025-03-01 09:30+25:00", ""), ("0000-00-00", ""),
])
def test_a_bad_moment_fails_its_row_only(hub, users, accepted, completed):
    bad = f"H2025-0102,{accepted},热线,投诉,内容,中山区,13912345678,市住房和城乡建设局,{completed}\n"
    job = appeal_import(actor=users["admin"], file=(HEADER + bad + GOOD).encode(), filename="h.csv")
    assert [entry["status"] for entry in job.report] == ["failed", "created"]
    assert job.report[0]["errors"] and not Appeal.objects.filter(tracking_no="H2025-0102").exists()
    assert Appeal.objects.filter(tracking_no="H2025-0101").exists()
