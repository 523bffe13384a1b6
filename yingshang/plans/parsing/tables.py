"""分工方案 tables: the columns of a table and its rows as paragraphs and field lines, whatever the table came from
(DOCX, HTML, XLSX, PDF, or text where it was flattened).

Most 营商环境 plans are division-of-work tables — 序号 / 重点任务 / 具体措施 / 牵头单位 / 责任单位 /
完成时限 / 备注. Whatever the source, a table becomes the same paragraph-plus-field-lines form the text
parser reads elsewhere (``1.任务`` then ``牵头单位:…``, ``完成时限:…``), so a table plan and a prose plan
import alike. This module knows the columns (``column_role``: which header word names which column) and turns
rows of cells into lines (``table_rows_to_lines``).

Copied from a web page the table arrives flattened; reading it back into rows of cells is the work of the
modules beside this one: ``flat_tables`` finds the tables in a document's lines and reads each in its shape —
a header line and rows run together (``flat_rows``: ``1深化…办结。市市场监管局市公安局各区县政府2023年6月底`` is cut
from the right, a trailing deadline by its date grammar, then the run of unit names before it), one cell per line
(``cell_lines``), or cells between bars or tabs — with the grammar of unit names in ``table_units``.
"""

from __future__ import annotations

import re

from .cleanup import is_traditional, normalize_width, to_simplified
from .structure import DATE_AFTER_POINT, chinese_numeral_to_int, detect_marker
from .fields import DEADLINE_LABELS, LEAD_LABELS, PERSON_LABELS, RESPONSIBLE_LABELS
from .units import FIRST_IS_LEAD, STAR_MARKS, STAR_IS_LEAD, is_collective, is_unit_like
from .table_units import split_run_together_names


# --- columns --------------------------------------------------------------------------------------

NUMBER, TEXT, LEAD, RESPONSIBLE, DEADLINE, NOTE, PERSON = "number", "text", "lead", "responsible", "deadline", "note", "person"
# A 责任分工 column: each cell states the roles itself (省财政厅主办,省国税局、地税局协办 / 省发改委负责).
DIVISION = "division"
# A column of a schedule named by its time node (3月底前 / 一季度 / 上半年, often under a merged 推进计划): each cell is
# what is due by then, so a filled cell makes the node one of the row's deadlines.
NODE = "node"
_TIME_NODE = re.compile(
    r"(?:第?[一二三四1-4]季度末?|[上下]半年|(?:1[0-2]|[1-9])月(?:份|底|末|[上中下]旬)?|年中|年底|年末)(?:前|以前)?"
)
# A column of a multi-year plan's table named by its year (2024年 / 2025年 / 2026年, often under a merged 年度目标, or
# 2024年目标): each cell is what is due within that year, so a filled cell makes the year's end one of the row's
# deadlines. (2023年基数, the baseline, and 2024年建设内容, what the year builds, are no such column.)
_YEAR_NODE = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年?度?(?P<kind>目标|任务|目标任务|工作目标|计划|计划目标|工作计划|工作任务|工作项目|重点任务)?"
)
# A node cell that holds no target: 「/」, 「—」, 「无」.
_NO_TARGET = re.compile(r"[/／\\—–\-－一·.。无]*")
_FIELD_LABEL = {LEAD: "牵头单位", DEADLINE: "完成时限"}
_RESPONSIBLE_LABELS = ("配合单位", "配合部门", "责任地区", "协办单位", "参与单位")
_PERSON_LABELS = ("牵头负责领导", "牵头市领导", "牵头区领导", "牵头县领导", "牵头领导", "责任领导", "分管领导", "分管市领导")
# Header words of a flattened table, longest first (the header may itself be run together).
HEADER_WORDS = (
    "牵头考核单位", "牵头责任单位", "牵头单位", "牵头部门", "主要责任单位", "主要责任部门", "主责单位", "主责部门",
    "协同配合单位", "协同责任单位", "责任单位", "责任部门", "配合单位", "配合部门", "协办单位", "主办单位", "承办单位",
    "责任科室", "责任处室", "责任股室", "责任主体", "责任分工",
    "责任地区", "完成时限", "完成时间", "完成期限", "完成日期", "截止时间", "时间安排", "时间节点", "时限要求", "进度安排", "重点任务", "主要任务", "工作任务",
    "具体措施", "工作措施", "主要措施", "改革举措", "任务事项", "工作内容", "具体内容", "工作目标", "目标要求", "主要工作任务",
    "预期目标", "主要目标", "目标任务",
    "序号", "编号", "备注", "任务", "措施",
    # the body columns of other kinds of list: a 整改清单's problems and measures, a reform list's 事项
    "存在问题", "反馈问题", "问题清单", "整改措施", "整改目标", "改革事项", "任务名称", "工作举措", "任务举措", "主要内容", "重点工作",
)
# The field labels the item reader knows (牵头单位:, 协同部门:, 办结时限:, 牵头领导:) head the same columns of a table; one
# list, kept with the reader. The short role words (牵头, 配合) are left out: run together with the words around them,
# they would cut a header such as 牵头单位 apart.
HEADER_WORDS = tuple(
    dict.fromkeys(HEADER_WORDS + tuple(w for w in LEAD_LABELS + RESPONSIBLE_LABELS + DEADLINE_LABELS + PERSON_LABELS if len(w) >= 4))
)


_BARE_ROLE_HEADER = re.compile(r"(?P<lead>牵头|主办|主责|牵头抓总)|配合|协办|参与|协同|协助|会办")


