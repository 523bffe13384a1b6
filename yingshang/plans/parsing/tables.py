"""分工方案 tables: from rows of cells (DOCX, HTML, XLSX) or from text where the table was flattened.

Most 营商环境 plans are division-of-work tables — 序号 / 重点任务 / 具体措施 / 牵头单位 / 责任单位 /
完成时限 / 备注. Whatever the source, a table becomes the same paragraph-plus-field-lines form the text
parser reads elsewhere (``1.任务`` then ``牵头单位:…``, ``完成时限:…``), so a table plan and a prose plan
import alike.

Copied from a web page the table arrives flattened: the header on one line (it gives the column order),
then one line per row whose cells run together — ``1深化…办结。市市场监管局市公安局各区县政府2023年6月底``.
Such a row is cut from the right: a trailing deadline by its date grammar, then the run of unit names
before it by a general grammar of Chinese government units (市/区/县… + …局/委/办/中心/集团/公司/政府…,
abbreviated names after a separator), the unit columns split where two names meet without a separator.
Cells separated by tabs are taken as they are, and so are tables copied with one cell per line (the
header words on lines of their own, then for each row a bare number and its cells).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .cleanup import is_traditional, normalize_width, to_simplified
from .deadlines import ONGOING_PHRASES, SCHEDULED_PHRASES, is_deadline_phrase
from .structure import DATE_AFTER_POINT, chinese_numeral_to_int, detect_marker
from .fields import DEADLINE_LABELS, LEAD_LABELS, PERSON_LABELS, RESPONSIBLE_LABELS, role_fields
from .units import FIRST_IS_LEAD, STAR_MARKS, STAR_IS_LEAD, is_collective, is_unit_like, split_mentions

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
    if re.search(r"任务|措施|举措|事项|内容|工作|目标|要求|指标|标准|名称|案由|题目|标题|^(?:具体|重点)?项目$", name):
        return TEXT  # …, 项目名称 (a 民生实事 list names its projects), 案由 / 建议题目 (a 建议提案 分办表 its matters)
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


def table_rows_to_lines(rows: list[list[str]], places: tuple[str, ...] = ()) -> list[str]:
    """A task table as paragraphs: 'N.任务' followed by '牵头单位:…' lines; other tables as rows of text."""
    # Cells read from a file (DOCX, HTML, a workbook) come before cleaning: 「（1）」 is (1) to the outline's markers.
    rows = [[normalize_width(cell) for cell in row] for row in rows]
    rows, covered = _split_merged_down(rows)
    if not rows:
        return []
    simplify = _simplifier(rows)
    header_index, roles = None, None
    for index, row in enumerate(rows[:_HEADER_WITHIN]):
        simplified = simplify(row)
        roles = _header_roles(simplified) or _task_list_roles(simplified)
        if not roles:
            # pinyin notes (序號(hào)) need the whole cleanup, not only the characters' conversion
            cleaned = _cleaned_cells(row)
            roles = _header_roles(cleaned) or _task_list_roles(cleaned)
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
_CATEGORY_HEADER = re.compile(r"类别|分类|类型|领域|板块|(?:工作|实施)?阶段|(?:工作|实施)?步骤")


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


# --- unit names -----------------------------------------------------------------------------------

# Where a full unit name starts: an administrative level, 各…, or a national body.
UNIT_PREFIX = r"(?:各|全(?:市|区|县)|市|区|县|省|州|盟|旗|镇|乡|自治区|国家|国务院|中共|共青团|人民银行|中国人民银行)"
_SUFFIX = (
    r"(?:人民政府|政府|管委会|党工委|委员会|办公室|办公厅|领导小组|分局|分行|支行|中心|公司|集团|银行|海关|法院|检察院|"
    r"支队|大队|总队|调查队|指挥部|专班|工作组|商联|残联|妇联|侨联|文联|科协|工会|团委|局|委|办|院|部|厅|署|部门|单位|机构|街道|乡镇)"
)
_UNIT_TOKEN = re.compile(
    rf"(?:各[\u4e00-\u9fff()、]{{0,10}}?(?:{_SUFFIX}|区|县|市|镇|街|乡)|[\u4e00-\u9fff()]{{1,14}}?{_SUFFIX})(?:\([^()]{{1,12}}\))?"
)
# Names that carry no administrative prefix but end in a body that is always an organisation of its own:
# 临港经济开发区, 高新区管委会, 城投集团, 供电公司, a city's survey team of the statistics bureau (某某调查队). Accepted
# where a full name would be — after another unit in the same run — but never as the first name of a run, which could
# still be the end of the task text.
_UNPREFIXED_BODY = re.compile(
    r"[\u4e00-\u9fff]{2,14}?(?:经济技术开发区|高新技术产业开发区|经济开发区|开发区|高新区|经开区|新区|工业园区|产业园区|园区|"
    r"管委会|管理委员会|集团|公司|新城|调查队)(?:\([^()]{1,14}\))?"
)
_STARTS_FULL_NAME = re.compile(UNIT_PREFIX)
_SEPARATORS = "、,，;；和及"  # inside a cell; whitespace between names is a cell boundary
_MAX_TOKEN = 18


def _is_unit_token(text: str) -> bool:
    return len(text) >= 3 and text.count("(") == text.count(")") and bool(_UNIT_TOKEN.fullmatch(text))


def unit_run(text: str, places: tuple[str, ...] = (), *, list_after_sentence: bool = False) -> list[tuple[str, bool]] | None:
    """``text`` read as unit names: [(name, follows a separator)], or None when it is not only units.

    A name that does not follow a separator — the first, one run together with the previous, or one
    after a space (a cell boundary in copied text) — must start like a full name (市…, 区…, 各…, or the
    proper name of the document's own city, ``places``: 青岛蓝谷管理局 in a plan of 青岛市);
    after 、 or , abbreviated names (住建局) are accepted. With ``list_after_sentence`` (``text`` starts right
    after the task's closing 。) the first name may be abbreviated too when a list follows it (财政局、发改局…):
    plans of a county-level city name their bodies without 市, and a 、-list after a finished sentence is the
    unit cell, not more task text.
    """
    n = len(text)

    @lru_cache(maxsize=None)
    def parse(start: int, separated: bool) -> tuple | None:
        if start == n:
            return ()
        if text[start] in _SEPARATORS:
            return parse(start + 1, True) if start + 1 < n else None
        if text[start] in " \t":
            return parse(start + 1, False) if start + 1 < n else None
        if text[start] == "等" and start and (start + 1 == n or text[start + 1] in _SEPARATORS):
            return parse(start + 1, separated)  # 市卫生健康委等,各县(市、区)政府: 等 closes a list
        full = _STARTS_FULL_NAME.match(text, start) is not None or any(text.startswith(p, start) for p in places)
        unprefixed_ok = start > 0 and not separated
        listed_first = list_after_sentence and start == 0
        if not separated and not full and not unprefixed_ok and not listed_first:
            return None
        for end in range(start + 3, min(n, start + _MAX_TOKEN) + 1):
            token = text[start:end]
            if listed_first and not full and (end == n or text[end] not in "、,，"):
                continue  # an abbreviated first name only at the head of a list
            if (separated or full or listed_first) and _is_unit_token(token) or unprefixed_ok and _UNPREFIXED_BODY.fullmatch(token):
                rest = parse(end, False)
                if rest is not None:
                    return ((token, separated),) + rest
        return None

    result = parse(0, False)
    return list(result) if result else None


_UNITS_CELL_MAX = 40
# A bureau's own offices too (公卫家庭处, 医保处, 办公室(财务科)): the cell's header says it holds units.
_OFFICE_TOKEN = re.compile(rf"[\u4e00-\u9fff]{{1,14}}?(?:{_SUFFIX}|处|科|室|股)(?:[(（][^()（）]{{1,12}}[)）])?")


def units_after_last_sentence(text: str) -> tuple[int, list[str]] | None:
    """(start, names) of a cell of unit names, abbreviated or not and run together or listed, that follows the last
    finished sentence of ``text`` and ends it (「…紧密结合。公卫家庭处」, 「…龙头医院。医政医管处项目办」) — for a row
    whose header says its last cell holds units; None when anything but unit names follows the sentence."""
    end = max(text.rfind(c) for c in "。；;") + 1
    tail = text[end:].strip()
    if not end or not tail or len(tail) > _UNITS_CELL_MAX or _CELL_PUNCTUATION.search(tail.replace("、", "")):
        return None
    n = len(tail)

    @lru_cache(maxsize=None)
    def parse(start: int) -> tuple | None:
        if start == n:
            return ()
        if tail[start] in _SEPARATORS + " ":
            return parse(start + 1) if start + 1 < n else None
        for stop in range(start + 2, min(n, start + _MAX_TOKEN) + 1):
            if _OFFICE_TOKEN.fullmatch(tail[start:stop]):
                rest = parse(stop)
                if rest is not None:
                    return (tail[start:stop],) + rest
        return None

    names = parse(0)
    return (text.index(tail, end), list(names)) if names else None


def split_run_together_names(value: str, places: tuple[str, ...] = ()) -> str:
    """A unit cell whose names ran together (``市科技局市财政局``, a lost line break) as a 、-separated list.

    Only a cell without any separator is touched, and only when the general grammar reads it as two or
    more complete names from its first character to its last; anything else stays as written.
    """
    compact = value.strip()
    if not compact or any(c in compact for c in _SEPARATORS + " \t"):
        return value
    names = unit_run(compact, places)
    if not names or len(names) < 2:
        return value
    joined: list[str] = []
    for name, _ in names:
        if joined and _NATIONAL_SYSTEM.fullmatch(joined[-1]):
            joined[-1] += name  # 国家税务总局 + 绵阳市税务局: one name, the local office of a national system
        else:
            joined.append(name)
    return "、".join(joined)


# A national body whose local offices are named after it: 国家税务总局某市税务局, 中国人民银行某市中心支行,
# 国家金融监督管理总局某监管分局.
_NATIONAL_SYSTEM = re.compile(r"国家[\u4e00-\u9fff]{1,10}总局|中国人民银行")


# --- the document's own places ----------------------------------------------------------------------

# 某某市人民政府… / 某某省… / 某某县… at the start of a line at the head of the document: the proper name of
# the place that issues it (never 直辖市 of 各省、自治区、直辖市人民政府, which does not start its line).
_PLACE_AT_HEAD = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,3}?)(?:市|县|省|自治州|州|盟)(?=[\u4e00-\u9fff《“(\d])")
_NOT_A_PLACE = re.compile(r"[各全本我该市县区省州镇乡关于印发转发的和及丨丶丿]")
_HEAD_LINES = 15


def document_places(lines: list[str]) -> tuple[str, ...]:
    """Proper names of the document's own city, county or province (青岛, 滁州) from its first lines.

    Chinese plans name their units by level (市科技局), but some units carry the place's proper name
    instead (青岛蓝谷管理局, 滁州经开区管委会); a name that starts with the place that issues the plan is as
    much a full name as one starting with 市. Only the title or the issuing government at the head of the
    document count, never a place mentioned in the text.
    """
    places: list[str] = []
    head = [line.strip() for line in lines if line.strip()][:_HEAD_LINES]
    for line in head:
        if len(line) > 60 or "。" in line:
            continue  # a sentence of the preface, not a title or an issuer
        match = _PLACE_AT_HEAD.match(line)
        if match and not _NOT_A_PLACE.search(match.group(1)) and match.group(1) not in places:
            places.append(match.group(1))
    return tuple(places)


# --- flattened tables -----------------------------------------------------------------------------

# A header word may carry the plan's year: 2022年预期目标, 2024年度重点任务.
# 「牵头单位(部门)」: a short note in brackets after a header word belongs to it.
_HEADER_WORD = re.compile(
    r"(?:(?:19|20)\d{2}年度?)?(?:" + "|".join(sorted(HEADER_WORDS, key=len, reverse=True)) + r")(?:[(（][^()（）]{1,12}[)）])?"
)
_ROW_NUMBER = re.compile(r"^(\d{1,3})(?:[.、．]|\s+|(?=[\u4e00-\u9fff“(]))\s*")
_SENTENCE_END = "。；;！!？?)）”"


_HEADER_CELL_MAX = 20
_NOT_IN_HEADER = re.compile(r"[。,，;；:：!！?？]")


def _header_cells(line: str) -> list[str] | None:
    """A header line whose cells are separated (by |, tabs or spaces) as cells, names unknown or not.

    The general header grammar: three or more short cells without sentence punctuation, at least one of
    them a body column (序号 / …任务 / …措施) and one a field column (…单位 / …时限). A cell whose name is
    unknown (陕西省《工作要点》部署任务, 考核指标) is kept as a column; its role comes from ``column_role``.
    """
    stripped = line.strip().strip("|｜").strip()
    if not stripped or len(stripped) > 120:
        return None
    if "|" in stripped or "｜" in stripped:
        parts = re.split(r"[|｜]", stripped)
    elif "\t" in stripped:
        parts = stripped.split("\t")
    else:
        parts = _join_spaced_characters(stripped.split())
    cells = [re.sub(r"\s+", "", c) for c in parts]
    cells = [c for c in cells if c]
    # 「责任单位 (列第一位为牵头单位)」: a bracketed note after a header word belongs to that word's column.
    for index in range(len(cells) - 1, 0, -1):
        if re.fullmatch(r"[(（][^()（）]*[)）]", cells[index]):
            cells[index - 1] += cells.pop(index)
    if len(cells) < 3 or any(header_width(c) > _HEADER_CELL_MAX or _NOT_IN_HEADER.search(_without_note(c)) for c in cells):
        return None
    if re.fullmatch(r"\d{1,3}", cells[0]):
        return None  # 「| 3 | 4月 | 清明节期间安全生产工作 | 各处室按职责落实 |」: a numbered row, whatever its cells read as
    roles = _header_roles(cells)
    if not roles or sum(r is not None for r in roles) < _known_columns_needed(cells, separated="|" in stripped or "｜" in stripped):
        return None
    return cells


def _known_columns_needed(cells: list[str], *, separated: bool) -> int:
    """How many of a header line's cells must name a known column. Cells between bars are cells for certain, so half
    of them known is enough there (a 抽查计划's 检查主体 / 抽查比例 / 抽查频次 / 抽查数量 beside 序号, 检查内容 and 计划开展时间);
    cells cut at spaces or tabs might be words of a sentence, and all but two must be known."""
    return max(3, (len(cells) + 1) // 2) if separated else max(3, len(cells) - 2)


def _join_spaced_characters(words: list[str]) -> list[str]:
    """Header words typeset with a space between their characters (「工 作 任 务」, as centred headers are) joined back:
    a run of two or more single Chinese characters is one header cell."""
    joined: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and "\u4e00" <= word <= "\u9fff":
            run.append(word)
            continue
        if run:
            joined.extend(["".join(run)] if len(run) > 1 else run)
            run = []
        if word:
            joined.append(word)
    return joined


def flat_table_header(line: str) -> list[str] | None:
    """The column headers of a flattened table's header line (序号 重点任务 牵头单位 责任单位 完成时限), or None."""
    compact = re.sub(r"[\s|｜/]+", "", line)
    if not compact or len(compact) > 60:
        return _header_cells(line)
    if re.search(r"[|｜\t]", line.strip()):
        # Cells between bars or tabs are the table's own: 「重 点 工 作 任 务 |」 is one cell, though it reads as two
        # header words (重点工作, 任务).
        cells = _header_cells(line)
        if cells:
            return cells
    words = [m.group(0) for m in _HEADER_WORD.finditer(compact)]
    if "".join(words) != compact and not re.search(r"[\s|｜/]", line.strip()):
        words = _header_words_with_qualifiers(compact) or []  # a header run together, without cell separators
    if "".join(words) != compact or len(words) < 3 or not _header_roles(words):
        return _header_cells(line)
    return words


_GLUED_HEADER_SPAN = 40


# 「工 作 任 务」, 「工　作　要　求」: a header cell spaced out character by character to the column's width
_SPACED_OUT_CELL = re.compile(r"(?<![\u4e00-\u9fff])(?:[\u4e00-\u9fff] ){1,7}[\u4e00-\u9fff](?![\u4e00-\u9fff])")
_SPACED_HEADER_CELL_MAX = 14


def spaced_header_ending(text: str) -> list[str | None] | None:
    """The column roles of a table header whose cells, kept apart by spaces, end ``text`` (「…任务分解表 工 作 任 务
    党工委管委会牵头部门 本局责任处（单位） 工　作　要　求」): a task column first, unit columns after it, perhaps a
    text column (the requirements) last; else None."""
    spaced = _SPACED_OUT_CELL.sub(lambda m: m.group(0).replace(" ", ""), re.sub(r"[ \u3000]+", " ", text).strip())
    cells = spaced.split(" ")
    for width in range(min(6, len(cells)), 2, -1):
        header = cells[-width:]
        if any(len(cell) > _SPACED_HEADER_CELL_MAX for cell in header):
            continue
        roles = [column_role(cell) for cell in header]
        if roles[0] == TEXT and LEAD in roles and all(role in (TEXT, LEAD, RESPONSIBLE, DEADLINE) for role in roles):
            return roles
    return None


_SPACED_UNITS_CELL_MAX = 60


def _spaced_units_cell(token: str) -> list[tuple[str | None, str]] | None:
    """A cell of unit names, with their roles where it states them (「综合处牵头，各处、单位配合落实」 →
    [(牵头单位, 综合处), (责任单位, 各处、单位)]) or without (「区办公室、区经济发展局」 → [(None, …)]); else None."""
    token = token.strip("。；;，, ")
    if not token or len(token) > _SPACED_UNITS_CELL_MAX or re.search(r"[。:：]", token):
        return None
    fields = role_fields(token)
    if fields:
        return [(label, units) for label, units in fields]
    mentions = split_mentions(token)
    if mentions and all(is_unit_like(m) or is_collective(m) for m in mentions):
        return [(None, token)]
    return None


_UNIT_FIELD_LABEL = {LEAD: "牵头单位", RESPONSIBLE: "责任单位"}


def header_one_cell_per_line_ending(lines: list[str]) -> list[str | None] | None:
    """The column roles of a header copied one cell per line that ends ``lines`` (类别 ⏎ 项目 ⏎ 主要任务 ⏎ 牵头单位 ⏎
    配合单位), when its last columns are a lead column and perhaps an answering one after a text column; else None."""
    words = [line.strip() for line in lines if line.strip()][-6:]
    for width in range(len(words), 2, -1):
        header = words[-width:]
        if any(header_width(word) > 12 for word in header):
            continue
        roles = [column_role(word) or ("category" if _CATEGORY_HEADER.fullmatch(word) else None) for word in header]
        if None in roles:
            continue
        units = [role for role in roles if role in (LEAD, RESPONSIBLE)]
        if TEXT in roles and units and units[0] == LEAD and roles[-len(units) :] == units:
            return roles
    return None


def unit_cells_as_fields(body: list[str], roles: list[str | None]) -> list[str] | None:
    """The body lines of an item under such a header (header_one_cell_per_line_ending) with each run of unit cells
    after a task's text as field lines, in the order of the unit columns (牵头单位:…, 责任单位:…); None where none is."""
    unit_roles = [role for role in roles if role in (LEAD, RESPONSIBLE)]
    result: list[str] = []
    place = None  # the unit column the next unit cell fills, after a text cell
    changed = False
    for line in body:
        cell = line.strip()
        units = _spaced_units_cell(cell) if cell else None
        if units is not None and len(units) == 1 and units[0][0] is None and place is not None and place < len(unit_roles):
            result.append(f"{_UNIT_FIELD_LABEL[unit_roles[place]]}:{cell}")
            place += 1
            changed = True
            continue
        if cell:
            place = 0
        result.append(line)
    return result if changed else None


def spaced_row_fields(row: str, roles: list[str | None]) -> tuple[str, list[tuple[str, str]], str] | None:
    """(task, fields, the rest) of a row of a table copied with single spaces between its cells, under a header of
    those roles (spaced_header_ending): 「全面公开…责任清单 区行政审批局 综合处牵头，各处、单位配合落实 通过门户网站集中展示。」.
    The unit cells are the run of cells after the task that name units only; an empty cell is not copied, so a cell
    without role words goes to the unit columns in order — where there are more such cells than columns, the first ones
    share the first column (a lead column of two names kept apart by a space). None where the row has no unit cell."""
    tokens = row.split(" ")
    start = next((i for i in range(1, len(tokens)) if _spaced_units_cell(tokens[i]) is not None), None)
    if start is None:
        return None
    end = start
    while end < len(tokens) and _spaced_units_cell(tokens[end]) is not None:
        end += 1
    cells = [_spaced_units_cell(token) for token in tokens[start:end]]
    unit_roles = [role for role in roles if role in (LEAD, RESPONSIBLE)]
    # (a lone collective, 「各有关处室」, answers for the work rather than leads it: the last unit column's)
    if len(cells) == 1 and cells[0][0][0] is None and all(is_collective(m) for m in split_mentions(cells[0][0][1])):
        return " ".join(tokens[:start]), [(_UNIT_FIELD_LABEL[unit_roles[-1]], cells[0][0][1])], " ".join(tokens[end:])
    plain = [index for index, cell in enumerate(cells) if cell[0][0] is None]
    shared_first = max(0, len(plain) - len(unit_roles))
    fields: list[tuple[str, str]] = []
    for index, cell in enumerate(cells):
        if cell[0][0] is not None:
            fields += cell
            continue
        place = max(0, plain.index(index) - shared_first)
        fields.append((_UNIT_FIELD_LABEL[unit_roles[min(place, len(unit_roles) - 1)]], cell[0][1]))
    return " ".join(tokens[:start]), fields, " ".join(tokens[end:])


# A header's lead and answering columns among the last words before a table's first row (「…分解表 工作任务牵头单位责任单位
# 工 作 要 求」, 「…工作任务工作要求牵头单位配合/责任单位」).
_LEAD_AND_ANSWERING_HEADER = re.compile(
    r"牵头(?:单位|部门|处室|科室)[^。，,；;]{0,16}?(?:责任|配合|协办)[/／、]?(?:责任)?(?:单位|部门|处室|科室)[^。，,；;]{0,12}$"
)
_LEVEL_START = "区市县省镇乡"
_RECURRING_CELL_MIN = 6


def names_lead_and_answering_columns(text: str) -> bool:
    """Whether ``text`` ends with a table header that has a lead column and an answering column."""
    return bool(_LEAD_AND_ANSWERING_HEADER.search(re.sub(r"\s+", "", text)[-60:]))


def recurring_units_cell(rows: list[str]) -> str | None:
    """The answering cell a glued table repeats row after row (「区直有关单位，各乡镇人民政府」): the longest run of unit
    names that two rows share and that most rows hold, or None."""
    from difflib import SequenceMatcher

    counts: Counter = Counter()
    for first, second in zip(rows, rows[1:]):
        match = SequenceMatcher(None, first, second, autojunk=False).find_longest_match(0, len(first), 0, len(second))
        shared = first[match.a : match.a + match.size].strip(" ，,。；;")
        if len(shared) >= _RECURRING_CELL_MIN:
            counts[shared] += 1
    for shared, _ in counts.most_common(3):
        names = split_mentions(shared)
        holding = sum(shared in row for row in rows)
        if names and all(is_unit_like(n) or is_collective(n) for n in names) and holding >= 3 and holding * 5 >= len(rows) * 2:
            return shared
    return None


def lead_cell_before(text: str) -> tuple[int, list[str]] | None:
    """(where it starts, names) of the lead cell that ends ``text``, a task's words run on to it: after the task's last
    sentence (「…建设环境。区经济发展局区行政审批局」) or, where the task is a phrase, the names from the last one that
    opens with its level (「…政府信息公开区经发局、重点办」 → 区经发局, 重点办)."""
    if "。" in text:
        return units_after_last_sentence(text)
    pieces = text.split("、")
    names: list[str] = []
    start = len(text)
    for index in range(len(pieces) - 1, -1, -1):
        piece = pieces[index]
        start -= len(piece) + (1 if index < len(pieces) - 1 else 0)
        if len(piece) <= 12 and is_unit_like(piece) and not any(c in piece[1:] for c in _LEVEL_START) and index > 0:
            names.insert(0, piece)
            continue
        for offset in range(len(piece) - 2, -1, -1):
            if piece[offset] in _LEVEL_START and is_unit_like(piece[offset:]) and len(piece) - offset <= 16:
                while offset > 0 and piece[offset - 1] in _LEVEL_START:
                    offset -= 1  # 「…监管区市场监管局」: 区 before 市场监管局 is the name's level
                names.insert(0, piece[offset:])
                return start + offset, names
        return None
    return None


def header_ending(text: str) -> list[str | None] | None:
    """The column roles of a table header of three or more cells that ends ``text`` run together with what came
    before it (「…任务及分工表 重点任务主要内容主要责任处室」), else None."""
    tail = re.sub(r"\s+", "", text)[-_GLUED_HEADER_SPAN:]
    for start in range(max(0, len(tail) - 6)):
        words = flat_table_header(tail[start:])
        roles = _header_roles(words) if words and len(words) >= 3 else None
        if roles:
            return roles
    return None


_QUALIFIER_MAX = 14


def _header_words_with_qualifiers(compact: str) -> list[str] | None:
    """A header run together whose cells qualify a header word with words of their own — 「序号陕西省《工作要点》部署任务
    西安市落实措施牵头单位责任单位完成时限备注」: each stretch the known words leave is the start of the cell of the
    word that follows it (陕西省《工作要点》部署任务, 西安市落实措施). The line must open with a known word, end with
    one, and hold no sentence punctuation."""
    if _NOT_IN_HEADER.search(compact):
        return None
    words: list[str] = []
    position = 0
    for match in _HEADER_WORD.finditer(compact):
        qualifier = compact[position : match.start()]
        if len(qualifier) > _QUALIFIER_MAX or (qualifier and not words):
            return None
        words.append(qualifier + match.group(0))
        position = match.end()
    return words if words and position == len(compact) else None


def _trailing_deadline(text: str) -> int:
    """Where a deadline cell at the end of ``text`` starts (len(text) when there is none)."""
    for start in range(max(0, len(text) - 20), len(text)):
        tail = text[start:]
        if start and text[start - 1].isdigit() or text[start] in "。.，,；; ":
            continue
        if is_deadline_phrase(tail) or tail in ONGOING_PHRASES + SCHEDULED_PHRASES or _is_dated_cell(tail):
            return start
    return len(text)


_LEADING_TIME_MAX = 12


def _leading_deadline(text: str) -> int:
    """Where a deadline cell at the start of ``text`` ends (0 when there is none): 序号 / 时间 / 重点内容 / 落实单位 run
    together (「全年深入学习…」, 「3月开展…」). The longest time phrase before the task's first word."""
    for end in range(min(len(text) - 1, _LEADING_TIME_MAX), 1, -1):
        head = text[:end]
        if text[end] in "0123456789-—至到、" or not re.match(r"[\u4e00-\u9fff“《]", text[end]):
            continue  # (「1-3月」 read whole, not 「1-3」)
        if (is_deadline_phrase(head) or _MONTHS_SPAN_CELL.fullmatch(head)) and _TIME_WORD_IN_CELL.search(head):
            return end
    return 0


_MONTHS_SPAN_CELL = re.compile(r"(?:(?:19|20)\d{2}\s*年)?(?:1[0-2]|0?[1-9])\s*月?\s*[-—～~至到]\s*(?:1[0-2]|0?[1-9])\s*月份?")


_TIME_WORD_IN_CELL = re.compile(r"[年月季旬]|底|末|全年|年内|长期|常态")


def _split_unit_cells(names: list[tuple[str, bool]], columns: int) -> list[str]:
    """Unit names into ``columns`` cells: a name run together with the previous one starts a new cell."""
    groups: list[list[str]] = []
    for name, separated in names:
        if groups and separated:
            groups[-1].append(name)
        else:
            groups.append([name])
    if columns > 1 and len(groups) > columns and len(groups[-1]) > 1 and all(len(g) == 1 for g in groups[:-1]):
        # 「市行政审批局市司法局市级相关单位,各区县政府、西咸新区管委会」: the list written with separators is the last
        # cell whole; the names run together before it (one per line in their cell) share the first cells, the
        # extra ones going to the first (a 牵头单位 cell of two names).
        extra = len(groups) - columns + 1
        groups = [[name for g in groups[:extra] for name in g]] + groups[extra:]
    cells = ["、".join(g) for g in groups[: columns - 1]] + ["、".join(n for g in groups[columns - 1 :] for n in g)]
    return (cells + [""] * columns)[:columns]


_TRAILING_LEAD_NOTE = re.compile(r"[(（][^()（）]*(?:" + FIRST_IS_LEAD.pattern + r")[^()（）]*[)）]$")
# 「…经营主体。省农业厅牵头」, 「…融合发展。省发改委、省文化厅等负责」: a unit cell that ends in its role word; the word
# stays with the cell (the field reader reads 「X牵头」 as the lead), the names before it are cut as usual.
_TRAILING_ROLE_WORD = re.compile(r"(?<=[局委厅办府院部会室心司团处所站队行社署馆])(?:等)?(?:牵头负责|牵头|负责)$")


def _space_separated_unit_cells(
    rest: str, sentence_starts: list[int], columns: int, places: tuple[str, ...] = ()
) -> tuple[int, list[str]] | None:
    """(start, cells) when the row's unit cells follow its last sentence one per space-separated word.

    A table copied with one space between cells (…量水而行。 市水利局 市发展改革委、…等 各县(市、区)党委和人民政府,
    城乡一体化示范区…): after the task's last sentence, exactly as many words as the row has unit columns, each
    starting like a full unit name and the first read wholly as units, are those columns' cells — a long cell
    the name grammar does not read to its end (示范区, 党委和人民政府) stays whole instead of being cut short.
    """
    # The last sentence end followed by a space (a bracket inside a unit name, 各县(市、区), is not one).
    start = next((s for s in reversed(sentence_starts) if rest[s - 1] in "。；;" and rest[s : s + 1].isspace()), None)
    if columns < 2 or start is None:
        return None
    words = rest[start:].split()
    if len(words) != columns or unit_run(words[0], places) is None:
        return None
    if not all(_STARTS_FULL_NAME.match(w) or any(w.startswith(p) for p in places) or unit_run(w, places) for w in words):
        return None
    return start, words


def _unit_run_cells(rest: str, sentence_starts: list[int], columns: int, places: tuple[str, ...] = ()) -> tuple[int, list[str]] | None:
    """(start, cells) of the run of unit names that ends the row, found by the name grammar: tried from each sentence
    end, then from each of the last 80 characters (a list after a sentence is read more freely)."""
    for start in sentence_starts + list(range(max(4, len(rest) - 80), len(rest))):
        if rest[start] in _SEPARATORS:
            continue  # a run never starts inside a list (「、经信局」 would leave 发改局 in the text)
        names = unit_run(rest[start:].strip(), places)
        if not names and start in sentence_starts:
            names = unit_run(rest[start:].strip(), places, list_after_sentence=True)
        if names:
            return start, _split_unit_cells(names, columns)
    return None


# A unit cell that says who leads and who helps (「区住建局牵头,区交通局配合」, 「局安监处牵头,各业务处室配合」): the
# units before the first role word are where the cell starts.
_ROLE_WORD = re.compile(r"牵头|主办|负责")
# A bureau's own office, named after 局 (局安监处, 局办公室): a name of its own only where a cell starts with it.
_BUREAUS_OFFICE = re.compile(r"局[\u4e00-\u9fff]{1,8}?(?:处|科|室|股|队|所|中心)")


def _roles_cell(rest: str, sentence_starts: list[int], places: tuple[str, ...] = ()) -> tuple[int, list[str]] | None:
    """(start, [cell]) of a unit cell of roles ending a row run together (「…整治行动区住建局牵头,区交通局配合」): the
    cell starts after the task's last sentence, or — the task run on into it — where the longest run of unit names
    before its first role word starts; None unless what follows reads as roles."""
    last = max((s for s in sentence_starts), default=0)
    role = _ROLE_WORD.search(rest, last)
    if role is None:
        return None
    starts = ([last] if last else []) + list(range(max(last, role.start() - _UNITS_CELL_MAX), role.start() - 2))
    for start in starts:
        names = rest[start : role.start()].strip()
        if rest[start] in _SEPARATORS or not names:
            continue
        if unit_run(names, places, list_after_sentence=start == last and last > 0) or _BUREAUS_OFFICE.fullmatch(names):
            cell = rest[start:].strip()
            return (start, [cell]) if start and role_fields(cell) else None
    return None


def _trailing_unit_words(rest: str, columns: int) -> tuple[int, list[str]] | None:
    """(start, cells) when the row ends in as many space-separated words as it has unit columns, each a unit name
    without an administrative prefix (a ministry's 发展改革委, 财政部): a table copied with one space between cells
    whose task cell does not end in a full stop (「1 居民消费价格涨幅3%左右 发展改革委」)."""
    words = rest.split()
    if len(words) <= columns:
        return None
    tail = words[-columns:]
    if not all(len(w) <= _MAX_TOKEN and not _CELL_PUNCTUATION.search(w) and is_unit_like(w) for w in tail):
        return None
    start = len(rest)
    for word in reversed(tail):
        start = rest.rindex(word, 0, start)
    return start, tail


def _unnamed_task_column(roles: list[str | None]) -> list[int]:
    """[the task column] of a header that names no task column (序号 / 民生实事 / 责任单位 / 完成时限): its first column
    of an unknown name before the field columns holds the task, as a real table's unknown column is read with the
    task text; [] when there is none."""
    fields = [i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE, DEADLINE, DIVISION, PERSON)]
    unnamed = next((i for i, r in enumerate(roles) if r is None), None)
    return [unnamed] if unnamed is not None and fields and unnamed < min(fields) else []


def _division_cell(rest: str, roles: list[str | None]) -> tuple[int, int] | None:
    """(start, column) of a 责任分工 cell ending a row run together (…增长13%左右。省财政厅主办,省国税局、地税局协办): the
    text after the row's last finished sentence, when it reads as roles (A主办,B协办 / A负责)."""
    from .fields import role_fields

    column = next((i for i, r in enumerate(roles) if r == DIVISION), None)
    if column is None or column != max(i for i, r in enumerate(roles) if r is not None and r != NOTE):
        return None
    ends = [i + 1 for i, c in enumerate(rest) if c in "。；;"]
    start = next((e for e in reversed(ends) if e < len(rest)), None)
    if start is None or not role_fields(rest[start:].strip()):
        return None
    return start, column


_NOTE_CELL_MAX = 20


def _note_after_units(roles: list[str | None], unit_columns: list[int]) -> int | None:
    """The 备注 column when it is the last column and follows the unit columns (… 牵头单位 备注), else None."""
    notes = [i for i, r in enumerate(roles) if r == NOTE]
    return notes[-1] if notes and unit_columns and notes[-1] == len(roles) - 1 and notes[-1] > max(unit_columns) else None


def _units_before_note(
    rest: str, sentence_starts: list[int], columns: int, places: tuple[str, ...] = ()
) -> tuple[int, list[str], int] | None:
    """(start, unit cells, end) of the run of unit names that ends where a short 备注 cell begins: a row run together
    whose last cell is a note (…98%县卫健局县民生实事). The longest run wins; the note keeps the rest."""
    for end in range(len(rest) - 1, max(0, len(rest) - _NOTE_CELL_MAX) - 1, -1):
        found = _unit_run_cells(rest[:end], [s for s in sentence_starts if s < end], columns, places)
        if found is not None:
            return found[0], found[1], end
    return None


def split_flat_row(body: str, roles: list[str | None], places: tuple[str, ...] = ()) -> dict[int, str] | None:
    """The cells after the number of a row whose cells run together, by column index; None if it does not parse."""
    columns = [i for i, r in enumerate(roles) if r not in (NUMBER, NOTE, None)]
    text_columns = [i for i in columns if roles[i] == TEXT] or _unnamed_task_column(roles)
    columns = sorted(set(columns) | set(text_columns))
    unit_columns = [i for i in columns if roles[i] in (LEAD, RESPONSIBLE)]
    deadline_columns = [i for i in columns if roles[i] == DEADLINE]
    if not text_columns:
        return None
    cells: dict[int, str] = {}
    rest = body.rstrip()
    leading_deadline = [i for i in deadline_columns if i < text_columns[0]]
    if leading_deadline:
        cut = _leading_deadline(rest)
        if cut:
            cells[leading_deadline[0]] = rest[:cut]
            rest = rest[cut:].lstrip()
        deadline_columns = [i for i in deadline_columns if i not in leading_deadline]
    rest = _cut_leader_title(rest, roles, unit_columns, text_columns, cells)
    leading = [i for i in unit_columns if i < text_columns[0]]
    if leading:
        rest = _leading_unit_cells(rest, leading, cells, places)
        unit_columns = [i for i in unit_columns if i not in leading]
    if deadline_columns and unit_columns and max(deadline_columns) > max(unit_columns):
        cut = _trailing_deadline(rest)
        cells[deadline_columns[0]] = rest[cut:].strip()
        rest = rest[:cut].rstrip(" ,，;；")
    if unit_columns:
        # 「财政局、发改局…工商联(列第一位者为牵头或汇总单位,下同)」: the unit cell may end in the document's note on who
        # leads; it stays with the cell (the field reader applies it), the names before it are cut as usual.
        note = _TRAILING_LEAD_NOTE.search(rest) or _TRAILING_ROLE_WORD.search(rest)
        note_text = note.group(0) if note else ""
        if note:
            rest = rest[: note.start()].rstrip()
        ends = [i + 1 for i, c in enumerate(rest) if c in _SENTENCE_END]
        sentence_starts = [s for s in ends if s < len(rest)]
        # The unit cells, tried in turn: one per space-separated word after the last sentence, a run of unit names
        # found by the name grammar, or short unit names ending the row one per space-separated word.
        found = (_space_separated_unit_cells(rest, sentence_starts, len(unit_columns), places)
                 or _unit_run_cells(rest, sentence_starts, len(unit_columns), places)
                 or _trailing_unit_words(rest, len(unit_columns))
                 or (_roles_cell(rest, sentence_starts, places) if len(unit_columns) == 1 and not note else None))
        note_column = _note_after_units(roles, unit_columns)
        if found is None and note_column is not None and not note:
            before_note = _units_before_note(rest, sentence_starts, len(unit_columns), places)
            if before_note is not None:
                found, end = before_note[:2], before_note[2]
                cells[note_column] = rest[end:].strip()
        if found is not None:
            start, unit_cells = found
            if note_text:
                unit_cells[0] += note_text
            for column, cell in zip(unit_columns, unit_cells):
                cells[column] = cell
            rest = rest[:start].rstrip()
        elif note:
            rest = rest + note_text
    division = _division_cell(rest, roles) if not unit_columns else None
    if division is not None:
        start, column = division
        cells[column] = rest[start:].strip()
        rest = rest[:start].rstrip()
    person_columns = [i for i in columns if roles[i] == PERSON]
    if person_columns and unit_columns and text_columns[0] < person_columns[0] < min(unit_columns):
        # 序号 / 任务 / 牵头领导 / 牵头单位: the leaders' names (two to four characters each) stand between the text and
        # the units, set off by a space.
        leader = re.search(r"\s((?:[\u4e00-\u9fff]{2,4}[、,，]?)+)\s*$", rest)
        if leader and not re.search(r"[。；;]$", leader.group(1)):
            cells[person_columns[0]] = leader.group(1)
            rest = rest[: leader.start()].rstrip()
    if deadline_columns and deadline_columns[0] not in cells and (not unit_columns or deadline_columns[0] < min(unit_columns)):
        # 序号 / 任务 / 完成时限 / 牵头单位: the deadline cell sits between the text and the units.
        cut = _trailing_deadline(rest)
        if cut < len(rest):
            cells[deadline_columns[0]] = rest[cut:].strip()
            rest = rest[:cut].rstrip(" ,，;；")
    cells[text_columns[0]] = rest
    return cells


# A leader named by the title alone (副县长, 常务副市长, 副秘书长), as a 分管领导 cell between the task and the units.
_LEADER_TITLE = re.compile(r"(?:(?:常务)?副?(?:省|市|县|区|州|盟|旗|镇|乡)长|副?秘书长)(?:[、,，](?:(?:常务)?副?(?:省|市|县|区|州|盟|旗|镇|乡)长|副?秘书长))*")


def _cut_leader_title(rest: str, roles: list[str | None], unit_columns: list[int], text_columns: list[int], cells: dict[int, str]) -> str:
    """序号 / 任务 / 分管领导 / 牵头单位 run together (「…全面推行。副县长县行政审批局…」): the title after the task's last
    sentence, right before a unit name, is the leader's cell — cut out, so that the units are found after the sentence."""
    persons = [i for i, r in enumerate(roles) if r == PERSON]
    if not persons or not unit_columns or not text_columns or not text_columns[0] < persons[0] < min(unit_columns):
        return rest
    end = max(rest.rfind(c) for c in "。;；") + 1
    title = _LEADER_TITLE.match(rest, end) if end else None
    if title is None or _STARTS_FULL_NAME.match(rest, title.end()) is None:
        return rest
    cells[persons[0]] = title.group(0)
    return rest[: title.start()] + rest[title.end() :]


def _leading_unit_cells(rest: str, columns: list[int], cells: dict[int, str], places: tuple[str, ...]) -> str:
    """序号 / 牵头单位 / 责任单位 / 任务: the unit cells open the row, one space-separated word each (a word that names
    no unit leaves the cell empty). ``cells`` gets them; the rest of the row is returned."""
    words = rest.split(None, len(columns))
    taken = 0
    for column, word in zip(columns, words[:-1]):
        if not _is_unit_cell(word, places) or _CELL_PUNCTUATION.search(word.rstrip("。")):
            break
        cells[column] = word
        taken += 1
    if taken:
        return rest.split(None, taken)[taken]
    return _leading_unit_run(rest, columns, cells, places)


_LEADING_RUN_MAX = 80


def _leading_unit_run(rest: str, columns: list[int], cells: dict[int, str], places: tuple[str, ...]) -> str:
    """The unit cells run into the task (「1市发改委市统计局地区生产总值增长7%左右。」): the longest head of the row that
    reads as unit names only, cut into the unit columns as names run together are."""
    for end in range(min(len(rest) - 1, _LEADING_RUN_MAX), 2, -1):
        if rest[end - 1] in _SEPARATORS:
            continue
        names = unit_run(rest[:end], places, list_after_sentence=True)
        if names is not None:
            for column, cell in zip(columns, _split_unit_cells(names, len(columns))):
                if cell:
                    cells[column] = cell
            return rest[end:].lstrip()
    return rest


_SUB_HEADER_LINE_WORDS = 3


def _flat_sub_header(header: list[str], line: str) -> list[str] | None:
    """A flattened two-row header: 「序号 重点任务 责任单位 完成时限」 then 「牵头 配合」 — the second line splits the header's
    one units cell (merged over its halves in the table). Each half is named as in a real table's sub-header:
    责任单位牵头 / 责任单位配合."""
    words = line.split()
    if not 2 <= len(words) <= _SUB_HEADER_LINE_WORDS or not all(
        len(w) <= 8 and (w in _SUB_HEADER_WORDS or column_role(w) in (LEAD, RESPONSIBLE)) for w in words
    ):
        return None
    parents = [i for i, cell in enumerate(header) if column_role(cell) in (LEAD, RESPONSIBLE)]
    if len(parents) > 1:  # 责任单位 beside 数据提供单位: the plain one is the cell split in two
        parents = [i for i in parents if header[i] in ("责任单位", "责任部门")]
    if len(parents) != 1:
        return None
    at = parents[0]
    return header[:at] + [f"{header[at]}{w}" if w not in header[at] else w for w in words] + header[at + 1 :]


def _bar_sub_header(header_line: str, line: str) -> list[str] | None:
    """A two-row header copied with its bars: 「序号 | 任务 | 牵头单位 | | 配合单位」 then 「 | | 单位 | 责任人 | 」 — the
    second row names the parts of a merged cell above it, bar by bar; each column is named by the cell above (or the
    merged cell it lies under) followed by its own: 牵头单位单位 / 牵头单位责任人."""
    if not re.search(r"[|｜]", header_line) or not re.search(r"[|｜]", line):
        return None
    above = [re.sub(r"\s+", "", cell) for cell in re.split(r"[|｜]", header_line.strip())]
    below = [re.sub(r"\s+", "", cell) for cell in re.split(r"[|｜]", line.rstrip())]
    while len(below) > len(above) and not below[-1]:
        below.pop()
    while len(above) > len(below) and not above[-1]:
        above.pop()
    words = [word for word in below if word]
    if len(below) != len(above) or not 2 <= len(words) <= _SUB_HEADER_LINE_WORDS or "" not in above:
        return None
    if not all(len(w) <= 8 and (w in _SUB_HEADER_WORDS or column_role(w) in (LEAD, RESPONSIBLE, PERSON)) for w in words):
        return None
    combined, parent = [], ""
    for cell, part in zip(above, below):
        parent = cell or parent
        combined.append(f"{parent}{part}" if part and part not in parent else cell or part)
    return combined


_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_UNKNOWN_HEADER_MAX = 8


def _cell_line(line: str) -> str:
    """A line of a table copied one cell per line, without the cell's closing bar (``叶林 |``) and spaces."""
    return re.sub(r"\s+", "", line.strip().rstrip("|｜"))


def _wrapped_header_word(fragment: str, lines: list[str], start: int) -> tuple[str, int] | None:
    """(word, index of its last line) when ``fragment`` names no column but joined with the next non-empty line
    it does (责任 + 领导 → 责任领导, 责任 + 科室, 完成 + 时限): a header cell copied with its line break."""
    # Only a short first half (责任, 完成, 抽取, 检查对): a longer unknown word is a column of its own (考核办法).
    # (牵头 + 单位: a role word alone may head a column, but a copy broke the line inside 牵头单位 far more often)
    names_a_column = column_role(fragment) is not None and not _BARE_ROLE_HEADER.fullmatch(fragment)
    # (牵头市级 + 领导: a first half of four that opens with a role word is cut from a longer header too)
    role_opened = len(fragment) == 4 and re.match(r"牵头|责任|配合|协办|主办|完成", fragment) is not None
    if _HEADER_WORD.fullmatch(fragment) is not None or names_a_column or (len(fragment) > 3 and not role_opened):
        return None
    following = start
    while following < len(lines) and not _cell_line(lines[following]):
        following += 1
    if following >= len(lines):
        return None
    rest = _cell_line(lines[following])
    if not rest or len(fragment) + len(rest) > 8 or _BARE_NUMBER.match(rest):
        return None
    if len(rest) > 2 and _HEADER_WORD.fullmatch(rest) is not None:
        return None  # the next line is a whole header word (牵头单位), not the second half of this one
    word = fragment + rest
    known = _HEADER_WORD.fullmatch(word) is not None or column_role(word) is not None
    # 抽取 / 类型: neither half names a column; the two short halves are one header cell.
    halves_unknown = len(rest) <= 3 and _HEADER_WORD.fullmatch(rest) is None and column_role(rest) is None
    if not known and not halves_unknown:
        return None
    return word, following


_TASK_LIST_LOOKAHEAD = 40


def _rows_numbered_from_one(lines: list[str], start: int) -> bool:
    """The first two row numbers after ``start`` are 1 and 2 (1投资…, 1 投资…, 1|投资…, or 1 alone on its line);
    section rows (一、…) may come between."""
    numbers: list[int] = []
    for line in lines[start : start + _TASK_LIST_LOOKAHEAD]:
        stripped = line.strip()
        number = _ROW_NUMBER.match(stripped) or re.match(r"(\d{1,3})(?:\s*[|｜]|$)", stripped)
        if number:
            numbers.append(int(number.group(1)))
            if len(numbers) == 2:
                break
    return numbers == [1, 2]


def _task_list_header(lines: list[str], index: int) -> list[str] | None:
    """The header of a flattened task list (序号 工作任务: a number and a task column, no field column), when rows
    numbered 1 and 2 follow it — two header words alone are too weak a sign of a table (see ``_task_list_roles``),
    a header followed by its numbered rows is not. Its fields, if any, are written in the task text or in the
    section rows (一、县示范区管委会牵头工作)."""
    line = lines[index].strip().strip("|｜")
    if not line or len(line) > 30:
        return None
    words = [re.sub(r"\s+", "", w) for w in re.split(r"[|｜\t]|\s+", line) if w.strip()]
    if len(words) != 2 or _task_list_roles(words) is None:
        return None
    return words if _rows_numbered_from_one(lines, index + 1) else None


def _header_one_cell_per_line(lines: list[str], index: int) -> tuple[list[str], int] | None:
    """(headers, lines used) when the header of a copied table has one cell per line (序号 / 任务 / 牵头单位 …).

    A short header word the parser does not know (考核办法, 牵头处室 …) is kept as a column of its own — its
    cells are read with the task text — when the header ends where the first row begins (a bare row number
    follows it) and the known columns are at least three and outnumber the unknown ones. Otherwise, as
    before, the first unknown word ends the header.
    """
    from .structure import detect_marker

    words: list[str] = []
    ends: list[int] = []  # the line index after each word
    unknown_at: list[int] = []
    end = index
    while end < len(lines) and len(words) < 20:
        compact = _cell_line(lines[end])
        if not compact:
            end += 1
            continue
        if words and (detect_marker(compact) is not None or _BARE_NUMBER.match(compact) or _section_number_cell(lines, end)):
            break  # a section row (一、主要目标; 一 ⏎ 主要目标) or the first row's number right after the header
        if words and re.fullmatch(r"[(（][^()（）]{1,8}[)）]", compact):
            # 「配合科室」 ⏎ 「(社区)」: the bracketed note of a header cell, wrapped onto a line of its own
            words[-1] += compact
            end += 1
            ends[-1] = end
            continue
        if header_width(compact) > 12 or _NOT_IN_HEADER.search(_without_note(compact)) or _COUNTED_GROUP.fullmatch(compact):
            break
        joined = _wrapped_header_word(compact, lines, end + 1)
        if joined is not None:  # 责任 / 领导: a header word wrapped over two cells' lines in the copy
            compact, end = joined
        if _HEADER_WORD.fullmatch(compact) is None and column_role(compact) is None:
            if _CATEGORY_HEADER.fullmatch(compact):
                words.append(compact)  # 类别 / 阶段: a column of section headings, read as the table's sections
                end += 1
                ends.append(end)
                continue
            if not words or header_width(compact) > _UNKNOWN_HEADER_MAX:
                break
            unknown_at.append(len(words))
        words.append(compact)
        end += 1
        ends.append(end)
    if unknown_at:
        following = next((_cell_line(line) for line in lines[end:] if _cell_line(line)), "")
        known = len(words) - len(unknown_at)
        # A wide register (双随机抽查计划: 抽取类型 / 抽查比例 / 组织层级 …) may have more unknown columns than
        # known ones; it is still a task table when it names a lead or a deadline column.
        fields_named = any(column_role(w) in (LEAD, DEADLINE) for w in words)
        first_row = _BARE_NUMBER.match(following) or _CHINESE_NUMBER.match(following) or _COUNTED_GROUP.fullmatch(following)
        if not (first_row and known >= 3 and (known > len(unknown_at) or fields_named)):
            first = unknown_at[0]
            words, end = words[:first], (ends[first - 1] if first else index)
    if len(words) >= 3 and _header_roles(words):
        return words, end - index
    if len(words) == 2 and _task_list_roles(words) and _rows_numbered_from_one(lines, end):
        return words, end - index
    return None


def _next_cells(lines: list[str], index: int, count: int) -> list[str]:
    """The next ``count`` non-empty cells of a one-cell-per-line copy from ``index`` (bars stripped)."""
    cells: list[str] = []
    for line in lines[index:]:
        cell = line.strip().strip("|｜").strip()
        if cell:
            cells.append(cell)
            if len(cells) == count:
                break
    return cells


def _unnamed_number_column(lines: list[str], index: int, header: list[str]) -> list[str]:
    """``header`` with the row numbers' column when the header does not name it (工作任务 / 具体要求 / 责任科室 / 时限).

    Such a table numbers its rows in a column without a header word. When the first row's cells (after at most
    one merged group cell, 强化行政规范性文件集中规范公开) begin with the bare number 1, that is the 序号 column;
    the group column before it holds cells merged over several rows, read as group headings, not as columns.
    """
    roles = _header_roles(header) or []
    if NUMBER in roles:
        return header
    first = _next_cells(lines, index, 2)
    for position, cell in enumerate(first):
        if cell == "1" and position < len(header) - 2:
            return ["序号"] + header[position:]
    return header


# 「正式项目(67个)」, 「市政设施类(5个)」: a group of a register's rows, headed with how many it holds
_COUNTED_GROUP = re.compile(r"[^。；;，,:：]{1,20}[(（]\s*\d+\s*(?:个|项|条|家|件)\s*[)）]")


def _next_cell_index(lines: list[str], index: int) -> int | None:
    """The index of the next non-empty line from ``index`` (a one-cell-per-line copy leaves blank lines between cells)."""
    return next((i for i in range(index, len(lines)) if lines[i].strip()), None)


def _section_number_cell(lines: list[str], index: int | None) -> tuple[str, int] | None:
    """(「一、heading」, the index after the heading's cell) when the cell at ``index`` is a bare section number (一, 二)
    and the next cell a short heading with no sentence in it, followed by a row's bare number or another section."""
    if index is None or not _CHINESE_NUMBER.match(lines[index].strip()):
        return None
    after = _next_cell_index(lines, index + 1)
    if after is None:
        return None
    heading = lines[after].strip().rstrip("|｜").strip()
    if len(heading) > 40 or _CELL_PUNCTUATION.search(heading) or _BARE_NUMBER.match(heading):
        return None
    following = _next_cells(lines, after + 1, 1)
    if not following or not (_BARE_NUMBER.match(following[0]) or _CHINESE_NUMBER.match(following[0])):
        return None
    return f"{lines[index].strip()}、{heading}", after + 1


def _is_group_cell(line: str, lines: list[str], index: int) -> bool:
    """A short cell right before a row's bare number: a group cell merged over the rows that follow it."""
    if len(line) > 30 or _CELL_PUNCTUATION.search(line) or _BARE_NUMBER.match(line):
        return False
    following = _next_cells(lines, index + 1, 1)
    return bool(following) and (
        _BARE_NUMBER.match(following[0]) is not None or _section_number_cell(lines, _next_cell_index(lines, index + 1)) is not None
    )


_BRACKETED_NAME = re.compile(r"[(（][\u4e00-\u9fff]{2,12}[)）]")


def _rows_one_cell_per_line(
    lines: list[str], index: int, header: list[str], warnings: list[str] | None = None, places: tuple[str, ...] = ()
) -> tuple[list[list[str]], int]:
    """Rows of a copied table with one cell per line: a bare number starts a row, the next lines are its cells."""
    from .structure import detect_marker

    roles = _header_roles(header) or _task_list_roles(header) or []
    # (a 类别 column before 序号 holds a section's heading, merged down its rows: copied, its cell comes once, before the
    # section's first row number — a section row, not a cell of each row)
    number_at = roles.index(NUMBER) if NUMBER in roles else -1
    columns = [i for i, r in enumerate(roles) if r != NUMBER and not (i < number_at and _CATEGORY_HEADER.fullmatch(header[i]))]
    rows: list[list[str]] = []
    while index < len(lines):
        line = lines[index].strip().rstrip("|｜").strip()
        if not line:
            index += 1
            continue
        if _BARE_NUMBER.match(line) and NUMBER in roles:
            cells: list[str] = []
            ends: list[int] = []  # the line index after each cell
            index += 1
            probe = index
            # A row may hold more lines than the header has columns (one unit per line, a second task line
            # with its own date): read ahead to the next row number, a section row or a repeated header.
            while probe < len(lines) and len(cells) < 3 * len(columns) + 2:
                cell = lines[probe].strip().rstrip("|｜").strip()
                # The next row starts at the next row number; another bare figure (抽查户数 3) is a cell.
                if _BARE_NUMBER.match(cell) and int(cell) == int(line) + 1 and _starts_next_row(lines, probe):
                    break
                if cell and cells and _BRACKETED_NAME.fullmatch(cell) and is_unit_like(cells[-1]):
                    # 「区建设管理委」 ⏎ 「(区水务局)」: the other name a unit goes by, wrapped onto a line of its own
                    cells[-1] += cell
                    ends[-1] = probe + 1
                    probe += 1
                    continue
                if cell and cells and _numbers_on(cells[-1], cell):
                    # 「1. 强化…」 ⏎ 「2. 紧扣…」: the points numbered inside one cell, each on a line of its own
                    cells[-1] += "\n" + cell
                    ends[-1] = probe + 1
                    probe += 1
                    continue
                if cell and len(cells) >= len(columns) and (
                    detect_marker(cell) is not None or _header_one_cell_per_line(lines, probe) is not None
                ):
                    break
                if cell and cells and _section_number_cell(lines, probe) is not None:
                    break  # the next section's number (二) and heading, cells of their own
                if cell and cells and _SECTION_HEADING_CELL.fullmatch(cell) and _next_cells(lines, probe + 1, 1) == [str(int(line) + 1)]:
                    break  # 「三、促进…」 right before the next row's number: the next section's row, even when this row's
                    # last cells (an empty 备注) were dropped in copying
                if cell:
                    cells.append(cell)
                    ends.append(probe + 1)
                probe += 1
            next_row = probe < len(lines) and lines[probe].strip().rstrip("|｜").strip() == str(int(line) + 1)
            if not next_row and cells and _SECTION_HEADING_CELL.fullmatch(cells[0]):
                more = _sub_row_cells_to_next_row(lines, probe, int(line) + 1)
                if more is not None:
                    cells, probe, next_row = cells + more[0], more[1], True
            if len(cells) > len(columns):
                cells, ends = _unit_names_rejoined(cells, ends, len(columns))  # (市生态 ⏎ 环境局: one unit cell)
            progress = _row_of_a_progress_table(cells, header, columns, roles, places) if next_row else None
            if progress is not None:
                next(row for row in progress if len(row) > 1)[roles.index(NUMBER)] = line
                rows.extend(progress)
                index = probe
                continue
            spread = _row_spread_over_lines(cells, columns, roles, places)
            if spread is not None:
                row_cells, used = spread
                for extra in row_cells:
                    row = [""] * len(header)
                    for column, cell in extra.items():
                        row[column] = cell
                    rows.append(row)
                rows[len(rows) - len(row_cells)][roles.index(NUMBER)] = line
                index = ends[used - 1]
                continue
            cells, ends = _unit_cells_joined(cells, ends, [roles[c] for c in columns], places)
            if len(cells) > len(columns):
                cells, ends = _people_cell_joined(cells, ends, [roles[c] for c in columns], len(columns))
            if len(cells) > len(columns):
                cells, ends = _unit_names_rejoined(cells, ends, len(columns))
            if len(cells) >= len(columns):
                cells, index = cells[: len(columns)], ends[len(columns) - 1]
            else:
                index = probe
            row = [""] * len(header)
            row[roles.index(NUMBER)] = line
            aligned = _align_on_deadline(cells, columns, roles) if len(cells) < len(columns) else None
            if aligned is None and len(cells) < len(columns):
                aligned = _align_under_merged_text(cells, columns, roles, rows, places)
            if aligned is None and len(cells) < len(columns):
                aligned = _align_on_unit_cell(cells, columns, roles, places)
            if len(cells) == len(columns):
                for column, cell in zip(columns, cells):
                    row[column] = cell
            elif aligned is not None:
                for column, cell in aligned:
                    row[column] = cell
            else:  # empty cells were dropped in copying: cut the joined cells like a flattened row
                _fill_row(row, roles, "".join(cells), warnings, places)
            rows.append(row)
        elif NUMBER in roles and (section := _section_number_cell(lines, index)) is not None:
            # 「一」 ⏎ 「推进碳达峰碳中和综合管理」: a section row whose number and heading are cells of their own (the
            # number in the 序号 column, the heading merged across the others)
            heading, index = section
            rows.append([heading])
        elif NUMBER not in roles and detect_marker(line) is not None and (row := _marker_row(lines, index, len(columns))):
            # No 序号 column: a task cell that opens with its own marker ((三)做好…) starts a row, its other cells
            # on the lines after it.
            cells, index = row
            rows.append(cells)
        elif detect_marker(line) is not None and (len(line) <= 60 or _section_row_before_a_row(lines, index, roles)):
            rows.append([line])
            index += 1
        elif NUMBER in roles and _is_group_cell(line, lines, index):
            rows.append([line])  # a group cell merged over the rows below it (工作任务 before rows 3 and 4)
            index += 1
        else:
            break
    return rows, index


# A 处 / 科 / 股 of a department named whole in a cell (综合规划处, 设施养护处, 法规科): a commission's own plan gives
# its tasks to its offices. Only as a whole cell: in running text 「解决12处」, 「多处」 count places.
_OFFICE_CELL = re.compile(r"(?![一二三四五六七八九十百千万几多每此该某各])[\u4e00-\u9fff]{2,10}(?:处室|科室|股室|处|科|股)")


def _whole_unit_cell(cell: str, places: tuple[str, ...] = ()) -> bool:
    """A cell that is nothing but a unit's name (市交通委, 设施养护处, 各区政府)."""
    compact = re.sub(r"\s+", "", cell)
    if not compact or len(compact) > 30 or _CELL_PUNCTUATION.search(compact):
        return False
    return (
        _is_unit_token(compact)
        or _OFFICE_CELL.fullmatch(compact) is not None
        or unit_run(compact, places, list_after_sentence=True) is not None
    )


def _unit_cells_joined(
    cells: list[str], ends: list[int], roles: list[str | None], places: tuple[str, ...] = ()
) -> tuple[list[str], list[int]]:
    """A row's cells with the names of a unit cell copied one per line (设施运行处 ⏎ 综合规划处 ⏎ 设施养护处 under
    牵头部门 / 配合部门) joined back into the last unit column — when the names outnumber the unit columns and the
    column after those never holds a unit (a year's work, a task, a note). A deadline column after them is left
    alone: there a further name more often means the date cell was dropped."""
    first = next((k for k, role in enumerate(roles) if role in (LEAD, RESPONSIBLE)), None)
    if first is None:
        return cells, ends
    width = 0
    while first + width < len(roles) and roles[first + width] in (LEAD, RESPONSIBLE):
        width += 1
    if first + width >= len(roles) or roles[first + width] not in (NODE, TEXT, NOTE):
        return cells, ends
    at = next((i for i in range(1, len(cells)) if _whole_unit_cell(cells[i], places)), None)
    if at is None:
        return cells, ends
    run = 0
    while at + run < len(cells) and _whole_unit_cell(cells[at + run], places):
        run += 1
    if run <= width:
        return cells, ends
    last = at + width - 1
    joined = "、".join(re.sub(r"\s+", "", c) for c in cells[last : at + run])
    return cells[:last] + [joined] + cells[at + run :], ends[:last] + ends[at + run - 1 :]


def _align_under_merged_text(
    cells: list[str], columns: list[int], roles: list[str | None], rows: list[list[str]], places: tuple[str, ...] = ()
) -> list[tuple[int, str]] | None:
    """Cells of a row whose task cell is merged with the row above (内容 over rows 2 and 3, each with its own 牵头部门):
    copied, the task cell comes once, so the row opens with its unit cell. The cells fill the columns from the first
    unit column on; the columns before it take the row above's cells, as the merged cell spans both."""
    first = next((k for k, c in enumerate(columns) if roles[c] in (LEAD, RESPONSIBLE)), None)
    if not first or not _whole_unit_cell(cells[0], places) or len(cells) > len(columns) - first:
        return None
    above = next((row for row in reversed(rows) if len(row) > 1), None)
    if above is None:
        return None
    placed = [(column, above[column]) for column in columns[:first]]
    return placed + list(zip(columns[first:], cells))


def _people_cell_joined(cells: list[str], ends: list[int], roles: list[str | None], width: int) -> tuple[list[str], list[int]]:
    """A row's cells with the names of a 分管领导 cell, copied one per line (王某某 ⏎ 李某某 ⏎ 张某某), joined back into
    that cell — while the row has more cells than columns and the next line is one more name, not a unit."""
    if PERSON not in roles:
        return cells, ends
    at = roles.index(PERSON)
    cells, ends = list(cells), list(ends)
    while len(cells) > width and at + 1 < len(cells) and _PERSON_NAME.fullmatch(cells[at + 1]) and not is_unit_like(cells[at + 1]):
        if not _PERSON_NAME.fullmatch(cells[at].split("、")[-1]):
            break
        cells[at] += "、" + cells.pop(at + 1)
        ends.pop(at)
    return cells, ends


def _numbers_on(cell: str, line: str) -> bool:
    """Whether ``line`` opens with the marker that follows the one opening the last line of ``cell`` (1. then 2.)."""
    last, following = detect_marker(cell.split("\n")[-1]), detect_marker(line)
    return bool(last and following and last.style == following.style and following.number == last.number + 1)


def _unit_names_rejoined(cells: list[str], ends: list[int], width: int) -> tuple[list[str], list[int]]:
    """A row's cells with a unit name that the copy wrapped over two lines (「国网嘉定」 ⏎ 「供电公司」, a narrow unit
    column) joined back — while the row has more cells than columns, a short cell that names no unit is followed by
    one that ends as a unit does, and the two together read as one unit."""
    cells, ends = list(cells), list(ends)
    at = 1
    while len(cells) > width and at < len(cells):
        head, tail = cells[at - 1], cells[at]
        if (
            # (a cell of two or three characters is a person's name as often as not: 赵强 ⏎ 信访办 are two cells)
            # (but one that opens with its level, 市生态 ⏎ 环境局, is no one's name)
            (4 <= len(head) <= 8 or len(head) == 3 and head[0] in "省市区县")
            and len(tail) <= 8 and not _CELL_PUNCTUATION.search(head + tail)
            and not is_unit_like(head) and is_unit_like(tail) and is_unit_like(head + tail)
            # (a name that opens with its level, 市交通运输局, is whole: the cell before it is another one, a person's)
            and not re.match(r"[省市区县州镇乡各]", tail)
        ):
            cells[at - 1] = head + tail
            cells.pop(at)
            ends.pop(at - 1)
        else:
            at += 1
    return cells, ends


_PERSON_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_SUB_ROW_LINES = 40
# A section row may be long (「一、主要经济社会发展指标、发改、财政…等工作目标(牵头领导:…)」) when a row's number follows it.
_LONG_SECTION_ROW = 200


def _section_row_before_a_row(lines: list[str], index: int, roles: list[str]) -> bool:
    """Whether the long marker line at ``index`` is a section row: a row's bare number comes right after it."""
    if NUMBER not in roles or len(lines[index].strip()) > _LONG_SECTION_ROW:
        return False
    following = _next_cells(lines, index + 1, 1)
    return bool(following) and _BARE_NUMBER.match(following[0]) is not None


def _names_units_only(cell: str) -> bool:
    """A cell listing units and nothing else (区工信局、区商务局; 各街道办事处)."""
    names = [name for name in re.split(r"[、，,]", re.sub(r"\s+", "", cell)) if name]
    return bool(names) and len(cell) <= 80 and all(
        unit_run(name) is not None or (len(name) <= 12 and is_collective(name)) for name in names
    )


def _marker_row(lines: list[str], index: int, width: int) -> tuple[list[str], int] | None:
    """(the row's cells, the index after them) when the marker line at ``index`` and the next ``width - 1`` cells,
    none of them opening with a marker of its own, make a row of a one-cell-per-line table without 序号; else None
    (a section row such as 一、… is followed by the next row's marker)."""
    from .structure import detect_marker

    cells = [lines[index].strip().rstrip("|｜").strip()]
    probe = index + 1
    while probe < len(lines) and len(cells) < width:
        cell = lines[probe].strip().rstrip("|｜").strip()
        if cell and (detect_marker(cell) is not None or _BARE_NUMBER.match(cell)):
            return None
        if cell:
            cells.append(cell)
        probe += 1
    if len(cells) != width or width < 3:
        return None
    # 「区工信局」 ⏎ 「各街道办事处」: the last units cell copied over two lines (its names wrapped in the cell) — the
    # names on the lines after it are still the row's, up to the next row's marker
    while _names_units_only(cells[-1]):
        following = next((j for j in range(probe, len(lines)) if lines[j].strip().rstrip("|｜").strip()), None)
        if following is None:
            break
        cell = lines[following].strip().rstrip("|｜").strip()
        if detect_marker(cell) is not None or _BARE_NUMBER.match(cell) or not _names_units_only(cell):
            break
        cells[-1] += "、" + cell
        probe = following + 1
    return cells, probe


def _starts_next_row(lines: list[str], index: int) -> bool:
    """Whether the bare number at ``index`` (the next row's number) starts a row: a row number is followed by the
    row's text, whereas a figure cell that happens to equal it (「7 | 7 | 100% |」, 目标 7 and 完成 7) by more figures."""
    following = next((c for c in (line.strip().rstrip("|｜").strip() for line in lines[index + 1 :]) if c), "")
    return not re.fullmatch(r"[-\d.,%‰]+", following)


def _sub_row_cells_to_next_row(lines: list[str], start: int, number: int) -> tuple[list[str], int] | None:
    """(cells, index of the next row's number) when the row number ``number`` follows within a few dozen lines that
    start no section and no header: the cells of a row's many sub-rows (低保 标准 / 保障人数 for town and country)."""
    from .structure import detect_marker

    cells: list[str] = []
    for index in range(start, min(start + _SUB_ROW_LINES, len(lines))):
        cell = lines[index].strip().rstrip("|｜").strip()
        if cell == str(number):
            return cells, index
        if cell and (detect_marker(cell) is not None or _header_one_cell_per_line(lines, index) is not None):
            return None
        if cell:
            cells.append(cell)
    return None


def _row_of_a_progress_table(
    cells: list[str], header: list[str], columns: list[int], roles: list[str | None], places: tuple[str, ...] = ()
) -> list[list[str]] | None:
    """Rows for one numbered row of a one-cell-per-line progress table (民生工程 进度表: 类别 / 项目名称 / 目标任务 /
    牵头单位 / figures), or None: its section heading (「一、就业促进(3项)」 in the 类别 cell) as a heading row, the row
    itself placed around its unit cell, and the text of its sub-rows (rows without 序号 under it, copied without
    their merged cells) as lines under it. Only for a table without a date column whose row is followed by the
    next row number, and only when the row has a heading cell or more cells than columns (empty cells are lost).
    The caller writes the row number into the row (the second one when a heading comes first)."""
    lead = next((c for c in columns if roles[c] == LEAD), None)
    if lead is None or DEADLINE in roles or not cells:
        return None
    heading = cells[0] if _SECTION_HEADING_CELL.fullmatch(cells[0]) else None
    if heading is None and len(cells) <= len(columns):
        return None
    body = cells[1:] if heading else cells
    category = columns[0] if roles[columns[0]] is None else None
    row_columns = [c for c in columns if c != category] if heading and category is not None else columns
    at = next(
        (i for i, cell in enumerate(body) if i and (_is_unit_token(re.sub(r"\s+", "", cell)) or unit_run(re.sub(r"\s+", "", cell), places))),
        None,
    )
    if at is None or at >= len(row_columns):
        return None
    placed = _place_around(body[: at + 1], row_columns, lead, at)
    if placed is None:
        return None
    row = [""] * len(header)
    for column, cell in placed:
        row[column] = cell
    # The figures (1100, 96.64%) and the progress words (持续推进) after the unit are the report's, not the task's.
    sub_rows = [[cell] for cell in body[at + 1 :] if re.search(r"[\u4e00-\u9fff]", cell) and not is_deadline_phrase(cell)]
    return ([[heading]] if heading else []) + [row] + sub_rows


# A cell of a one-cell-per-line copy that is a date: 12月底前, 2023年6月底, and a date with what is due then
# (9月投入使用, 5月底前动工 — a 完成时限 cell that says what is finished by that month).
_DATED_CELL = re.compile(r"(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月")
_CELL_PUNCTUATION = re.compile(r"[。；;，,:：!！?？]")


def _is_dated_cell(cell: str) -> bool:
    from .deadlines import restore_compact_dates

    cell = cell.strip()
    return is_deadline_phrase(restore_compact_dates(cell)) or (
        len(cell) <= 12 and _DATED_CELL.match(cell) is not None and not _CELL_PUNCTUATION.search(cell)
    )


def _is_unit_cell(cell: str, places: tuple[str, ...] = ()) -> bool:
    """A short cell that names units only (县水务局, 县残联): between a row's task and its date in a copy."""
    compact = re.sub(r"\s+", "", cell)
    if unit_run(compact, places) is not None:
        return True
    return 2 <= len(compact) <= 20 and not _CELL_PUNCTUATION.search(compact) and not _is_dated_cell(compact)


def _row_spread_over_lines(
    cells: list[str], columns: list[int], roles: list[str | None], places: tuple[str, ...] = ()
) -> tuple[list[dict[int, str]], int] | None:
    """([row cells, continuation rows' cells], cells used) for a row of a one-cell-per-line copy whose cells
    are more than its columns, or None.

    Tables of 民生实事 / 目标任务分解表 put one unit per line inside the unit cell, and a task with two stages
    in two lines (开工建设… / 5月底前动工, then 开工建设… / 12月底前): copied one cell per line, such a row has
    more lines than the header has columns. Only for the plain layouts task / units / date and task / 牵头单位 /
    责任单位 / date: the lines between the task and the date are the units (one cell; with two unit columns the
    first name is the lead), a date ends each part; a further task line with its units and its own date is the
    row's continuation (a row without number, as in the table). Anything else belongs to what follows the row.
    """
    shape = [roles[c] for c in columns]
    if shape[:1] not in ([TEXT], [None]) or shape[-1:] != [DEADLINE]:
        return None
    if shape[1:-1] in ([LEAD], [RESPONSIBLE]):
        text_column, unit_column, deadline_column = columns
        second_unit_column = None
    elif shape[1:-1] == [LEAD, RESPONSIBLE]:
        # 牵头单位 / 责任单位 one name per line: the first name is the lead cell's (a lead cell names one unit as a
        # rule), the others the responsible cell's.
        text_column, unit_column, second_unit_column, deadline_column = columns
    else:
        return None
    if len(cells) < len(columns) and second_unit_column is None:
        return None
    if len(cells) < len(columns):
        # An empty responsible cell dropped in copying (task / lead / date): the names before the date are read
        # as above, the first the lead's — never the task text as a lead.
        if not (len(cells) >= 3 and _is_dated_cell(cells[-1]) and all(_is_unit_cell(c, places) for c in cells[1:-1])):
            return None
    last = cells[min(len(cells), len(columns)) - 1]
    if len(cells) == len(columns) and (_is_dated_cell(last) or not unit_run(re.sub(r"\s+", "", last), places)):
        return None  # a plain row: the old reading holds
    rows: list[dict[int, str]] = []
    at = 0
    while at < len(cells):
        if _is_dated_cell(cells[at]) or rows and _is_unit_cell(cells[at], places):
            break  # a continuation starts with a task line, never with a date or a unit
        row = {text_column: cells[at]}
        probe = at + 1
        units = []
        while probe < len(cells) and not _is_dated_cell(cells[probe]) and _is_unit_cell(cells[probe], places):
            units.append(re.sub(r"\s+", "", cells[probe]))
            probe += 1
        if probe >= len(cells) or not _is_dated_cell(cells[probe]):
            break  # every part of the row ends with its date; what does not belongs to what follows
        row[deadline_column] = cells[probe]
        if units and second_unit_column is not None and len(units) > 1:
            row[unit_column], row[second_unit_column] = units[0], "、".join(units[1:])
        elif units:
            row[unit_column] = "、".join(units)
        rows.append(row)
        at = probe + 1
    if not rows:
        return None
    return rows, at


def _align_on_deadline(cells: list[str], columns: list[int], roles: list[str | None]) -> list[tuple[int, str]] | None:
    """Cells of a row that lost its empty cells in copying, placed around its deadline cell.

    The last cell that reads as a date is the deadline column's; the cells after it go to the columns after
    that one in order (牵头部门, 参与部门 …), the cells before it to the columns before it from the right;
    what is left over at the start stays together in the first column.
    """
    from .deadlines import restore_compact_dates

    deadline = next((c for c in columns if roles[c] == DEADLINE), None)
    if deadline is None:
        return None
    dated = [i for i, cell in enumerate(cells) if is_deadline_phrase(restore_compact_dates(cell))]
    if not dated:
        return None
    return _place_around(cells, columns, deadline, dated[-1])


def _align_on_unit_cell(
    cells: list[str], columns: list[int], roles: list[str | None], places: tuple[str, ...] = ()
) -> list[tuple[int, str]] | None:
    """Cells of a row one cell short or more, placed around its first unit cell (a table without a date column).

    A cell merged over several rows (the 主要任务 of a group of 民生实事) is copied only with the group's first
    row, so later rows of an excerpt lack it. The first cell after the task that is wholly a unit name
    (城管局, 市政局、相关街道) is the first unit column's (牵头单位); the cells after it fill the columns after that
    one in order, the cells before it the columns before it from the right; what is left over at the start
    stays together in the first column.
    """
    unit_column = next((c for c in columns if roles[c] in (LEAD, RESPONSIBLE)), None)
    if unit_column is None:
        return None
    at = next((i for i, cell in enumerate(cells) if i and _whole_unit_cell(cell, places)), None)
    if at is None:
        return None
    return _place_around(cells, columns, unit_column, at)


def _place_around(cells: list[str], columns: list[int], anchor: int, at: int) -> list[tuple[int, str]] | None:
    """``cells[at]`` in column ``anchor``; the cells after it fill the columns after that one in order, the cells
    before it the columns before it from the right, and what is left over at the start stays together in the
    first column. None when the row has more cells after the anchor than columns, or no column before it."""
    position = columns.index(anchor)
    after, before = columns[position + 1 :], columns[:position]
    if len(cells) - at - 1 > len(after) or not before:
        return None
    placed = [(anchor, cells[at])] + list(zip(after, cells[at + 1 :]))
    leading = cells[:at]
    tail = leading[-(len(before) - 1) :] if len(before) > 1 else []
    head = leading[: len(leading) - len(tail)]
    placed.append((before[0], "".join(head)))
    placed += list(zip(before[len(before) - len(tail) :], tail))
    return placed


def _fill_row(
    row: list[str], roles: list[str | None], body: str, warnings: list[str] | None = None, places: tuple[str, ...] = ()
) -> None:
    """The cells of ``body`` (a row's cells run together) into ``row``; an odd row keeps its text whole.

    A row that does not cut into cells is never a reason to drop the table or the file: its text goes to
    the first text column (or the first non-number column), the unit and deadline cells stay empty, and
    the review page shows the item without units.
    """
    cells = split_flat_row(body, roles, places)
    if cells is None:
        fallback = next((i for i, r in enumerate(roles) if r == TEXT), None)
        if fallback is None:
            fallback = next((i for i, r in enumerate(roles) if r != NUMBER), None)
        cells = {fallback: body.strip()} if fallback is not None else {}
    for column, cell in cells.items():
        row[column] = cell
    unit_columns = [i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE)]
    if warnings is not None and unit_columns and not any(row[i] for i in unit_columns):
        number = row[roles.index(NUMBER)] if NUMBER in roles else ""
        warnings.append(
            f"表格第{number}行：单元格连在一起，未能分出牵头/责任单位列，已整行作为任务内容导入，请核对单位与时限"
            if number
            else "表格中有一行单元格连在一起，未能分出牵头/责任单位列，已整行作为任务内容导入，请核对单位与时限"
        )


# --- tables copied from a document viewer: page markers, header and rows run together ---------------------

# A document-sharing site's viewer numbers its pages 「1、」「2、」 at the start of each page's text; a page may
# break inside a word or a bracket (「高新园(邹区镇\n2、)各街道」), which no item number is followed by.
_PAGE_MARKER = re.compile(r"^(\d{1,3})、")
_CANNOT_START_TEXT = "）)、,，。;；:："


# A page number a viewer or a printed copy leaves between a table's cells: 第1页 共3页, 第2页/共5页, - 3 -, 2/5.
PAGE_FURNITURE = re.compile(
    r"^\s*(?:第\s*\d{1,3}\s*页\s*[,，/、]?\s*(?:共\s*\d{1,3}\s*页)?|共\s*\d{1,3}\s*页\s*[,，/、]?\s*第\s*\d{1,3}\s*页"
    r"|[-—–]\s*\d{1,3}\s*[-—–]|\d{1,3}\s*/\s*\d{1,3})\s*$"
)


def drop_page_furniture(lines: list[str]) -> list[str]:
    """``lines`` with the page numbers between them blanked, and a running header repeated after them (a table or a
    sentence copied across pages keeps its rows whole; the line count, which the review page's line numbers follow,
    stays)."""
    page_lines = [index for index, line in enumerate(lines) if PAGE_FURNITURE.match(line)]
    running = _running_headers(lines, page_lines)
    return ["" if PAGE_FURNITURE.match(line) or line.strip() in running else line for line in lines]


_RUNNING_HEADER_MIN, _RUNNING_HEADER_MAX = 8, 40


def _running_headers(lines: list[str], page_lines: list[int]) -> set[str]:
    """Short lines printed at the top of each page of a PDF (「2024年《政府工作报告》重点工作责任分工」): the same line right
    after two or more page numbers, never an item (no marker)."""
    from .structure import detect_marker

    after_pages: dict[str, int] = {}
    for index in page_lines:
        following = next((line.strip() for line in lines[index + 1 : index + 4] if line.strip()), "")
        # (a table's header, or one of its cells copied one per line — 序号, 牵头单位 — is the table's, not the page's)
        if (
            _RUNNING_HEADER_MIN <= len(following) <= _RUNNING_HEADER_MAX
            and detect_marker(following) is None
            and _HEADER_WORD.fullmatch(re.sub(r"\s+", "", following)) is None
            and flat_table_header(following) is None
        ):
            after_pages[following] = after_pages.get(following, 0) + 1
    return {line for line, count in after_pages.items() if count >= 2}


def _page_breaks_inside(lines: list[str], index: int) -> bool:
    """Line ``index`` starts with a page marker whose page starts inside a sentence: a closing bracket or a
    punctuation mark right after it, or a figure cut from its unit (「…2023年9」 / 「2、月底」)."""
    marker = _PAGE_MARKER.match(lines[index].strip())
    if marker is None:
        return False
    after = lines[index].strip()[marker.end() : marker.end() + 1]
    before = next((line.strip() for line in reversed(lines[:index]) if line.strip()), "")
    return bool(after) and (after in _CANNOT_START_TEXT or before[-1:].isdigit() and after in "年月日号%％万亿个")


# A viewer's page holds a few hundred characters; an item's paragraph that ends without a full stop is a heading,
# far shorter.
_PAGE_MIN_CHARS = 200


# The first page opens with the document's title run on into its text: 「1、某某专项整治行动工作方案为扎实推进…」,
# 「1、…重点任务责任分工表序号工作内容…」.
_TITLE_ON_FIRST_PAGE = re.compile(
    r"^1、[^。，,；;：:！!？?]{4,60}?(?:方案|计划|规划|分工表|分解表|清单|要点|意见|办法|细则|措施)(?=[\u4e00-\u9fff])"
)


def _pages_cut_mid_sentence(lines: list[str]) -> bool:
    """The document opens with the marker 1、 and its title, and every page before the next marker (2、, 3、 …) is a long run of text
    that stops inside a sentence (「…(一)重点整治对象。具」 / 「2、有车身…」, 「…市商务局,市」 / 「2、住建局…」): the
    pages of a viewer that cut the text wherever the page was full, not items (an item's paragraph ends with its
    sentence, and a heading that does not is short)."""
    filled = [line.strip() for line in lines if line.strip()]
    if not filled or not _TITLE_ON_FIRST_PAGE.match(filled[0]):
        return False
    page, breaks = 1, 0
    for previous, line in zip(filled, filled[1:]):
        marker = _PAGE_MARKER.match(line)
        if marker is None or int(marker.group(1)) != page + 1:
            continue
        if len(previous) < _PAGE_MIN_CHARS or previous[-1] in _SENTENCE_END or not "\u4e00" <= previous[-1] <= "\u9fff":
            return False
        page, breaks = page + 1, breaks + 1
    return breaks > 0


def drop_viewer_page_markers(lines: list[str]) -> list[str]:
    """``lines`` without a viewer's page markers, each page joined to the text it continues.

    Only where one marker is proven (its page starts inside a sentence: a closing bracket or punctuation right
    after it); then the markers 1、2、3… at line starts, in page order, are removed, and a page whose previous
    line ends without a sentence end is joined to that line.
    """
    proven = any(_page_breaks_inside(lines, index) for index in range(1, len(lines))) or _pages_cut_mid_sentence(lines)
    if not proven:
        return lines
    result: list[str] = []
    page = 1
    for line in lines:
        stripped = line.strip()
        marker = _PAGE_MARKER.match(stripped)
        if marker and int(marker.group(1)) == page:
            page += 1
            rest = stripped[marker.end() :]
            previous = next((i for i in range(len(result) - 1, -1, -1) if result[i].strip()), None)
            if previous is not None and result[previous].rstrip()[-1:] not in _SENTENCE_END:
                result[previous] = result[previous].rstrip() + rest
                result.append("")  # the line count stays (the review page's line numbers follow it)
                continue
            result.append(rest)
            continue
        result.append(line)
    return result


# A header run together inside a line, after the table's title and before its first row:
# 「…责任分解表序号项目名称主要内容区政府分管领导牵头单位配合单位1增加…」.
_HEADER_CELL_WORD = r"[\u4e00-\u9fff]{0,8}?(?:领导|名称|内容|单位|部门|科室|处室|股室|时限|时间|期限|措施|任务|目标|事项|备注|项目|标准|情况|指标|责任人|联系人|方式)"
# (「…责任单位11.1编制…」: row 1 of a decimal outline, its cells empty, run on to row 1.1)
_SPACED_HEADER_CELL = re.compile(r"(序|备)[ \u3000]+(号|注)")
_EMBEDDED_HEADER = re.compile(rf"序号((?:{_HEADER_CELL_WORD}){{2,10}})(?=1[^\d]|11\.1(?!\d))")
# The same with its cells kept apart by single spaces, as a web table's text is copied (「…进度表 序号 重点工作 主要任务
# 时间要求 责任单位 1 禁止…」): each word a cell, whatever it names (the header's known columns are counted below).
_SPACED_EMBEDDED_HEADER = re.compile(r"序号((?: [\u4e00-\u9fff]{2,10}){2,10}) (?=1 [\u4e00-\u9fff“])")


def _embedded_header(line: str) -> tuple[str, list[str], str] | None:
    """(text before, header cells, rows after) for a line holding a whole table run together, or None."""
    # (「序 号法律法规名称责任单位联系人宣传方式备 注1…」: a header whose two-character cells were spaced out to the
    # column's width)
    line = _SPACED_HEADER_CELL.sub(r"\1\2", line)
    match = _EMBEDDED_HEADER.search(line)
    if match is not None:
        cells = ["序号"] + [m.group(0) for m in re.finditer(_HEADER_CELL_WORD, match.group(1))]
    else:
        match = _SPACED_EMBEDDED_HEADER.search(line)
        if match is None:
            return None
        cells = ["序号"] + match.group(1).split()
    roles = _header_roles(cells)
    if roles is None or sum(r is not None for r in roles) < 3:
        return None
    return line[: match.start()], cells, line[match.end() :]


_MEASURE_AFTER_NUMBER = re.compile(r"[个家所项人名户条座万亿千百十%％年月日天次批期倍届号类台套辆吨米公里亩平方元岁级]")


def _split_run_on_rows(body: str, *, time_first: bool = False) -> list[tuple[str, str]]:
    """(number, row text) for rows run together with nothing between: each row starts at the next row number,
    a bare figure (not part of a longer one, not followed by a measure word) right after a character."""
    rows: list[tuple[str, str]] = []
    number, start = 1, 0
    if not body.startswith("1"):
        return []
    spaced = body[1:2] == " "
    rows_after_space = 0  # how many rows found so far began after a space (-1 once one did not)
    position = 1
    while True:
        following = number + 1
        found = None
        pattern = rf"(?<![\d.]){following}(?![\d.%％])"
        if time_first:
            pattern += rf"|(?<![\d.]){following}(?=\d{{1,2}}(?:\s*[-—至]\s*\d{{1,2}})?\s*月)"
        for match in re.finditer(pattern, body[position:]):
            at = position + match.start()
            after = body[at + len(str(following)) : at + len(str(following)) + 2]
            if spaced:
                # 「… 即日起 2 禁止…」: cells kept apart by spaces, the row's number a cell of its own
                if body[at - 1 : at] != " " or after[:1] != " ":
                    continue
                after = after[1:]
            # (a table whose first cell after the number is the time: 「…人防办71月元旦、春节期间…」 is row 7, 1月)
            dated = time_first and re.match(r"\d{1,2}(?:\s*[-—至]\s*\d{1,2})?\s*月", body[at + len(str(following)) :]) is not None
            after = after[:1]
            if dated and at - start >= 8:
                found = at
                break
            # (「…展板等 14个体工商户条例…」: where every row so far (two at least) began after a space, a number after a space
            # is the next row's even before a word that could count it)
            counted = _MEASURE_AFTER_NUMBER.match(after) and not (rows_after_space >= 2 and body[at - 1 : at] == " ")
            if at - start < 8 or not after or counted or not re.match(r"[\u4e00-\u9fff“]", after):
                continue
            found = at
            break
        end = found if found is not None else len(body)
        rows.append((str(number), body[start + len(str(number)) : end]))
        if found is None:
            return rows
        rows_after_space = rows_after_space + 1 if rows_after_space >= 0 and body[found - 1 : found] == " " else -1
        number, start, position = following, found, found + len(str(following))


_OUTLINE_DEPTH = 4
# (a web table's cells kept apart by spaces: 「1.1　各相关处室提供 1.2 1.3 2区…」, rows 1.2 and 1.3 left empty)
_OUTLINE_TOKEN_END = re.compile(r"(?:[/／\-－]\d{1,2})?(?=[ \u3000]*(?:[\u4e00-\u9fff“《(（]|$)|[ \u3000]+\d)")


def _next_in_outline(path: list[int]) -> list[list[int]]:
    """The numbers that may follow ``path`` in a decimal outline: its first sub-item, the next at its level or at a level
    above — each perhaps straight with its first sub-item, where the row between was merged away (1.1 → 1.2.1)."""
    following = [path + [1], path + [1, 1], path[:-1] + [path[-1] + 2]]  # (a row lost in the copy: 2.1.3 → 2.1.5)
    for level in range(len(path) - 1, -1, -1):
        step = path[:level] + [path[level] + 1]
        following += [step, step + [1], step + [1, 1]]
    return [p for p in following if len(p) <= _OUTLINE_DEPTH]


def _outline_number_end(body: str, at: int, number: list[int], position: int) -> int | None:
    """Where the number ``number``, written at ``at``, ends as a row's number (past a combined row's 「/8」), or None
    where it is no row's number there: part of a longer figure, a quantity (2个), or not followed by the row's words."""
    text = ".".join(map(str, number))
    after = at + len(text)
    right_after = at == position  # the row before had no words of its own (11.1: row 1, then 1.1)
    if not right_after and body[at - 1 : at] in "0123456789.．":
        return None
    if len(number) == 1:
        if body.startswith(f"{text}.1", after):
            return after  # 「22.1」: row 2, its cells empty, then 2.1
        # (a number right after the last row's number is part of it, unless a space parts them — 「1.3 2区…」, row 1.3
        # left empty; one in brackets is a quantity, 「依法履职（4分）」)
        if (at - position < 2 and body[position:at].strip(" \u3000")) or at == position:
            return None
        if _MEASURE_AFTER_NUMBER.match(body[after : after + 1]) or body[at - 1 : at] in "(（":
            return None
    end = _OUTLINE_TOKEN_END.match(body, after)
    return end.end() if end else None


def _split_run_on_outline_rows(body: str) -> list[tuple[str, str]]:
    """(number, row text) for the rows of a decimal outline run together (「1旅游交通1.1通景交通…2017.8 1.2抵达…」,
    「11.1编制…区旅发委1.2.1设计…」): each row starts at a number that follows the last one in the outline — 1.2 or
    1.1.1 or 2 after 1.1 — not part of a longer figure and followed by the row's words; 「2.1.7/8」 (two rows in one)
    is 2.1.7. Empty unless at least two rows are numbered below the top level."""
    if not body.startswith("1") or body.startswith("1."):
        return []
    rows: list[tuple[str, str]] = []
    path, start, label = [1], 0, "1"
    while True:
        position = start + len(label)
        found = None  # (where, number, its text, where it ends)
        for candidate in _next_in_outline(path):
            text = ".".join(map(str, candidate))
            at = body.find(text, position)
            while at != -1 and (found is None or at < found[0]):
                end = _outline_number_end(body, at, candidate, position)
                if end is not None:
                    found = (at, candidate, text, end)
                    break
                at = body.find(text, at + 1)
        rows.append((label, body[position : found[0] if found else len(body)]))
        if found is None:
            break
        start, path, label, token_end = found
        # 「2.1.7/8」: the row's number as its first, the outline going on from its last (2.1.9 next)
        if token_end > start + len(label):
            path = path[:-1] + [int(re.findall(r"\d+", body[start + len(label) : token_end])[0])]
            body = body[: start + len(label)] + body[token_end:]
    if sum(1 for number, _ in rows if "." in number) < 2:
        return []
    return rows


_PERSON_THEN_UNIT_MAX = 8
# Task text starts with a verb (推进核心区改造…); a unit name never does.
_TASK_VERB = r"(?!推进|推动|加快|加强|完成|实施|提升|建设|开展|落实|深化|新建|改造|打造|开工|启动|优化|完善|促进|支持|组织)"
_SHORT_UNIT = re.compile(
    _TASK_VERB + r"(?:各[\u4e00-\u9fff]{0,5}?|[\u4e00-\u9fff]{1,5}?)(?:局|委|办|公司|集团|中心|街道|镇|乡|园|区|所|站|队|院|联)"
    r"(?:\([\u4e00-\u9fff、]{1,8}\))?"
)


def _units_from(text: str, start: int) -> int:
    """Where a run of short unit names (教育局 经开区 高新园(邹区镇) 各街道 市国有公司) starting at ``start`` ends."""
    end = start
    while end < len(text):
        match = _SHORT_UNIT.match(text, end)
        if match is None or len(match.group(0)) > 9:
            break
        end = match.end()
    return end


def _person_led_rows(body: str, roles: list[str | None]) -> list[dict[int, str]] | None:
    """Cells of a run-together row of a table 任务 / 分管领导 / 牵头单位 / 配合单位: after each finished sentence, a
    leader's name (two or three characters) and the lead unit; a row may hold several such parts (a task in two
    stages, each with its leader and units), read as the row and its continuation rows."""
    text_column = next((i for i, r in enumerate(roles) if r in (TEXT, None) and i), None)
    person = next((i for i, r in enumerate(roles) if r == PERSON), None)
    lead = next((i for i, r in enumerate(roles) if r == LEAD), None)
    others = next((i for i, r in enumerate(roles) if r == RESPONSIBLE), None)
    if None in (text_column, person, lead) or not person < lead or DEADLINE in roles:
        return None
    parts: list[dict[int, str]] = []
    start = 0
    for end_of_sentence in [i + 1 for i, c in enumerate(body) if c == "。"]:
        if end_of_sentence <= start:
            continue
        for name_length in (3, 2):
            unit_at = end_of_sentence + name_length
            unit_end = _units_from(body, unit_at)
            first = _SHORT_UNIT.match(body, unit_at)
            if first is None or len(first.group(0)) < 3 or len(first.group(0)) > _PERSON_THEN_UNIT_MAX:
                continue
            if not re.fullmatch(r"[\u4e00-\u9fff]+", body[end_of_sentence:unit_at]):
                continue
            # The lead is followed by the other units or ends the row; a name running on into more text is none.
            if first.end() < len(body) and _SHORT_UNIT.match(body, first.end()) is None:
                continue
            row = {text_column: body[start:end_of_sentence], person: body[end_of_sentence:unit_at], lead: first.group(0)}
            if others is not None and unit_end > first.end():
                rest_names = [m.group(0) for m in _SHORT_UNIT.finditer(body[first.end() : unit_end])]
                row[others] = "、".join(rest_names)
            parts.append(row)
            start = unit_end
            break
    if not parts:
        return None
    if body[start:].strip():
        parts.append({text_column: body[start:].strip()})
    return parts


def _expand_embedded_table(line: str, places: tuple[str, ...]) -> list[str] | None:
    found = _embedded_header(line)
    if found is None:
        return None
    before, header, body = found
    roles = _header_roles(header)
    rows: list[list[str]] = [header]
    split = _split_run_on_outline_rows(body) or _split_run_on_rows(body, time_first=len(roles) > 1 and roles[1] == DEADLINE)
    for number, text in split:
        parts = _person_led_rows(text, roles)
        if parts is None:
            row = [""] * len(header)
            row[0] = number
            _fill_row(row, roles, text, None, places)
            rows.append(row)
            continue
        for index, part in enumerate(parts):
            row = [""] * len(header)
            if index == 0:
                row[0] = number
            for column, cell in part.items():
                row[column] = cell
            rows.append(row)
    if len(rows) < 3:
        return None
    return ([before] if before.strip() else []) + table_rows_to_lines(rows, places)


def _shift_past_merged_cell(cells: list[str], roles: list[str | None]) -> list[str]:
    """Bar-separated cells of a row that lost a cell merged over several rows, moved back under their columns.

    工作任务 | 具体要求 | 责任部门: the 工作任务 cell is merged over rows 2–4 and copied only with row 2, so row 3 reads
    ``3.及时反馈…。 | 各科室 | |`` — its cells sit one column to the left and its last cells are empty. When the
    header ends with a unit or date column, the row's last cells are empty and its last filled cell is short
    (no sentence), the filled cells belong to the last columns.
    """
    if not cells or cells[-1] or not roles or roles[-1] not in (LEAD, RESPONSIBLE, DEADLINE) or len(cells) > len(roles):
        return cells
    filled = [c for c in cells if c]
    if len(filled) < 2 or filled != cells[: len(filled)]:
        return cells
    if roles[0] == NUMBER and (_CHINESE_NUMBER.match(cells[0]) or _SECTION_MARKER.match(cells[0])):
        return cells  # 「一 | 围绕稳经济…加强政策发布解读 | | |」: a section row, its heading in the columns it opens
    if len(filled[-1]) > 30 or "。" in filled[-1]:
        return cells
    return [""] * (len(roles) - len(filled)) + filled


def _bar_row_under_header(cells: list[str], roles: list[str | None]) -> tuple[list[str], list[str]]:
    """(section headings, cells) of a bar-separated row whose cells are not as many as the header's columns, in a
    table whose merged cells were copied once or not at all.

    More cells than columns: the first cells, each opening with an outline marker (一、… | (一)… | 1.…), are the
    sections a merged 主要工作任务 cell spans — headings of their own. Fewer cells, the header ending with unit or date
    columns: the cells are placed where they fit their columns best — left (empty cells dropped at the end) or
    right (the merged cells before them dropped: 「2.加强… | 全年 | 区发改局 |」 under 任务 | 内容 | 完成时限 | 责任单位) —
    judged by what each cell reads as in its column (a date, unit names, a sentence)."""
    from .structure import detect_marker

    if not roles or not cells:
        return [], cells
    width = len(roles)
    if len(cells) > width:
        extra = len(cells) - width
        if all(detect_marker(cell) is not None and len(cell) <= 80 for cell in cells[:extra]):
            return cells[:extra], cells[extra:]
        return [], cells
    if len(cells) == width or roles[-1] not in (LEAD, RESPONSIBLE, DEADLINE) or not cells[-1]:
        return [], cells
    missing = width - len(cells)
    left = cells + [""] * missing
    right = [""] * missing + cells
    if NUMBER in roles and roles.index(NUMBER) == 0 and _BARE_NUMBER.match(cells[0]):
        right = [cells[0]] + [""] * missing + cells[1:]
    return [], right if _fit(right, roles) > _fit(left, roles) else left


def _fit(cells: list[str], roles: list[str | None]) -> int:
    """How many filled cells read as what their column holds."""
    score = 0
    for cell, role in zip(cells, roles):
        if not cell:
            continue
        if role == DEADLINE:
            score += is_deadline_phrase(cell) or bool(re.fullmatch(r"全年|年内|年底|当年|持续|长期|[^。，,]{0,6}(?:前|底|末)", cell))
        elif role in (LEAD, RESPONSIBLE):
            names = [n for n in re.split(r"[、,，;；\s]+", cell) if n]
            score += bool(names) and all(is_unit_like(n) or is_collective(n) for n in names)
        elif role == TEXT:
            score += len(cell) > 15 or "。" in cell
        elif role == NUMBER:
            score += bool(_BARE_NUMBER.match(cell))
    return score


def join_quoted_cells(lines: list[str]) -> list[str]:
    """Rows of a table copied from a spreadsheet with a cell of several lines in double quotes.

    A spreadsheet copies such a cell as 「"推行…。⏎压缩…。"」 between its neighbours (tabs, spaces once cleaned): the row
    goes on over the next lines until the quote closes. The row is joined back into one line and the quotes around
    its cells taken off. Only an ASCII quote that opens a cell (at the line's start or after a space) and closes
    within a few lines counts; Chinese text quotes with “”.
    """
    output: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.count('"') % 2 == 0 or not _OPENING_QUOTE.search(line):
            output.append(line)
            index += 1
            continue
        joined, end = line, index + 1
        while end < len(lines) and joined.count('"') % 2 == 1 and end - index <= 20:
            joined += lines[end]
            end += 1
        if joined.count('"') % 2 == 1:  # never closed: not a quoted cell after all
            output.append(line)
            index += 1
            continue
        output.append(_QUOTED_CELL.sub(lambda m: m.group(1).replace('""', '"'), joined))
        index = end
    return output


_OPENING_QUOTE = re.compile(r'(?:^|[ \t])"[^"]*$')
_QUOTED_CELL = re.compile(r'(?:(?<=[ \t])|^)"((?:[^"]|"")*)"(?=[ \t]|$)')


# One cell pair of a task printed as a record (a table of two columns, one row per field, copied with its bars):
# 「重点工作: | 135.统筹违法建设治理… |」, 「牵头单位: | 市城市管理综合执法局 |」.
_RECORD_LINE = re.compile(r"^\s*(?P<label>[^|｜:：。；;]{2,30}?)\s*[:：]\s*[|｜]\s*(?P<value>.*?)\s*[|｜]?\s*$")


def _record_table(lines: list[str], index: int) -> tuple[list[list[str]], int] | None:
    """([labels, values], lines used) when a task is laid out as a record from line ``index`` on.

    A web page may show one task of a 分工表 as a table of two columns: the header words (重点工作, 牵头单位,
    年度阶段性工作目标, 进展情况…) down the left, each with a colon, and the task's cells on the right. Read
    as a header row and one data row, such a record imports like the same row of an ordinary table. A value
    wrapped onto lines of its own (each closed by its bar) belongs to the label above it. The labels must name
    a body column and a field column, as a header row must.
    """
    labels: list[str] = []
    values: list[str] = []
    end = index
    while end < len(lines):
        line = lines[end].strip()
        match = _RECORD_LINE.match(line)
        if match and column_role(match.group("label")) is not None:
            labels.append(re.sub(r"\s+", "", match.group("label")))
            values.append(match.group("value").strip())
        elif labels and line.endswith(("|", "｜")) and not _RECORD_LINE.match(line):
            values[-1] = f"{values[-1]} {line.rstrip('|｜').strip()}".strip()
        else:
            break
        end += 1
    if len(labels) < 2 or _header_roles(labels) is None:
        return None
    return [labels, values], end - index


def _marked_row(line: str, roles: list[str | None], rows: list[list[str]], places: tuple[str, ...]) -> bool:
    """A row numbered with an outline marker of its own (「(1)全面准确…。市行政审批局市司法局…2022年9月底」): the sub-tasks of
    a row, each with its cells run on after its text. Taken as a row (its marker as the number) only when its unit or
    deadline cells are found at its end; a long paragraph without them ends the table as before."""
    from .structure import detect_marker

    marker = detect_marker(line)
    if marker is None:
        return False
    row = [""] * len(roles)
    row[roles.index(NUMBER)] = marker.label
    cells = split_flat_row(marker.rest, roles, places)
    fields = [i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE, DEADLINE)]
    if cells is None or not any(cells.get(i) for i in fields):
        return False
    for column, cell in cells.items():
        row[column] = cell
    rows.append(row)
    return True


