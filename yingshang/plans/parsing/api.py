"""``parse_plan``: a plan file or text in, the JSON-ready dict described in docs/plans-import-schema.md out."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path
from typing import Any, BinaryIO, Callable

from .cleanup import clean_text
from .textcopies import join_unclosed_brackets
from .document import (
    FOOTER,
    RUN_IN_SITE_FOOTER,
    REVIEW_NEXT_YEAR_MONTHS,
    SEASON_SECOND_YEAR_MONTHS,
    WEB_CHROME,
    closing_date_year,
    cross_year_season,
    document_year,
    extract_metadata,
    find_signature,
    find_title,
    issuing_sentence_year,
    run_on_number_year,
    period_start_year,
    preamble_plan_year,
    preamble_single_year,
    signature_apart_at_the_end,
    signature_date,
    split_run_on_preamble,
    titles_year,
    year_end_review,
)
from .deadlines import (
    festival_deadline_in,
    find_notice_deadline,
    is_deadline_phrase,
    parse_deadline_field,
    phases_year,
    single_deadline_year,
    written_without_its_year,
)
from .errors import PlanParseError
from .fields import LEAD_LABELS, analyse_item, ends_with_fields, extract_field_parts, is_field_line
from .loaders import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, check_size, check_text, read_bytes, read_path, unwrap_hard_breaks
from .structure import (
    RUN_IN_ATTACHMENT_LIST,
    Node,
    Outline,
    attachment_headings_apart,
    build_outline,
    canonical_number,
    chinese_numeral_to_int,
    detect_marker,
)
from .tables import DEADLINE, LEAD, RESPONSIBLE, TEXT
from .flat_tables import expand_flat_tables
from .flat_rows import (
    header_ending,
    header_one_cell_per_line_ending,
    lead_cell_before,
    names_lead_and_answering_columns,
    recurring_units_cell,
    spaced_header_ending,
    spaced_row_fields,
    split_flat_row,
    unit_cells_as_fields,
)
from .table_units import units_after_last_sentence
from .units import FIRST_IS_LEAD, RESPONSIBLE_IS_LEAD, STAR_IS_LEAD, load_collective_phrases, normalize_mention

SCHEMA_VERSION = "yingshang.plans.parse/1"

# Fewer numbered items than this is not a plan (a news report, a letter, a notice without its plan).
MIN_ITEMS = 2
_ENUMERATION = re.compile(r"[一二三四五六七八九十]是")

ResolveUnit = Callable[[str], "int | None"]


def parse_plan(
    path_or_text: str | Path | bytes | BinaryIO,
    *,
    resolve_unit: ResolveUnit | None = None,
    filename: str | None = None,
    collective_phrases: tuple[str, ...] | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    keep_text: bool = False,
    year: int | None = None,
) -> dict[str, Any]:
    """Parse a plan into its metadata and item tree.

    ``path_or_text`` is a path (``str`` or ``Path``) to a .txt/.docx/.pdf/.html file, the plan's text
    itself, the bytes of an uploaded file, or a binary file object (pass ``filename`` with bytes and
    file objects so the format is known). ``resolve_unit(mention) -> unit id | None`` is called for
    every non-collective unit mention; without it every ``unit`` is null. ``collective_phrases``
    overrides the shared list in ``yingshang/core/data/collective_unit_phrases.csv``.

    With ``keep_text`` the result also holds ``source_text``: the cleaned text that the items'
    ``line``/``end_line`` numbers refer to (the review page shows it beside the extracted fields).

    ``year`` is the plan's year as the caller knows it (the page's date, the file's name), used only where the text names
    none (``year_source: given``): deadlines written as a month or a day alone are dated in it.

    Raises PlanParseError, with a Chinese message for the user, for empty, unreadable, oversized or
    scanned input and for documents that are not plans.
    """
    raw, source_format = _read(path_or_text, filename=filename, max_bytes=max_bytes)
    if collective_phrases is None:
        phrases = load_collective_phrases()
    else:
        phrases = tuple(sorted({normalize_mention(p) for p in collective_phrases if p}, key=len, reverse=True))
    return parse_text(raw, source_format=source_format, resolve_unit=resolve_unit, phrases=phrases, keep_text=keep_text, given_year=year)


def _read(source, *, filename: str | None, max_bytes: int) -> tuple[str, str]:
    if isinstance(source, Path):
        return read_path(source, max_bytes=max_bytes)
    if isinstance(source, (bytes, bytearray)):
        return read_bytes(bytes(source), filename or "upload.txt", max_bytes=max_bytes)
    if hasattr(source, "read"):
        size = getattr(source, "size", None)
        if isinstance(size, int):
            check_size(size, max_bytes)
        data = source.read(max_bytes + 1)
        check_size(len(data), max_bytes)
        name = filename or getattr(source, "name", None) or "upload.txt"
        return read_bytes(data if isinstance(data, bytes) else data.encode("utf-8"), str(name), max_bytes=max_bytes)
    if isinstance(source, str):
        looks_like_path = "\n" not in source and len(source) < 1024
        if looks_like_path and _is_file(source):
            return read_path(source, max_bytes=max_bytes)
        if looks_like_path and Path(source).suffix.lower() in SUPPORTED_SUFFIXES + (".doc",):
            raise PlanParseError(f"找不到文件：{source}", code="unreadable")
        return source, "text"
    raise TypeError(f"parse_plan() takes a path, text, bytes or a binary file, not {type(source).__name__}")


def _is_file(candidate: str) -> bool:
    """Whether a string names a file; a plan pasted as one paragraph is text (and too long a name for the OS)."""
    try:
        return Path(candidate).is_file()
    except (OSError, ValueError):
        return False


_FIGURES_AND_PUNCTUATION = re.compile(r"[0-9０-９.．,，。、:：;；%％‰()（）\[\]【】〔〕<>《》\-－—–~～/／|｜+＋×·•“”\"'‘’!！?？]")


def parse_text(
    raw: str,
    *,
    source_format: str = "text",
    resolve_unit: ResolveUnit | None = None,
    phrases: tuple[str, ...] = (),
    keep_text: bool = False,
    given_year: int | None = None,
) -> dict[str, Any]:
    if not raw or not raw.strip():
        raise PlanParseError("文件是空的，没有可导入的内容。", code="empty")
    check_text(raw)
    cleaned = clean_text(raw)
    visible = re.sub(r"\s", "", cleaned.text)
    han = len(re.findall(r"[\u4e00-\u9fff]", visible))
    if not visible:
        raise PlanParseError("文件中没有可识别的文字。", code="empty")
    # (figures and punctuation are no sign of garbled text: a table of figures — 面积, 件数, 万元 by town — is readable)
    written = _FIGURES_AND_PUNCTUATION.sub("", visible)
    if han < 0.3 * len(written or visible):
        raise PlanParseError("无法识别文件中的文字（可能是乱码、编码错误或非中文文档），未导入。", code="unreadable")

    table_warnings: list[str] = []
    body = cleaned.text
    if source_format in ("text", "txt"):
        body = unwrap_hard_breaks(body, page_numbers_needed=not cleaned.mail_quoted) or body
    # (after the unwrapping, which measures the lines as the copy wrapped them)
    lines = signature_apart_at_the_end(expand_flat_tables(join_unclosed_brackets(body.split("\n")), table_warnings))
    lines, run_together = attachment_headings_apart(lines)
    text = "\n".join(lines)
    outline = _attachments_numbered_apart(
        _without_covering_notice(build_outline(lines, is_field_line, run_together=run_together), lines)
    )
    outline.warnings.extend(table_warnings)
    item_count = sum(1 for _ in outline.walk())
    if item_count < MIN_ITEMS and not (item_count == 1 and _one_item_plan(outline, lines)):
        raise PlanParseError(_not_a_plan_message(text, item_count), code="not_a_plan")

    trailer, closing = _split_tail(outline)
    numbered = [line.strip() for line in closing if _NUMBERED_LINE.match(line)]
    if numbered:
        # Nothing is dropped silently: the closing keeps the lines, and the reviewer is told where to look.
        outline.warnings.append(
            f"方案结尾有{len(numbered)}行以编号开头的文字未作为条目导入(如“{numbered[0][:20]}”),请核对是否漏掉条目"
        )
    # The preamble ran on into the first item: the plan lost its line breaks.
    run_on = bool(outline.preamble and outline.roots and outline.preamble[-1][0] == outline.roots[0].line_no)
    preamble = split_run_on_preamble([line for _, line in outline.preamble], run_on=run_on)
    meta = extract_metadata(preamble, trailer)
    year, year_source = document_year(meta)
    if year is None:
        year = preamble_plan_year(preamble)
        year_source = "preamble" if year else None
    if year is None:
        year = issuing_sentence_year(preamble)
        year_source = "preamble" if year else None
    if year is None:
        year = titles_year(preamble)
        year_source = "title" if year else None
    if year is None:
        year = run_on_number_year(preamble)
        year_source = "doc_number" if year else None
    if year is None:
        year = closing_date_year(lines)
        year_source = "signature" if year else None
    if year is None:
        year = phases_year(lines)
        year_source = "phases" if year else None
    if year is None:
        year = single_deadline_year(lines, multi_year=period_start_year(meta["title"]) is not None)
        year_source = "deadlines" if year else None
    if year is None:
        year = preamble_single_year(preamble)
        year_source = "preamble" if year else None
    if year is None and given_year:
        year, year_source = given_year, "given"
    season_year = cross_year_season(meta["title"])
    if season_year is not None:
        year, year_source = season_year, "title"
    review_year = year_end_review(meta["title"])
    if review_year is not None:
        year, year_source = review_year, "title"
    options = {
        "resolve_unit": resolve_unit,
        "phrases": phrases,
        "default_year": year,
        "issued_year": int(meta["date"][:4]) if meta["date"] else year or period_start_year(meta["title"]),
        "first_is_lead": bool(FIRST_IS_LEAD.search(text)),
        "responsible_is_lead": bool(RESPONSIBLE_IS_LEAD.search(text)),
        "star_is_lead": bool(STAR_IS_LEAD.search(text)),
    }
    _table_cells_as_fields(outline)
    items = [_item(node, options) for node in outline.roots]
    if season_year is not None:
        _into_the_seasons_second_year(items, season_year)
    if review_year is not None:
        _into_the_seasons_second_year(items, review_year, second_year_months=REVIEW_NEXT_YEAR_MONTHS)
    if meta["date"]:
        _counted_from_the_issue(items, dt.date.fromisoformat(meta["date"]))
        _festivals_after_the_issue(items, dt.date.fromisoformat(meta["date"]))
    notice_deadline = find_notice_deadline("\n".join(preamble), year)
    if notice_deadline is not None:
        for item in iter_items({"items": items}):
            if not item["deadlines"]:
                item["deadlines"] = [dict(notice_deadline)]

    if year is None:
        # (the review page names these items again and dates them in the year of the 成文日期 the reviewer gives)
        yearless = [
            d["text"] for item in iter_items({"items": items}) for d in item["deadlines"]
            if not d.get("date") and written_without_its_year(d.get("text"))
        ]
        if yearless:
            outline.warnings.append(
                f"文中找不到方案的年份,{len(yearless)}个时限只写了月、日(如“{yearless[0]}”),未定出日期:请在审核时填写成文日期"
            )
    result = {
        "schema": SCHEMA_VERSION,
        **meta,
        "year": year,
        "year_source": year_source,
        "format": source_format,
        "preamble": "\n".join(line for line in preamble if line and not WEB_CHROME.match(line) and not FOOTER.match(line)),
        "closing": "\n".join(line for line in closing if line),
        "levels": outline.level_counts(),
        "item_count": item_count,
        "items": items,
        "warnings": outline.warnings,
        "cleanup": cleaned.notes,
    }
    if keep_text:
        result["source_text"] = text
    return result


# 「…分工表 重点任务主要内容主要责任处室一、坚持…1.推进…紧密结合。公卫家庭处2.改革…」: a web table copied with its page,
# its header row run on to its first row and each row's last cells (the units, the time) run on to its text. The header
# says what the cells after a row's last sentence are; they are read as the row's fields (a row that states its own fields,
# or ends in none, keeps its text).
_FIELD_LABEL_OF = {LEAD: "牵头单位", RESPONSIBLE: "责任单位", DEADLINE: "完成时限"}


def _glued_header_roles(outline: Outline) -> list[str | None] | None:
    """The column roles of a table header that ends the text before the first item, when its last columns (after the
    task's) are units or times; else None."""
    if not outline.preamble or not outline.roots:
        return None
    roles = header_ending(outline.preamble[-1][1])
    if roles is None:
        return None
    last_text = max((i for i, r in enumerate(roles) if r == TEXT), default=None)
    trailing = roles[last_text + 1 :] if last_text is not None else []
    if trailing and all(r in _FIELD_LABEL_OF for r in trailing) and any(r in (LEAD, RESPONSIBLE) for r in trailing):
        return roles
    return None


def _cells_under_a_spaced_header(outline: Outline) -> None:
    """Each row of a table copied with single spaces between its cells (spaced_header_ending ends the text before the
    first item) with its unit cells as field lines, between the task and the requirements after them."""
    if not outline.preamble or not outline.roots:
        return
    roles = spaced_header_ending(outline.preamble[-1][1])
    if roles is None:
        return
    for node in outline.walk():
        if node.children or not node.lines or _names_fields(node.lines):
            continue
        found = spaced_row_fields(node.lines[0].strip(), roles)
        if found is None:
            continue
        task, fields, rest = found
        node.lines = [task, *([rest] if rest else []), *node.lines[1:], *(f"{label}:{units}" for label, units in fields)]


def _unit_cells_under_a_header_one_cell_per_line(outline: Outline) -> None:
    """Items of a table copied one cell per line whose rows the outline's own markers number (1.做好规划配套 ⏎ task ⏎
    区消防救援支队 ⏎ 区应急局、各街道): each task's unit cells become its lead and answering fields, by the header."""
    if not outline.preamble or not outline.roots:
        return
    roles = header_one_cell_per_line_ending([text for _, text in outline.preamble])
    if roles is None:
        return
    for node in outline.walk():
        if node.children or _names_fields(node.lines):
            continue
        lines = unit_cells_as_fields(node.lines, roles)
        if lines is not None:
            node.lines = lines


def _cells_around_a_recurring_answering_cell(outline: Outline) -> None:
    """Rows of a glued table whose header has a lead and an answering column, where the answering cell is the same in
    row after row (「…公开工作区行政审批局区直有关单位，各乡镇人民政府全面完成…」): the recurring cell is the answering
    units, the names run on before it the lead, the words after it the requirements."""
    if not outline.preamble or not outline.roots or not names_lead_and_answering_columns(outline.preamble[-1][1]):
        return
    leaves = [node for node in outline.walk() if not node.children and node.lines and not _names_fields(node.lines)]
    answering = recurring_units_cell([node.lines[0] for node in leaves])
    if answering is None:
        return
    for node in leaves:
        row = node.lines[0]
        at = row.find(answering)
        if at <= 0:
            continue
        before, after = row[:at].rstrip(), row[at + len(answering) :].lstrip(" ，,")
        lead = lead_cell_before(before)
        task = before[: lead[0]].rstrip() if lead else before
        fields = ([f"牵头单位:{'、'.join(lead[1])}"] if lead else []) + [f"责任单位:{answering}"]
        node.lines = [task, *([after] if after else []), *node.lines[1:], *fields]


def _table_cells_as_fields(outline: Outline) -> None:
    """The unit and time cells of a task table whose header ends the text before the first item, as field lines: a
    header glued to the page with the units last; else one with spaces between its cells, one whose answering cell
    recurs row after row, or one copied one cell per line (each reader checks its own header)."""
    roles = _glued_header_roles(outline)
    if roles is not None:
        _cells_under_a_glued_header(outline, roles)
        return
    _cells_under_a_spaced_header(outline)
    _cells_around_a_recurring_answering_cell(outline)
    _unit_cells_under_a_header_one_cell_per_line(outline)


def _cells_under_a_glued_header(outline: Outline, roles: list[str | None]) -> None:
    """Each row under a glued header (_glued_header_roles) with its trailing cells as field lines."""
    for node in outline.walk():
        if node.children or _names_fields(node.lines):
            continue
        row = " ".join(line.strip() for line in node.lines)
        cells = split_flat_row(row, roles) or {}
        unit_columns = [i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE)]
        if len(unit_columns) == 1 and not cells.get(unit_columns[0]):
            # names without their level (公卫家庭处, 医保处), as a bureau's own offices are written, run together
            found = units_after_last_sentence(row)
            if found is not None:
                cells = {next(i for i, r in enumerate(roles) if r == TEXT): row[: found[0]], unit_columns[0]: "、".join(found[1])}
        fields = [f"{_FIELD_LABEL_OF[roles[i]]}:{cell}" for i, cell in sorted(cells.items()) if roles[i] in _FIELD_LABEL_OF and cell]
        text = "".join(cell for i, cell in sorted(cells.items()) if roles[i] == TEXT)
        if fields and text:
            node.lines = [text, *fields]


