"""`yingshang plans parse|import|remind|rank|bulletin` as an operator runs them."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from yingshang.plans.models import Bulletin, Plan, Task

from .conftest import SAMPLE_PLAN, seed_path

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("plans", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_parse_prints_json():
    out, _ = run("parse", str(SAMPLE_PLAN), "--format", "json")
    plan = json.loads(out)
    assert plan["title"] == "甘井子区2026年营商环境优化行动方案" and plan["levels"] == [2, 2, 4]
    outline, _ = run("parse", str(SAMPLE_PLAN), "--format", "text")
    assert "牵头：区市场监管局" in outline


def test_parse_of_a_seed_plan_and_of_the_news_report():
    out, _ = run("parse", str(seed_path("000")))
    assert json.loads(out)["title"] == "大连市2024年营商环境质量提升行动方案"
    with pytest.raises(SystemExit) as exit_:
        run("parse", str(seed_path("001")))
    assert exit_.value.code == 2


def test_parse_dates_a_yearless_plans_deadlines_in_the_year_given(tmp_path):
    plan_file = tmp_path / "任务清单.txt"
    plan_file.write_text("区消防安全重点任务清单\n一、摸清底数\n1.完成排查。(区住建局牵头;11月底前完成)\n2.建立台账。(区应急局牵头;9月15日前)\n", encoding="utf-8")
    without, _ = run("parse", str(plan_file))
    plan = json.loads(without)
    assert plan["year"] is None and any("文中找不到方案的年份" in w for w in plan["warnings"])
    given = json.loads(run("parse", str(plan_file), "--year", "2024")[0])
    assert (given["year"], given["year_source"]) == (2024, "given")
    assert [d["date"] for d in given["items"][0]["children"][0]["deadlines"]] == ["2024-11-30"]
    assert not any("文中找不到方案的年份" in w for w in given["warnings"])
    # (a year the text names wins over the one given)
    named = json.loads(run("parse", str(SAMPLE_PLAN), "--year", "2019")[0])
    assert named["year"] == 2026
    with pytest.raises(SystemExit) as exit_:
        run("parse", str(plan_file), "--year", "明年")
    assert exit_.value.code == 1


def test_import_then_publish_remind_rank_and_bulletin(at, tmp_path):
    from pypdf import PdfReader

    at(2026, 1, 10)
    out, _ = run("import", str(SAMPLE_PLAN))
    plan = Plan.objects.latest("id")
    assert f"已导入方案 #{plan.pk}" in out and "区数字孪生推进中心" in out and plan.is_draft
    out, _ = run("import", str(SAMPLE_PLAN), "--publish")
    published = Plan.objects.latest("id")
    assert published.status == "published" and "已发布:生成" in out and Task.objects.filter(plan=published).exists()

    at(2026, 6, 26)
    first, _ = run("remind")
    second, _ = run("remind")
    assert "即将到期 0 条" not in first and "即将到期 0 条,已逾期 0 条,待报送进度 0 条" in second

    at(2026, 7, 3)
    ranking, _ = run("rank", "--period", "2026-06")
    assert "部门排名(2026-06,截至 2026-06-30)" in ranking and "市市场监督管理局" in ranking

    out, _ = run("bulletin", "--period", "2026-07", "--out", str(tmp_path))
    assert "已生成:大连市营商环境行动方案落实情况通报(2026年7月)" in out
    assert Bulletin.objects.filter(period="2026-07").exists()
    pdf_text = "".join(page.extract_text() for page in PdfReader(tmp_path / "通报-2026-07.pdf").pages)
    assert "逾期任务" in pdf_text and "市市场监督管理局" in pdf_text
    assert (tmp_path / "通报-2026-07.docx").stat().st_size > 0


def test_command_errors_are_clear(at):
    at(2026, 7, 3)
    with pytest.raises(CommandError, match="尚未开始"):
        run("bulletin", "--period", "2027-01")
    with pytest.raises(CommandError, match="找不到文件"):
        run("import", "/nonexistent/plan.docx")