_TAB_ROWS_NEEDED = 3


def _tab_separated_table(
    lines: list[str], index: int, run_ends: dict[int, int] | None = None
) -> tuple[list[list[str]], int] | None:
    """(rows, lines used) of a table copied with a tab between its cells (from Excel, Word or a web page), starting at
    ``index``: a run of lines with two or more tabs, the first of them (or of the first five) a task table's header.
    The tabs are the cells' own boundaries, empty cells included (a schedule's node columns, a header cell merged over
    the nodes below it), so the rows are read as a DOCX or HTML table's are; a row shorter than the header lost its
    empty cells at the end. A section heading on a line of its own (一、…) between rows is a section row, a 续表 line
    and the header repeated on the next page are left out.

    The caller tries every line of a document, so a long run of tab lines with no header would be read again from each
    of its lines: ``run_ends`` keeps where the run from the line before ends (it ends there from this line too), and
    a run whose first rows hold no header is refused before the rest of it is read."""
    from .structure import detect_marker

    if not _tabbed(lines, index):
        return None
    known_end = run_ends.get(index - 1) if run_ends is not None else None
    end = known_end if known_end is not None and known_end > index else _tab_run_end(lines, index, detect_marker)
    if run_ends is not None:
        run_ends[index] = end
    prefix = lines[index : min(end, index + _HEADER_PREFIX_LINES)]
    first_rows = _tab_rows(prefix, _modal_width(prefix), detect_marker)
    first_header = header_row(first_rows[:_HEADER_WITHIN])
    if len(first_rows) > _HEADER_WITHIN and end > index + len(prefix) and first_header is None:
        return None  # (the first rows are whole: another began after them)
    rows = _tab_rows(lines[index:end], _modal_width(lines[index:end]), detect_marker)
    if sum(1 for row in rows if len(row) > 2) < _TAB_ROWS_NEEDED:
        return None
    header = header_row(rows)
    if header is None:
        return None
    start = rows.index(header)
    # (after 续表 the header comes again, and with it its second row when a merged header cell has one)
    rows = rows[: start + 2] + [row for row in rows[start + 2 :] if row != header and row != rows[start + 1]]
    width = max(len(row) for row in rows)
    roles = _header_roles(header)
    return [_tab_row_filled(row, width, roles) if position > start else row + [""] * (width - len(row))
            for position, row in enumerate(rows)], end - index


