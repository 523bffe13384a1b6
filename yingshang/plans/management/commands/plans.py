"""`yingshang plans <subcommand>`: parse, import, remind, rank, bulletin."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from yingshang.core import clock


class Command(BaseCommand):
    help = "行动方案督办:parse 解析方案文件;import 导入为草稿;remind 发送到期提醒;rank 计算排名;bulletin 生成月度通报"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="解析方案文件并输出条目树(不写入数据库)")
        parse.add_argument("file")
        parse.add_argument("--format", choices=("json", "text"), default="json")
        parse.add_argument("--year", help="方案年份(仅在文中找不到年份时使用)")
        imported = sub.add_parser("import", help="导入方案文件,保存为待审核草稿")
        imported.add_argument("file")
        imported.add_argument("--publish", action="store_true", help="导入后直接发布(跳过人工审核)")
        sub.add_parser("remind", help="向各单位发送到期、逾期与报送提醒(可重复运行,不会重复发送)")
        rank = sub.add_parser("rank", help="计算某月的单位与区县排名")
        rank.add_argument("--period", required=True, help="YYYY-MM,例如 2026-10")
        bulletin = sub.add_parser("bulletin", help="生成某月的通报(网页、DOCX、PDF)")
        bulletin.add_argument("--period", required=True, help="YYYY-MM,例如 2026-10")
        bulletin.add_argument("--out", help="另把 DOCX 和 PDF 复制到这个目录")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except ValidationError as error:
            raise CommandError(";".join(error.messages), returncode=2)

    def do_parse(self, *, file, format, year=None, **_):
        from yingshang.plans.cli_parse import main

        out, err = io.StringIO(), io.StringIO()
        status = main(["parse", file, "--format", format, *(["--year", year] if year else [])], stdout=out, stderr=err)
        self.stdout.write(out.getvalue(), ending="")
        self.stderr.write(err.getvalue(), ending="")
        if status:
            raise SystemExit(status)

    def do_import(self, *, file, publish, **_):
        from yingshang.plans.selectors import flagged_mentions
        from yingshang.plans.services import PAST_DUE_KEEP, plan_import, plan_publish, publish_warnings

        plan = plan_import(actor=None, source=Path(file))
        flagged = flagged_mentions(plan)
        self.stdout.write(f"已导入方案 #{plan.pk}:{plan.title}({plan.items.count()} 个条目,待审核)")
        if flagged:
            names = "、".join(sorted({v.mention.mention for v in flagged}))
            self.stdout.write(self.style.WARNING(f"有 {len(flagged)} 处单位未能对应到组织树,请管理员在“单位映射”页处理:{names}"))
        warnings = publish_warnings(plan)
        if warnings.past_due:
            self.stdout.write(self.style.WARNING(f"有 {len(warnings.past_due)} 个条目的完成时限早于今天,发布后相应任务立即逾期"))
        if warnings.without_units:
            numbers = "、".join(i.number for i in warnings.without_units[:20])
            self.stdout.write(self.style.WARNING(f"有 {len(warnings.without_units)} 个条目没有任何责任单位:{numbers}"))
        if publish:
            # --publish skips the review on purpose; the warnings above say what that means.
            tasks = plan_publish(actor=None, plan=plan, expected_version=plan.version, past_due=PAST_DUE_KEEP)
            self.stdout.write(self.style.SUCCESS(f"已发布:生成 {len(tasks)} 项任务"))

    def do_remind(self, **_):
        from yingshang.plans.services import reminders_send

        sent = reminders_send()
        self.stdout.write(
            f"{clock.today():%Y-%m-%d} 提醒已发送:即将到期 {sent['deadline']} 条,已逾期 {sent['overdue']} 条,待报送进度 {sent['report']} 条"
        )

    def do_rank(self, *, period, **_):
        from yingshang.plans.models import RankingEntry
        from yingshang.plans.selectors import ranking_entries
        from yingshang.plans.services import ranking_compute

        run = ranking_compute(actor=None, period=period)
        for scope, entries in ranking_entries(run).items():
            self.stdout.write(f"== {RankingEntry.Scope(scope).label}排名({period},截至 {run.as_of})==")
            for entry in entries:
                mark = " 末位" if entry.is_bottom else ""
                self.stdout.write(f"{entry.rank:>3}  {entry.score:>6}  {entry.unit.name}{mark}")

    def do_bulletin(self, *, period, out, **_):
        from yingshang.plans.services import bulletin_generate

        bulletin = bulletin_generate(actor=None, period=period)
        self.stdout.write(self.style.SUCCESS(f"已生成:{bulletin.title}"))
        self.stdout.write(f"网页:/plans/bulletins/{bulletin.period}/")
        paths = [bulletin.docx.path, bulletin.pdf.path]
        if out:
            target = Path(out)
            target.mkdir(parents=True, exist_ok=True)
            paths = []
            for stored, suffix in ((bulletin.docx, "docx"), (bulletin.pdf, "pdf")):
                destination = target / f"通报-{period}.{suffix}"
                with stored.open("rb") as source, open(destination, "wb") as handle:
                    shutil.copyfileobj(source, handle)
                paths.append(str(destination))
        for path in paths:
            self.stdout.write(f"文件:{path}")