def column_role(header: str) -> str | None:
    """What a table column holds, from its header: number, text, lead, responsible, deadline or note."""
    name = re.sub(r"\s+", "", header)
    # 「责任单位(牵头)」: the bracket says whose the column is, the lead's
    if re.fullmatch(r"(?:责任|主办)?(?:单位|部门)[(（]牵头(?:单位|部门)?[)）]", name):
        return LEAD
    # 「责任单位(列第一位为牵头单位)」, 「牵头单位(部门)」: a note in brackets does not name the column.
    name = re.sub(r"[(（][^()（）]*[)）]$", "", name) or name
    if not name:
        return None
    # (「顺序号」, 「项目序号」, 「任务序号」: the row's number, whatever it numbers)
    if name in ("编号", "序") or re.fullmatch(r"[\u4e00-\u9fff]{0,4}序号|(?i:no\.?)", name):
        return NUMBER
    if _RECORD_ID.search(name):
        return NOTE  # 任务编号 「DB2022-0031」, 文件编码: a record's identifier in a system, no part of the task
    if _TIME_NODE.fullmatch(name) or _YEAR_NODE.fullmatch(name):
        return NODE
    if "备注" in name:
        return NOTE
    if _CITED_CLAUSE_COLUMN.search(name):
        return NOTE  # 国务院文件条目 「第一条(一)」: the higher document's clause the task carries out, no part of the task
    if _UNITS_OWN_PEOPLE_OR_OFFICE.search(name):
        # 牵头单位 over 单位 | 责任人 (牵头单位责任人, 主办单位责任人) or over 单位 | 科室: the lead unit's person or office,
        # never a further lead unit
        return NOTE if re.search(r"[科处股]室$", name) else PERSON
    names_units = bool(re.search(r"单位|部门|科室|处室|股室|站所|站办|司局|厅局", name))
    if ("领导" in name or re.search(r"责任人$", name)) and not names_units:
        return PERSON  # 牵头市领导 / 责任领导 / 具体责任人: people, not units (责任单位及责任人 names both)
    if re.search(r"(?:网格员|网格长|包村干部|包片干部|包保干部|联络员|联系人|经办人|专管员)$", name):
        return PERSON  # the people who carry the work out on the ground, never its units
    if re.fullmatch(r"(?:责任)?网格", name):
        return NOTE  # 责任网格 「第1—4网格」: where the work is done
    if _PROPOSER_COLUMN.search(name):
        return PERSON  # who put a 建议 / 提案 forward (a deputy, a party's committee): never the units that handle it
    if _BARE_ROLE_HEADER.fullmatch(name):
        # 序 / 任务 / 牵头 / 配合 / 时限: the role word alone heads the column
        return LEAD if _BARE_ROLE_HEADER.fullmatch(name).group("lead") else RESPONSIBLE
    if _REPORT_COLUMN.search(name):
        return NOTE  # 进展情况 / 督办单位: a report on the task or its supervisor, not the task's own fields
    if re.fullmatch(r"(?:责任)?分工|责任分工(?:情况)?|任务分工", name):
        return DIVISION
    if re.fullmatch(r"(?:责任分工|任务分工|分工)(?:及|和|与|、|/)(?:完成)?(?:时限|时间|期限|时间安排|进度安排)", name):
        # 「责任分工及完成时限」: each cell says who does the work and by when, in a sentence of its own (a 「责任单位和
        # 完成时限」 cell is a unit list and its time, read as a 责任单位 cell)
        return DIVISION
    # (站所: a 乡镇's stations and offices, 农业站 / 财政所)
    # (警种: how a public security bureau names its divisions, 牵头警种 治安支队 / 交警支队)
    if re.search(r"牵头|主要责任|第一责任|主责|主办", name) and re.search(r"单位|部门|科室|处室|股室|站所|站办|司局|厅局|警种", name):
        # 牵头单位, 牵头责任单位, 主要责任单位, 主责部门, 牵头科室: the primary side of a two-way split; 第一责任单位 too
        # (「第一责任单位为牵头单位」, 「各牵头单位为第一责任单位」: plans and their cover notices say the two are one)
        return LEAD
    # (本局责任处: a bureau's own office answering for the task)
    if re.search(r"单位|部门|地区|科室|处室|股室|站所|站办|司局|厅局|责任主体|(?:责任|配合|实施)(?:街镇|镇街|乡镇|街道)$|责任[处科股]$", name):
        # 责任单位, 承办单位, 责任科室: responsible, a lead only where the header says so; 责任街镇: the towns and streets
        return RESPONSIBLE
    if _WORK_PERIOD.fullmatch(name):
        return None  # 建设时间 「2024」: the years a project runs, kept with its text — no date it is due by
    if re.search(r"时限|时间|期限|节点|进度|完成日期|截止日期", name):
        return DEADLINE
    if re.search(r"(?:[^指]数|率|占比|比例)$", name):
        return None  # 牵头任务数 / 已办结数 / 完成率: a tally's figures, not a task (指数 may name one)
    if re.search(r"任务|措施|举措|事项|内容|工作|目标|要求|指标|标准|名称|案由|题目|标题|^(?:具体|重点)?项目$|^(?:主要)?职责(?:分工)?$", name):
        # …, 项目名称 (a 民生实事 list names its projects), 案由 / 建议题目 (a 建议提案 分办表 its matters), 主要职责分工 (a 职责分工表
        # gives each body in its 部门 column its duties)
        return TEXT
    return None


# The national lead column that a province's or a city's table of a State Council document's tasks cites beside its own
# (国家牵头部门 beside 省级牵头单位): for reference, it leads nothing here. (A city's 市级 and 区级 lead columns both lead,
# each at its level.)
_NATIONAL_LEAD_COLUMN = re.compile(r"^(?:国家|中央|国务院|部委)")


def _higher_levels_lead_cited(header: list[str], roles: list[str | None]) -> list[str | None]:
    """``roles`` with a national lead column read as a note where the table has a lead column of its own."""
    leads = [i for i, role in enumerate(roles) if role == LEAD and i < len(header)]
    national = [i for i in leads if _NATIONAL_LEAD_COLUMN.match(header[i])]
    if not national or len(national) == len(leads):
        return roles
    return [NOTE if i in national else role for i, role in enumerate(roles)]