def _tab_row_filled(row: list[str], width: int, roles: list[str | None] | None) -> list[str]:
    """A tab row short of cells, as wide as the table: the copy dropped the empty cells at its end — or, where its last
    cell is the time limit and the table's last column is, a cell merged down from the row above (「2 | 完善收运体系 |
    市城管局 | 各区镇 | 持续推进」 under a 重点任务 merged over rows 1 and 2): then the missing cells are the ones after
    its number and the row's own cells keep the columns at the right."""
    from .deadlines import restore_compact_dates

    missing = width - len(row)
    if (
        missing > 0
        and roles is not None
        and len(row) > 2
        and roles[-1] == DEADLINE
        and roles[0] == NUMBER
        and is_deadline_phrase(restore_compact_dates(row[-1]))
    ):
        return row[:1] + [""] * missing + row[1:]
    return row + [""] * missing


# Lines read to find a tab table's header before its whole run is read (its first three rows, cells with line breaks).
_HEADER_PREFIX_LINES = 12


def _tabbed(lines: list[str], position: int) -> bool:
    return position < len(lines) and lines[position].count("\t") >= 2


def _tab_run_end(lines: list[str], index: int, detect_marker) -> int:
    """The end of the run of tab lines from ``index``: lines with tabs, and between them a 续表 line, a section
    heading or a line of a cell that held a line break."""
    end = index
    while _tabbed(lines, end) or (
        end + 1 < len(lines)
        and lines[end].strip()
        # (a cell's second line, then the row's last cells: 「市自然资源和规划局」 ⏎ 「各区镇⇥2022年12月底前」 ⏎ the next row)
        and (
            _tabbed(lines, end + 1)
            or "\t" in lines[end]
            or ("\t" in lines[end + 1] and _tabbed(lines, end + 2))
            or _sections_then_tab_row(lines, end, detect_marker)
        )
        and (
            re.fullmatch(r"续表\s*\d*", lines[end].strip())
            or _is_section_line(lines[end], detect_marker)
            or not _TAB_ROW_START.match(lines[end])
        )
    ) or (end < len(lines) and "\t" in lines[end] and _tabbed(lines, end - 1)):
        end += 1
    return end


