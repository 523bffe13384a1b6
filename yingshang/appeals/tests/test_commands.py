"""The hub's subcommands of `yingshang appeals`: import, remind, load-defaults, register-model."""

import io

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yingshang.appeals.models import Appeal, ClassifierVersion
from yingshang.appeals.workflow import State
from yingshang.core.models import Notification
from yingshang.core.tabular import open_table

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("appeals", *args, stdout=out)
    return out.getvalue()


def test_import_command_prints_the_failed_rows(hub, tmp_path):
    source = tmp_path / "history.csv"
    source.write_text("受理时间,诉求内容,联系电话\n2025-05-01 09:00,路灯不亮,13912345678\n2025-05-02 09:00,,13912345678\n", encoding="gbk")
    report = tmp_path / "report.xlsx"
    output = run("import", str(source), "--report", str(report))
    assert "新增 1,失败 1" in output and "第3行:诉求内容不能为空" in output
    rows = dict(open_table(report))
    assert rows[3]["结果"] == "失败" and "诉求内容不能为空" in rows[3]["原因"]
    with pytest.raises(CommandError, match="文件不存在"):
        run("import", str(tmp_path / "missing.csv"))


def test_remind_sends_each_reminder_once_a_day(hub, make_appeal, users):
    overdue = make_appeal(State.SIGNED, completion_due=hub.now.replace(hour=8))
    first = run("remind")
    assert "超期" in first
    inbox = Notification.objects.filter(recipient=users["handler_zjj"], title__contains=overdue.tracking_no)
    assert inbox.count() == 1
    run("remind")
    assert inbox.count() == 1  # deduplicated


def test_load_defaults_is_idempotent():
    output = run("load-defaults")
    assert "派单规则" in output or "参考数据已存在" in output


def test_register_model_makes_a_selectable_version(tmp_path, settings, users):
    from yingshang.appeals.classification import train
    from yingshang.appeals.classification.synthetic import generate_appeals

    settings.MEDIA_ROOT = tmp_path / "media"
    leaves = ["城乡建设/住房保障与房地产/物业服务", "城乡建设/住房保障与房地产/保障性住房", "交通运输/出租车管理/拒载绕路议价"]
    pairs = generate_appeals(90, np.random.default_rng(3), labels=leaves, label_noise=0)
    model = train([t for t, _ in pairs], [l for _, l in pairs])
    path = tmp_path / "small.model"
    model.save(path)
    output = run("register-model", "--model", str(path), "--name", "小模型", "--activate")
    version = ClassifierVersion.objects.get(name="小模型")
    assert "已登记" in output and version.is_active and (settings.MEDIA_ROOT / version.file).exists()
    assert ClassifierVersion.objects.filter(is_active=True).count() == 1
    from yingshang.appeals import suggest

    suggest.forget_loaded_model()
    loaded, active = suggest.active_model()
    assert active == version and loaded.suggest("物业公司不打扫楼道", k=1)
    with pytest.raises(CommandError, match="不存在"):
        run("register-model", "--model", str(tmp_path / "none.model"), "--name", "x")
    suggest.forget_loaded_model()


def test_demo_city_has_appeals_in_every_state_of_the_loop():
    from yingshang.appeals.demo import SHOWCASE

    states = set(Appeal.objects.values_list("state", flat=True))
    assert {state for state, _ in SHOWCASE} | {State.ARCHIVED} <= states


@pytest.mark.parametrize("moment", ["2026-10-04 10:00", "2027-02-15 09:05", "2026-12-07 08:30", "2026-12-05 23:50"])
def test_a_small_demo_year_holds_every_state_whatever_day_it_is_built(moment):
    """Spring Festival, a national holiday, a Monday morning before work, a Saturday night: the showcase
    pins one appeal to each state whatever the clock says (the test city once lacked a signed one)."""
    import datetime as dt

    import numpy as np

    from yingshang.appeals.classification.synthetic import generate_appeals
    from yingshang.appeals.demo import SHOWCASE, generate_year
    from yingshang.core import clock

    before = set(Appeal.objects.values_list("pk", flat=True))
    with clock.frozen_at(dt.datetime.fromisoformat(moment)):
        generate_year(60, np.random.default_rng(7), generate_appeals)
    states = set(Appeal.objects.exclude(pk__in=before).values_list("state", flat=True))
    assert {state for state, _ in SHOWCASE} <= states
    assert ClassifierVersion.objects.filter(is_active=True).exists()