def _into_the_seasons_second_year(items: list[dict], first_year: int, *, second_year_months: int = SEASON_SECOND_YEAR_MONTHS) -> None:
    """In a plan for an autumn-to-spring season, the year-less months January to June (春节前, 3月底前) are in its
    second year: their deadlines, dated in the first year, move one year on (in the review of a year's work, the
    months to March)."""
    for item in iter_items({"items": items}):
        for deadline in item["deadlines"]:
            date = deadline.get("date")
            if not date or re.search(r"(?:19|20)\d{2}|\d{2}\s*年", deadline.get("text") or ""):
                continue
            day = dt.date.fromisoformat(date)
            if day.year == first_year and day.month <= second_year_months:
                # (a festival moves to its own day of the next year: 春节 falls on another date each year)
                deadline["date"] = festival_deadline_in(deadline.get("text") or "", first_year + 1) or _one_year_on(day).isoformat()


def _festivals_after_the_issue(items: list[dict], issued: dt.date) -> None:
    """A year-less festival deadline (「春节前全部清偿」) in a plan signed after that festival's day this year is the
    next one's: a notice of December asks for its work before the coming 春节, not the one past."""
    for item in iter_items({"items": items}):
        for deadline in item["deadlines"]:
            date = deadline.get("date")
            if not date or dt.date.fromisoformat(date) >= issued:
                continue
            coming = [
                eve for year in (issued.year, issued.year + 1)
                if (eve := festival_deadline_in(deadline.get("text") or "", year)) and dt.date.fromisoformat(eve) >= issued
            ]
            if coming:
                deadline["date"] = coming[0]


