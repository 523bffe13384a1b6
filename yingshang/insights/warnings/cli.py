"""Subcommands of the warnings area (see management/commands/insights.py):

    yingshang insights simulate --seed S [--days N --labels L --districts D]
    yingshang insights evaluate --seed S [...]   (last line: detection_rate=… false_alarms_per_100_series_month=… median_delay_days=…)
    yingshang insights detect [--as-of YYYY-MM-DD] [--recent-days N]
    yingshang insights detect-series --in counts.csv --out alarms.csv [--warmup-days N]
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError


def _simulation_arguments(parser) -> None:
    parser.add_argument("--seed", type=int, required=True, help="随机种子(同一种子结果相同)")
    parser.add_argument("--days", type=int, default=1095, help="模拟天数(默认 1095,即三年)")
    parser.add_argument("--labels", type=int, default=60, help="末级标签数")
    parser.add_argument("--districts", type=int, default=12, help="区县数")
    parser.add_argument("--daily-total", type=float, default=3000.0, help="全市日均诉求量")
    parser.add_argument("--events-per-kind", type=int, default=6, help="每类注入事件数")


def register(subparsers) -> None:
    simulate = subparsers.add_parser("simulate", help="生成带已知注入事件的模拟诉求量序列,并列出注入的事件")
    _simulation_arguments(simulate)
    simulate.set_defaults(handler=simulate_command)
    evaluate = subparsers.add_parser("evaluate", help="模拟、运行检测器并对照注入事件评估检出率、误报率与时延")
    _simulation_arguments(evaluate)
    evaluate.set_defaults(handler=evaluate_command)
    detect = subparsers.add_parser("detect", help="对诉求数据运行预警检测,生成或更新预警")
    detect.add_argument("--as-of", default="", help="数据截至日期 YYYY-MM-DD(默认今天)")
    detect.add_argument("--recent-days", type=int, default=14, help="检测最近多少天(默认 14)")
    detect.set_defaults(handler=detect_command)
    series = subparsers.add_parser("detect-series", help="对外部计数序列(date,series,count[,parent])运行同一套检测器,输出预警")
    series.add_argument("--in", dest="source", required=True, help="输入 CSV:date,series,count,可选 parent")
    series.add_argument("--out", dest="target", default="-", help="输出 CSV(默认标准输出):series,date,method,observed,expected,p_value")
    series.add_argument("--warmup-days", type=int, default=182, help="预热天数:此前的数据只作基线,不报警(默认 182)")
    series.set_defaults(handler=detect_series_command)


def _options(options) -> dict:
    if options["days"] < 400:
        raise CommandError("--days 至少 400 天:检测需要一年以上的历史作为基线")
    if options["labels"] < 4 or options["districts"] < 2:
        raise CommandError("--labels 至少 4,--districts 至少 2")
    return {"days": options["days"], "labels": options["labels"], "districts": options["districts"],
            "daily_total": options["daily_total"], "events_per_kind": options["events_per_kind"],
            "evaluation_days": min(365, options["days"] - 365)}


def simulate_command(command, **options) -> None:
    from ..detection.simulate import EVENT_KIND_LABELS, simulate

    simulation = simulate(options["seed"], **_options(options))
    out = command.stdout
    total = simulation.counts.sum()
    out.write(f"模拟:种子 {simulation.seed},{simulation.n_days} 天({simulation.day(0)} 至 {simulation.day(simulation.n_days - 1)}),"
              f"{len(simulation.label_paths)} 个末级标签 × {len(simulation.districts)} 个区县,共 {total:.0f} 件诉求")
    out.write(f"评估期:{simulation.day(simulation.evaluation_start)} 起;注入事件 {len(simulation.events)} 个:")
    for event in simulation.events:
        where = simulation.districts[event.district] if event.district is not None else "全市"
        out.write(f"  {EVENT_KIND_LABELS[event.kind]:<12} {simulation.day(event.start)}–{simulation.day(event.end)}  {event.label_path}  {where}  "
                  f"基线 {event.baseline_rate:.2f}/天  {event.description}")


def evaluate_command(command, **options) -> None:
    from ..detection.evaluate import evaluate, summary_line
    from ..detection.pipeline import METHOD_LABELS, METHODS
    from ..detection.simulate import EVENT_KIND_LABELS, EVENT_KINDS

    evaluation = evaluate(options["seed"], **_options(options))
    out = command.stdout
    o = evaluation.overall
    out.write(f"种子 {options['seed']}:{evaluation.n_series} 条序列(标签节点 × (区县 + 全市)),评估 {evaluation.months:.1f} 个月;"
              f"预警 {o['warnings']} 条,其中顶层 {o['top_level_warnings']} 条;检测用时 {sum(evaluation.result.timings.values()):.2f} 秒")
    out.write("")
    out.write("按事件类型:")
    out.write(f"  {'kind':<10} {'events':>6} {'detected':>8} {'rate':>6} {'median_delay':>12}  delays")
    for kind in EVENT_KINDS:
        score = evaluation.per_kind[kind]
        if score is None:
            continue
        delays = ",".join("-" if d is None else str(d) for d in score["delays_by_kind"][kind])
        out.write(f"  {kind:<10} {score['events']:>6} {score['detected']:>8} {score['detection_rate']:>6.2f} {score['median_delay_days']:>12.1f}  [{delays}]  {EVENT_KIND_LABELS[kind]}")
    out.write("")
    out.write("按检测方法(各方法单独的预警片段,未合并、未上卷):")
    out.write(f"  {'method':<9} {'detected':>8} {'rate':>6} {'false':>6} {'fa/100s·m':>10} {'median_delay':>12}")
    for method in METHODS:
        score = evaluation.per_method[method]
        out.write(f"  {method:<9} {score['detected']:>8} {score['detection_rate']:>6.2f} {score['false_alarms']:>6} "
                  f"{score['false_alarms_per_100_series_month']:>10.3f} {score['median_delay_days']:>12.1f}  {METHOD_LABELS[method]}")
    out.write("")
    out.write(f"总体:{o['events']} 个事件检出 {o['detected']} 个;误报(顶层预警){o['false_alarms']} 条")
    out.write(summary_line(evaluation))


def detect_command(command, **options) -> None:
    from .services import run_detection

    as_of = None
    if options["as_of"]:
        try:
            as_of = dt.date.fromisoformat(options["as_of"])
        except ValueError:
            raise CommandError(f"日期“{options['as_of']}”格式不对,应为 YYYY-MM-DD") from None
    run = run_detection(as_of=as_of, actor=None, recent_days=options["recent_days"])
    command.stdout.write(f"检测完成:数据截至 {run.as_of},{run.series_count} 条序列,新增或更新预警 {run.warning_count} 条,"
                         f"用时 {run.timings.get('total', 0):.2f} 秒")


def detect_series_command(command, **options) -> None:
    import sys

    from yingshang.core import workcalendar

    from ..detection.series_io import SeriesInputError, alarm_rows, read_series, run, write_alarms

    if options["warmup_days"] < 28:
        raise CommandError("--warmup-days 至少 28 天:基线需要足够的历史")
    try:
        with open(options["source"], encoding="utf-8-sig", newline="") as handle:
            table = read_series(handle)
        # The official days of core.workcalendar (the data the platform's calendar is filled from): the command
        # needs no database.
        result = run(table, warmup_days=options["warmup_days"], calendar=workcalendar.WorkCalendar.official())
    except FileNotFoundError:
        raise CommandError(f"找不到输入文件 {options['source']}") from None
    except UnicodeDecodeError:
        raise CommandError("输入文件不是 UTF-8 编码的 CSV") from None
    except SeriesInputError as error:
        raise CommandError(str(error)) from None
    rows = alarm_rows(table, result)
    if options["target"] == "-":
        write_alarms(sys.stdout, rows)
    else:
        with open(options["target"], "w", encoding="utf-8", newline="") as handle:
            write_alarms(handle, rows)
    command.stderr.write(f"{len(table.names)} 条序列,{result.cube.n_days} 天;检测 {result.cube.n_days - result.first_day} 天,预警 {len(rows)} 条")
