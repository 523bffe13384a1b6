"""The draw rule (no database): reproducible, exact ratios, recusal, and an independent script agrees."""

import hashlib
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from yingshang.supervision import draw as rule
from yingshang.supervision.merge import PlannedVisit, merge_visits

FRAME = [(f"9121020{i:011d}", "ABCD"[i % 4]) for i in range(400)]
RATIOS = rule.parse_ratios("A=0.03,B=0.05,C=0.1,D=0.2")


def test_same_inputs_same_draw_and_ceil_of_exact_ratio():
    first = rule.draw_enterprises(FRAME, "seed-1", RATIOS)
    assert first == rule.draw_enterprises(list(reversed(FRAME)), "seed-1", RATIOS)  # frame order does not matter
    counts = {cls: sum(1 for _c, k in first if k == cls) for cls in "ABCD"}
    assert counts == {"A": 3, "B": 5, "C": 10, "D": 20}  # 100 per class: ceil(0.03×100)=3 … 0.1×100 exactly 10, not 11
    assert rule.draw_enterprises(FRAME, "seed-2", RATIOS) != first


def test_ratio_is_read_as_a_decimal_not_a_float():
    frame = [(f"9121020{i:011d}", "C") for i in range(30)]
    assert len(rule.draw_enterprises(frame, "s", rule.parse_ratios("C=0.1"))) == 3  # float 0.1*30 would ceil to 4


def test_ranking_is_the_documented_sha256():
    drawn = rule.draw_enterprises(FRAME, "abc", {"A": Decimal("0.05")})
    expected = sorted((hashlib.sha256(f"abc|{c}".encode()).hexdigest(), c) for c, k in FRAME if k == "A")[:5]
    assert [c for c, _k in drawn] == [c for _h, c in expected]


def test_bad_input_is_refused_in_chinese():
    with pytest.raises(rule.DrawError, match="0 与 1"):
        rule.parse_ratios("A=1.5")
    with pytest.raises(rule.DrawError, match="风险类别"):
        rule.parse_ratios("E=0.1")
    with pytest.raises(rule.DrawError, match="种子"):
        rule.draw_enterprises(FRAME, "  ", RATIOS)
    with pytest.raises(rule.DrawError, match="重复"):
        rule.canonical_frame([("X1", "A"), ("X1", "B")])


def test_inspectors_skip_recused_and_need_two():
    certs = ["C1", "C2", "C3", "C4"]
    code = FRAME[0][0]
    free = rule.pick_inspectors("s", code, rule.InspectorPool(certs))
    assert len(free) == 2 and len(set(free)) == 2
    # the pair of the last visit (and a declared conflict) are recused: neither may be drawn
    recused = rule.pick_inspectors("s", code, rule.InspectorPool(certs, {code: set(free)}))
    assert recused and not set(recused) & set(free)
    assert rule.pick_inspectors("s", code, rule.InspectorPool(certs, {code: {"C1", "C2", "C3"}})) == []  # 待补派


def test_verify_names_the_first_difference():
    pool = rule.InspectorPool(["C1", "C2", "C3"])
    rows = rule.draw(FRAME, "s", RATIOS, pool)
    assert rule.verify(FRAME, "s", RATIOS, rows, pool) is None
    tampered = list(rows)
    tampered[4] = (FRAME[-1][0], tampered[4][1], tampered[4][2])
    assert "第 5 行不同" in rule.verify(FRAME, "s", RATIOS, tampered, pool)
    assert "缺少第" in rule.verify(FRAME, "s", RATIOS, rows[:-1], pool)
    assert "执法人员不同" in rule.verify(FRAME, "s", RATIOS, [rows[0][:2] + (["C9", "C8"],)] + rows[1:], pool)


def test_files_round_trip():
    text = rule.canonical_frame(FRAME)
    assert text.startswith("credit_code,risk_class\n") and text.endswith("\n")
    assert rule.read_frame(text) == sorted(FRAME)
    pool = rule.InspectorPool(["C2", "C1"], {FRAME[0][0]: {"C1"}})
    again = rule.read_pool(rule.pool_csv(pool))
    assert sorted(again.certificates) == ["C1", "C2"] and again.recused == {FRAME[0][0]: {"C1"}}
    rows = rule.draw(FRAME, "s", RATIOS, pool)
    assert rule.read_draw(rule.draw_csv(rows)) == rows


SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "supervision_draw.py"


def test_the_documented_standalone_script_agrees(tmp_path):
    """docs/supervision_draw.py (the script printed in docs/supervision.md) uses nothing of the platform."""
    source = SCRIPT.read_text(encoding="utf-8")
    assert "yingshang" not in source and len(source.strip().splitlines()) <= 30
    (tmp_path / "frame.csv").write_text(rule.canonical_frame(FRAME), encoding="utf-8")
    pool = rule.InspectorPool(["C1", "C2", "C3", "C4"], {FRAME[3][0]: {"C2"}})
    (tmp_path / "pool.csv").write_text(rule.pool_csv(pool), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCRIPT), "frame.csv", "pool.csv", "seed-9", "A=0.03,B=0.05,C=0.1,D=0.2"],
                         cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert out == rule.draw_csv(rule.draw(FRAME, "seed-9", RATIOS, pool))


def test_merge_one_joint_task_per_shared_enterprise():
    visits = [PlannedVisit(1, 10, "U039", ("SP", "GS")), PlannedVisit(2, 10, "U070", ("XF",)), PlannedVisit(3, 11, "U039", ("SP",)),
              PlannedVisit(4, 12, "U070", ("XF",)), PlannedVisit(5, 12, "U036", ("WJ",)), PlannedVisit(6, 12, "U039", ("SP",))]
    report = merge_visits(visits)
    assert report.separate_visits == 6 and len(report.tasks) == 3 and report.visits_saved == 3
    joint = {t.enterprise: t for t in report.tasks}
    assert joint[10].lead == "U039" and joint[10].items == ("SP", "GS", "XF") and joint[10].visits == (1, 2)  # most items leads
    assert joint[12].lead == "U036" and joint[12].departments == ("U036", "U039", "U070")  # a tie: the smallest code
    assert not joint[11].joint and math.isclose(report.joint_share, 2 / 3)