# The person or the office of the unit a column names: 牵头单位责任人, 主办单位负责人, 牵头部门科室.
_UNITS_OWN_PEOPLE_OR_OFFICE = re.compile(
    r"(?:单位|部门)(?:具体)?(?:责任人|负责人|联系人|经办人|分管领导|责任领导|包联领导|分管负责人|科室|处室|股室|科室/责任人)$"
)


# A column citing the higher document's clause or item that each task carries out (国务院文件条目, 对应条款, 政策依据).
_CITED_CLAUSE_COLUMN = re.compile(r"(?:条目|条款|依据|出处)$|^对应.{0,12}(?:条|项|款|目|文件|任务)$")


# A column of identifiers a system gives its records (任务编号, 事项编码, 督办文号).
_RECORD_ID = re.compile(r".(?:编号|编码|代码|文号|流水号)$")


# The proposer of a 人大代表建议 / 政协提案 in a 分办表 (领衔代表, 提案者, 提案单位, 代表团): the matter is handled by the
# 主办 / 会办 units, never by who proposed it.
_PROPOSER_COLUMN = re.compile(r"领衔|提案(?:者|人|单位)|建议人|提出(?:人|者|单位)|代表团|(?:代表|委员)(?:姓名)?$")


# The time a project of a 民生实事 / 重点项目 list runs (建设时间, 实施年限, 起止时间): when the work is done, not a
# deadline it is due by.
# (实施时间 is left a deadline column: a 分工表 uses it for when a task is to be done.)
_WORK_PERIOD = re.compile(r"(?:(?:19|20)\d{2}年度?)?(?:(?:建设|施工|起止)(?:时间|年限|周期|年度)|实施(?:年限|周期))")


def _without_note(cell: str) -> str:
    """A header cell without its bracketed note at the end: 「年度投资金额(万元)」 → 年度投资金额."""
    compact = re.sub(r"\s+", "", cell)
    return re.sub(r"[(（][^()（）]*[)）]$", "", compact) or compact


def header_width(cell: str) -> int:
    """The length of a header cell without its bracketed note: 「年度投资金额(万元)」 is as long as 年度投资金额."""
    return len(_without_note(cell))


# A column that reports on the task (进展情况, 推进情况, 工作进展) or names who supervises it (督办单位,
# 督查部门): kept as a column so the row's cells line up, read as a note. So is a column of what has been done so far
# (累计完成, 累计进度 of a 民生工程 progress table: 「持续推进」 there is progress, no time limit) and a 进度 column that
# reports how far the work has got (当前进度 「96.64%」), unlike 进度安排, which schedules it.
_REPORT_COLUMN = re.compile(
    r"情况$|进展|督办|督查|督导|^累计|^(?:当前|目前|实际)(?:完成)?进度$"
    # a tracking system's record times (更新时间, 导出时间): when the record changed, not when the task is due
    r"|^(?:最近|最新|最后|上次)?(?:更新|修改|导出|创建|录入|填报|上报|反馈)(?:时间|日期)$"
    # when a 督办 item was handed out (交办日期, 批示时间), and whether it is done (是否完成, 办理状态)
    r"|^(?:交办|批示|签收|受理|立项|收文)(?:时间|日期)$|^是否|状态$"
)


def _header_roles(row: list[str]) -> list[str | None] | None:
    roles = _year_nodes_checked(_measure_units_left_out([column_role(cell) for cell in row], row), row)
    has_field = any(r in (LEAD, RESPONSIBLE, DEADLINE, DIVISION, NODE) for r in roles)
    has_body = any(r in (NUMBER, TEXT) for r in roles)
    return roles if has_field and has_body else None


def _measure_units_left_out(roles: list[str | None], row: list[str]) -> list[str | None]:
    """The roles with an indicator table's 单位 column left out: beside 指标 it holds the unit of measure (家, %, 亿元),
    not an organisation (计量单位 always does)."""
    names = [re.sub(r"\s+", "", cell) for cell in row]
    indicators = any("指标" in name for name in names)
    return [None if name == "计量单位" or (name == "单位" and indicators) else role for name, role in zip(names, roles)]


def _year_nodes_checked(roles: list[str | None], row: list[str]) -> list[str | None]:
    """The roles with the year columns kept only where the row reads as a multi-year table's header: two or more years
    side by side, or a year named as a target (2026年目标), in a table that names the units doing the work. A lone year
    in a row may be a deadline cell of a task's row, and a 主要指标 table's year columns (with its 单位 of measure, 基数,
    属性) hold the indicator's values, not tasks due."""
    years = [i for i, cell in enumerate(row) if roles[i] == NODE and _YEAR_NODE.fullmatch(re.sub(r"\s+", "", cell))]
    if not years:
        return roles
    named_as_targets = any(_YEAR_NODE.fullmatch(re.sub(r"\s+", "", row[i])).group("kind") for i in years)
    names_units = any(role in (LEAD, RESPONSIBLE, DIVISION) for role in roles)
    if names_units and (len(years) >= 2 or named_as_targets):
        return roles
    return [None if i in years else role for i, role in enumerate(roles)]


def _node_deadline(node: str) -> str:
    """The deadline a node column gives: its own words (3月底前, 二季度), a year's column the end of that year."""
    year = _YEAR_NODE.fullmatch(re.sub(r"\s+", "", node))
    return f"{year.group('year')}年底前" if year else node


def _task_list_roles(row: list[str]) -> list[str | None] | None:
    """A real table with only a number and a task column (序号 / 工作任务): a task list whose fields, if any,
    are written inside the task text. Only for tables with cell boundaries (DOCX/HTML), never for flattened
    text, where a line of two header words is too weak a sign."""
    roles = [column_role(cell) for cell in row]
    # A 进展情况 / 备注 column reports on the task, a 类别 column groups the rows: still a task list.
    others = [r for r, cell in zip(roles, row) if r not in (NUMBER, TEXT, NOTE) and not _CATEGORY_HEADER.fullmatch(cell.strip())]
    if NUMBER in roles and TEXT in roles and not others:
        return roles
    return None