# 「自本清单印发之日起15日内」, 「于方案印发之日起6个月内完成」: a time limit counted from the day the plan was issued.
_FROM_THE_ISSUE = re.compile(r"印发之日起\s*(?P<count>\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?P<unit>个月|日|天)内")


def _counted_from_the_issue(items: list[dict], issued: dt.date) -> None:
    """A time limit counted from the plan's issue (印发之日起30日内) is due that many days or months after the date the
    plan was signed; working days (个工作日) are left as written, for a calendar of the region's working days."""
    for item in iter_items({"items": items}):
        for deadline in item["deadlines"]:
            match = None if deadline.get("date") else _FROM_THE_ISSUE.search(deadline.get("text") or "")
            count = match and (int(match.group("count")) if match.group("count").isdigit() else chinese_numeral_to_int(match.group("count")))
            if not count:
                continue
            if match.group("unit") == "个月":
                due = _months_on(issued, count)
            else:
                due = issued + dt.timedelta(days=count)
            deadline["date"], deadline["kind"] = due.isoformat(), "date"


def _months_on(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months on (the month's last day where it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _one_year_on(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# The name of a plan document closing its title (方案, 计划, 清单 …; not 通知 or 决定, which may hold one numbered point).
_PLAN_TITLE = re.compile(
    r"(?:方案|计划|规划|清单|要点|任务|分工|分解|分解表|措施|举措|实事|工作安排|重点工作)(?:\s*\([^()]*\))?$"
)

# 「特制定本方案」, 「现将《…实施方案》印发给你们」: a preamble that says it issues a plan (when the title is too long a
# line to be found, as a notice's list of issuing bodies makes it).
_ISSUES_PLAN = re.compile(
    r"(?:制定|制订|印发|现将)[^。]{0,60}?(?:本|以下|如下|《[^》]{0,80})(?:工作)?(?:方案|计划|清单|要点)"
    # 「《…实施方案》经街道党工委同意,现印发给你们」: the plan named first, then issued
    r"|《[^》]{0,80}(?:方案|计划|清单|要点|分工|分解)》[^。]{0,80}?(?:印发|下发)"
)


def _one_item_plan(outline: Outline, lines: list[str]) -> bool:
    """One numbered item is not a plan (a news report, a letter), unless it is a task of a plan.

    It is when it carries its own 牵头单位/完成时限 fields (a 分工表 of one row, a (A牵头;B配合) bracket closing its
    paragraph: an excerpt of a 分工方案 holding one task), when the document is titled as a plan and issued as one
    by its preamble (a cover notice, 「制定本方案」), or when it does one of the two and the item states a deadline or
    names its units (「一、主要目标 到2025年底前,…全面建成」: an excerpt that stops after the plan's first chapter).
    """
    if any(is_field_line(line) or ends_with_fields(line) for line in lines):
        return True
    node = outline.roots[0]
    run_on = bool(outline.preamble and outline.preamble[-1][0] == node.line_no)
    preamble = split_run_on_preamble([line for _, line in outline.preamble], run_on=run_on)
    title = find_title(preamble)
    plan_title = bool(title and _PLAN_TITLE.search(title))
    issued = bool(_ISSUES_PLAN.search("".join(preamble)))
    if plan_title and issued:
        # A cover notice issues a document titled as a plan: an excerpt that stops after the plan's first chapter,
        # whatever that chapter holds.
        return True
    if not (plan_title or issued):
        return False
    fields = analyse_item(node.lines)
    return bool(fields.deadlines or fields.lead_units or fields.responsible_units)


def _last_node(node: Node) -> Node:
    while node.children:
        node = node.children[-1]
    return node


def _without_covering_notice(outline: Outline, lines: list[str]) -> Outline:
    """The outline without a covering notice's own numbered paragraphs.

    A 分解方案 is often published under a notice that sets out its requirements in chapters of its own
    (「一、高度重视,精心组织…」「二、强化担当…」), is signed and dated, and only then gives the plan's title and
    its 一、. The numbering that starts again at 1 after the notice's signature is the plan's; what came before is
    the notice (its title and date belong to the preamble, its paragraphs are no tasks).
    """
    roots = outline.roots
    for index in range(1, len(roots)):
        restart = roots[index]
        if restart.number != 1 or restart.style != roots[0].style:
            continue
        if not _signed(_last_node(roots[index - 1]).lines):
            continue
        if detect_marker(lines[restart.line_no - 1]) is None:
            continue  # the restart was found inside a line: no clean boundary to cut at
        return _plan_from(outline, lines, roots[index:])
    # The plan numbers its tasks 1. 2. … under the notice's 一、二、: they were read as children of the notice's
    # last paragraph, whose own lines hold the signature (the children come after it).
    last = roots[-1] if roots else None
    if last is not None and last.children and len(roots) > 1 and _signed(last.lines):
        plan_roots = last.children
        for node in Outline([], plan_roots, []).walk():
            node.path = node.path[1:]
        return _plan_from(outline, lines, plan_roots)
    return outline


def _attachments_numbered_apart(outline: Outline) -> Outline:
    """The outline with the items of each of a notice's attachments numbered under the attachment's number when two or
    more attachments each number their items from the start (附件1 一、…, 附件2 1.…): 附件2's 一、(三) is [2, 1, 3], as an
    officer cites 「附件2第一项(三)」, and no two items share a number. Attachments whose numbering runs on from one to
    the next (1–5, then 6–11) keep their numbers, and so does a notice with one attachment."""
    starts = [index for index, root in enumerate(outline.roots) if root.attachment]
    paths = [tuple(node.path) for node in outline.walk()]
    if len(starts) < 2 or len(paths) == len(set(paths)):
        return outline
    bounds = starts + [len(outline.roots)]
    for start, end in zip(bounds, bounds[1:]):
        number = outline.roots[start].attachment
        for node in Outline([], outline.roots[start:end], []).walk():
            node.path = [number] + node.path
    return outline


def _signed(lines: list[str]) -> bool:
    """The lines hold a signature: the issuer and the date, or the date alone on its line (「此通知」 … 「2022年2月21日」)."""
    return bool(find_signature(lines)) or any(signature_date(line) for line in lines[1:])


def _plan_from(outline: Outline, lines: list[str], roots: list[Node]) -> Outline:
    first = roots[0].line_no
    preamble = [(line_no, lines[line_no - 1]) for line_no in range(1, first)]
    warnings = outline.warnings + [f"第{first}行之前是印发通知的条文，未作为方案条目导入"]
    return Outline(preamble=preamble, roots=roots, warnings=warnings)


def _not_a_plan_message(text: str, item_count: int) -> str:
    message = (
        "未能识别出方案的条目结构：文中没有（或只有一个）“一、”“（一）”“1.”“（1）”“第X条”等编号条目，"
        "不能作为行动方案导入。"
    )
    if len(_ENUMERATION.findall(text)) >= 2:
        message += "该文档看起来是新闻报道或讲话稿（只有“一是……二是……”式的列举），请上传方案原文。"
    else:
        message += "请确认上传的是方案正文。"
    return message


def _split_tail(outline: Outline) -> tuple[list[str], list[str]]:
    """Take the page footer / signature (trailer) and an unnumbered closing paragraph off the last item."""
    last = None
    for node in outline.walk():
        last = node
    trailer: list[str] = []
    closing: list[str] = []
    if last is None:
        return trailer, closing
    signature = find_signature(last.lines)
    cut = signature[0] if signature else len(last.lines)
    for index, line in enumerate(last.lines[:cut]):
        # the page's footer or the notice's list of attachments, run on to the last item's words
        starts = [m.start() for m in (RUN_IN_SITE_FOOTER.search(line), RUN_IN_ATTACHMENT_LIST.search(line)) if m]
        if starts and line[: min(starts)].strip():
            last.lines[index : index + 1] = [line[: min(starts)].rstrip(), line[min(starts) :]]
            cut = index + 1
            break
    for index, line in enumerate(last.lines[1:cut], start=1):
        if FOOTER.match(line):
            cut = index
            break
    trailer = last.lines[cut:]
    del last.lines[cut:]
    # After an item's responsibility fields, an unnumbered paragraph belongs to the document
    # (a closing exhortation), not to the item.
    fields_seen = False
    for index, line in enumerate(last.lines):
        if is_field_line(line) or ends_with_fields(line):
            fields_seen = True
        elif fields_seen and line.strip() and _heading_intro(last.lines, index):
            # 「一、强化科技创新(区科技局牵头)」 then the chapter's opening paragraph (an excerpt that stops before
            # (一)): the lead named in the heading line does not end the chapter.
            fields_seen = False
        elif fields_seen and line.strip() and any(is_field_line(later) for later in last.lines[index + 1 :]):
            # A paragraph followed by field lines of its own is the task's second stage (a table row continued
            # on a row without number: 推进… / 牵头单位:住建局), not a closing note.
            fields_seen = False
        elif fields_seen and line.strip():
            closing = last.lines[index:]
            del last.lines[index:]
            break
    while last.lines and not last.lines[-1].strip():
        last.lines.pop()
    last.end_line_no = last.line_no + max(0, len(last.lines) - 1)
    return trailer, closing


# A closing line that opens like an item (3 开展…, 4.…, (五)…): an item the outline did not take, worth a warning.
_NUMBERED_LINE = re.compile(r"^\s*(?:\d{1,3}\s*[.、。\s]|[(（]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]|[一二三四五六七八九十]{1,3}、)")


# How a closing paragraph opens: an instruction to those who carry the plan out, or a note on the document.
_CLOSING_OPENING = re.compile(r"^\s*(?:各|请|本|以上|上述|此|附件|自|如|凡|对)")
_HEADING_MAX = 40


def _heading_intro(lines: list[str], index: int) -> bool:
    """Line ``index`` opens the chapter whose heading (line 0, short, its lead in brackets) is the only field line
    (blank lines between them, as some copies put between paragraphs, change nothing)."""
    if index < 1 or any(line.strip() for line in lines[1:index]) or len(lines[0]) > _HEADING_MAX or not ends_with_fields(lines[0]):
        return False
    return _CLOSING_OPENING.match(lines[index]) is None


# The line that announces a problem's or a task's measures: 「整改措施:」, 「具体措施:」, 「主要任务:」.
_ANNOUNCES_MEASURES = re.compile(r"(?:整改|具体|主要|工作|落实|推进)?(?:措施|任务|举措)[:：]")


def _heading_states_lead(node: Node) -> bool:
    """The node's own marker line names a lead ("一、扩大有效投资政策(由县发改局牵头实施)") and items follow it."""
    if not node.children or not node.lines:
        return False
    lines = [line for line in node.lines if line.strip()]
    if len(lines) > 2 and _ANNOUNCES_MEASURES.fullmatch(lines[-1].strip()) and all(is_field_line(line) for line in lines[1:-1]):
        # 「(一)…问题突出。」 then its 牵头单位: / 责任单位: / 整改时限: lines and 「整改措施:」 before the items: the
        # items are the measures of that problem, whose lead leads them — however long the problem's sentence.
        _body, fields = extract_field_parts(lines[:-1])
        return any(label in LEAD_LABELS for label, _ in fields)
    body, fields = extract_field_parts(node.lines[:1])
    if not fields and len(node.lines) > 1 and all(is_field_line(line) for line in node.lines[1:] if line.strip()):
        # 「(一)推进审批提速」 then 「牵头单位:市政务服务局」 on the lines under it, before its items.
        body, fields = extract_field_parts(node.lines)
    heading = body[0] if body else ""
    # A heading is a short phrase; an item whose paragraph ends with its own lead keeps it to itself.
    if len(heading) > 40 or re.search(r"[。；;！!？?，,]", heading):
        return False
    return any(label in LEAD_LABELS for label, _ in fields)


# 「以上工作由市政务服务局牵头,市住建局配合。」, 「(以上任务由市市场监管局牵头负责)」: after a chapter's items, who leads
# all of them.
_LEAD_FOR_THE_ABOVE = re.compile(
    r"^[(（]?\s*(?:以上|上述)(?:各项|所有|全部)?(?:工作|任务|事项|措施|内容)?(?:第?\d+\s*(?:[-—–~至到]\s*\d+)?\s*项)?"
    r"(?:工作|任务)?(?:均|都)?由(?P<roles>[^()（）]{2,80}?)[)）]?\s*[。.；;]?$"
)


def _lead_for_the_above(node: Node, options: dict[str, Any]) -> list[dict]:
    """The lead units of a closing 「以上…由A牵头」 line after ``node``'s items, taken off the last item's lines."""
    if not node.children:
        return []
    last = node.children[-1]
    if not last.lines or last.children:
        return []  # the line closes the items of a deeper level: it is read there
    match = _LEAD_FOR_THE_ABOVE.match(last.lines[-1].strip())
    if not match:
        return []
    lead = analyse_item([f"以上任务。({match.group('roles')})"], **options).lead_units
    if lead:
        del last.lines[-1]
    return lead


# 「以下各项均由街道党政综合办公室牵头,各社区按职责配合。」, 「本部分任务均由市发展改革委牵头」: under a chapter's heading,
# before its items, who leads all of them.
_LEAD_FOR_THE_FOLLOWING = re.compile(
    r"^[(（]?\s*(?:以下|下列|本部分|本章|本节)(?:各项|所有|全部)?(?:工作|任务|事项|措施|内容)?(?:均|都)?由(?P<roles>.{2,120}?)[)）]?\s*[。.；;]?$"
)


def _lead_for_the_following(node: Node, options: dict[str, Any]) -> list[dict]:
    """The lead units of a 「以下各项均由A牵头」 line under ``node``'s heading, taken off the heading's lines."""
    if not node.children:
        return []
    for index, line in enumerate(node.lines[1:], start=1):
        match = _LEAD_FOR_THE_FOLLOWING.match(line.strip())
        if match:
            lead = analyse_item([f"以下任务。({match.group('roles')})"], **options).lead_units
            if lead:
                del node.lines[index]
            return lead
    return []


def _fields_closing_a_list(node: Node) -> None:
    """Field lines after the last of a list of sub-items that an item announces with a colon — 「5.开展人居环境整治,
    重点做好以下工作:(1)…(2)… 牵头单位:… 完成时限:…」, 「(一)问题:… 整改措施:1.… 2.… 牵头股室:… 整改时限:…」 — are the
    item's: the list is its content, and no sub-item names fields of its own. (Blind annotators of two parts read it so.)"""
    if not node.children or not node.lines:
        return
    # Only a colon announces the list: under a short heading (「4.建设审批系统。」 over (1)(2)(3)) the blind annotators of
    # real parts (heldout, heldout3, heldout9) put the fields after the last sub-item on that sub-item.
    if not re.search(r"[:：]\s*$", node.lines[-1]):
        return
    *others, last = node.children
    if last.children or any(child.children or _names_fields(child.lines) for child in others):
        return
    trailing = 0
    while trailing < len(last.lines) - 1 and is_field_line(last.lines[-1 - trailing]):
        trailing += 1
    if not trailing or _names_fields(last.lines[:-trailing]):
        return
    node.lines.extend(last.lines[-trailing:])
    del last.lines[-trailing:]


def _names_fields(lines: list[str]) -> bool:
    return any(is_field_line(line) or ends_with_fields(line) for line in lines)


# 「具体目标。到2015年底:」 over 1. 2. 3.: a heading whose last words say by when, then a colon, dates the points it announces.
_BY_WHEN_BEFORE_A_COLON = re.compile(r"(?:^|[。；;，,])\s*(?:到|至|在)?(?P<when>[^。；;，,:：]{2,16}?)\s*[:：]\s*$")


def _deadlines_for_the_points(node: Node, options: dict[str, Any]) -> list[dict]:
    """The deadline a heading's closing words (「到2015年底:」) give the points under it, or none."""
    if not node.children or not node.lines:
        return []
    closing = _BY_WHEN_BEFORE_A_COLON.search(node.lines[-1])
    if closing is None or not is_deadline_phrase(closing.group("when")):
        return []
    return [d for d in parse_deadline_field(closing.group("when"), options.get("default_year")) if d["date"]]


def _item(
    node: Node, options: dict[str, Any], inherited: list[dict] | None = None, inherited_deadlines: list[dict] | None = None
) -> dict[str, Any]:
    _fields_closing_a_list(node)
    for_the_above = _lead_for_the_above(node, options)
    for_the_following = _lead_for_the_following(node, options)
    fields = analyse_item(node.lines, **options)
    # A lead stated once on a chapter or section heading applies to the items under it, unless an item
    # names its own.
    if not fields.lead_units and inherited:
        fields.lead_units = [dict(mention) for mention in inherited]
    if not fields.deadlines and inherited_deadlines:
        fields.deadlines = [dict(deadline) for deadline in inherited_deadlines]
    passed_down = fields.lead_units if _heading_states_lead(node) else inherited
    if for_the_above or for_the_following:
        passed_down = for_the_above or for_the_following
    for_the_points = _deadlines_for_the_points(node, options)
    return {
        "number": canonical_number(node.style, node.number, node.label),
        "marker": node.label,
        "style": node.style,
        "level": node.level,
        "path": list(node.path),
        "title": fields.title,
        "text": fields.text,
        "lead_units": fields.lead_units,
        "responsible_units": fields.responsible_units,
        "deadlines": fields.deadlines,
        "targets": fields.targets,
        "line": node.line_no,
        "end_line": node.end_line_no,
        "children": [_item(child, options, passed_down, for_the_points) for child in node.children],
    }


def iter_items(plan: dict[str, Any]):
    """Every item of a parsed plan, depth first, in document order."""
    stack = list(reversed(plan["items"]))
    while stack:
        item = stack.pop()
        yield item
        stack.extend(reversed(item["children"]))