# Section headings in a row between a tab table's rows (二、立法项目安排 ⏎ (一)需要年内提请审议的项目): at most this many.
_SECTIONS_BETWEEN_ROWS = 3


def _sections_then_tab_row(lines: list[str], index: int, detect_marker) -> bool:
    """Whether the line at ``index`` and the few after it are section headings and a tab row follows them."""
    probe = index
    while probe < len(lines) and probe - index < _SECTIONS_BETWEEN_ROWS and _is_section_line(lines[probe], detect_marker):
        probe += 1
    return probe > index and _tabbed(lines, probe)


def _modal_width(run: list[str]) -> int:
    """The number of cells most rows of a run of tab lines have."""
    widths = Counter(line.count("\t") + 1 for line in run if line.count("\t") >= 2)
    return widths.most_common(1)[0][0] if widths else 0


def _tab_rows(run: list[str], width: int, detect_marker) -> list[list[str]]:
    """The rows of a run of tab lines ``width`` cells wide, a line that goes on with a row's last cell joined to it."""
    rows: list[list[str]] = []
    for line in run:
        if re.fullmatch(r"续表\s*\d*", line.strip()):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        continues = (
            len(rows) > 1
            and not _is_section_line(line, detect_marker)
            # (a line opening with an empty cell still goes on with a row short of its cells, being short itself)
            and (not _TAB_ROW_START.match(line) or (len(rows[-1]) < width and len(cells) < width))
        )
        if continues and (len(rows[-1]) < width or len(cells) == 1):
            # a cell that held a line break: the line goes on with that cell, its other cells are the row's next
            # (empty ones dropped where the row would grow wider than the table)
            more = cells[1:]
            while len(rows[-1]) + len(more) > width and "" in more:
                more.remove("")
            last = rows[-1][-1]
            # (a sentence goes on without a break; a name under a name is another name)
            glue = "" if not last or re.search(r"[,，、;；(（]$", last) or re.match(r"[,，、;；)）]", cells[0]) else "\n"
            rows[-1] = rows[-1][:-1] + [last + glue + cells[0]] + more
        else:
            while len(cells) > width and "" in cells[1:]:
                cells.pop(cells.index("", 1))  # a stray tab typed into the row: the cells keep their columns
            rows.append(cells)
    return rows