def _text_table_roles(words: list[str]) -> list[str | None] | None:
    """The roles of a table of numbered rows whose columns hold only the rows' text (一级指标 / 二级指标 / 2020年目标; 类别 /
    检查标准 / 分值): no column names a unit, a person or a time the row is due by."""
    roles = _year_nodes_checked(_measure_units_left_out([column_role(word) for word in words], words), words)
    if NUMBER in roles and TEXT in roles and not any(role in (LEAD, RESPONSIBLE, DEADLINE, DIVISION, PERSON, NODE) for role in roles):
        return roles
    return None


def _item_number(cell: str) -> str:
    """The number cell as an outline marker: 1 → '1.', 一 → '一、'; a marker already written stays."""
    cell = cell.strip()
    if re.fullmatch(r"\d{1,3}", cell):
        return cell + "."
    if re.fullmatch(r"[一二三四五六七八九十百]{1,4}", cell):
        return cell + "、"
    sub = _SUB_NUMBER.fullmatch(cell)
    if sub:
        return f"({sub.group(1)})"  # 1.2 / 1-2 under row 1: its second sub-item
    return cell


def _numbered(number: str, text: str) -> str:
    """A row's text after its number as an outline marker; a space between 「5.」 and a text that opens with a figure
    (「110kV输变电工程」, 「5G基站」), which would otherwise read as a decimal (5.110)."""
    if not number:
        return text
    return f"{number} {text}" if number.endswith(".") and text[:1].isdigit() else f"{number}{text}"


# A 序号 cell numbering a row under the row above (1.1, 1.2, 1-1): the part after the point is its own number.
_SUB_NUMBER = re.compile(r"\d{1,3}[.．\-－](\d{1,2})")


# A DOCX/HTML cell merged down from the row above (vMerge, rowspan) arrives from the loaders as this mark and the
# covering cell's text; elsewhere the position is empty.
MERGED_DOWN = "\u2063"


def _split_merged_down(rows: list[list[str]]) -> tuple[list[list[str]], list[dict[int, str]]]:
    """The rows with cells merged down left empty, and per row the text of those cells by column; rows with no text of
    their own are dropped."""
    kept, covered = [], []
    for row in rows:
        cells = [re.sub(r"\s+", " ", c or "").strip() for c in row]
        merged = {i: c[len(MERGED_DOWN) :].strip() for i, c in enumerate(cells) if c.startswith(MERGED_DOWN)}
        cells = ["" if i in merged else c for i, c in enumerate(cells)]
        if any(cells):
            kept.append(cells)
            covered.append(merged)
    return kept, covered


# The rows a table's header may stand among: a sheet's title, its notes on colours and its 更新时间 line may come first.
_HEADER_WITHIN = 5


def header_row(rows: list[list[str]]) -> list[str] | None:
    """The header row of a task table (one of its first five rows, as it stands in ``rows``), or None."""
    plain, _covered = _split_merged_down(rows)
    simplify = _simplifier(plain)
    for row in plain[:_HEADER_WITHIN]:
        if _header_roles(simplify(row)) or _task_list_roles(simplify(row)) or _header_roles(_cleaned_cells(row)):
            return row
    return None


def continued_table(rows: list[list[str]], previous_header: list[str] | None) -> tuple[list[list[str]], list[str] | None]:
    """(the rows, the header a table after them continues) of a table in a document's sequence of tables.

    A table with no header of its own, as wide as the task table before it, continues that table (a table broken
    across pages, in Word or on a page converted from a PDF): the earlier header is put on top of its rows. The
    header passed on is this table's own, else the earlier one."""
    own = header_row(rows) if rows else None
    if own is not None or previous_header is None or not rows:
        return rows, own or previous_header
    if max(len(row) for row in rows) != len(previous_header):
        return rows, previous_header
    return [previous_header] + rows, previous_header


