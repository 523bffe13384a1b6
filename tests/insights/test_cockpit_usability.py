"""The cockpit as a leader reads it: warnings in words with the p-value kept for analysts, 末位 meaning below
the city's level, the essentials' fragments (末位 list) served by the league view."""

import pytest
from django.urls import reverse

from yingshang.insights.cockpit.selectors import bottom_units
from yingshang.insights.models import EarlyWarning
from yingshang.insights.warnings.wording import compared_with_usual, p_value_text

from .test_reports import make_warning

pytestmark = pytest.mark.django_db


def test_warnings_are_worded_as_a_multiple_of_the_usual():
    assert compared_with_usual(34, 10, 5.4e-19) == "约为往常的 3.4 倍,显著高于往常"
    assert compared_with_usual(9, 6, 0.02) == "约为往常的 1.5 倍,高于往常"
    assert compared_with_usual(7, 6, 0.3) == "约为往常的 1.2 倍,略高于往常,尚不确定"
    assert compared_with_usual(5, 0, None).startswith("往常几乎没有")
    assert p_value_text(5.4e-19) == "p=5.4e-19" and p_value_text(0.0) == "p≈0"


def test_the_cockpit_feed_words_the_warning_and_keeps_the_p_value_for_analysts(client_for):
    make_warning(status=EarlyWarning.Status.NEW, summary="分析用说明")
    html = client_for("leader").get(reverse("insights:cockpit_warnings")).content.decode()
    words = html.split('class="warning-words">', 1)[1].split("<", 1)[0]
    assert words == "约为往常的 3.6 倍,高于往常" and "p=" not in words
    assert "<details class=\"analyst\">" in html and "p=1.0e-03" in html.split("<details", 1)[1]


def test_bottom_lists_only_units_significantly_below_the_city():
    table = [
        {"unit": "甲", "verdict": "same", "on_time_rate": 1.0, "low": 0.5, "high": 1.0},
        {"unit": "乙", "verdict": "lower", "on_time_rate": 0.6, "low": 0.5, "high": 0.7},
        {"unit": "丙", "verdict": "none", "on_time_rate": None, "low": None, "high": None},
        {"unit": "丁", "verdict": "lower", "on_time_rate": 0.4, "low": 0.3, "high": 0.5},
        {"unit": "戊", "verdict": "higher", "on_time_rate": 0.99, "low": 0.95, "high": 1.0},
    ]
    assert [r["unit"] for r in bottom_units(table)] == ["丁", "乙"]


def test_the_bottom_fragment_is_served_for_the_first_screen(client_for):
    html = client_for("leader").get(reverse("insights:cockpit_league") + "?view=bottom").content.decode()
    assert 'id="bottom-units-list"' in html and "末位" in html and "league-table" not in html
