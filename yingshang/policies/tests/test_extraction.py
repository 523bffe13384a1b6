"""The extraction assistant: the issue's examples and every seed item are golden tests."""

from pathlib import Path

import pytest

from yingshang.policies.extraction import extract_items, normalize_text
from yingshang.policies.seeds import seed_data

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def only(text):
    proposals = extract_items(text)
    assert len(proposals) == 1, [p.excerpt for p in proposals]
    return proposals[0]


def test_fixed_ceiling():
    proposal = only("给予最高200万元补助")
    assert proposal.amount_rule == {"kind": "fixed", "amount": 200, "ceiling": True, "per": None}
    assert proposal.benefit_kind == "grant"


def test_percentage_of_a_base_with_a_cumulative_cap():
    proposal = only("按照年度国家拨付经费实际到位额度给予最高20%补助,项目执行期内补助总额最高1000万元")
    rule = proposal.amount_rule
    assert (rule["kind"], rule["rate"], rule["base"], rule["cap"], rule["cap_scope"]) == ("percentage", 20, "national_funding", 1000, "total")
    assert rule["base_phrase"] == "年度国家拨付经费实际到位额度"


def test_tiers_by_a_measure_keep_both_anchors_and_ask_for_the_steps():
    proposal = only("对在连开业总运力达到2-30万载重吨的船舶运输企业,按规模给予50-300万元一次性资金奖励")
    rule = proposal.amount_rule
    assert rule["kind"] == "tiers" and rule["measure"] == "fleet_capacity"
    assert rule["tiers"][0] == {"min": 2, "max": 30, "amount": 50} and rule["tiers"][-1] == {"min": 30, "max": None, "amount": 300}
    assert proposal.conditions_text == 'industry in ["G55"] and fleet_capacity >= 2'
    assert proposal.benefit_kind == "reward" and proposal.grant_period == "once"
    assert any("中间档次" in note for note in proposal.needs_review)


def test_per_unit_per_year_with_a_limit_of_years():
    proposal = only("对符合条件的新开空白航区国际集装箱远洋干线且稳定运营的,最高连续3年每年给予1000万元/航线奖励补贴")
    assert proposal.amount_rule == {"kind": "fixed", "amount": 1000, "ceiling": False, "per": "new_ocean_routes"}
    assert (proposal.grant_period, proposal.max_periods) == ("yearly", 3)


def test_thresholds_and_target_groups_become_conditions():
    proposal = only("对年营业收入2000万元以上、研发投入占比3%以上的高新技术企业给予最高50万元奖励")
    for part in ('annual_revenue >= 2000', 'rd_share >= 3', 'qualification has "high_tech"'):
        assert part in proposal.conditions_text
    agent = only("鼓励金融机构对小微企业减费让利,全面提供简易开户免费服务,减免账户管理服务费等收费。")
    assert agent.conditions_text == 'size_class in ["small", "micro"]'  # the 金融机构 give, the 小微企业 benefit


def test_traditional_text_with_noise_is_normalised():
    noisy = "  2.經營場所。推動該項業(yè)務從“依申請辦理”向“免申即享”模式轉變。?。ㄒ唬┓谀<p>"
    clean = normalize_text(noisy)
    assert "业务从“依申请办理”向“免申即享”模式转变" in clean
    assert "(yè)" not in clean and "<p>" not in clean and "ㄒ" not in clean
    assert only(noisy).exempt_application is True


ITEMS = [(document, item) for document in seed_data()["documents"] for item in document["items"]]


@pytest.mark.parametrize("document, item", ITEMS, ids=[item["code"] for _, item in ITEMS])
def test_every_seed_item_is_proposed_from_its_sentence(document, item):
    proposals = [p for p in extract_items(item["excerpt"]) if p.excerpt == normalize_text(item["excerpt"])]
    assert proposals, f"{item['code']}:提取助手没有从原句提出条款"
    proposal, golden = proposals[0], item["golden"]
    if "benefit_kind" in golden:
        assert proposal.benefit_kind == golden["benefit_kind"]
    for part in golden.get("conditions_contain", []):
        assert part in proposal.conditions_text, (part, proposal.conditions_text)
    rule, expected = proposal.amount_rule, golden.get("amount_rule", {})
    for key, value in expected.items():
        if key == "anchors":
            assert [[t["min"], t["amount"]] for t in (rule["tiers"][0], rule["tiers"][-1])] == value
        else:
            assert rule.get(key) == value, (key, rule)
    for key in ("grant_period", "max_periods"):
        if key in golden:
            assert getattr(proposal, key) == golden[key]


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds 不在本机")
@pytest.mark.parametrize("document, item", ITEMS, ids=[item["code"] for _, item in ITEMS])
def test_every_seed_item_quotes_its_document_and_is_found_in_the_whole_text(document, item):
    text = normalize_text((SEEDS / document["seed_file"]).read_text(encoding="utf-8"))
    assert item["excerpt"] in text
    assert any(p.excerpt == item["excerpt"] for p in extract_items(text))


def test_seed_data_has_at_least_twelve_items_across_the_seed_documents():
    assert len(ITEMS) >= 12
    assert len({document["seed_file"] for document, _ in ITEMS}) >= 4