def table_rows_to_lines(rows: list[list[str]], places: tuple[str, ...] = (), *, text_columns_only: bool = False) -> list[str]:
    """A task table as paragraphs: 'N.任务' followed by '牵头单位:…' lines; other tables as rows of text.

    ``text_columns_only``: the caller read the rows of a table whose columns hold only text (``_text_table_roles``), one
    cell per line after a header and its rows numbered 1, 2 …, and they are items. (A DOCX or HTML table of that kind,
    a 主要指标 table beside a plan's task table, stays rows of text: its rows are values, not tasks.)"""
    # Cells read from a file (DOCX, HTML, a workbook) come before cleaning: 「（1）」 is (1) to the outline's markers.
    rows = [[normalize_width(cell) for cell in row] for row in rows]
    rows, covered = _split_merged_down(rows)
    if not rows:
        return []
    simplify = _simplifier(rows)
    header_index, roles = None, None
    for index, row in enumerate(rows[:_HEADER_WITHIN]):
        simplified = simplify(row)
        roles = _header_roles(simplified) or _task_list_roles(simplified) or (text_columns_only and _text_table_roles(simplified))
        if not roles:
            # pinyin notes (序號(hào)) need the whole cleanup, not only the characters' conversion
            cleaned = _cleaned_cells(row)
            roles = _header_roles(cleaned) or _task_list_roles(cleaned) or (text_columns_only and _text_table_roles(cleaned))
            if roles:
                rows[index] = cleaned
        if roles:
            header_index = index
            break
    if header_index is None:
        return [" ".join(dict.fromkeys(c for c in row if c)) for row in rows]

    lines = [" ".join(c for c in row if c) for row in rows[:header_index]]
    rows[header_index] = simplify(rows[header_index])
    sub_header = _sub_header(rows[header_index], simplify(rows[header_index + 1])) if header_index + 1 < len(rows) else None
    if sub_header is not None:
        rows = rows[: header_index] + [sub_header] + rows[header_index + 2 :]
        covered = covered[: header_index] + [{}] + covered[header_index + 2 :]
        roles = _header_roles(sub_header) or roles
    header = [c.replace(" ", "") for c in rows[header_index]]
    roles = _higher_levels_lead_cited(header, roles)
    number_column = roles.index(NUMBER) if NUMBER in roles else None
    text_columns = [i for i, r in enumerate(roles) if r == TEXT]
    # A column whose header names nothing known is kept with the text, never dropped.
    other_columns = [i for i, r in enumerate(roles) if r is None]
    field_columns = []
    for i, role in enumerate(roles):
        if role in (LEAD, DEADLINE):
            field_columns.append((i, _FIELD_LABEL[role]))
        elif role == RESPONSIBLE:
            field_columns.append((i, header[i] if header[i] in _RESPONSIBLE_LABELS else "责任单位"))
        elif role == PERSON:
            field_columns.append((i, header[i] if header[i] in _PERSON_LABELS else "责任领导"))
        elif role == DIVISION:
            field_columns.append((i, DIVISION))
    node_columns = [i for i, role in enumerate(roles) if role == NODE]
    body = rows[header_index + 1 :]
    # 「责任单位中列第一位的为牵头单位」 written in a 备注 cell (merged down the table) says what a header note would
    first_leads_by_note = any(
        FIRST_IS_LEAD.search(row[i]) for row in body for i, role in enumerate(roles) if role == NOTE and i < len(row) and row[i]
    )
    category_column = _category_column(header, body, roles)
    if category_column is not None:
        for columns in (other_columns, text_columns):
            if category_column in columns:
                columns.remove(category_column)
    number_of = _row_numbering(body, header, number_column, text_columns)
    above: dict[int, str] = {}  # the last value of each field column, for a cell that says 同上
    for position, row in enumerate(body):
        cells = row + [""] * (len(header) - len(row))
        for column, _label in field_columns:
            if _SAME_AS_ABOVE.fullmatch(cells[column].strip()) and column in above:
                cells[column] = above[column]  # 「同上」: the cell above, written once
            elif cells[column].strip():
                above[column] = cells[column]
        distinct = {c for c in cells if c}
        if len(distinct) == 1 and (number_column is None or not cells[number_column]):
            lines.append(distinct.pop())  # a merged section row such as "一、政务环境"
            continue
        if category_column is not None and cells[category_column]:
            lines.append(cells[category_column])  # the section a 类别 cell opens
        number = number_of(position, cells)
        if number:
            # A unit or deadline cell merged down over rows numbered of their own speaks for each of them; under a
            # merged 序号 (the rows of one task) it was read once, on the task's first row.
            for column, _label in field_columns:
                if not cells[column] and covered[header_index + 1 + position].get(column):
                    cells[column] = covered[header_index + 1 + position][column]
        name = _name_cell(cells, header, text_columns)
        text_cells = list(dict.fromkeys(cells[i] for i in text_columns + other_columns if cells[i] and cells[i] != name))
        in_order = list(dict.fromkeys(cells[i] for i in sorted(text_columns + other_columns) if cells[i] and cells[i] != name))
        # (a project list's name column keeps its own heading line, below)
        marked = [] if name else [k for k, cell in enumerate(in_order) if k and detect_marker(cell) is not None]
        below: list[str] = []
        if marked and number and _fields_cover_sub_rows(body, position, number_of, [c for c, _ in field_columns]):
            # 序号 1 | 点位 市科技馆 | 存在问题 (1)院内… | 责任单位 | 时限, the next rows only (2)…, (3)… with their unit
            # and time cells empty: the problems of the place, items under the row's number, which keeps the fields.
            text_cells, below = in_order[: marked[0]], in_order[marked[0] :]
        elif marked and number and len(measures := _measures(in_order[marked[0]])) >= 2:
            # 1 | 问题 | 1.列入学习计划;⏎2.举办读书班。 | 机关党委 | 立行立改: measures numbered inside one cell are the
            # row's sub-items; the row keeps its unit and time cells, which cover all of them.
            text_cells = in_order[: marked[0]]
            below = measures + [line for cell in in_order[marked[0] + 1 :] for line in _measures(cell)]
            if text_cells and not re.search(r"[。；;！!？?]$", text_cells[-1]):
                # the row's text is a sentence closed before its measures: its unit is the row's own, not a
                # heading's lead passed down to each measure (as a short heading over 牵头单位: lines would be)
                text_cells[-1] += "。"
        elif marked and (number or detect_marker(in_order[0]) is not None):
            # A text cell after the first that opens with a marker is an item of its own, below the row's number
            # (1 | 优化审批服务 | (1)推行告知承诺制 | 市司法局) or below the levels before it (一、… | (一)… | 1.…);
            # the row's fields are the last one's.
            bounds = [0] + marked + [len(in_order)]
            parts = ["".join(in_order[a:b]) for a, b in zip(bounds, bounds[1:])]
            lines.append(_numbered(number, parts[0]))
            lines.extend(parts[1:-1])
            number, text_cells = "", [parts[-1]]
        text = "".join(text_cells)
        if name and number and len(measures := _measures(text)) >= 2:
            # 1 | 学前教育扩容 | (1)新建幼儿园;(2)改扩建小学 | 区教育局: the project's measures are its sub-items, its unit and
            # time cells its own (the name closed as a sentence, so they are not a heading's lead passed down)
            below, text = measures, ""
            name = name if re.search(r"[。；;！!？?]$", name) else name + "。"
        elif not name and number and not below and detect_marker(text) is not None and len(measures := _measures(text)) >= 2:
            # 1 | 「1. 强化…」⏎「2. 紧扣…」 | 区绿化市容局: a row whose task cell is only its numbered points — the points
            # are the row's sub-items, under the row's bare number with its unit and time cells
            below, text = measures, ""
        if name:
            # 「2024年农村公路安防工程」 then 「在…实施…」: the project's name is the item's heading line, its content the
            # paragraph under it (run together, a name opening with its year would read as a deadline).
            lines.append(_numbered(number, name))
            if text:
                lines.append(text)
        else:
            lines.append(_numbered(number, text))
        # the targets of a schedule's node columns stay with the task, each after its node; the nodes are its deadlines
        # (a target's points copied one per line, 1. ⏎ 2., stay in the target: they are the year's work, not sub-items)
        due = [(header[i], re.sub(r"\s*\n\s*", " ", cells[i].strip())) for i in node_columns if not _NO_TARGET.fullmatch(cells[i].strip())]
        if due:
            lines.append("；".join(f"{node}{target}" for node, target in due))
        divided: set[str] = set()
        for column, label in field_columns:
            if cells[column] and label == DIVISION:
                cell = simplify([cells[column]])[0]
                lines.extend(f"{role}:{units}" if role else units for role, units in _division_fields(cell))
                if _NAMES_TIME.search(header[column]):
                    # 「责任分工及完成时限」: the cell is the row's time too, read as a 完成时限 cell would be
                    lines.append(f"完成时限:{cell}")
            elif cells[column] and roles[column] in (LEAD, RESPONSIBLE) and (division := _cell_divides_roles(simplify([cells[column]])[0])):
                # 「X牵头,Y配合」 in a cell merged across 牵头单位 and 责任单位: the cell says who does what, once
                if cells[column] not in divided:
                    divided.add(cells[column])
                    lines.extend(f"{role}:{units}" for role, units in division)
            elif cells[column]:
                value = simplify([cells[column]])[0]
                if roles[column] in (LEAD, RESPONSIBLE):
                    if _NAMES_PEOPLE.search(header[column]):
                        value = _without_people(value)
                    value = split_run_together_names(value, places)
                if roles[column] == RESPONSIBLE and (FIRST_IS_LEAD.search(header[column]) or first_leads_by_note):
                    value = _mark_first_as_lead(value)
                elif roles[column] == RESPONSIBLE and STAR_IS_LEAD.search(header[column]):
                    value = _mark_starred_as_lead(value)
                lines.append(f"{label}:{value}")
        if due and any(cells[i].strip() for i, role in enumerate(roles) if role == DEADLINE and i < len(cells)):
            # 「2025年目标任务 | 完成时限 10月」: the row's own time limit says when within the year; the year's column
            # only says which year's target it is
            due = [(node, target) for node, target in due if not _YEAR_NODE.fullmatch(node)]
        if due:
            lines.append("完成时限:" + "、".join(_node_deadline(node) for node, _target in due))
        lines.extend(below)
    return lines