# A row of a task table copied with tabs opens with its number (1, 2., 1-1, 1.1) or with an empty number cell.
_TAB_ROW_START = re.compile(r"\s*(?:\d{1,3}(?:[.、．-]\d{1,2})?[.、．]?)?\t")


def _is_section_line(line: str, detect_marker) -> bool:
    marker = detect_marker(line.strip())
    return marker is not None and marker.style in ("cn", "paren_cn", "chapter", "section") and len(line.strip()) <= 60


# A page that lost its line breaks but kept a space between a table's cells: 「…重点任务表 重点任务 工作措施 牵头单位 参与单位
# 一、调整优化产业结构 1.优化产业布局 完成…编制工作。 区环土局 区经发局、各片区项目建设指挥部 2.落实落后产能退出 …」.
_SPACED_CELL = r"[^\s。；;，,:：、]{2,12}"
# three to eight such cells, right before the first section (一、) or the first row (1.)
_SPACED_HEADER = re.compile(
    rf"(?:(?<=\s)|^)(?P<header>{_SPACED_CELL}(?:[ \t\u3000]+{_SPACED_CELL}){{2,7}})[ \t\u3000]+(?=[一二三四五六七八九十]{{1,3}}、|1[.、．])"
)
# Only a line far longer than any header line is looked into: a header line of its own is read as it stands.
_RUN_ON_TABLE_MIN = 300
_SPACED_ROW_START = re.compile(r"[ \t\u3000]+(?=(?P<section>[一二三四五六七八九十]{1,3})、|(?P<row>\d{1,3})[.、．](?!\d))")


