"""`yingshang insights detect-series`: production's detectors on someone else's count series."""

import csv
import datetime as dt
import io

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yingshang.insights.detection.outside import (
    GENERATORS, HOLIDAYS, NOUFAILY_DISPERSIONS, NOUFAILY_LEVELS, generate, generate_lognormal, generate_noufaily,
    generate_regime, generate_series, outbreak_free_replicas, score,
)
from yingshang.insights.detection.series_io import OUTPUT_COLUMNS, SeriesInputError, alarm_rows, read_series, run

FIRST = dt.date(2024, 1, 1)
NEWLINE = "\n"


def _series_csv(path, *, days=420, spike_day=400, spike=(3, 5), parent=False, seed=3):
    """Two Poisson series (5 and 0.8 a day); series 城建/物业 has a 5-day threefold outbreak from spike_day."""
    rng = np.random.default_rng(seed)
    lines = ["date,series,count" + (",parent" if parent else "")]
    for day in range(days):
        for name, rate in (("城建/物业", 5.0), ("交通", 0.8)):
            multiplier = spike[0] if name == "城建/物业" and spike_day <= day < spike_day + spike[1] else 1
            count = rng.poisson(rate * multiplier)
            lines.append(f"{FIRST + dt.timedelta(days=day)},{name},{count}" + (",城市管理" if parent else ""))
    path.write_text(NEWLINE.join(lines), encoding="utf-8")
    return path


