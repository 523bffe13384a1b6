"""The early-warning detectors on series from a generator they were not tuned on (detection/outside.py:
negative binomial with variance 2–6 × the mean, sinusoidal year, weekend dip, trend, 0.5–30 a day), read
through `detect-series`' own reader. Prints detection by baseline band, false alarms per 100 series-months
and the median delay, over seeds 1–20 (60 series × 2 years each)."""

import datetime as dt
import io
import os
import sys
import time

import django
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")


def main(seeds=range(1, 21)) -> None:
    django.setup()
    from yingshang.insights.detection.outside import generate
    from yingshang.insights.detection.series_io import alarm_rows, read_series, run

    bands = {"0.5–2/天": [0, 0], "2–8/天": [0, 0], "8–30/天": [0, 0]}
    false_alarms = series_months = 0.0
    delays, seconds = [], 0.0
    for seed in seeds:
        series = generate(seed)
        table = read_series(io.StringIO("\n".join(series.csv_lines())))
        started = time.perf_counter()
        rows = alarm_rows(table, run(table, warmup_days=365))
        seconds += time.perf_counter() - started
        alarm_days: dict[str, list[int]] = {}
        for row in rows:
            day = (dt.date.fromisoformat(row["date"]) - series.first_day).days
            if day >= series.evaluation_start:
                alarm_days.setdefault(row["series"], []).append(day)
        used = set()
        for outbreak in series.outbreaks:
            band = "0.5–2/天" if outbreak.baseline < 2 else "2–8/天" if outbreak.baseline < 8 else "8–30/天"
            hits = [d for d in alarm_days.get(outbreak.series, []) if outbreak.start <= d <= outbreak.end + 3]
            bands[band][1] += 1
            if hits:
                bands[band][0] += 1
                delays.append(min(hits) - outbreak.start)
                used.update((outbreak.series, d) for d in hits)
        false_alarms += sum(1 for name, days in alarm_days.items() for d in days if (name, d) not in used)
        series_months += len(series.names) * (series.counts.shape[1] - series.evaluation_start) / 30.0
    detected = sum(b[0] for b in bands.values())
    total = sum(b[1] for b in bands.values())
    for band, (hit, count) in bands.items():
        print(f"暴发(3 倍,3–7 天)基线 {band}: 检出 {hit}/{count} = {hit / count:.1%}")
    print(f"合计检出 {detected}/{total} = {detected / total:.1%};误报 {false_alarms / series_months * 100:.2f} 条/100 序列·月;"
          f"中位时延 {np.median(delays):.1f} 天;检测用时 {seconds:.1f} 秒({len(list(seeds))} 组 × 60 条序列 × 730 天)")


if __name__ == "__main__":
    main()