# A 责任分工 column that states the time as well: 「责任分工及完成时限」.
_NAMES_TIME = re.compile(r"时限|时间|期限|进度")
# A column of units and the people answerable for them: 「责任单位及责任人」, 「牵头单位(责任领导)」.
_NAMES_PEOPLE = re.compile(r"责任人|领导|负责人|联系人")
# The person after a unit in such a cell: 「市市场监管局(王某)」, 「市市场监管局:王某某」, 「市市场监管局 王某 副局长」.
_PERSON_AFTER_UNIT = re.compile(r"(?:[(（][^()（）]{1,16}[)）]|[:：—\-－/ ]+[\u4e00-\u9fff·]{2,12})(?=$|[、,，;；])")


def _without_people(value: str) -> str:
    """A cell of 责任单位及责任人 with the people left out: 「市市场监管局(王某)、市税务局(李某)」 → the units."""

    def drop(match: re.Match) -> str:
        person = match.group(0).strip("()（）:：—-－/ ")
        return match.group(0) if is_unit_like(person) or "牵头" in person else ""

    return _PERSON_AFTER_UNIT.sub(drop, value)


_SAME_AS_ABOVE = re.compile(r"同上[。.]?|〃|\"|”|同前")
_CHINESE_NUMBER = re.compile(r"^[一二三四五六七八九十百]{1,4}$")
_WRITTEN_NUMBER = re.compile(r"^(?:[(（](\d{1,3})[)）]|(\d{1,3})[.、．])$")
_SECTION_MARKER = re.compile(r"^[一二三四五六七八九十]{1,3}、")
# A cell that is a section heading and nothing more (「一、就业促进(3项)」): in a progress table copied one cell per
# line, the 类别 cell that opens a section before its first numbered row.
_SECTION_HEADING_CELL = re.compile(r"[一二三四五六七八九十]{1,3}、[^。；;，,]{1,30}")


# (「1.4月底前…主体完工。 2.8月底前…竣工交付。」: a measure may open with the date it is due by, right after its point)
_MEASURE_START = re.compile(
    rf"(?:^|(?<=[\n;；。]))\s*(?=(?:\d{{1,2}}[.、．]|[(（]\d{{1,2}}[)）]|[①-⑳])\s*[\u4e00-\u9fff“]|\d{{1,2}}[.．]{DATE_AFTER_POINT})"
)


def _measures(cell: str) -> list[str]:
    """The measures numbered inside one cell (「1.…;⏎2.…」), each as a line marked one level below a row's own number:
    1. and 1、 become (1), since the row's 序号 already is the 1. level."""
    parts = [part.strip() for part in _MEASURE_START.split(cell) if part.strip()]
    if len(parts) < 2 or detect_marker(parts[0]) is None:
        return []
    return [re.sub(r"^(\d{1,2})\s*[.、．]\s*", r"(\1)", part) for part in parts]


def _fields_cover_sub_rows(body: list[list[str]], position: int, number_of, field_columns: list[int]) -> bool:
    """Whether the rows after ``position`` up to the next numbered row exist, each opens its text with a marker, and
    all leave the field columns empty: the row's unit and time cells (merged, or written once) speak for them all."""
    following = []
    for later in range(position + 1, len(body)):
        row = body[later] + [""] * max(0, max(field_columns, default=0) + 1 - len(body[later]))
        if number_of(later, row):
            break
        if _is_merged_row(row):
            marker = detect_marker(next(c for c in row if c))
            if marker is None or marker.style in ("cn", "chapter", "section", "article"):
                break  # a section row (二、…): the sub-rows ended before it
        following.append(row)
    if not following or not field_columns:
        return False
    for row in following:
        if any(row[c] for c in field_columns):
            return False
        text = next((cell for i, cell in enumerate(row) if cell and i not in field_columns), "")
        if detect_marker(text) is None:
            return False
    return True