def test_a_known_injected_spike_is_found_by_the_command(tmp_path):
    source = _series_csv(tmp_path / "counts.csv", parent=True)
    target = tmp_path / "alarms.csv"
    call_command("insights", "detect-series", "--in", str(source), "--out", str(target))
    with open(target, encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == OUTPUT_COLUMNS
        rows = list(reader)
    spike_start = FIRST + dt.timedelta(days=400)
    on_series = [r for r in rows if r["series"] == "城建/物业"]
    assert on_series, rows
    first = dt.date.fromisoformat(on_series[0]["date"])
    assert spike_start <= first <= spike_start + dt.timedelta(days=2)  # found within two days
    assert float(on_series[0]["observed"]) > 2 * float(on_series[0]["expected"])
    assert float(on_series[0]["p_value"]) < 1e-4
    # The parent rolls its children up and carries the spike too; the quiet series raises nothing.
    assert any(r["series"] == "城市管理" for r in rows)
    assert not [r for r in rows if r["series"] == "交通"]


def test_no_spike_no_alarm(tmp_path):
    source = _series_csv(tmp_path / "counts.csv", spike=(1, 5), seed=11)
    with open(source, encoding="utf-8") as handle:
        table = read_series(handle)
    assert alarm_rows(table, run(table)) == []


@pytest.mark.parametrize("text, message", [
    ("day,series,count\n2024-01-01,a,1", "缺少列"),
    ("date,series,count\n2024-13-01,a,1", "第 2 行:日期"),
    ("date,series,count\n2024-01-01,a,-1", "非负整数"),
    ("date,series,count\n2024-01-01,a,inf", "非负整数"),
    ("date,series,count\n2024-01-01,a,abc", "不是数字"),
    ("date,series,count,parent\n2024-01-01,a,1,b\n2024-01-01,b,2,", "既有自己的计数又是"),
    ("date,series,count,parent\n2024-01-01,x,1,a\n2024-01-01,a,0,b\n2024-01-01,b,0,a", "成环"),
    ("date,series,count\n", "没有数据行"),
])
def test_bad_input_gets_a_clear_chinese_error(text, message):
    with pytest.raises(SeriesInputError, match=message):
        read_series(io.StringIO(text))


def test_command_reports_errors_without_a_traceback(tmp_path):
    with pytest.raises(CommandError, match="找不到输入文件"):
        call_command("insights", "detect-series", "--in", str(tmp_path / "none.csv"))
    short = tmp_path / "short.csv"
    short.write_text("date,series,count\n2024-01-01,a,1\n2024-01-09,a,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="少于预热期"):
        call_command("insights", "detect-series", "--in", str(short))


def test_outside_generator_is_scored_and_keeps_false_alarms_low():
    """A generator other than the simulator the thresholds were tuned on (negative binomial, φ 2–6,
    sinusoidal year, weekend dip, trend). The figures over many seeds are in docs/insights-warnings.md;
    here one seed guards against a regression that floods users with alarms or finds nothing."""
    series = generate(41, n_series=30)
    table = read_series(io.StringIO(NEWLINE.join(series.csv_lines())))
    result = score(series, alarm_rows(table, run(table, warmup_days=365)))
    assert result["outbreaks"] > 5
    assert result["false_alarms_per_100_series_month"] < 5
    assert result["detected"] >= 1 and result["median_delay_days"] <= 3


def test_second_generator_differs_in_kind_and_is_scored_like_the_first():
    """The second outside generator (never tuned on): Poisson–lognormal days, holiday closures, shaped threefold
    outbreaks in the last year; the same reader and scorer."""
    series = generate_lognormal(42, n_series=30)
    assert series.counts.shape == (30, 730) and generate_series(42, "lognormal").counts.shape == (60, 730)
    assert np.array_equal(generate_lognormal(42, n_series=30).counts, series.counts)  # deterministic per seed
    assert series.outbreaks and all(series.evaluation_start + 14 <= o.start and 3 <= o.end - o.start + 1 <= 7 for o in series.outbreaks)
    # Holidays are quieter: the long closures of 春节 and 国庆 fall well below ordinary days of the same series.
    start, end = ((dt.date.fromisoformat(day) - series.first_day).days for day in HOLIDAYS[4])  # 国庆 2023
    assert series.expected[:, start:end + 1].mean() < 0.8 * series.expected[:, start - 21:start - 7].mean()
    # Overdispersed: Poisson–lognormal variance above the mean on busy series.
    busy = series.expected.mean(axis=1) > 8
    ratio = (series.counts[busy] - series.expected[busy]).var(axis=1) / series.expected[busy].mean(axis=1)
    assert np.median(ratio) > 2
    table = read_series(io.StringIO(NEWLINE.join(series.csv_lines())))
    result = score(series, alarm_rows(table, run(table, warmup_days=365)))
    assert result["outbreaks"] > 5 and result["detected"] >= 1
    with pytest.raises(ValueError):
        generate_series(1, "poisson")


def test_third_generator_is_clumped_follows_the_working_calendar_and_is_scored():
    """The third outside generator (committed before the second tuning round, never tuned on): self-exciting
    clumped days, the official working calendar, a hidden busy regime, intake outages."""
    series = generate_regime(43, n_series=30)
    assert series.counts.shape == (30, 730) and generate_series(43, "regime").counts.shape == (60, 730)
    assert np.array_equal(generate_regime(43, n_series=30).counts, series.counts)  # deterministic per seed
    assert series.outbreaks and all(series.evaluation_start + 14 <= o.start and 3 <= o.end - o.start + 1 <= 7 for o in series.outbreaks)
    # 国庆 2021 (Oct 1–7) is quieter than the working weeks before it; the 调休 Saturday Sep 18 2021 is worked.
    day = lambda text: (dt.date.fromisoformat(text) - series.first_day).days  # noqa: E731
    assert series.expected[:, day("2021-10-01"):day("2021-10-07") + 1].mean() < 0.8 * series.expected[:, day("2021-09-06"):day("2021-09-10") + 1].mean()
    assert series.expected[:, day("2021-09-18")].mean() > series.expected[:, day("2021-09-19")].mean()
    # Overdispersed several times the mean, including the quiet series.
    ratio = ((series.counts - series.expected)[:, :365] ** 2).mean(axis=1) / series.expected[:, :365].mean(axis=1)
    assert np.median(ratio) > 2
    table = read_series(io.StringIO(NEWLINE.join(series.csv_lines())))
    result = score(series, alarm_rows(table, run(table, warmup_days=365)))
    assert result["outbreaks"] > 5 and result["detected"] >= 1


def test_fourth_generator_has_the_stated_mean_dispersion_autocorrelation_and_outbreaks():
    """Generator four (Noufaily et al. 2013's design for daily counts, never tuned on): its days have the stated
    mean and variance φ × mean, its levels are the grid's, the AR(1) latent level correlates neighbouring days, and
    its outbreaks add on average (multiplier − 1) × the baseline of their days, all inside their span, front-loaded
    as the log-normal spread puts them. Only the generator is examined here: no detector runs on it."""
    plain = generate_noufaily(44, n_series=40, latent=False, outbreaks=False)
    assert plain.counts.shape == (40, 730) and not plain.outbreaks
    assert np.array_equal(generate_noufaily(44, n_series=40, latent=False, outbreaks=False).counts, plain.counts)
    levels = np.array(NOUFAILY_LEVELS)
    means = plain.expected.mean(axis=1)  # two-year mean = a grid level (up to the weekdays' uneven count)
    assert np.all(np.abs(means[:, None] / levels[None, :] - 1).min(axis=1) < 0.01)
    assert set(plain.dispersion) <= set(NOUFAILY_DISPERSIONS)
    assert abs(plain.counts.sum() / plain.expected.sum() - 1) < 0.02
    pearson = ((plain.counts - plain.expected) ** 2 / plain.expected).mean(axis=1)
    assert np.all(np.abs(pearson / plain.dispersion - 1) < 0.45)  # variance ≈ φ × mean, series by series (φ 5 at 0.5 a day is noisy)
    assert abs(np.median(pearson / plain.dispersion) - 1) < 0.08
    # Weekends lower, as the weekday profile says.
    weekend = np.array([(plain.first_day + dt.timedelta(days=d)).weekday() >= 5 for d in range(730)])
    assert plain.expected[:, weekend].mean() < 0.85 * plain.expected[:, ~weekend].mean()

    def lag_one(series):
        residual = (series.counts - series.expected) / np.sqrt(series.expected * series.dispersion[:, None])
        return np.mean([np.corrcoef(row[:-1], row[1:])[0, 1] for row in residual])

    latent = generate_noufaily(44, n_series=40, outbreaks=False)
    # The latent level is part of ``expected`` (the truth), so residuals against it are uncorrelated; against the
    # scenario's mean without it (the plain series, same draws of the scenarios) neighbouring days correlate.
    scenario_mean = plain.expected
    residual = (latent.counts - scenario_mean) / np.sqrt(scenario_mean * latent.dispersion[:, None])
    busy = scenario_mean.mean(axis=1) >= 8
    assert np.mean([np.corrcoef(row[:-1], row[1:])[0, 1] for row in residual[busy]]) > 0.1
    assert abs(lag_one(plain)) < 0.03 and abs(lag_one(latent)) < 0.03
    series = generate_noufaily(44)
    assert generate_series(44, "noufaily").counts.shape == (60, 730)
    assert 15 <= len(series.outbreaks) <= 45
    ratios, first_two = [], []
    for outbreak in series.outbreaks:
        length = outbreak.end - outbreak.start + 1
        assert 3 <= length <= 7 and series.evaluation_start + 14 <= outbreak.start
        ratios.append(outbreak.cases / (outbreak.baseline * length))
        row = series.names.index(outbreak.series)
        excess = series.counts[row, outbreak.start:outbreak.end + 1] - series.expected[row, outbreak.start:outbreak.end + 1]
        first_two.append(excess[:2].sum() / max(excess.sum(), 1))
    assert 1.6 < np.mean(ratios) < 2.4  # (3 − 1) × baseline on average
    assert np.median(first_two) > 0.5  # front-loaded: most cases in the first two days


def test_heavy_tail_options_keep_their_measured_effect_on_generator_two_and_stay_off_by_default():
    """The second round's options (bench HEAVY_TAILS, not adopted): on generator two they cut false alarms
    (held-out seeds 1–20: 5.01 → 2.10 per 100 series-months) at some detection. Off in the defaults, which
    production and `detect-series` use."""
    import dataclasses

    from bench.bench_warnings_outside import HEAVY_TAILS
    from yingshang.core.workcalendar import WorkCalendar
    from yingshang.insights.detection.pipeline import DetectionParameters

    defaults = DetectionParameters()
    assert not defaults.work_calendar and defaults.window_spike_alpha == 0 and defaults.recurrence_half_width == 0
    series = generate_lognormal(43, n_series=30)
    table = read_series(io.StringIO(NEWLINE.join(series.csv_lines())))
    calendar = WorkCalendar.official()
    plain = score(series, alarm_rows(table, run(table, warmup_days=365, calendar=calendar)))
    heavy = score(series, alarm_rows(table, run(table, warmup_days=365, calendar=calendar,
                                                 params=dataclasses.replace(defaults, **HEAVY_TAILS))))
    assert heavy["false_alarms"] <= 0.6 * plain["false_alarms"]  # 10 → 4 on this seed
    assert heavy["detected"] >= 0.6 * plain["detected"]  # 14 → 10


def test_window_inflation_option_keeps_its_measured_effect_on_generator_three_and_stays_off_by_default():
    """The third round's setting (bench SUSTAINED, not adopted: on the held-out seeds it cut generator three's false
    alarms 9.11 → 3.36 per 100 series-months but a third of its detections, 34.5% → 23.3%). Off in the defaults,
    which production and `detect-series` use."""
    import dataclasses

    from bench.bench_warnings_outside import SUSTAINED
    from yingshang.insights.detection.pipeline import DetectionParameters

    defaults = DetectionParameters()
    assert defaults.inflation_prior_windows == 0 and defaults.cusum_min_ratio == 1.0 and defaults.cusum_max_run_days == 0
    series = generate_regime(43, n_series=30)
    table = read_series(io.StringIO(NEWLINE.join(series.csv_lines())))
    plain = score(series, alarm_rows(table, run(table, warmup_days=365)))
    inflated = score(series, alarm_rows(table, run(table, warmup_days=365, params=dataclasses.replace(defaults, **SUSTAINED))))
    assert inflated["false_alarms"] <= 0.5 * plain["false_alarms"]  # 37 → 9 on this seed
    assert inflated["detected"] >= plain["detected"] - 2  # 4 → 3


# sha256 of each generator's counts for seed 1, taken before the known-model fields (baseline, model) were added.
SEED_ONE_COUNTS = {"nb": "7e85306b07041749", "lognormal": "49ef2b610fd26165", "regime": "bfc2c78dd325ad8d",
                   "noufaily": "a2cc0b3da84bdf23"}


@pytest.mark.parametrize("generator", GENERATORS)
def test_known_model_accessors_leave_the_draws_unchanged_and_replicas_follow_the_baseline(generator):
    """The oracle bound's accessors (bench_detection_bound --generator): the counts of a seed are byte-identical to
    before; outbreak-free replicas share the series' parameters (their mean is the baseline without latent states),
    draw only from the rng they are given and leave the series alone."""
    import hashlib

    series = generate_series(1, generator)
    assert hashlib.sha256(np.ascontiguousarray(series.counts).tobytes()).hexdigest()[:16] == SEED_ONE_COUNTS[generator]
    assert series.generator == generator and series.baseline.shape == series.counts.shape and len(series.model) == 60
    before = series.counts.copy()
    index = int(np.argmax(series.baseline.mean(axis=1)))  # the busiest series: the tightest check of the mean
    replicas = outbreak_free_replicas(series, index, np.random.default_rng(5), 40)
    assert np.array_equal(series.counts, before)
    assert replicas.shape == (40, series.counts.shape[1])
    assert replicas.mean() == pytest.approx(series.baseline[index].mean(), rel=0.1)
    # The weekday (or working-day) pattern is the baseline's: the replicas' day means follow it.
    assert np.corrcoef(replicas.mean(axis=0), series.baseline[index])[0, 1] > 0.5
    again = outbreak_free_replicas(series, index, np.random.default_rng(5), 40)
    assert np.array_equal(replicas, again)


def test_replicas_keep_the_latent_autocorrelation_the_baseline_leaves_out():
    """Generator four's baseline is μ(t) without the AR(1) level; its replicas draw a fresh AR(1) level, so the
    window sums vary more than independent NB days of the same mean would (what the known-model bound accounts for)."""
    series = generate_noufaily(2)
    index = max(range(60), key=lambda i: series.model[i]["rho"] * series.model[i]["sd"] * series.baseline[i].mean())
    model = series.model[index]
    replicas = outbreak_free_replicas(series, index, np.random.default_rng(3), 60)
    weekly = replicas[:, :728].reshape(60, 104, 7).sum(axis=2)
    mean_week = series.baseline[index, :728].reshape(104, 7).sum(axis=1)
    ratio = float(np.mean((weekly - mean_week) ** 2 / mean_week))
    assert model["rho"] > 0.3 and ratio > 1.3 * model["phi"]


def test_self_calibration_is_off_by_default_and_leaves_the_alarms_byte_identical():
    """The fourth round's option (DetectionParameters.self_calibration_days, 0 = off): with it off every alarm is the
    one of the detectors before the option existed (the hash of the alarm rows of this series, taken then)."""
    import hashlib
    import json

    from yingshang.insights.detection.pipeline import DetectionParameters

    assert DetectionParameters().self_calibration_days == 0
    series = generate_noufaily(43, n_series=30)
    table = read_series(io.StringIO(NEWLINE.join(series.csv_lines())))
    result = run(table, warmup_days=365)
    rows = alarm_rows(table, result)
    assert len(rows) == 29 and hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16] == "af600da96666a495"
    assert (result.alpha_scale == 1).all()
    # The recorded score is the alarm rule itself: a day alarms where its smallest p/α is at most 1.
    assert (result.alarm_score <= 1).any() and np.isfinite(result.alarm_score).any()


def test_self_calibration_quietens_an_autocorrelated_series_and_still_finds_a_threefold_spike():
    """A series whose level wanders (AR(1), ρ 0.9, sd 0.6) alarms on its own past; calibrated on that past its α is made
    stricter and it alarms less, while a plain series keeps its α and its clear threefold 5-day spike is found."""
    import dataclasses

    from yingshang.insights.detection.pipeline import DetectionParameters

    rng = np.random.default_rng(9)
    days = 730
    level = np.zeros(days)
    for d in range(1, days):
        level[d] = 0.9 * level[d - 1] + rng.normal(0, 0.6 * np.sqrt(1 - 0.9 ** 2))
    wandering = rng.poisson(10 * np.exp(level - 0.18))
    plain_mean = np.full(days, 8.0)
    plain_mean[600:605] *= 3
    plain = rng.poisson(plain_mean)
    lines = ["date,series,count"]
    for day in range(days):
        date = FIRST + dt.timedelta(days=day)
        lines += [f"{date},漂移,{wandering[day]}", f"{date},平稳,{plain[day]}"]
    table = read_series(io.StringIO(NEWLINE.join(lines)))
    defaults = DetectionParameters()
    calibrated = dataclasses.replace(defaults, self_calibration_days=182)
    before = alarm_rows(table, run(table, warmup_days=365, params=defaults))
    result = run(table, warmup_days=365, params=calibrated)
    after = alarm_rows(table, result)
    scale = dict(zip(table.node_names, result.alpha_scale))
    assert scale["平稳"] == 1.0 and scale["漂移"] < 1.0
    assert len([r for r in after if r["series"] == "漂移"]) < len([r for r in before if r["series"] == "漂移"])
    spike = [r for r in after if r["series"] == "平稳"]
    assert spike and FIRST + dt.timedelta(days=600) <= dt.date.fromisoformat(spike[0]["date"]) <= FIRST + dt.timedelta(days=602)


def test_self_calibrated_factors_only_tighten_step_down_to_the_floor_and_pool_a_family():
    from yingshang.insights.detection.methods import alarm_episodes, pooled_scale, self_calibrated_scale

    inf = np.inf
    score = np.array([
        [inf] * 30,  # never near an alarm: keeps its α
        [inf] * 5 + [0.3] + [inf] * 14 + [0.01] + [inf] * 9,  # two alarms, 15 days apart
        [0.001, 0.001] + [inf] * 28,  # one two-day alarm
    ])
    assert list(alarm_episodes(score <= 1, gap=7)) == [0, 2, 1]
    assert list(self_calibrated_scale(score, allowed=1, gap=7)) == [1.0, 0.25, 1.0]
    # Stricter by halves, never past the floor (0.0625 is the last half above 0.05).
    assert list(self_calibrated_scale(score, allowed=0, gap=7, floor=0.05)) == [1.0, 0.0625, 0.0625]
    # Pooled: 3 alarms over 3 series × 30 days (3 series-months) = 100 per 100 series-months; a budget of 40 allows one,
    # the strongest (score 0.001), which the first half below 0.01 leaves.
    assert pooled_scale(score, budget=40.0, gap=7) == 2.0 ** -7
    assert pooled_scale(score, budget=200.0, gap=7) == 1.0
