"""Routing learnt from history (classification/unit_routing.py): the unit that finally handles an appeal
from the label posterior, P(unit | label) of the history and a text → unit model; calibrated confidence.

No database: the package is Django-free; the history is synthetic, its units those of the default rules."""

from __future__ import annotations

import numpy as np
import pytest

from yingshang.appeals.classification import ClassificationError, responsible_unit, taxonomy_labels, train
from yingshang.appeals.classification.evaluation import expected_calibration_error
from yingshang.appeals.classification.synthetic import generate_appeals
from yingshang.appeals.classification.unit_routing import fit_unit_routing, label_unit_matrix

# The approval branch (施工许可 and 审批超时 go to different units) and neighbours that share its words.
BRANCHES = ("营商环境/审批服务", "营商环境/水电气暖报装", "营商环境/市场准入", "营商环境/拖欠账款", "城乡建设/城市建设和市政管理")
CONSTRUCTION_PERMIT_DELAY = ("我公司在金州区新建厂房项目,施工许可证申请材料早已齐全并在网上提交,承诺10个工作日办结,"
                             "现在已经过去两个多月仍显示审核中,项目无法开工,请督促尽快审批。")


@pytest.fixture(scope="module")
def history():
    labels = [label for label in taxonomy_labels() if label.startswith(BRANCHES)]
    rows = generate_appeals(1400, np.random.default_rng(13), labels=labels, skew=0.0)
    rng = np.random.default_rng(3)
    # 8 % of the appeals ended elsewhere after a return (属地管理): the history is not the rule table.
    units = [responsible_unit(label) if rng.random() > 0.08 else "金州区人民政府" for _, label in rows]
    return rows, units


@pytest.fixture(scope="module")
def routed(history):
    rows, units = history
    # A weak label model (few examples per leaf), as in a young city: the routing must not rest on it alone.
    model = train([t for t, _ in rows[:450]], [label for _, label in rows[:450]])
    model.routing = fit_unit_routing(model, [t for t, _ in rows[:1000]], [label for _, label in rows[:1000]],
                                     units[:1000], responsible_unit)
    return model


def test_construction_permit_delay_goes_to_the_housing_bureau(routed):
    ranking = routed.rank_units([CONSTRUCTION_PERMIT_DELAY], k=3)[0]
    assert responsible_unit("营商环境/审批服务/工程建设项目审批/施工许可") == "市住房和城乡建设局"
    assert responsible_unit("营商环境/审批服务/行政许可办理/审批超时") == "市营商局(市大数据管理局)"
    assert ranking[0].unit == "市住房和城乡建设局", ranking
    assert len({r.unit for r in ranking}) == len(ranking) == 3


def test_learnt_routing_is_no_worse_than_the_rule_of_the_best_label_and_is_calibrated(routed, history):
    rows, units = history
    texts, truth = [t for t, _ in rows[1000:]], units[1000:]
    rankings = routed.rank_units(texts, k=3)
    top1 = np.asarray([r[0].unit == u for r, u in zip(rankings, truth)])
    top3 = np.mean([u in [x.unit for x in r] for r, u in zip(rankings, truth)])
    names, probabilities = routed.predict_proba(texts)
    rule_top1 = np.mean([responsible_unit(names[j]) == u for j, u in zip(probabilities.argmax(axis=1), truth)])
    assert top1.mean() >= rule_top1 and top3 > top1.mean()  # never worse than the rule (noise ceiling ≈ 0.92 here)
    confidence = np.asarray([r[0].confidence for r in rankings])
    assert ((0 <= confidence) & (confidence <= 1)).all()
    # Calibration sanity on appeals the routing never saw: confidence tracks accuracy.
    assert abs(confidence.mean() - top1.mean()) < 0.1
    assert expected_calibration_error(confidence, top1.astype(float)) < 0.12
    for r in rankings[:50]:  # calibrated scores keep the order of the raw ones
        assert [x.confidence for x in r] == sorted((x.confidence for x in r), reverse=True)
    meta = routed.routing.metadata
    assert meta["n_history"] == 1000 and 0 <= meta["head_weight"] <= 1


def test_routing_survives_save_and_load(routed, tmp_path):
    from yingshang.appeals.classification import load

    path = routed.save(tmp_path / "routed.joblib")
    again = load(path)
    assert again.rank_units([CONSTRUCTION_PERMIT_DELAY])[0][0].unit == routed.rank_units([CONSTRUCTION_PERMIT_DELAY])[0][0].unit
    plain = train(["水管爆裂没人修"] * 3 + ["拖欠工程款不给"] * 3, ["城乡建设/供水"] * 3 + ["营商环境/拖欠账款"] * 3)
    assert plain.rank_units(["水管爆裂"]) is None  # no history learnt: callers keep the label order


def test_label_unit_matrix_uses_history_with_the_rule_as_prior():
    matrix = label_unit_matrix(["a", "b", "c"], ["X", "Y"], ["a", "a", "a", "b"], ["Y", "Y", "X", "X"],
                               {"a": "X", "b": "Y", "c": None}.get)
    assert matrix[0].tolist() == pytest.approx([2 / 4, 2 / 4])  # 1 rule pseudo-count + 1 X, 2 Y
    assert matrix[1].tolist() == pytest.approx([1 / 2, 1 / 2])
    assert matrix[2].tolist() == [0.0, 0.0]  # neither rule nor history: no unit through this label
    with pytest.raises(ClassificationError, match="办理历史太少"):
        fit_unit_routing(None, ["x"] * 5, ["a"] * 5, ["X"] * 5, lambda label: None)
