"""`yingshang supervision <subcommand>`: 双随机 draws from the command line, and their verification.

    yingshang supervision draw --department UNIT --ratios A=0.03,B=0.05,C=0.1,D=0.2 --seed SEED \\
        --frame-out frame.csv --out draw.csv [--pool-out pool.csv] [--period-end YYYY-MM-DD]
    yingshang supervision verify-draw --frame frame.csv --seed SEED --ratios … --in draw.csv [--pool pool.csv]

``draw`` builds the frame of the department's active inspection items (eligible enterprises with their
risk class from the one credit check), draws enterprises and inspectors by the rule of
yingshang/supervision/draw.py and writes the files; it stores nothing. ``verify-draw`` needs only the
files: it prints ``verified`` or the first difference (with ``--pool`` the inspectors are checked too).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yingshang.core import clock
from yingshang.core.models import Unit
from yingshang.core.params import parse_day
from yingshang.core.scope import subtree_q
from yingshang.supervision import draw as rule


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CommandError(f"无法读取 {path}:{error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} 不是 UTF-8 编码的 CSV") from None


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise CommandError(f"无法写入 {path}:{error.strerror}") from None


def _department(mention: str) -> Unit:
    from yingshang.core.selectors import unit_resolve

    found = list(Unit.objects.filter(code=mention, is_active=True)) or unit_resolve(mention)
    if len(found) != 1:
        raise CommandError(f"找不到部门“{mention}”(请用单位编码或名称)" if not found else f"“{mention}”对应多个单位,请用单位编码")
    return found[0]


def handle_draw(command: BaseCommand, options: dict) -> None:
    """按部门的检查事项生成抽查名录,并抽取企业和执法人员(不保存)"""
    from yingshang.supervision import services
    from yingshang.supervision.models import InspectionItem, SamplingPlan

    unit = _department(options["department"])
    items = list(InspectionItem.objects.filter(subtree_q(unit, "unit"), is_active=True))
    if not items:
        raise CommandError(f"{unit.name} 没有启用的检查事项")
    try:
        ratios = rule.parse_ratios(options["ratios"])
        period_end = parse_day(options.get("period_end"), field="period_end") if options.get("period_end") else clock.today()
    except Exception as error:  # DrawError, or a bad date (ValidationError)
        raise CommandError(getattr(error, "messages", [str(error)])[0]) from None
    plan = SamplingPlan(unit=unit, ratios={k: str(v) for k, v in ratios.items()}, period_end=period_end)
    frame = services.frame_for(plan, items)
    try:
        pool = services.pool_for(plan, [code for code, _cls in frame])
        rows = rule.draw(frame, options["seed"], ratios, pool)
    except rule.DrawError as error:
        raise CommandError(str(error)) from None
    frame_text = rule.canonical_frame(frame)
    _write(options["frame_out"], frame_text)
    _write(options["out"], rule.draw_csv(rows))
    if options.get("pool_out"):
        _write(options["pool_out"], rule.pool_csv(pool))
    command.stdout.write(f"名录 {len(frame)} 户(SHA-256 {rule.frame_sha256(frame_text)}),抽取 {len(rows)} 户,"
                         f"待补派执法人员 {sum(1 for r in rows if not r[2])} 户")


def handle_verify(command: BaseCommand, options: dict) -> None:
    """用公开的名录、种子和比例复核抽查结果:输出 verified 或第一处不同"""
    try:
        frame = rule.read_frame(_read(options["frame"]))
        ratios = rule.parse_ratios(options["ratios"])
        published = rule.read_draw(_read(options["in"]))
        pool = rule.read_pool(_read(options["pool"])) if options.get("pool") else None
        problem = rule.verify(frame, options["seed"], ratios, published, pool)
    except rule.DrawError as error:
        raise CommandError(str(error)) from None
    if problem:
        command.stdout.write(problem)
        raise CommandError("抽查结果与规则不符")
    command.stdout.write("verified")


def _draw_args(parser) -> None:
    parser.add_argument("--department", required=True, help="部门(单位编码或名称)")
    parser.add_argument("--ratios", required=True, help="各风险类别比例,如 A=0.03,B=0.05,C=0.1,D=0.2")
    parser.add_argument("--seed", required=True, help="随机种子")
    parser.add_argument("--frame-out", required=True, dest="frame_out")
    parser.add_argument("--out", required=True)
    parser.add_argument("--pool-out", dest="pool_out", help="执法人员名录(证号与回避)")
    parser.add_argument("--period-end", dest="period_end", help="执法证须有效至此日(默认今天)")


def _verify_args(parser) -> None:
    parser.add_argument("--frame", required=True)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--ratios", required=True)
    parser.add_argument("--in", required=True, dest="in")
    parser.add_argument("--pool", help="执法人员名录;给出时也核对执法人员")


SUBCOMMANDS = {"draw": (_draw_args, handle_draw), "verify-draw": (_verify_args, handle_verify)}


class Command(BaseCommand):
    help = "监管执法:draw 双随机抽取,verify-draw 复核抽取结果"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="子命令")
        for name, (configure_parser, handler) in SUBCOMMANDS.items():
            summary = (handler.__doc__ or "").strip().splitlines()
            configure_parser(sub.add_parser(name, help=summary[0] if summary else name))

    def handle(self, *args, action, **options):
        _, handler = SUBCOMMANDS[action]
        handler(self, options)
