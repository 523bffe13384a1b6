"""Status derivation (未启动/推进中/已完成/滞后/逾期) and reporting cycles: pure Python, no database."""

import datetime as dt
from decimal import Decimal

import pytest

from yingshang.plans.status import (
    FINISHED, IN_PROGRESS, LAGGING, NOT_STARTED, OVERDUE, IndicatorFact, ReportFact, TaskFacts, add_months, cycle_key,
    cycle_start, derive_status, indicator_results, last_closed_cycle, parse_period, worst,
)

D = dt.date
START = D(2026, 1, 5)
DUE = D(2026, 12, 31)


def facts(**changes) -> TaskFacts:
    values = {"start_on": START, "due": DUE}
    values.update(changes)
    return TaskFacts(**values)


def test_a_new_task_is_not_started():
    status = derive_status(facts(), D(2026, 1, 20))
    assert status.code == NOT_STARTED and status.label == "未启动" and status.percent == 0


def test_a_reported_task_is_in_progress():
    status = derive_status(facts(reports=(ReportFact(D(2026, 1, 25), 10),)), D(2026, 2, 3))
    assert status.code == IN_PROGRESS and status.percent == 10


def test_a_whole_month_without_a_report_is_lagging():
    # January was reported; February passed (plus 5 grace days) without a report.
    reports = (ReportFact(D(2026, 1, 25), 10),)
    assert derive_status(facts(reports=reports), D(2026, 3, 5)).code == IN_PROGRESS  # still within grace
    status = derive_status(facts(reports=reports), D(2026, 3, 6))
    assert status.code == LAGGING and status.reasons == ("2026年2月未报送进度",)


def test_a_task_published_mid_month_owes_no_report_for_that_month():
    assert derive_status(facts(start_on=D(2026, 1, 20)), D(2026, 2, 10)).code == NOT_STARTED
    assert derive_status(facts(start_on=D(2026, 1, 20)), D(2026, 3, 6)).code == LAGGING


def test_quarterly_plans_ask_for_one_report_a_quarter():
    reports = (ReportFact(D(2026, 2, 1), 20),)
    quarterly = facts(start_on=D(2026, 1, 1), reports=reports, every_months=3)
    assert derive_status(quarterly, D(2026, 5, 20)).code == IN_PROGRESS
    status = derive_status(quarterly, D(2026, 7, 6))
    assert status.code == LAGGING and "2026年4—6月未报送进度" in status.reasons


def test_progress_behind_the_time_elapsed_is_lagging():
    # Half the year has gone by: 50% expected, 20% reported, tolerance 20 points.
    reports = (ReportFact(D(2026, 6, 20), 20),)
    status = derive_status(facts(reports=reports), D(2026, 7, 2))
    assert status.code == LAGGING and status.reasons[0].startswith("序时进度应达")
    assert derive_status(facts(reports=(ReportFact(D(2026, 6, 20), 35),)), D(2026, 7, 2)).code == IN_PROGRESS
    assert derive_status(facts(reports=reports, tolerance=40), D(2026, 7, 2)).code == IN_PROGRESS


def test_an_indicator_missed_at_its_date_makes_the_task_lag():
    rate = IndicatorFact(1, "网上可办率", "≥", Decimal("95"), D(2026, 6, 30))
    below = (ReportFact(D(2026, 6, 25), 60, values={1: Decimal("90")}),)
    status = derive_status(facts(indicators=(rate,), reports=below), D(2026, 7, 2))
    assert status.code == LAGGING and any("网上可办率" in r for r in status.reasons)
    met = (ReportFact(D(2026, 6, 25), 60, values={1: Decimal("96")}),)
    assert derive_status(facts(indicators=(rate,), reports=met), D(2026, 7, 2)).code == IN_PROGRESS
    # Before the indicator's date nothing is judged.
    assert derive_status(facts(indicators=(rate,), reports=below), D(2026, 6, 28)).code == IN_PROGRESS


def test_a_passed_deadline_makes_an_open_task_overdue():
    reports = (ReportFact(D(2026, 12, 20), 90),)
    assert derive_status(facts(reports=reports), D(2026, 12, 31)).code == IN_PROGRESS  # the due day itself
    status = derive_status(facts(reports=reports), D(2027, 1, 1))
    assert status.code == OVERDUE and status.label == "逾期" and status.percent == 90


def test_a_final_report_finishes_the_task_on_time_or_late():
    on_time = derive_status(facts(finished_on=D(2026, 11, 1)), D(2027, 3, 1))
    assert on_time.code == FINISHED and not on_time.finished_late and on_time.percent == 100
    late = derive_status(facts(finished_on=D(2027, 1, 15)), D(2027, 3, 1))
    assert late.code == FINISHED and late.finished_late
    # As of a day before it finished, the late task was overdue.
    assert derive_status(facts(finished_on=D(2027, 1, 15)), D(2027, 1, 10)).code == OVERDUE


def test_reports_after_the_day_are_ignored():
    later = (ReportFact(D(2026, 3, 1), 40),)
    assert derive_status(facts(reports=later), D(2026, 1, 20)).code == NOT_STARTED


def test_an_ongoing_task_is_never_overdue():
    reports = (ReportFact(D(2030, 1, 2), 50),)
    assert derive_status(facts(due=None, reports=reports), D(2030, 1, 20)).code == IN_PROGRESS


def test_indicator_results_count_only_what_is_due():
    rate = IndicatorFact(1, "办结率", "≥", Decimal("90"), None)
    steps = IndicatorFact(2, "环节", "≤", Decimal("1"), D(2026, 6, 30))
    reports = (ReportFact(D(2026, 6, 1), 50, values={2: Decimal("1"), 1: Decimal("80")}),)
    task = facts(indicators=(rate, steps), reports=reports)
    assert indicator_results(task, D(2026, 6, 15)) == ()
    assert indicator_results(task, D(2026, 7, 1)) == (True,)
    assert indicator_results(task, D(2027, 1, 2)) == (False, True)  # the task's deadline passed


def test_cycles_and_periods():
    assert cycle_start(D(2026, 5, 17), 1) == D(2026, 5, 1)
    assert cycle_start(D(2026, 5, 17), 3) == D(2026, 4, 1)
    assert cycle_key(D(2026, 11, 30), 6) == "2026-07"
    assert add_months(D(2026, 11, 1), 3) == D(2027, 2, 1)
    assert last_closed_cycle(D(2026, 3, 6), 1, 5) == (D(2026, 2, 1), D(2026, 2, 28))
    assert last_closed_cycle(D(2026, 3, 5), 1, 5) == (D(2026, 1, 1), D(2026, 1, 31))
    assert parse_period("2026-02") == (D(2026, 2, 1), D(2026, 2, 28))
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_period("2026年10月")
    assert worst(["finished", "lagging", "in_progress"]) == "lagging" and worst([]) is None
