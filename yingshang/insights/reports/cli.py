"""Subcommands of the reports area:

- `yingshang insights bulletin --period 2026-10 | 2026Q3` generates the internal and the public bulletin
  (DOCX + PDF under MEDIA_ROOT) and prints the file paths;
- `yingshang insights topics --period 2026-10 [--size 10]` stores the 每月一题 shortlist of a month;
- `yingshang insights rollup [--since 2026-11-01T00:00] [--full]` brings the cockpit's daily rollup up to
  date (run it every few minutes from cron; the cockpit also recomputes the current day on read).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone


def register(subparsers) -> None:
    """Add this area's subparsers."""
    bulletin = subparsers.add_parser("bulletin", help="生成月度/季度诉求通报(内部版与公开版,DOCX 与 PDF)")
    bulletin.add_argument("--period", required=True, help="月度写作 2026-10,季度写作 2026Q3")
    bulletin.set_defaults(handler=run_bulletin)

    topics = subparsers.add_parser("topics", help="生成每月一题候选清单")
    topics.add_argument("--period", required=True, help="月份,如 2026-10")
    topics.add_argument("--size", type=int, default=10, help="候选数量,默认 10")
    topics.add_argument("--min-volume", type=int, default=3, help="候选至少的当月诉求数,默认 3")
    topics.set_defaults(handler=run_topics)

    rollup = subparsers.add_parser("rollup", help="更新驾驶舱的诉求日汇总(增量;--full 全量重算)")
    rollup.add_argument("--since", help="重算自该时刻(ISO 格式,如 2026-11-01 或 2026-11-01T08:00)以来有变化的日期;默认自上次更新")
    rollup.add_argument("--full", action="store_true", help="全量重算全部日期")
    rollup.set_defaults(handler=run_rollup)


def run_bulletin(command, *, period: str, **options) -> None:
    from .services import bulletin_generate

    try:
        bulletins = bulletin_generate(actor=None, period=period)
    except ValidationError as error:
        raise CommandError(";".join(error.messages)) from error
    media = Path(settings.MEDIA_ROOT)
    for bulletin in bulletins:
        command.stdout.write(f"{bulletin.title}({bulletin.get_audience_display()})")
        command.stdout.write(f"  DOCX: {media / bulletin.docx_file}")
        command.stdout.write(f"  PDF:  {media / bulletin.pdf_file}")


def run_topics(command, *, period: str, size: int, min_volume: int, **options) -> None:
    from .services import topics_generate

    try:
        topics = topics_generate(actor=None, period=period, size=size, min_volume=min_volume)
    except ValidationError as error:
        raise CommandError(";".join(error.messages)) from error
    command.stdout.write(f"{period} 每月一题候选 {len(topics)} 项")
    for topic in topics:
        place = f" · {topic.evidence.get('place')}" if topic.evidence.get("place") else ""
        command.stdout.write(f"  {topic.rank:>2}. {topic.score:.3f}  {topic.label_path} · {topic.evidence.get('district')}{place}")


def run_rollup(command, *, since: str | None, full: bool, **options) -> None:
    from .services import rollup_refresh

    moment = None
    if since:
        try:
            moment = dt.datetime.fromisoformat(since)
        except ValueError as error:
            raise CommandError(f"--since 的时间“{since}”格式不正确,应为 2026-11-01 或 2026-11-01T08:00") from error
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
    result = rollup_refresh(since=moment, full=full)
    command.stdout.write(f"诉求日汇总已更新:重算 {result['days']} 天,写入 {result['rows']} 行")
