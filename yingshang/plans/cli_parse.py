"""``yingshang plans parse FILE [--format json|text] [--year YYYY]``: print what the importer reads in a plan.

``main(argv)`` takes the arguments after ``plans`` (``["parse", "plan.docx", "--format", "text"]``;
the leading ``parse`` may be left out) and returns the exit status: 0 on success, 2 when the file
is not an importable plan (the reason goes to stderr), 1 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from .parsing import PlanParseError, parse_plan


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yingshang plans parse", description="解析行动方案文件（.txt/.docx/.pdf/.html）并输出条目树。")
    parser.add_argument("file", help="方案文件路径")
    parser.add_argument("--format", choices=("json", "text"), default="json", help="json（默认）或缩进提纲 text")
    parser.add_argument(
        "--year", type=_plan_year, help="方案年份：仅在文中找不到年份时使用，只写了月、日的时限（如“11月底前”）按此年份定出日期"
    )
    return parser


def _plan_year(value: str) -> int:
    if not value.isdigit() or not 1949 <= int(value) <= 2100:
        raise argparse.ArgumentTypeError(f"“{value}”不是年份，请写四位数字，例如 2024")
    return int(value)


def _mentions(units: list[dict]) -> str:
    return "、".join(u["mention"] + ("*" if u.get("collective") else "") for u in units)


def format_outline(plan: dict) -> str:
    """The plan as an indented outline, one item per line, with its units and deadlines below it."""
    lines = [plan.get("title") or "（无标题）"]
    meta = [f"发文：{plan['issuer']}" if plan.get("issuer") else "", f"日期：{plan['date']}" if plan.get("date") else ""]
    if any(meta):
        lines.append("  ".join(m for m in meta if m))
    lines.append("各级条目数：" + " / ".join(str(n) for n in plan.get("levels", [])))
    lines.append("")

    def walk(items: list[dict], depth: int) -> None:
        for item in items:
            indent = "  " * depth
            lines.append(f"{indent}{item['number']} {item['title']}")
            details = []
            if item["lead_units"]:
                details.append("牵头：" + _mentions(item["lead_units"]))
            if item["responsible_units"]:
                details.append("责任：" + _mentions(item["responsible_units"]))
            if item["deadlines"]:
                details.append("时限：" + "；".join(d["text"] + (f"（{d['date']}）" if d["date"] else "") for d in item["deadlines"]))
            if item["targets"]:
                details.append(
                    "指标：" + "；".join(f"{t['metric']} {t['comparator']} {t['value']}{t['unit']}" for t in item["targets"])
                )
            for detail in details:
                lines.append(f"{indent}    {detail}")
            walk(item["children"], depth + 1)

    walk(plan["items"], 0)
    for warning in plan.get("warnings", []):
        lines.append(f"！{warning}")
    return "\n".join(lines)


def main(argv: list[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "parse":
        args = args[1:]
    try:
        options = _parser().parse_args(args)
    except SystemExit as exit_:
        return int(exit_.code or 0) and 1
    try:
        plan = parse_plan(options.file, year=options.year)
    except PlanParseError as error:
        print(f"无法导入：{error}", file=stderr)
        return 2
    if options.format == "json":
        print(json.dumps(plan, ensure_ascii=False, indent=2), file=stdout)
    else:
        print(format_outline(plan), file=stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