def _spaced_tables_apart(lines: list[str]) -> list[str]:
    """``lines`` with a table run on inside a long line — its header cells and row cells kept apart by spaces — cut
    back into a header line and one line per section and row, so that it is read as the flattened table it is. Rows
    are cut only where their numbers run in sequence (1., 2., 3.; 一、, 二、), never at a figure inside a cell."""
    from .structure import chinese_numeral_to_int

    result: list[str] = []
    for line in lines:
        header = None
        if len(line) > _RUN_ON_TABLE_MIN:
            for match in _SPACED_HEADER.finditer(line):
                if flat_table_header(match.group("header")) is not None:
                    header = match
                    break
        if header is None:
            result.append(line)
            continue
        words = header.group("header")
        pieces = [line[: header.start("header")].rstrip()]
        row, section = 0, 0
        # (the header repeated where a page broke, 「…按职责分工负责 重点任务 工作措施 牵头单位 参与单位 7.…」, is a line of its own)
        for part in re.split(r"[ \t\u3000]+" + re.escape(words) + r"(?=[ \t\u3000])", " " + line[header.start("header"):]):
            part = part.strip()
            if not part:
                continue
            pieces.append(words)
            part = " " + (part[len(words):] if part.startswith(words) else part)
            start = 0
            for cut in _SPACED_ROW_START.finditer(part):
                number = int(cut.group("row")) if cut.group("row") else None
                numeral = chinese_numeral_to_int(cut.group("section")) if cut.group("section") else None
                if number == row + 1 or (numeral is not None and numeral == section + 1):
                    pieces.append(part[start : cut.start()].strip())
                    start = cut.end()
                    row = number if number is not None else row
                    section = numeral if numeral is not None else section
            pieces.append(part[start:].strip())
        result.extend(piece for piece in pieces if piece)
    return result


