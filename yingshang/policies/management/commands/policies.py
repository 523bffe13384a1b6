"""`yingshang policies <subcommand>`: matching, seeds, overdue alerts, extraction, one-enterprise evaluation."""

from __future__ import annotations

import datetime as dt
import json
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from yingshang.core import clock


class Command(BaseCommand):
    help = "政策超市:match 全量/增量匹配;seed 载入种子政策;remind 超时预警;extract 从原文提取条款;explain 单户评估"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        match = sub.add_parser("match", help="全部有效条款 × 全部经营主体(向量化),保存符合与待确定结果")
        match.add_argument("--item", action="append", default=[], help="只重算这些条款编号(可重复)")
        match.add_argument("--changed-since", help="只重算该日期(YYYY-MM-DD)以来登记信息有变化的经营主体")
        match.add_argument("--no-notify", action="store_true", help="不推送站内消息")
        match.add_argument("--as-of", help="评估日期(默认今天)")
        sub.add_parser("seed", help="载入种子文件中的政策文件与条款(已存在的跳过)")
        remind = sub.add_parser("remind", help="向责任单位推送超过环节时限的申请")
        remind.add_argument("--as-of")
        extract = sub.add_parser("extract", help="从政策原文提取建议条款(只显示,不保存)")
        extract.add_argument("file")
        explain = sub.add_parser("explain", help="一户企业对全部有效条款的评估(逐条件)")
        explain.add_argument("credit_code")

    def _date(self, value):
        try:
            return dt.date.fromisoformat(value) if value else None
        except ValueError:
            raise CommandError(f"日期“{value}”格式错误,应为 2026-05-01")

    def handle(self, *args, action, **options):
        handler = getattr(self, f"do_{action}")
        try:
            handler(**options)
        except ValidationError as error:
            raise CommandError(";".join(error.messages))

    def do_match(self, item, changed_since, no_notify, as_of, **_):
        from yingshang.core.models import Enterprise

        from yingshang.policies import services
        from yingshang.policies.models import PolicyItem

        day = self._date(as_of) or clock.today()
        started = time.perf_counter()
        if item:
            ids = list(PolicyItem.objects.filter(code__in=item).values_list("pk", flat=True))
            if len(ids) != len(set(item)):
                raise CommandError("有条款编号不存在")
            run = services.match_items(actor=None, item_ids=ids, as_of=day)
        elif changed_since:
            since = self._date(changed_since)
            changed = Enterprise.objects.filter(updated_at__date__gte=since).values_list("pk", flat=True)
            run = services.match_enterprises(changes={pk: None for pk in changed}, as_of=day)
            if run is None:
                self.stdout.write("没有需要重算的经营主体")
                return
        else:
            run = services.match_all(actor=None, as_of=day, notify=not no_notify)
        self.stdout.write(self.style.SUCCESS(
            f"匹配完成:{run.enterprises} 户 × {run.items} 项;符合 {run.eligible},待确定 {run.undetermined},差一项 {run.near_miss};"
            f"推送 {run.notified} 条;{time.perf_counter() - started:.2f} 秒"
        ))
        report = getattr(run, "report", None)
        if report is not None:
            self.stdout.write(f"  读取 {report.load_seconds:.2f}s,评估 {report.evaluate_seconds:.2f}s,写入 {report.store_seconds:.2f}s")

    def do_seed(self, **_):
        from yingshang.policies.seeds import load_seed_policies

        items = load_seed_policies(actor=None)
        self.stdout.write(self.style.SUCCESS(f"载入种子条款 {len(items)} 个"))

    def do_remind(self, as_of, **_):
        from yingshang.policies.services import overdue_remind

        sent = overdue_remind(as_of=self._date(as_of))
        self.stdout.write(self.style.SUCCESS(f"超时预警已推送 {sent} 条"))

    def do_extract(self, file, **_):
        from yingshang.policies.extraction import extract_items

        try:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            raise CommandError(f"无法读取文件:{error}")
        for proposal in extract_items(text):
            self.stdout.write(json.dumps(proposal.as_payload(), ensure_ascii=False))

    def do_explain(self, credit_code, **_):
        from yingshang.core.models import Enterprise

        from yingshang.policies import matching, services

        enterprise = Enterprise.objects.filter(credit_code=credit_code.strip().upper()).first()
        if enterprise is None:
            raise CommandError(f"未找到统一社会信用代码为 {credit_code} 的经营主体")
        day = clock.today()
        started = time.perf_counter()
        for version in matching.versions_in_force(day):
            explanation, amount = services.assess(enterprise, version, day)
            self.stdout.write(f"{version.item.code} {version.item.title}:{explanation.verdict_label} {amount.formula}")
            for outcome in explanation.conditions + explanation.exclusions:
                self.stdout.write(f"    [{outcome.status}] {outcome.text};企业:{outcome.value} {outcome.gap} {outcome.settle}")
        self.stdout.write(f"用时 {(time.perf_counter() - started) * 1000:.1f} ms")