def _is_merged_row(cells: list[str]) -> bool:
    return len({c for c in cells if c}) == 1


def _row_numbering(body: list[list[str]], header: list[str], number_column: int | None, text_columns: list[int]):
    """The outline marker of each data row, from its 序号 cell — the row's own number however it is written.

    A 序号 column numbers the rows of one level: 「(1)」 or 「1.」 in every cell is the same 1 as a bare 1, and 一, 二
    under merged 一、 section rows are the rows' numbers, not more sections (as markers they would read as the
    level above, or the section itself). A column mixing 1 and (1) keeps its markers: there the style is the level.
    A table with no 序号 column numbers its rows by place, from 1 after each merged section row — unless a task
    cell already opens with a marker of its own."""
    if number_column is None:
        return _numbers_by_place(body, text_columns)
    if _counts_records(body, number_column, text_columns):
        return lambda position, row: ""
    cells = [row[number_column].strip() for row in body if number_column < len(row) and not _is_merged_row(row)]
    cells = [c for c in cells if c]
    written = [_WRITTEN_NUMBER.match(c) for c in cells]
    as_digits = bool(cells) and all(written)
    sections = any(_SECTION_MARKER.match(next(c for c in row if c)) for row in body if _is_merged_row(row))
    chinese_as_digits = sections and bool(cells) and all(_CHINESE_NUMBER.match(c) for c in cells)
    # 1 ⏎ 1.1 ⏎ 1.2.1 ⏎ 2.2.1.3: a decimal outline of three levels or more, each number its row's whole path
    decimal_outline = any(_DECIMAL_NUMBER.fullmatch(c) and c.count(".") >= 2 for c in cells)

    def number(position: int, row: list[str]) -> str:
        cell = row[number_column].strip()
        if decimal_outline and _DECIMAL_NUMBER.fullmatch(cell):
            return cell + " "
        match = _WRITTEN_NUMBER.match(cell) if as_digits else None
        if match:
            return f"{match.group(1) or match.group(2)}."
        if chinese_as_digits and _CHINESE_NUMBER.match(cell):
            return f"{chinese_numeral_to_int(cell)}."
        return _item_number(cell)

    return number


_DECIMAL_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2}){1,3}")


def _counts_records(body: list[list[str]], number_column: int, text_columns: list[int]) -> bool:
    """A 序号 that only counts the records of a system's export (1, 2, 3 … on every row, chapters included), while the
    task cells carry the plan's own outline (一、… | (一)… | (二)…): the markers, of two levels or more, are the
    numbers; the count is none."""
    rows = [row for row in body if not _is_merged_row(row)]
    if len(rows) < 3 or not text_columns:
        return False
    counts = [row[number_column].strip() if number_column < len(row) else "" for row in rows]
    # (a chapter's row may have lost its count in the copy)
    if sum(1 for c in counts if c) * 2 < len(rows) or any(c and c != str(n) for n, c in enumerate(counts, 1)):
        return False
    texts = [next((row[i].strip() for i in text_columns if i < len(row) and row[i].strip()), "") for row in rows]
    markers = [detect_marker(text) for text in texts]
    return all(markers) and len({marker.style for marker in markers}) >= 2


def _numbers_by_place(body: list[list[str]], text_columns: list[int]):
    data = [row for row in body if not _is_merged_row(row)]
    if not text_columns or not data or any(
        detect_marker(row[i]) for row in data for i in text_columns if i < len(row) and row[i].strip()
    ):
        return lambda position, row: ""
    numbers: dict[int, str] = {}
    count = 0
    for position, row in enumerate(body):
        if _is_merged_row(row):
            count = 0
        elif any(i < len(row) and row[i].strip() for i in text_columns):
            count += 1
            numbers[position] = f"{count}."
    return lambda position, row: numbers.get(position, "")


# The numeral a 类别 cell opens with: 一、 or (一).
_CATEGORY_MARKER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）])")
_CATEGORY_HEADER = re.compile(r"(?:主要|重点|所属)?(?:类别|分类|类型|领域|板块)|(?:工作|实施)?阶段|(?:工作|实施)?步骤")


def _category_column(header: list[str], body: list[list[str]], roles: list[str | None]) -> int | None:
    """A 类别 column whose cells open the sections (「一、就业促进」 on the first row of each): the cell is the section
    heading, written before the row, not part of the task.

    A 类别 cell may open with (一) too. A text column before the task's own text column is one (重点任务 | 具体措施) when
    its cells, merged down over the rows of each section, all open with a chapter's numeral (一、): its cells are fewer
    than the rows.
    """
    for index, name in enumerate(header):
        filled = [row[index].strip() for row in body if index < len(row) and row[index].strip() and not _is_merged_row(row)]
        if not filled or not all(_CATEGORY_MARKER.match(cell) for cell in filled):
            continue
        if _CATEGORY_HEADER.fullmatch(name):
            return index
        if not all(_SECTION_MARKER.match(cell) for cell in filled):
            continue  # (a column quoting a higher document's (一)… clauses beside the local measures is its text)
        rows = [row for row in body if not _is_merged_row(row)]
        text_after = any(role == TEXT for role in roles[index + 1 :])
        if roles[index] == TEXT and text_after and len(filled) >= 2 and len(filled) < len(rows):
            return index
    return None


def _cleaned_cells(row: list[str]) -> list[str]:
    """A row's cells as the text cleanup will leave them: a table in traditional characters (牽頭單位, 完成時限), or
    with pinyin notes (序號(hào)), names its columns only once simplified; the cleanup of the whole text comes later."""
    from .cleanup import clean_text

    return [clean_text(cell).text for cell in row]


def _name_cell(cells: list[str], header: list[str], text_columns: list[int]) -> str:
    """The cell of a 名称 column (项目名称) when the row has other text cells too: a short name, no sentence."""
    names = [i for i in text_columns if "名称" in header[i]]
    if not names or len(text_columns) < 2:
        return ""
    cell = cells[names[0]]
    return cell if cell and len(cell) <= 40 and not re.search(r"[。；;]", cell) else ""