def expand_flat_tables(lines: list[str], warnings: list[str] | None = None) -> list[str]:
    """``lines`` with every flattened table (a header line, then rows) turned into paragraphs and field lines.

    Rows that could not be cut into cells are kept as items, and a note for the reviewer goes to ``warnings``.
    Unit names may start with the proper name of the document's own city (``document_places``).
    """
    from .structure import detect_marker

    lines = _closing_bars_dropped(lines)
    lines = _spaced_tables_apart(join_quoted_cells(drop_page_furniture(drop_viewer_page_markers(lines))))
    places = document_places(lines)

    output: list[str] = []
    index = 0
    tab_run_ends: dict[int, int] = {}
    while index < len(lines):
        tabbed = _tab_separated_table(lines, index, tab_run_ends)
        if tabbed is not None:
            rows, used = tabbed
            output.extend(table_rows_to_lines(rows, places))
            index += used
            continue
        header = flat_table_header(lines[index]) or _task_list_header(lines, index)
        record = _record_table(lines, index) if header is None else None
        if record is not None:
            rows, used = record
            output.extend(table_rows_to_lines(rows, places))
            index += used
            continue
        if header is None:
            embedded = _expand_embedded_table(lines[index], places) if len(lines[index]) > 60 else None
            if embedded is not None:
                output.extend(embedded)
                index += 1
                continue
            per_line = _header_one_cell_per_line(lines, index)
            if per_line is not None:
                header, used = per_line
                header = _unnamed_number_column(lines, index + used, header)
                start = index
                rows, index = _rows_one_cell_per_line(lines, index + used, header, warnings, places)
                if rows and all(sum(1 for cell in row if cell) <= 1 for row in rows):
                    # only section rows (一、… ⏎ 1.…), no row of cells: the table's rows are the outline's own items,
                    # read with the header kept before them (api: unit cells under a header copied one cell per line)
                    output.extend(lines[start:index])
                    continue
                output.extend(table_rows_to_lines([header] + rows, places) if rows else lines[index - used : index])
                continue
            output.append(lines[index])
            index += 1
            continue
        header_start = index
        sub_header = None
        if index + 1 < len(lines):
            sub_header = _bar_sub_header(lines[index], lines[index + 1]) or _flat_sub_header(header, lines[index + 1])
        if sub_header is not None:
            header, index = sub_header, index + 1
        roles = _header_roles(header) or _task_list_roles(header)
        rows: list[list[str]] = [header]
        index += 1
        while index < len(lines):
            line = lines[index].strip()
            if not line:
                index += 1
                continue
            if flat_table_header(line) is not None:
                break
            if not line.strip("|｜ \t"):
                index += 1  # 「|」 alone: the closing bar of a row's last, empty cell, copied onto a line of its own
                continue
            if "|" in line or "｜" in line:  # cells copied with their bars: 1 | 任务 | 叶林 | 改革办 |
                tabbed = [c.strip() for c in re.split(r"[|｜]", line.strip().strip("|｜"))]
            else:
                tabbed = [c.strip() for c in re.split(r"\t|\s{2,}", line)]
                wrapped = _cells_wrapped_over_lines(lines, index, len(header))
                if wrapped is not None:
                    tabbed, index = wrapped
                    line = "\t".join(tabbed)
            if "|" in line or "｜" in line:
                tabbed = _shift_past_merged_cell(tabbed, roles)
                headings, tabbed = _bar_row_under_header(tabbed, roles)
                rows.extend([heading] for heading in headings)
            number = _ROW_NUMBER.match(line)
            spaced = line.split()
            filled = [c for c in tabbed if c]
            if ("|" in line or "｜" in line) and len(filled) == 1 and tabbed[0] and _is_section_line(tabbed[0], detect_marker):
                # 「二、优化建筑市场环境 | | | | |」: a section row, its heading in the first cell, not a wrapped task cell
                rows.append([filled[0]])
                index += 1
                continue
            if ("|" in line or "｜" in line) and not number and len(filled) == 1 and len(rows) > 1 and TEXT in roles:
                # 「新增学位810个 | |||||」: the rest of a row's task cell, wrapped onto a table line of its own whose
                # other cells are empty — it continues the row above, it does not end the table.
                previous = rows[-1]
                if len(previous) == len(header):
                    column = roles.index(TEXT)
                    previous[column] = f"{previous[column]} {filled[0]}".strip()
                    index += 1
                    continue
            if len(tabbed) >= min(3, len(header)) and len(tabbed) <= len(header):
                rows.append(tabbed)
            elif number and NUMBER in roles and len(spaced) == len(header) and spaced[roles.index(NUMBER)] == number.group(1):
                # Cells copied with one space between them (tabs become spaces in cleaning): one cell per word
                # when the words are exactly as many as the header's columns.
                rows.append(spaced)
            elif number and NUMBER in roles:
                row = [""] * len(header)
                row[roles.index(NUMBER)] = number.group(1)
                _fill_row(row, roles, line[number.end() :], warnings, places)
                rows.append(row)
            elif NUMBER in roles and _marked_row(line, roles, rows, places):
                pass
            elif NUMBER not in roles and _MARKED_ROW.match(line) and len(line) > 60:
                # no 序号 column: the task cell opens with its own number (「1.优化产业布局 完成…。 区环土局 区经发局」),
                # kept with the task as the row's marker
                row = [""] * len(header)
                _fill_row(row, roles, line, warnings, places)
                rows.append(row)
            elif detect_marker(line) is not None and len(line) <= 60:
                rows.append([line])  # a section heading row
            elif _text_of_a_section_row(lines, index, rows, header, roles, places):
                rows.append([line])  # the section's own paragraph, in a row whose 序号 is empty
            else:
                continued = _continued_row(lines, index, header, roles, places)
                if continued is not None:
                    rows[-1], lines[index - 1], index = continued
                    continue
                numberless = _numberless_row(line, header, roles, places)
                if numberless is None:
                    break
                rows.append(numberless)
            index += 1
        # (a header no row follows — the last line of a page that read as one — is kept as written, never lost)
        output.extend(table_rows_to_lines(rows, places) if len(rows) > 1 else lines[header_start:index])
    return output


