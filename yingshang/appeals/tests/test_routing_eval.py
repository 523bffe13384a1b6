"""`yingshang appeals evaluate-routing` on a small routing history, and suggestions ordered by the unit
that the routing learnt from history expects to handle the appeal."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yingshang.core.demo import DEMO_PASSWORD
from yingshang.appeals.workflow import State

PHRASES = {
    "城乡建设/物业管理/电梯故障": ["小区电梯经常故障停运", "电梯困人物业不及时维修", "电梯异响存在安全隐患"],
    "城乡建设/物业管理/物业收费": ["物业乱收停车费", "物业费上涨没有公示", "物业收取装修押金不退"],
    "营商环境/拖欠账款/政府部门拖欠": ["区里拖欠我公司工程款", "政府部门拖欠货款两年", "街道拖欠服务费不结算"],
    "环境保护/噪声污染/施工噪声": ["工地夜间施工噪声扰民", "凌晨还在打桩噪音很大", "施工机械噪声影响休息"],
    "市场监管/食品安全/过期食品": ["超市销售过期食品", "买到过期牛奶商家不认", "便利店卖过期面包"],
}
FILLERS = ["请尽快处理", "已经反映多次", "希望给个答复", "影响很大", "谢谢", "麻烦核实"]


@pytest.fixture
def history(hub, make_appeal):
    rng = np.random.default_rng(4)
    rule_unit = {"城乡建设": "zjj", "营商环境": "czj", "环境保护": "sthj", "市场监管": "scj"}
    for i in range(160):
        label = list(PHRASES)[i % 5]
        text = f"{rng.choice(PHRASES[label])},{rng.choice(FILLERS)},{rng.choice(FILLERS)}。"
        unit = rule_unit[label.split("/")[0]]
        district = hub.zs
        if label.startswith("营商环境") and i % 2:
            district, unit = hub.gjz, "gjz_czj"  # the district rule: its own finance bureau handles it
        make_appeal(State.ARCHIVED, label=label, unit=unit, district=district, content=text)


def _ours():
    """This test's history only (the test city's demo appeals share the database)."""
    from yingshang.appeals.routing_eval import history_rows

    return [row for row in history_rows() if row[1] in PHRASES]


def test_evaluate_routing_prints_top1_top3_and_calibration(history):
    from yingshang.appeals.routing_eval import evaluate_routing

    result = evaluate_routing(rows=_ours())
    assert (result.n_train, result.n_test) == (128, 32)
    rule, learnt = result.scores
    # Clean, separable history: the learnt routing finds the final unit (甘井子's own finance bureau
    # included); the rule table of the database (the test city's rules beside this test's) does worse.
    assert learnt.top1 >= 0.9 and learnt.top1 >= rule.top1 and learnt.top3 >= learnt.top1
    assert 0 <= learnt.ece <= 0.2
    out = StringIO()
    call_command("appeals", "evaluate-routing", stdout=out)  # the whole history of the database
    text = out.getvalue()
    assert "条诉求训练,较新的" in text and text.count("前1命中率") == 2 and "ECE" in text


def test_evaluate_routing_refuses_a_tiny_history_and_a_bad_share(hub):
    from yingshang.appeals.classification import ClassificationError
    from yingshang.appeals.routing_eval import evaluate_routing

    with pytest.raises(ClassificationError, match="办理历史太少"):
        evaluate_routing(rows=[("电梯坏了", "城乡建设/物业管理/电梯故障", "市住房和城乡建设局", None)] * 40)
    with pytest.raises(CommandError, match="评估比例"):
        call_command("appeals", "evaluate-routing", "--test-share", "0.9", stdout=StringIO())


def test_suggestions_lead_with_the_unit_learnt_from_history(history, hub, monkeypatch):
    from yingshang.appeals import suggest
    from yingshang.appeals.classification import train
    from yingshang.appeals.classification.unit_routing import fit_unit_routing

    rows = _ours()
    model = train([r[0] for r in rows], [r[1] for r in rows])
    rules = {"城乡建设": "市住房和城乡建设局", "营商环境": "市财政局", "环境保护": "市生态环境局", "市场监管": "市市场监督管理局"}
    model.routing = fit_unit_routing(model, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
                                     lambda label: rules.get(label.split("/")[0]))
    monkeypatch.setattr(suggest, "active_model", lambda: (model, None))
    items, _ = suggest.suggest("工地夜间施工噪声扰民,请尽快处理", None)
    assert items[0].unit_name == "市生态环境局" and items[0].label_path == "环境保护/噪声污染/施工噪声"
    assert 0 < items[0].unit_confidence <= 1
    assert items[0].as_dict()["unit_percent"].endswith("%")
    batch, _ = suggest.suggest_many(["工地夜间施工噪声扰民,请尽快处理"], [None])
    assert batch[0][0].unit_name == "市生态环境局" and batch[0][0].unit_confidence is not None


def test_the_demo_city_has_a_handler_for_every_unit_routing_suggests(db):
    from yingshang.appeals.demo import ensure_unit_handlers
    from yingshang.appeals.models import RoutingRule
    from yingshang.core.models import User

    ensure_unit_handlers()  # the test city's demo step already ran it: nothing left to create
    assert ensure_unit_handlers() == 0
    routed = set(RoutingRule.objects.values_list("unit_id", flat=True))
    handled = set(User.objects.filter(role=User.Role.HANDLER).values_list("unit_id", flat=True))
    assert routed and routed <= handled
    business = User.objects.get(username="handler_u042")  # 营商环境 → 市营商局 by default
    assert business.unit.name.startswith("市营商局") and business.check_password(DEMO_PASSWORD)
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)  # the logins are still printed, the new handlers among them
    text = out.getvalue()
    assert "演示账号" in text and "handler_u042" in text and "handler_zjj" in text


def test_the_demo_model_learns_routing_once_the_history_is_long_enough(db):
    from yingshang.appeals.classification import responsible_unit, taxonomy_labels, train
    from yingshang.appeals.classification.synthetic import generate_appeals
    from yingshang.appeals.demo import MIN_ROUTING_HISTORY, attach_routing

    labels = [label for label in taxonomy_labels() if label.startswith(("营商环境/审批服务", "营商环境/纳税"))]
    rows = generate_appeals(MIN_ROUTING_HISTORY, np.random.default_rng(8), labels=labels, skew=0.0)
    model = train([t for t, _ in rows], [label for _, label in rows])
    attach_routing(model, [(t, label, responsible_unit(label)) for t, label in rows[:MIN_ROUTING_HISTORY - 1]])
    assert model.routing is None  # too little history: the label order stays
    attach_routing(model, [(t, label, responsible_unit(label)) for t, label in rows])
    assert model.routing is not None and model.routing.metadata["n_history"] == MIN_ROUTING_HISTORY
    assert model.rank_units(["施工许可证申请提交两个月了还在审核,项目无法开工"])[0][0].unit == "市住房和城乡建设局"
