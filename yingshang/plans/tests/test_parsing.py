"""Tests of the plan importer (yingshang.plans.parsing): pure Python, no database.

The seed tests compare the parser with hand-checked annotations of the five documents in
../shared/seeds (fixtures/seed_*.json: every item's number path, units and deadlines), and must stay
at 100%. The other tests pin the general rules on small synthetic inputs.

Run: .venv/bin/python -m pytest yingshang/plans/tests/test_parsing.py -p no:django -q
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from yingshang.plans import cli_parse
from yingshang.plans.parsing import PlanParseError, iter_items, parse_plan
from yingshang.plans.parsing.cleanup import clean_text, repair_mojibake
from yingshang.plans.parsing.deadlines import find_text_deadlines, parse_deadline_field
from yingshang.plans.parsing.document import find_title, plan_year
from yingshang.plans.parsing.fields import analyse_item, extract_field_parts
from yingshang.plans.parsing.loaders import read_bytes, reflow_pdf_lines, table_rows_to_lines
from yingshang.plans.parsing.structure import build_outline, chinese_numeral_to_int, detect_marker
from yingshang.plans.parsing.targets import find_targets
from yingshang.plans.parsing.units import build_mentions, load_collective_phrases, split_mentions

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_FIXTURES = sorted(FIXTURES.glob("seed_*.json"))
PLAN_FIXTURES = [p for p in SEED_FIXTURES if json.loads(p.read_text(encoding="utf-8"))["kind"] == "plan"]
REFUSED_FIXTURES = [p for p in SEED_FIXTURES if p not in PLAN_FIXTURES]


def _seed(name: str) -> Path:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed document {name} not found in {SEEDS} (the seeds live outside the repository, in ../shared/seeds)")
    return path


def _fixture(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _units(mentions: list[dict]) -> list[tuple]:
    return [(m["mention"], m["label"], m["collective"]) for m in mentions]


def _deadline_keys(deadlines: list[dict]) -> set[tuple]:
    # A deadline is identified by its date (or, undated, its text) and kind; which of two phrasings
    # of the same date ("2019年底前" in 完成时限, "到2019年底" in the text) is kept does not matter.
    return {(d["date"] or d["text"], d["kind"]) for d in deadlines}


# --- the seeds ------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=PLAN_FIXTURES, ids=lambda p: p.stem)
def seed_case(request):
    expected = _fixture(request.param)
    return expected, parse_plan(_seed(expected["seed"]))


def test_seed_item_tree_matches_annotation(seed_case):
    expected, plan = seed_case
    assert plan["levels"] == expected["levels"]
    got = [(item["number"], item["path"]) for item in iter_items(plan)]
    want = [(item["number"], item["path"]) for item in expected["items"]]
    assert got == want


def test_seed_units_match_annotation(seed_case):
    expected, plan = seed_case
    wrong = []
    for item, want in zip(iter_items(plan), expected["items"]):
        if _units(item["lead_units"]) != _units(want["lead_units"]) or _units(item["responsible_units"]) != _units(
            want["responsible_units"]
        ):
            wrong.append(item["path"])
    assert not wrong, f"units differ from the annotation at {wrong}"


def test_seed_deadlines_match_annotation(seed_case):
    expected, plan = seed_case
    wrong = [
        item["path"]
        for item, want in zip(iter_items(plan), expected["items"])
        if _deadline_keys(item["deadlines"]) != _deadline_keys(want["deadlines"])
    ]
    assert not wrong, f"deadlines differ from the annotation at {wrong}"


def test_seed_titles_mostly_exact(seed_case):
    # Titles are annotated as the document meant them; three headings of seed 002 lost a character
    # to unrecoverable mojibake (释放[数]据要素新动能), so titles are held to 95%, not 100%.
    expected, plan = seed_case
    pairs = list(zip(iter_items(plan), expected["items"]))
    exact = sum(1 for item, want in pairs if item["title"] == want["title"])
    assert exact / len(pairs) >= 0.95


def test_seed_metadata(seed_case):
    expected, plan = seed_case
    assert (plan["title"], plan["issuer"], plan["date"]) == (expected["title"], expected["issuer"], expected["date"])


@pytest.mark.parametrize("fixture", REFUSED_FIXTURES, ids=lambda p: p.stem)
def test_seed_that_is_not_a_plan_is_refused_with_a_clear_message(fixture):
    expected = _fixture(fixture)
    with pytest.raises(PlanParseError) as caught:
        parse_plan(_seed(expected["seed"]))
    assert caught.value.code == expected["error_code"]
    assert all(part in str(caught.value) for part in expected["message_contains"])


def test_seed_traditional_plan_is_converted_and_cleaned():
    plan = parse_plan(_seed("002_9bc006fa5dffc20e.txt"))
    assert plan["cleanup"]["traditional_converted"]
    texts = "\n".join(item["text"] for item in iter_items(plan))
    assert "(qū)" not in texts and "區" not in texts and "\ufffd" not in texts
    section = next(item for item in iter_items(plan) if item["path"] == [3, 1])
    assert section["title"] == "服务构建统一大市场"  # a heading recovered from a mojibake run
    assert plan["closing"].startswith("各地区各部门要提高政治站位")  # not glued to the last item


def test_seed_page_footer_is_not_part_of_the_last_item():
    plan = parse_plan(_seed("000_43d8b2cb1177edc6.txt"))
    last = list(iter_items(plan))[-1]
    assert "联系方式" not in last["text"] and "相关链接" not in last["text"]


@pytest.mark.parametrize("name", ["000_43d8b2cb1177edc6.txt", "002_9bc006fa5dffc20e.txt", "003_d78822511846185f.txt", "004_4c0d265996498deb.txt"])
def test_cli_prints_valid_json_for_seed(name, capsys):
    assert cli_parse.main(["parse", str(_seed(name))]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["items"] and plan["schema"].startswith("yingshang.plans.parse/")


def test_cli_refuses_the_news_report(capsys):
    assert cli_parse.main(["parse", str(_seed("001_5e657d047b281795.txt"))]) == 2
    assert "新闻报道" in capsys.readouterr().err


# --- numbering --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, style, number",
    [
        ("一、总体要求", "cn", 1),
        ("十二.附则", "cn", 12),
        ("(一)加强惠企政策供给", "paren_cn", 1),
        ("（三）加强法治维权建设", "paren_cn", 3),
        ("〔十一〕政府采购", "paren_cn", 11),
        ("1.支持现代产业发展", "arabic", 1),
        ("12、推进综合窗口改革", "arabic", 12),
        ("3．优化审批", "arabic", 3),
        ("１０．全角数字", "arabic", 10),
        ("67. 优化人才发展环境", "arabic", 67),
        ("(1)支持新兴产业创新发展。", "paren_arabic", 1),
        ("（12）优化人力资源服务", "paren_arabic", 12),
        ("⑶圆括号数字", "paren_arabic", 3),
        ("②带圈数字", "circled", 2),
        ("第十条 各单位应当", "article", 10),
        ("第三章 保障措施", "chapter", 3),
    ],
)
def test_markers_in_all_their_variants(line, style, number):
    marker = detect_marker(clean_text(line).text)
    assert marker is not None and (marker.style, marker.number) == (style, number)


@pytest.mark.parametrize(
    "line",
    ["一是力推综合窗口改革", "一、二季度完成", "2.5个工作日内办结", "2022年底前,完成改革", "(2021-2024年)", "1、2月份开展", "(PM2.5)年均浓度"],
)
def test_text_that_only_looks_numbered(line):
    assert detect_marker(line) is None


@pytest.mark.parametrize("text, value", [("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零三", 103), ("七", 7)])
def test_chinese_numerals(text, value):
    assert chinese_numeral_to_int(text) == value


def test_nesting_follows_the_document_not_a_fixed_level_per_style():
    lines = [
        "一、第一章",
        "1.直接在章下",
        "2.第二项",
        "二、第二章",
        "(一)第一节",
        "1.节下的项",
        "(二)第二节",
        "2.编号贯穿各节",
        "三、保障措施",
        "(一)加强组织领导。",
    ]
    outline = build_outline(lines)
    paths = [node.path for node in outline.walk()]
    assert paths == [[1], [1, 1], [1, 2], [2], [2, 1], [2, 1, 1], [2, 2], [2, 2, 2], [3], [3, 1]]
    assert outline.level_counts() == [3, 5, 2]


def test_a_number_that_does_not_follow_on_is_text():
    outline = build_outline(["一、任务", "1.第一项", "(9)这是正文中断行的编号", "2.第二项"])
    assert [node.path for node in outline.walk()] == [[1], [1, 1], [1, 2]]
    assert "(9)这是正文中断行的编号" in outline.roots[0].children[0].lines


# --- deadlines ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, date",
    [
        ("2022年底前,完成改革", "2022-12-31"),
        ("2019年6月底前,总结试点经验", "2019-06-30"),
        ("2023年上半年,实现全覆盖", "2023-06-30"),
        ("到2020年,改革面达到70%以上", "2020-12-31"),
        ("到2019年底,网上办理率不低于80%", "2019-12-31"),
        ("2019年6月前,完成", "2019-06-30"),  # by June's end, as a year-less 6月前 (round 35)
        ("2025年前,基本建成", "2025-12-31"),  # by the end of the year named
        ("2024年根据实际条件,推广改革经验", "2024-12-31"),
        ("推动资金早投放,2024年底力争实现", "2024-12-31"),
        ("全面启动改革,2020年第三季度完成", "2020-09-30"),
    ],
)
def test_dates_in_text(text, date):
    assert [d["date"] for d in find_text_deadlines(text)] == [date]


@pytest.mark.parametrize(
    "text",
    [
        "2022至2024年,城乡供电可靠性保持2021年底水平只升不降",
        "制定《大连市产业发展支持政策清单(2026年版)》",
        "大连市营商环境建设领导小组 2026年1月19日",
        "2020年度大连市成为全国进步最大的城市之一",
        "尤其是2021年,地区生产总值增速",
        "落实《大连市2024年营商环境质量提升行动方案》",
    ],
)
def test_years_that_are_not_deadlines(text):
    assert find_text_deadlines(text) == []


def test_deadline_field_kinds():
    assert [(d["text"], d["kind"]) for d in parse_deadline_field("长期推进")] == [("长期推进", "ongoing")]
    assert [(d["text"], d["kind"]) for d in parse_deadline_field("按序时进度推进")] == [("按序时进度推进", "scheduled")]
    assert [(d["text"], d["kind"]) for d in parse_deadline_field("持续推进")] == [("持续推进", "scheduled")]
    both = parse_deadline_field("2019年底前取得阶段性成果,长期推进")
    assert [(d["date"], d["kind"]) for d in both] == [("2019-12-31", "date"), (None, "ongoing")]
    several = parse_deadline_field("2018年底前,精简至3个环节。2019年上半年,压缩到8.5个工作日内。2020年底前,压缩到5个工作日内。")
    assert [d["date"] for d in several] == ["2018-12-31", "2019-06-30", "2020-12-31"]
    assert parse_deadline_field("视情况而定") == [{"text": "视情况而定", "date": None, "kind": "date", "start": 0, "end": 5}]


def test_yearless_deadline_takes_the_plan_year():
    assert [d["date"] for d in find_text_deadlines("年底前完成系统上线", default_year=2024)] == ["2024-12-31"]
    assert [d["date"] for d in find_text_deadlines("6月底前完成", default_year=2024)] == ["2024-06-30"]
    assert [d["date"] for d in find_text_deadlines("年底前完成系统上线")] == [None]
    assert plan_year("大连市2024年营商环境质量提升行动方案") == 2024
    assert plan_year("鲅鱼圈区营商环境优化行动方案(2021-2024年)") is None


# --- targets ------------------------------------------------------------------------------------------


def _target_tuples(text):
    return [(t["quantity"], t["comparator"], t["value"], t["unit"], t["date"]) for t in find_targets(text)]


def test_target_steps_and_working_days_with_date():
    text = "2022年底前,将开办企业线下办理流程压缩至1个环节、1个工作日以内办结。"
    assert _target_tuples(text) == [("steps", "≤", 1, "环节", "2022-12-31"), ("duration", "≤", 1, "工作日", "2022-12-31")]


def test_target_rate_amount_and_share():
    rate = find_targets("12345热线接通率达到95%以上,办结率达到90%以上。")
    assert [(t["metric"], t["comparator"], t["value"], t["unit"]) for t in rate] == [
        ("12345热线接通率", "≥", 95, "%"),
        ("办结率", "≥", 90, "%"),
    ]
    amount = find_targets("实施重点科技研发计划项目,给予最高200万元补助资金。")
    assert [(t["quantity"], t["comparator"], t["value"], t["unit"]) for t in amount] == [("amount", "≤", 200, "万元")]
    share = find_targets("拓展抽查检查领域和事项,提升部门联合抽查任务占比达30%以上。")
    assert [(t["metric"], t["comparator"], t["value"], t["unit"]) for t in share] == [("部门联合抽查任务占比", "≥", 30, "%")]


def test_numbers_that_are_not_targets():
    assert find_targets("按规模给予50-300万元一次性资金奖励,建立10千伏及以上重大报装项目台账,召开第217次会议。") == []


# --- units --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, mentions",
    [
        ("市工业和信息化局、市营商局(市大数据管理局)", ["市工业和信息化局", "市营商局(市大数据管理局)"]),
        ("区财政局(金融发展局)", ["区财政局(金融发展局)"]),
        ("市住房和城乡建设局、市人力资源和社会保障局", ["市住房和城乡建设局", "市人力资源和社会保障局"]),
        ("市营商局和市财政局", ["市营商局", "市财政局"]),
        ("市发展改革委及市商务局", ["市发展改革委", "市商务局"]),
        ("区税务局、区人社局等区直相关部门", ["区税务局", "区人社局", "区直相关部门"]),
        ("市人社局等市直各有关单位,中国人民银行大连市中心支行,各区市县、开放先导区", ["市人社局", "市直各有关单位", "中国人民银行大连市中心支行", "各区市县、开放先导区"]),
        ("各区市县党委、政府,各先导区党工委、管委会", ["各区市县党委、政府", "各先导区党工委、管委会"]),
        ("各区市县政府、先导区管委会", ["各区市县政府、先导区管委会"]),
        ("区直相关部门,各镇(街道)、园区", ["区直相关部门", "各镇(街道)、园区"]),
        ("区审批技术审查与公共资源交易中心、区营商局 ", ["区审批技术审查与公共资源交易中心", "区营商局"]),
        ("市营商局、市发展改革委按职责分工负责", ["市营商局", "市发展改革委"]),
        ("各区市县政府、大连海关", ["各区市县政府", "大连海关"]),
    ],
)
def test_mention_splitting(value, mentions):
    assert split_mentions(value) == mentions


def test_collective_mentions_and_resolution_callback():
    calls = []

    def resolve(mention):
        calls.append(mention)
        return {"市科技局": 7}.get(mention)

    records = build_mentions("市科技局、大连国际仲裁院、各区市县政府、先导区管委会、区直相关部门", "责任单位", resolve_unit=resolve)
    assert [(r["mention"], r["unit"], r["collective"]) for r in records] == [
        ("市科技局", 7, False),
        ("大连国际仲裁院", None, False),
        ("各区市县政府、先导区管委会", None, True),
        ("区直相关部门", None, True),
    ]
    assert records[2]["group"] == "各区市县政府、先导区管委会" and "group" not in records[0]
    assert calls == ["市科技局", "大连国际仲裁院"]  # collective mentions are the caller's to expand


def test_collective_phrase_list_is_read_when_present(tmp_path):
    csv_path = tmp_path / "collective_unit_phrases.csv"
    csv_path.write_text("phrase,members\n驻区单位、中直单位,区国税局|鲅鱼圈海关\n", encoding="utf-8")
    phrases = load_collective_phrases(str(csv_path))
    assert phrases == ("驻区单位、中直单位",)
    records = build_mentions("区营商局、驻区单位、中直单位", "责任单位", phrases=phrases)
    assert [(r["mention"], r["collective"]) for r in records] == [("区营商局", False), ("驻区单位、中直单位", True)]
    assert load_collective_phrases(str(tmp_path / "missing.csv")) == ()


# --- item fields --------------------------------------------------------------------------------------


def test_bracketed_fields_at_the_end_of_a_paragraph():
    line = "推进政策精准推送。建成企业服务云平台。〔牵头单位:市工业和信息化局、市营商局(市大数据管理局);责任地区:各区市县政府、先导区管委会〕"
    fields = analyse_item([line])
    assert fields.text == "推进政策精准推送。建成企业服务云平台。"
    assert [m["mention"] for m in fields.lead_units] == ["市工业和信息化局", "市营商局(市大数据管理局)"]
    assert [(m["mention"], m["label"], m["collective"]) for m in fields.responsible_units] == [
        ("各区市县政府、先导区管委会", "责任地区", True)
    ]


def test_field_lines_inline_fields_and_unlabelled_responsibility():
    body, fields = extract_field_parts(["完善人才激励机制。创造良好环境。  牵头单位:市人社局", "责任单位:市委组织部等市直各有关单位", "完成时限:长期推进"])
    assert body == ["完善人才激励机制。创造良好环境。"]
    assert fields == [("牵头单位", "市人社局"), ("责任单位", "市委组织部等市直各有关单位"), ("完成时限", "长期推进")]
    plain = analyse_item(["优化服务,办结率达到90%以上。(市营商局、市发展改革委按职责分工负责)"])
    assert [m["mention"] for m in plain.responsible_units] == ["市营商局", "市发展改革委"] and not plain.lead_units
    led = analyse_item(["强化监督。(市纪委监委牵头,市委组织部、市营商局配合)"])
    assert [m["mention"] for m in led.lead_units] == ["市纪委监委"]
    assert [m["mention"] for m in led.responsible_units] == ["市委组织部", "市营商局"]
    aside = analyse_item(["实现全市细颗粒物年均浓度达标(不含沙尘天气)。"])
    assert not aside.responsible_units and aside.text.endswith("(不含沙尘天气)。")


def test_lead_marked_inside_a_list_and_first_listed_convention():
    marked = analyse_item(["推进一网通办。(责任单位:市营商局(牵头)、市大数据中心)"])
    assert [m["mention"] for m in marked.lead_units] == ["市营商局"]
    assert [m["mention"] for m in marked.responsible_units] == ["市大数据中心"]
    plan = parse_plan(
        "一、任务\n(一)压缩开办时间。(责任单位:市市场监管局、市税务局,排在首位的为牵头单位,下同)\n(二)推进网办。(责任单位:市营商局、市财政局)"
    )
    items = list(iter_items(plan))
    assert [[m["mention"] for m in i["lead_units"]] for i in items[1:]] == [["市市场监管局"], ["市营商局"]]
    assert [[m["mention"] for m in i["responsible_units"]] for i in items[1:]] == [["市税务局"], ["市财政局"]]


def test_state_council_and_provincial_styles():
    plan = parse_plan(
        "国务院办公厅关于印发某某行动方案的通知\n"
        "各省、自治区、直辖市人民政府,国务院各部委、各直属机构:\n"
        "《某某行动方案》已经国务院同意,现印发给你们,请认真贯彻执行。\n"
        "国务院办公厅\n2024年8月1日\n某某行动方案\n"
        "2023年,全国新设经营主体超过三千万户。\n"
        "一、持续提升投资建设便利度\n"
        "(一)优化再造投资项目前期审批流程。健全项目前期策划生成机制。"
        "(国家发展改革委、自然资源部、住房城乡建设部等国务院相关部门及各地区按职责分工负责)\n"
        "(二)提升审批效率。2025年6月底前,审批时间压缩至60个工作日以内。(住房城乡建设部牵头,各地区按职责分工负责)\n"
        "二、优化营商服务\n"
        "(三)推进告知承诺。【牵头单位】省司法厅【责任单位】各市、县(市、区)人民政府【完成时限】2025年12月\n"
        "(四)优化开办服务:推行企业开办一网通办。2023年,已实现全程网办。责任单位:省市场监管局,省直有关部门"
    )
    assert (plan["title"], plan["issuer"], plan["date"], plan["levels"]) == ("某某行动方案", "国务院办公厅", "2024-08-01", [2, 4])
    first, second, third, fourth = [i for i in iter_items(plan) if i["level"] == 2]
    assert [(m["mention"], m["collective"]) for m in first["responsible_units"]] == [
        ("国家发展改革委", False), ("自然资源部", False), ("住房城乡建设部", False), ("国务院相关部门", True), ("各地区", True)
    ]
    assert [m["mention"] for m in second["lead_units"]] == ["住房城乡建设部"]
    assert [t["value"] for t in second["targets"]] == [60]
    assert [m["mention"] for m in third["lead_units"]] == ["省司法厅"]
    assert [(m["mention"], m["collective"]) for m in third["responsible_units"]] == [("各市、县(市、区)人民政府", True)]
    assert [d["date"] for d in third["deadlines"]] == ["2025-12-31"]
    assert fourth["title"] == "优化开办服务" and fourth["deadlines"] == []  # "2023年," looks back


# --- noise and conversion -----------------------------------------------------------------------------


def test_inline_pinyin_and_traditional_characters():
    cleaned = clean_text("各地區(qū),各有關單位:加快優(yōu)化營商環(huán)境。實現(xiàn)細顆粒物(PM2.5)下降")
    assert cleaned.text == "各地区,各有关单位:加快优化营商环境。实现细颗粒物(PM2.5)下降"
    assert cleaned.notes["traditional_converted"]


def test_simplified_text_is_left_as_is():
    text = "2.推进氢能产业优质发展。修订氢能产业专项资金管理办法。(牵头单位:市发展改革委)"
    cleaned = clean_text(text)
    assert cleaned.text == text and not cleaned.notes["traditional_converted"]


def _shifted_mojibake(text: str) -> str:
    """What a page shows when GBK text is decoded one byte out of step (the seed 002 kind): the lost
    byte shows as "?", and user-defined GBK codes as private-use characters."""
    return "?" + text.encode("gbk")[1:].decode("gb18030", errors="replace")


def test_mojibake_heading_is_repaired_and_keeps_the_structure():
    garbled = _shifted_mojibake("\u3000（二）加强要素有效性供给")
    assert detect_marker(garbled) is None
    repaired = clean_text(garbled).text
    marker = detect_marker(repaired)
    assert marker is not None and (marker.style, marker.number) == ("paren_cn", 2)
    # The last character lost its second byte to the shift (in real pages an ASCII tag or line end
    # follows and realigns); everything before it is recovered.
    assert marker.rest.startswith("加强要素有效性供")


def test_unrecoverable_debris_is_dropped():
    assert clean_text("提升\ue848公共\ufffd服务┓水平</p>").text == "提升公共服务水平"
    assert repair_mojibake("没有乱码的一行。") == "没有乱码的一行。"


def test_full_width_forms_are_normalised():
    assert clean_text("（１）压缩至１个工作日：完成").text == "(1)压缩至1个工作日:完成"


# --- loaders ------------------------------------------------------------------------------------------

PLAN_TEXT = [
    "某市优化营商环境行动方案",
    "一、优化政务服务",
    "(一)压缩开办时间。2025年底前,企业开办压缩至1个工作日以内。(牵头单位:市市场监管局;责任单位:市税务局)",
    "(二)推进一网通办。(牵头单位:市营商局)",
]


def test_docx_with_paragraphs_and_a_task_table(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in PLAN_TEXT:
        document.add_paragraph(line)
    document.add_paragraph("二、重点任务清单")
    table = document.add_table(rows=3, cols=4)
    for row, cells in enumerate(
        [("序号", "重点任务", "牵头单位", "完成时限"), ("1", "建设企业服务平台", "市工业和信息化局", "2025年6月底前"), ("2", "推行告知承诺制", "市司法局", "长期推进")]
    ):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    path = tmp_path / "plan.docx"
    document.save(path)
    plan = parse_plan(path)
    assert plan["title"] == "某市优化营商环境行动方案" and plan["format"] == "docx"
    assert plan["levels"] == [2, 4]
    table_items = plan["items"][1]["children"]
    assert [(i["title"], [m["mention"] for m in i["lead_units"]], [d["date"] or d["kind"] for d in i["deadlines"]]) for i in table_items] == [
        ("建设企业服务平台", ["市工业和信息化局"], ["2025-06-30"]),
        ("推行告知承诺制", ["市司法局"], ["ongoing"]),
    ]


def test_docx_automatic_list_numbers_are_restored(tmp_path):
    docx = pytest.importorskip("docx")
    from yingshang.plans.parsing.loaders import format_list_number

    document = docx.Document()
    document.add_paragraph("一、优化政务服务")
    document.add_paragraph("压缩开办时间。(牵头单位:市市场监管局)", style="List Number")  # Word numbers it, not the text
    document.add_paragraph("推进一网通办。(牵头单位:市营商局)", style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(path)
    items = list(iter_items(parse_plan(path)))
    assert [(i["number"], i["title"]) for i in items] == [("一、", "优化政务服务"), ("1.", "压缩开办时间"), ("2.", "推进一网通办")]
    assert [format_list_number(n, f) for n, f in [(3, "chineseCounting"), (12, "chineseCountingThousand"), (2, "decimalEnclosedCircle")]] == ["三", "十二", "②"]


def test_html_page_with_chrome_and_gbk_charset():
    page = (
        "<html><head><meta charset='gbk'><title>首页</title><style>p{}</style></head><body>"
        "<div class='nav'>当前位置:首页 &gt; 政务公开</div>"
        + "".join(f"<p>{line}</p>" for line in PLAN_TEXT)
        + "<script>var a = '一、不是条目';</script><p>相关链接:一图读懂</p></body></html>"
    ).encode("gbk")
    text, source_format = read_bytes(page, "plan.html")
    assert source_format == "html" and "不是条目" not in text and "&gt;" not in text
    plan = parse_plan(page, filename="plan.html")
    assert plan["levels"] == [1, 2]
    assert "相关链接" not in plan["items"][0]["children"][-1]["text"]


def test_html_task_table_rows_become_items():
    lines = table_rows_to_lines([["序号", "工作任务", "责任单位", "完成时间"], ["1", "优化审批", "市营商局、市财政局", "2025年底前"]])
    assert lines == ["1.优化审批", "责任单位:市营商局、市财政局", "完成时限:2025年底前"]


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text is ``lines``, with a ToUnicode map so text can be extracted."""
    content = ["BT /F1 14 Tf"]
    for index, line in enumerate(lines):
        move = "50 800 Td" if index == 0 else "0 -24 Td"
        content.append(f"{move} <{line.encode('utf-16-be').hex().upper()}> Tj")
    content.append("ET")
    stream = "\n".join(content).encode("ascii")
    chars = sorted({c for line in lines for c in line})
    blocks = [chars[i : i + 100] for i in range(0, len(chars), 100)]
    bfchars = "\n".join(
        f"{len(block)} beginbfchar\n" + "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in block) + "\nendbfchar" for block in blocks
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{bfchars}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_with_text(tmp_path):
    pytest.importorskip("pypdf")
    path = tmp_path / "plan.pdf"
    path.write_bytes(_pdf(PLAN_TEXT))
    plan = parse_plan(path)
    assert plan["format"] == "pdf" and plan["levels"] == [1, 2]
    first = plan["items"][0]["children"][0]
    assert [d["date"] for d in first["deadlines"]] == ["2025-12-31"]
    assert [m["mention"] for m in first["lead_units"]] == ["市市场监管局"]


def test_scanned_pdf_asks_for_ocr():
    pytest.importorskip("pypdf")
    with pytest.raises(PlanParseError) as caught:
        parse_plan(_pdf([]), filename="scan.pdf")
    assert caught.value.code == "needs_ocr" and "OCR" in str(caught.value)


def test_pdf_line_wraps_are_joined():
    page = "一、优化政务服务\n(一)压缩开办时间。将企业开办的必备环节精简至\n三个,时间压缩到三个工作日以内,实现全程\n网上办理。\n(二)推进一网通办。"
    assert reflow_pdf_lines([page]).split("\n") == [
        "一、优化政务服务",
        "(一)压缩开办时间。将企业开办的必备环节精简至三个,时间压缩到三个工作日以内,实现全程网上办理。",
        "(二)推进一网通办。",
    ]


# --- bad input ----------------------------------------------------------------------------------------


def test_empty_input():
    with pytest.raises(PlanParseError) as caught:
        parse_plan("   \n  ")
    assert caught.value.code == "empty"


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)

    def no_reading(self):
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(PlanParseError) as caught:
        parse_plan(path, max_bytes=1024)
    assert caught.value.code == "too_large"
    with pytest.raises(PlanParseError):
        parse_plan(io.BytesIO(b"x" * 2048), filename="big.txt", max_bytes=1024)