_CELL_CLOSED_BY_A_BAR = re.compile(r"^[^|｜]*\S\s*[|｜]\s*$")


def _closing_bars_dropped(lines: list[str]) -> list[str]:
    """``lines`` without the closing bars of a table copied one cell per line, each cell closed by its bar (序号 | ⏎
    任务事项 | ⏎ 牵头责任部门 | …): the one-cell-per-line table it is. Only where no line holds a bar between cells — a
    table copied with its bars between cells (1 | 任务 | 处室 |) keeps them."""
    closed = sum(1 for line in lines if _CELL_CLOSED_BY_A_BAR.match(line))
    between = any(
        re.search(r"[|｜]", line) and not _CELL_CLOSED_BY_A_BAR.match(line) and line.strip() not in ("|", "｜") for line in lines
    )
    if closed < 6 or between:
        return lines
    return [re.sub(r"\s*[|｜]\s*$", "", line) if _CELL_CLOSED_BY_A_BAR.match(line) else line for line in lines]


def _cells_wrapped_over_lines(lines: list[str], index: int, width: int) -> tuple[list[str], int] | None:
    """(the row's cells, the index of its last line) when a numbered row of a table copied with its cells separated by
    tabs or spaces goes on over the next lines because its cells held line breaks (「2 实施…活动,⏎新开工…120个 刘志刚
    市发展改革委⏎市工信局 各县市区 2023年6月底前开工80个,⏎年底前全部开工」): each next line's first piece ends the cell the
    line before broke off, and a line of one piece after the last cell ends that cell. Only where the pieces make
    exactly the header's number of cells before the next numbered row."""

    def pieces(line: str) -> list[str]:
        return [c.strip() for c in (re.split(r"\t|\s{2,}", line.strip()) if re.search(r"\t|\s{2,}", line.strip()) else line.split())]

    if not _ROW_NUMBER.match(lines[index].strip()):
        return None
    cells = pieces(lines[index])
    if not 1 < len(cells) < width:
        return None
    end = index
    while end + 1 < len(lines):
        following = lines[end + 1].strip()
        if not following or _ROW_NUMBER.match(following) or detect_marker(following) is not None:
            break
        more = pieces(following)
        if len(cells) >= width and len(more) > 1:
            break
        cells[-1] += more[0]
        cells += more[1:]
        end += 1
        if len(cells) > width:
            return None
    return (cells, end) if len(cells) == width and end > index else None


def _text_of_a_section_row(
    lines: list[str], index: int, rows: list[list[str]], header: list[str], roles: list[str | None], places: tuple[str, ...]
) -> bool:
    """Whether the line at ``index`` is the paragraph of the section heading row just before it (「一、工作目标」, then
    its goal paragraph in a row with an empty 序号): the table goes on when the next line is a section heading or a
    numbered row with a unit cell, as the section's paragraph is no row of its own."""
    from .structure import detect_marker

    if len(rows) < 2 or len(rows[-1]) != 1:
        return False
    following = next((lines[i].strip() for i in range(index + 1, len(lines)) if lines[i].strip()), "")
    if not following:
        return False
    if detect_marker(following) is not None and len(following) <= 60 and not _ROW_NUMBER.match(following):
        return True
    row = _numbered_row(following, header, roles, places)
    return row is not None and any(row[i] for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE) and i < len(row))


# How many lines a row's cell may run over in a copy (one unit per line in a 责任单位 cell of 民生实事 tables).
_CONTINUATION_LINES = 6


def _numbered_row(line: str, header: list[str], roles: list[str | None], places: tuple[str, ...]) -> list[str] | None:
    """The cells of a flattened table's numbered row (cells between bars, or run together), or None."""
    if "|" in line or "｜" in line:
        cells = _shift_past_merged_cell([c.strip() for c in re.split(r"[|｜]", line.strip().strip("|｜"))], roles)
        if not 3 <= len(cells) <= len(header) or not _BARE_NUMBER.match(cells[0]):
            return None
        return cells + [""] * (len(header) - len(cells))
    number = _ROW_NUMBER.match(line)
    if number is None or NUMBER not in roles:
        return None
    row = [""] * len(header)
    row[roles.index(NUMBER)] = number.group(1)
    _fill_row(row, roles, line[number.end() :], None, places)
    return row


# A row's own number opening its task cell (1. / 1、, never the 1.5 of a figure), in a table without a 序号 column.
_MARKED_ROW = re.compile(r"\d{1,3}[.、．](?!\d)")
_NUMBERLESS_ROW_MAX = 150


def _numberless_row(line: str, header: list[str], roles: list[str | None], places: tuple[str, ...]) -> list[str] | None:
    """The cells of a row without number that continues a task (its second stage, with its own date: 开工建设老年大学。
    12月底前 under row 5's merged 序号), or None: a short finished sentence followed by the deadline cell."""
    deadline = next((i for i, r in enumerate(roles) if r == DEADLINE), None)
    if deadline is None or len(line) > _NUMBERLESS_ROW_MAX or NUMBER not in roles:
        return None
    task = next((i for i, r in enumerate(roles) if r == TEXT), None)
    task = task if task is not None else next(iter(_unnamed_task_column(roles)), None)
    if task is None:
        return None
    row = [""] * len(header)
    if "|" in line or "｜" in line:
        # The filled cells in order: the task, the unit cells (as many as there are unit columns), the date.
        cells = [c.strip() for c in re.split(r"[|｜]", line.strip().strip("|｜")) if c.strip()]
        units = [i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE)]
        if len(cells) < 2 or len(cells) - 2 > len(units) or not _is_dated_cell(cells[-1]):
            return None
        row[task], row[deadline] = cells[0], cells[-1]
        for column, cell in zip(units, cells[1:-1]):
            row[column] = cell
    else:
        for column, cell in (split_flat_row(line, roles, places) or {}).items():
            row[column] = cell
    if not row[deadline] or not row[task].rstrip().endswith(("。", "；", ";")):
        return None
    return row


def _continued_row(
    lines: list[str], index: int, header: list[str], roles: list[str | None], places: tuple[str, ...]
) -> tuple[list[str], str, int] | None:
    """(row, its joined line, index after it) when the lines from ``index`` continue the numbered row on the line
    before: a cell copied with its line breaks (…。 县水务局 / 县住建局 / 县护城河指挥部 12月底前).

    Only while the row's last field cell (its deadline or unit column) is still empty, only lines that start no
    row, section or header, and only when joining them fills that cell; otherwise the table ends there as before.
    """
    from .structure import detect_marker

    last_field = max((i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE, DEADLINE)), default=None)
    previous = lines[index - 1].strip() if index else ""
    row = _numbered_row(previous, header, roles, places) if previous and last_field is not None else None
    if row is None or len(row) <= last_field or row[last_field]:
        return None
    joined = previous
    for end in range(index, min(index + _CONTINUATION_LINES, len(lines))):
        line = lines[end].strip()
        if not line:
            continue
        if _ROW_NUMBER.match(line) or detect_marker(line) is not None or flat_table_header(line) is not None:
            return None
        joined = f"{joined} {line}"
        row = _numbered_row(joined, header, roles, places)
        if row is not None and len(row) > last_field and row[last_field]:
            return _names_of_one_cell_continued(lines, index, end, previous, header, roles, places) or (row, joined, end + 1)
    return None


def _names_of_one_cell_continued(
    lines: list[str], index: int, end: int, previous: str, header: list[str], roles: list[str | None], places: tuple[str, ...]
) -> tuple[list[str], str, int] | None:
    """(row, joined line, index after it) when the line after ``end`` still continues the row: the lines from ``index``
    to ``end`` are then unit names of the cell the row's line ended in, one a line (「区财政局」 / 「区税务局」 in one
    主要责任单位 cell), and the line after them is the next cell (「区政府有关部门,…」). None otherwise."""
    from .structure import detect_marker

    following = end + 1
    while following < len(lines) and not lines[following].strip():
        following += 1
    if following >= len(lines):
        return None
    line = lines[following].strip()
    if _ROW_NUMBER.match(line) or detect_marker(line) is not None or flat_table_header(line) is not None:
        return None
    names = [lines[i].strip() for i in range(index, end + 1) if lines[i].strip()]
    if not all(_is_unit_cell(name, places) for name in names):
        return None
    joined = f"{previous}、{'、'.join(names)} {line}"
    row = _numbered_row(joined, header, roles, places)
    last_field = max(i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE, DEADLINE))
    if row is None or not row[last_field]:
        return None
    return row, joined, following + 1