def _simplifier(rows: list[list[str]]):
    """For a table typed in traditional characters, a function giving a row's cells in simplified ones.

    The header words (牽頭單位 is 牵头单位) and the unit grammar of the field cells are written in simplified
    characters, and a table is read here, before ``cleanup`` converts the document: its header and field cells
    are converted first. The task cells stay as written (``cleanup`` converts them with the rest of the text).
    """
    if not is_traditional("".join(cell for row in rows for cell in row)):
        return lambda row: row
    return lambda row: [to_simplified(cell) for cell in row]


# The words of a second header row under a merged cell: 责任单位 over 牵头 | 配合, 完成时限 over 开始 | 结束.
_SUB_HEADER_WORDS = ("牵头", "配合", "主办", "协办", "参与", "主责", "协同", "责任", "单位", "部门", "领导")


def _sub_header(header: list[str], row: list[str]) -> list[str] | None:
    """The header as one row when ``row`` is a second header row: 「责任单位」 merged over 「牵头」「配合」 (the cells
    a merged header cell covers are empty here). Each column is named by its cell in the first row (or the merged
    cell it lies under) followed by its cell in the second: 责任单位牵头 / 责任单位配合."""
    words = [re.sub(r"\s+", "", c) for c in row if c.strip()]
    if not words or len(row) > len(header) + 1:
        return None
    # (推进情况 over 进展情况 | 存在问题: whatever the words under a report's header say, they are parts of the report)
    parents, parent = [], ""
    for cell in header:
        parent = re.sub(r"\s+", "", cell) or parent
        parents.append(parent)
    under_report = {re.sub(r"\s+", "", row[i]) for i in range(min(len(row), len(header))) if column_role(parents[i]) == NOTE}
    if not all(
        len(w) <= 8 and (column_role(w) not in (None, NUMBER, TEXT) or w in _SUB_HEADER_WORDS or w in under_report)
        for w in words
    ):
        return None
    combined, parent = [], ""
    for index, cell in enumerate(header):
        cell = re.sub(r"\s+", "", cell)
        parent = cell or parent
        below = re.sub(r"\s+", "", row[index]) if index < len(row) else ""
        if below and column_role(parent) == NOTE:
            # 推进情况 over 1月 / 2月 / 3月, or over 完成进度 / 存在问题: each a part of the report on the work, never a time it
            # is due by or its text (named so that the report's word closes the name)
            combined.append(f"{below}{parent}")
            continue
        if below and column_role(below) == NODE:
            combined.append(below)  # 推进计划 over 3月底前 / 6月底前 …: each column is named by its node
            continue
        combined.append(f"{parent}{below}" if below and below not in parent else cell or below)
    return combined


def _mark_first_as_lead(value: str) -> str:
    """「A、B」 under a header 「责任单位(列第一位为牵头单位)」 as 「A(牵头)、B」 — the header's note said so."""
    # (the first name ends at the first separator outside brackets: 各县(市、区)政府 is one name)
    first = re.match(r"\s*((?:[(（][^()（）]*[)）]|[^、，,；;\s(（])+)", value)
    if not first or "牵头" in first.group(1):
        return value
    return value[: first.end()] + "(牵头)" + value[first.end() :]


def _mark_starred_as_lead(value: str) -> str:
    """「区农业农村委*、区财政局」 under a header 「责任部门(加*号为牵头部门)」 as 「区农业农村委(牵头)、区财政局」 — the header's
    note said so, and the note itself is not in the text the item's fields are read from."""
    return _STARRED_NAME.sub(lambda m: (m.group(1) or m.group(2)) + "(牵头)", value)


_STARS = re.escape(STAR_MARKS)
# A unit with its star before or after it: 「★市发改委」, 「区农业农村委*」.
_STARRED_NAME = re.compile(rf"[{_STARS}]\s*([^、，,；;\s{_STARS}]+)|([^、，,；;\s{_STARS}]+)\s*[{_STARS}]")


def _cell_divides_roles(cell: str) -> list[tuple[str, str]] | None:
    """The fields of a unit cell that names a lead and who helps it (「区行政审批局牵头,区纪委监委机关配合」); None for a
    cell of plain names."""
    from .fields import role_fields

    if "牵头" not in cell or not re.search(r"配合|协办|参与|协助|协同", cell):
        return None  # (「A牵头、B负责」 names two kinds of lead, read as the column has it)
    fields = role_fields(cell.strip().strip("。"))
    labels = {label for label, _ in fields or []}
    return fields if "牵头单位" in labels and len(labels) > 1 else None


def _division_fields(cell: str) -> list[tuple[str, str]]:
    """A 责任分工 cell as fields: 「A主办,B、C协办」 → 牵头单位:A / 责任单位:B、C; a plain list is 责任单位; sentences that
    are neither come back under an empty label, to be read with the task's text."""
    from .fields import role_fields, split_labeled

    # 「牵头单位:A;配合单位:B、C」 (a small table of labels and units inside the cell, read flat): the labels say it
    if re.match(r"\s*(?:牵头|主办|主责|责任|配合|协办)[\u4e00-\u9fff]{0,4}\s*[:：]", cell):
        labelled = split_labeled(cell)
        if labelled:
            return labelled
    fields = role_fields(cell.strip().strip("。"))
    if fields:
        return fields
    names = [name for name in re.split(r"[、,，;；\s]+", cell.strip().strip("。")) if name]
    if names and all(is_unit_like(name) or is_collective(name) for name in names):
        return [("责任单位", cell.strip())]
    # 「区住建局负责,区市场监管局做好特种设备安全监管,年内完成。」: sentences, not a list of roles — they are read with
    # the task's text, as the same words closing a paragraph would be
    return [("", cell.strip() if re.search(r"[。；;！!？?]$", cell.strip()) else cell.strip() + "。")]