def test_unsupported_and_missing_files(tmp_path):
    with pytest.raises(PlanParseError) as caught:
        parse_plan(b"\xd0\xcf\x11\xe0 old word", filename="plan.doc")
    assert caught.value.code == "unsupported_format" and ".docx" in str(caught.value)
    with pytest.raises(PlanParseError) as caught:
        parse_plan(str(tmp_path / "missing.docx"))
    assert caught.value.code == "unreadable"
    with pytest.raises(PlanParseError) as caught:
        parse_plan(b"PK\x03\x04 a slide deck", filename="tasks.pptx")
    assert caught.value.code == "unsupported_format"
    with pytest.raises(PlanParseError) as caught:  # workbooks are read; a damaged one is refused with the reason
        parse_plan(b"PK\x03\x04 a damaged spreadsheet", filename="tasks.xlsx")
    assert caught.value.code == "unreadable" and "Excel" in str(caught.value)
    with pytest.raises(PlanParseError) as caught:
        parse_plan(b"PK\x03\x04 not really a docx", filename="plan.docx")
    assert caught.value.code == "unreadable"


def test_garbled_or_foreign_text_is_refused():
    with pytest.raises(PlanParseError) as caught:
        parse_plan("1. This is an English memo.\n2. It has numbered points.\n3. But no Chinese.")
    assert caught.value.code == "unreadable"


def test_a_letter_without_items_is_not_a_plan():
    with pytest.raises(PlanParseError) as caught:
        parse_plan("关于召开会议的通知\n各单位:定于下周召开营商环境工作会议,请准时参加。")
    assert caught.value.code == "not_a_plan" and "编号条目" in str(caught.value)


def test_title_prefers_the_plan_over_its_covering_notice():
    lines = ["鲅政办发〔2022〕1号:关于印发《某区营商环境优化行动方案(2021-2024年)》的通知", "各镇(街道):", "某区营商环境优化行动方案", "(2021-2024年)"]
    assert find_title(lines) == "某区营商环境优化行动方案(2021-2024年)"
    assert find_title(lines[:2]) == "某区营商环境优化行动方案(2021-2024年)"


def test_cli_text_outline(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(PLAN_TEXT), encoding="utf-8")
    assert cli_parse.main([str(path), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "一、 优化政务服务" in out and "  (一) 压缩开办时间" in out and "牵头：市市场监管局" in out
