"""The fields of one item: title, text, units, deadlines and targets.

Plans attach responsibility to an item in three ways, all handled here:

* field lines after the paragraph — ``牵头单位:区营商局`` / ``责任单位:…`` / ``完成时限:…``;
* the same labels inline after the last sentence — ``…良好环境。  牵头单位:市人社局``;
* a bracketed group closing the paragraph — ``(牵头单位:市科技局;责任地区:各区市县政府、先导区管委会)``,
  ``〔牵头单位:市营商局(市大数据管理局)〕`` — or, without labels, ``(市营商局、市发展改革委按职责分工负责)``
  and ``(市发展改革委牵头,市财政局配合)``.

The text of the item keeps everything else; field annotations are taken out of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .cleanup import to_simplified
from .deadlines import (
    dated_in_the_items_year,
    find_campaign_end,
    find_schedule_times,
    find_opening_span,
    find_phase_span,
    find_phase_spans_in_text,
    find_target_heading,
    find_text_deadlines,
    find_years_span_sentences,
    is_deadline_phrase,
    merge_deadlines,
    parse_deadline_field,
    without_day_notes,
)
from .numerals import chinese_dates_in_figures
from .targets import find_targets
from .units import (
    EACH_LEADS,
    NOTE_BRACKET,
    NOTE_SEGMENT,
    build_mentions,
    is_unit_like,
    normalize_mention,
    split_mentions,
    unit_after_run_on_text,
)

# A plan that splits responsibility in two names the primary side 牵头…, 主要责任… or 主责… and the other side
# 协同…, 配合…, 参与…: 主要责任单位 / 协同配合单位 is the same division as 牵头单位 / 配合单位.
LEAD_LABELS = (
    "牵头考核单位", "牵头责任单位", "牵头责任部门", "牵头单位", "牵头部门", "主要责任单位", "主要责任部门",
    "主责单位", "主责部门", "主办单位", "牵头科室", "牵头股室", "牵头处室",
    # a township's stations and offices (站所, 站办): 「牵头站办:农业服务中心」
    "牵头站办", "牵头站所",
    # 「第一责任单位:」: plans and their cover notices say 第一责任单位 and 牵头单位 are one (第一责任单位为牵头单位)
    "第一责任单位", "第一责任部门",
    # a state-owned assets commission's plan names the enterprise that leads (牵头企业:市交旅投集团)
    "牵头企业",
    # the short forms inside a bracket: (牵头:市发改委;配合:市财政局), (主办:市人社局;协办:市教育局)
    "牵头", "主办",
    # 「责任牵头单位:」, 「牵头实施单位:」, 「总牵头单位:」, 「牵头承办单位:」 (a 交办单): the lead in other words
    "责任牵头单位", "牵头实施单位", "牵头落实单位", "牵头推进单位", "总牵头单位", "主牵头单位", "牵头抓总单位", "牵头承办单位",
    # a 整改 (rectification) list: 「整改牵头单位:」, 「牵头整改单位:」
    "整改牵头单位", "整改牵头部门", "牵头整改单位", "牵头整改部门",
    # a ministry's own 分工 by its 司局: 「(牵头司局:外资司;配合单位:条法司)」
    "牵头司局", "牵头司室", "牵头厅局",
    # a bureau's plan for its district branches names the office that leads and guides them (牵头指导处室:市局标准创新处)
    "牵头指导处室", "牵头指导单位", "牵头指导部门",
)
RESPONSIBLE_LABELS = (
    "责任单位", "责任部门", "责任地区", "责任主体", "责任处室", "配合单位", "配合部门", "协办单位",
    "参与单位", "实施单位", "落实单位", "协同责任单位", "协同配合单位", "协同配合部门", "协同单位", "协同部门",
    "协作单位", "配合责任单位", "协同配合责任单位", "协同配合责任部门", "责任科室", "责任股室", "责任站办", "责任站所", "配合站办", "配合站所",
    # the helping offices inside a department: 「牵头科室 | 配合科室」
    "配合科室", "配合股室", "配合处室", "协办科室", "协办处室", "配合司局", "参与司局", "责任司局",
    # 「主要责任单位:A」 then 「其他责任单位:B、C」: the units that share the work.
    "其他责任单位", "其他责任部门", "协同责任部门", "配合责任部门",
    # 「协助单位:」, 「会办单位:」 (主办 / 会办), 「配合实施单位:」: the units that help
    "协助单位", "协助部门", "会办单位", "会办部门", "配合实施单位", "责任配合单位", "参与部门", "协办部门", "会办",
    # 「部门分工:省发展改革委牵头,各地、各部门配合。」: a division of work whose value states the roles itself
    "部门分工", "责任分工", "任务分工",
    "配合", "协办", "参与",
    # 「(主办:文化部;承办:国家图书馆)」 (an event's 主办 / 承办): the body that runs the event for its 主办
    "承办",
    # 「责任:综合行政执法队牵头，规划建设办、各村(社区)配合」: a 镇's list that writes the field's name short; its value
    # states the roles itself, as 部门分工 does
    "责任",
    # 「(牵头单位:市发改委;数据提供单位:市统计局)」 in a plan of annual targets: the units that supply the figures
    # help, as 配合单位 do; without the label the names ran on into the lead.
    "数据提供单位", "数据提供部门", "数据来源单位", "数据报送单位",
    # 「牵头责任单位:A」 then 「主要协作单位:B」: the helping side qualified as 主要; without the label its 主要 ran on
    # into the lead where the two fields share a line (a copy that lost its line breaks).
    "主要协作单位", "主要协作部门", "主要配合单位", "主要配合部门", "主要参与单位", "主要参与部门",
    # 「(牵头单位:A 参加单位:B、C)」 (a ministry's 分工): 参加 is 参与 in other words; without the label the helping
    # units ran on into the lead.
    "参加单位", "参加部门",
    # a 整改 (rectification) list: 「问题整改责任单位:市科技馆 整改时限:3天」
    "整改责任单位", "整改责任部门", "问题整改责任单位", "整改落实单位", "配合整改单位", "配合整改部门", "责任整改单位",
    # a 街道's list: the communities that carry the work out (「牵头科室:… 责任社区:…」)
    "责任社区", "责任村", "责任村(社区)", "责任村(居)", "配合社区",
    # a 交办单 / 督办通知单: 「承办单位:X(牵头)、Y」 — the units that take the task on, a lead only where marked
    "承办单位", "承办部门", "协办承办单位",
    # 「(牵头单位:区绿化市容局,支撑单位:相关街镇)」, 「支持单位:」: the units that back the lead up, as 配合单位 do;
    # without the label they ran on into the lead.
    "支撑单位", "支撑部门", "支持单位", "支持部门",
    # 「(牵头部门:市交通委港务监管处;实施部门:市港航中心、…)」, 「推进单位:」: the units that carry the work out
    "实施部门", "实施主体", "推进单位", "推进部门", "落实部门",
    # 「牵头处室:政法综治处协同处室:各处室」: the offices inside a body that help its leading office, whatever word
    # names their help
    *(f"{role}{office}" for role in ("配合", "协同", "协办", "协助", "参与", "会办") for office in ("处室", "科室", "股室", "站办", "站所")),
)
# Fields that name people, not units (牵头负责领导:刘某。): taken out of the item's text, never read as units.
# The labels of a field naming the units that carry a task out (not those that help: 配合单位, 协办单位).
_SOLE_RESPONSIBLE_LABELS = (
    "责任单位", "责任部门", "责任主体", "责任处室", "责任科室", "责任股室", "实施单位", "落实单位", "实施部门", "实施主体", "落实部门",
)
PERSON_LABELS = (
    "牵头负责领导", "牵头市领导", "牵头区领导", "牵头县领导", "牵头领导", "责任领导", "分管领导", "分管市领导",
    "责任市领导", "责任区领导", "责任县领导", "包抓领导", "联系领导", "牵头责任人", "具体责任人", "责任人",
    # 「分管省领导:林某某」, 「分管县领导:张某」, 「分线领导:王某」: the leader of any level of government, in any role.
    *(
        f"{role}{level}领导"
        for role in ("分管", "牵头", "责任", "联系", "包抓", "包保", "挂点", "领办")
        for level in ("省", "市", "州", "盟", "区", "县", "旗", "镇", "乡", "街道")
        if f"{role}{level}领导" not in ("牵头市领导", "牵头区领导", "牵头县领导", "分管市领导", "责任市领导", "责任区领导", "责任县领导")
    ),
    "分线领导", "包保领导", "挂点领导", "领办领导", "牵头负责人", "责任领导同志", "分管领导同志",
    # 「(牵头部门:科技司、办公室,主管领导:于某、马某)」: a ministry's 分工 names the leader in charge of each task
    "主管领导", "主管局领导", "主管部领导", "主管厅领导",
    # 「指标长:陈某(副市长)」 (营商环境 指标长制), 「链长:…」 (产业链 链长制), 「包联领导:…」: a leader over the work
    "指标长", "总链长", "链长", "包联领导", "包靠领导", "包片领导",
)
DEADLINE_LABELS = (
    "完成时限", "完成时间", "完成期限", "时间节点", "时限要求", "时间要求", "进度安排", "时限",
    "计划完成时间", "完成日期", "截止时间", "截止日期", "办结时限", "时间安排",
    # 「完成时间节点:」, 「时间进度:」, 「推进时限:」, 「工作时限:」
    "完成时间节点", "时间进度", "推进时限", "工作时限", "完成节点", "进度要求", "完成时限要求", "办理时限",
    # 「整改时限:立行立改、长期坚持」, 「整改期限:2024年6月底前」: the deadline of a 整改 (rectification) task
    "整改时限", "整改期限", "整改完成时限", "整改时间",
    # a campaign's (专项整治) own: 「整治时限:2022年3月—11月」
    "整治时限", "整治期限", "整治时间",
    # 「(镇人居办牵头,镇文化站配合;时间:11月底前完成)」: among a task's fields 时间 is when it is due
    "时间",
)
_ALL_LABELS = sorted(LEAD_LABELS + RESPONSIBLE_LABELS + DEADLINE_LABELS + PERSON_LABELS, key=len, reverse=True)
_LABEL_NAMES = "|".join(_ALL_LABELS)
_LABEL_ENDINGS = tuple(_ALL_LABELS)
# "牵头单位:" or "【牵头单位】" (the colon optional after 【】); 「责任处室(单位):」, 「牵头单位(部门):」 — the label with what
# else it may name in brackets.
_LABEL_QUALIFIER = r"(?:[(（](?:单位|部门|处室|科室|单位部门|部门单位)[)）])?"
# 「市级牵头单位:A;区级牵头单位:B」 (a local 分工 naming each level's lead): the level before the label.
_LABEL_LEVEL = r"(?:(?:省|市|州|区|县|镇|乡|街道)级)?"
_LABEL = re.compile(
    rf"(?:【\s*(?P<boxed>{_LABEL_NAMES})\s*】\s*[:：]?|{_LABEL_LEVEL}(?P<label>{_LABEL_NAMES}){_LABEL_QUALIFIER}\s*[:：])\s*"
)
_LABEL_START = rf"(?:【\s*(?:{_LABEL_NAMES})\s*】|{_LABEL_LEVEL}(?:{_LABEL_NAMES}){_LABEL_QUALIFIER}\s*[:：])"
# A label starts a field at the start of a line or after a finished sentence.
# (「…加强监管,牵头单位:市市场监管局」: after a comma too — a label with its colon is never part of a sentence.)
# (「台风、山洪及森林火灾牵头领导:周某某牵头处室:政法综治处」: a heading run straight into its labelled fields — a label of
# who leads or answers, with its colon, is a label there too; a shorter word may end a longer one: 公示时间:, 联系单位:)
_ROLE_LABEL_START = rf"(?:{'|'.join(sorted((w for w in LEAD_LABELS + RESPONSIBLE_LABELS + PERSON_LABELS if len(w) >= 4), key=len, reverse=True))}){_LABEL_QUALIFIER}\s*[:：]"
# (「区交通局牵头,各乡镇(街道)配合:摸清底数」: after a bracket that ends a unit's name, a bare role word with its colon ends
# a sentence of roles — only a label of two words or more starts a field there)
_BARE_ROLE_LABEL = r"(?:牵头|配合|主办|协办|承办|参与)\s*[:：]"
_LABEL_AFTER_SENTENCE = re.compile(
    rf"(?:^|(?<=[。；;！!？?\s，,]))\s*(?={_LABEL_START})|(?<=[)）])\s*(?!{_BARE_ROLE_LABEL})(?={_LABEL_START})"
    rf"|(?<=[\u4e00-\u9fff])(?={_ROLE_LABEL_START})"
)

_OPENERS = {")": "(", "〕": "〔", "】": "【", "]": "["}
_ROLE_SUFFIX = re.compile(
    r"(为牵头单位|为牵头部门|为总牵头单位|为责任单位|为配合单位|为配合部门|为参与单位|"
    r"按职责分别负责|按职责分别落实|按职能分别负责|(?:按照?职责(?:分工)?)?分别牵头负责|(?:按照?职责(?:分工)?)?分别牵头|共同牵头组织实施|共同牵头负责|共同牵头|联合牵头|牵头组织实施|牵头抓总|牵头抓落实|牵头抓好落实|牵头统筹|牵头督促|主抓|牵头负责|牵头督导|牵头督办|牵头指导|牵头办理|牵头推进|牵头协调|牵头组织|牵头落实|牵头实施|总牵头|牵头汇总|牵头|主办|共同承办|承办|协办|会办|主责|负总责|按职责分工负责|按职责分工落实|按职能分工负责|按职分工负责|职能分工负责|职责分工负责|"
    r"按职责负责|分工负责|分别负责|共同负责|负责落实|具体负责|具体落实|抓好落实|组织实施|具体实施|负责实施|"
    # 「各街镇、开发区配合实施」, 「相关区有关部门结合实际落实」: the helpers' verb after their role word
    r"负责配合落实|负责配合|配合实施|配合落实|协助实施|协助落实|参与实施|结合实际抓好落实|结合实际落实|"
    r"支持配合|协助配合|积极配合|协同配合|负责承担|具体承担|负责|配合|协助|协同|协作|支持|参与|参加|承担|落实|"
    # 「省政务服务中心指导」: a body that guides the work shares it, as one that helps does
    r"业务指导|督促指导|协调指导|指导|"
    # 「区联席会议办公室做好服务与配合工作」, 「市政府办公厅、市信息办及相关部门各负其责」: the helpers' part said in a phrase
    r"做好(?:服务与|服务和)?配合工作|各负其责)$"
)
_A_START = re.compile(r"(?:开始|以来)$")
_NAMES_A_TIME = re.compile(r"(?:19|20)\d{2}\s*年|(?:1[0-2]|0?[1-9])\s*月|年底|年末|年内|上半年|下半年|季度")
_OPENS_WITH_TIME = re.compile(
    r"(?:(?:19|20)\d{2}\s*年|(?:1[0-2]|0?[1-9])\s*月(?:底|末|份|上旬|中旬|下旬|\s*(?:3[01]|[12]\d|0?[1-9])\s*[日号])"
    r"|年底|年末|年内|上半年|下半年|第?[一二三四]季度)"
)
_LABEL_IS = re.compile(
    rf"^(?P<label>{'|'.join(sorted(LEAD_LABELS + RESPONSIBLE_LABELS, key=len, reverse=True))})(?:为|是)(?P<units>.+)$"
)
# Role words that name the lead: 牵头 (and its variants), 主办, 主责 and 负总责 — 「A主办,B、C协办」 and 「A主责,B配合」
# are 牵头/配合 in other words.
_LEAD_ROLE = re.compile(r"牵头|主办|主责|负总责|主抓")
_ENDS_IN_LEAD = re.compile(r"牵头[。；;]?$")
# 「A会同B负责」: A leads the work and B shares it.
_TOGETHER_WITH = re.compile(r"^(?P<lead>[^,，]+?)会同(?P<others>.+)$")
# The units 「会同」 names may be a collective: 有关部门, 相关单位, 各地.
_SHARING_COLLECTIVE = re.compile(r"^(?:有关|相关|其他有关|各有关)(?:部门|单位|方面)|^各")


def _together_with(units: str) -> tuple[str, str] | None:
    """(the leading units, the units that share the work) of 「X会同Y」 (「X、Z会同有关部门」) when both sides name units."""
    together = _TOGETHER_WITH.match(units)
    if together is None:
        return None
    leads, others = split_mentions(together.group("lead")), split_mentions(together.group("others"))
    if not leads or not all(is_unit_like(m) for m in leads):
        return None
    if not others or not all(is_unit_like(m) or _SHARING_COLLECTIVE.match(m) for m in others):
        return None
    return together.group("lead"), together.group("others")
# A chapter heading that names the lead of its items: 「县示范区管委会牵头工作(8项)」, 「市发改委牵头(5项)」.
# (「一、市地方金融监管局(牵头)」, a 批示 breakdown's heading: the unit that leads the measures under it)
_HEADING_LEAD = re.compile(
    r"^(?P<units>[^。；;！!？?，,:：()（）]{2,40}?)(?:牵头(?:负责)?(?:的)?(?:工作|任务|事项)?|[(（]\s*牵头\s*[)）])"
    r"\s*(?:[(（]\s*\d+\s*项\s*[)）])?$"
)


def _heading_lead(line: str) -> list[tuple[str, str]]:
    """``[("牵头单位", units)]`` when ``line`` is a heading worded 「X牵头工作(N项)」, else ``[]``."""
    match = _HEADING_LEAD.match(line.strip().rstrip("。:："))
    if not match:
        return []
    mentions = split_mentions(match.group("units"))
    if not mentions or not all(is_unit_like(m) for m in mentions):
        return []
    return [("牵头单位", match.group("units"))]


def _simplified_fields_line(line: str) -> str:
    """The line in simplified characters when only then does it carry fields: a lead bracket written in
    traditional characters (「(自治區交通運輸廳牽頭,…配合)」) in a document mostly simplified (the whole-document
    conversion in ``cleanup`` did not apply). The same OpenCC conversion as the document's."""
    simplified = to_simplified(line)
    if simplified == line:
        return line
    group = _trailing_group(simplified)
    has_fields = bool(group and (_LABEL.search(group[1]) or role_fields(group[1]))) or bool(
        _LABEL_AFTER_SENTENCE.search(simplified) and _LABEL.search(simplified)
    )
    return simplified if has_fields else line


@dataclass
class ItemFields:
    title: str
    text: str
    lead_units: list[dict] = field(default_factory=list)
    responsible_units: list[dict] = field(default_factory=list)
    deadlines: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)


def _trailing_group(line: str) -> tuple[str, str] | None:
    """(text before, content) of a bracketed group that ends ``line``, brackets nested or not."""
    stripped = line.rstrip().rstrip("。.；;")
    if not stripped or stripped[-1] not in _OPENERS:
        return None
    found = _group_before(stripped)
    if found is None and len(stripped) > 1 and stripped[-2] in _OPENERS:
        # 「[市水务局牵头,…,不再列出)]」: a stray closing bracket left before the group's own one in copying.
        found = _group_before(stripped[:-2] + stripped[-1])
    return found


def _group_before(stripped: str) -> tuple[str, str] | None:
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        char = stripped[index]
        if char in _OPENERS:
            depth += 1
        elif char in _OPENERS.values():
            depth -= 1
            if depth == 0:  # mixed pairs such as "(…〕" are accepted: converters mix bracket widths
                return stripped[:index].rstrip(), stripped[index + 1 : -1].strip()
    return None


def split_labeled(text: str) -> list[tuple[str, str]]:
    """``[(label, value)]`` of every labelled field in ``text``."""
    matches = list(_LABEL.finditer(text))
    fields = []
    for position, match in enumerate(matches):
        end = matches[position + 1].start() if position + 1 < len(matches) else len(text)
        value = text[match.end() : end].strip().strip(";；,，。 ")
        label = match.group("label") or match.group("boxed")
        if label in LEAD_LABELS or label in RESPONSIBLE_LABELS:
            # 「(牵头:A;参与:B、C;6月底前提请审议)」: a part after the units that opens with a time is the item's
            # schedule, under no label of its own — not one more unit
            parts = [part.strip() for part in re.split(r"[;；]", value)]
            timed = [part for part in parts[1:] if _OPENS_WITH_MONTH.match(part)]
            if timed:
                fields.append((label, "；".join(part for part in parts if part not in timed)))
                fields.extend(("完成时限", part) for part in timed)
                continue
        fields.append((label, value))
    return fields


# A field's part that opens with a time: 6月底前…, 2016年9月…, 7月常委会会议, 5月至8月, 年底前….
_OPENS_WITH_MONTH = re.compile(r"(?:(?:19|20)\d{2}\s*年\s*)?(?:1[0-2]|0?[1-9])\s*月|年底|年末|年内|上半年|下半年|第?[一二三四]季度")


def _shared_body_names(units: str, mentions: list[str]) -> str:
    """「临汾、侯马、洪洞经济开发区管委会」 as 「临汾经济开发区管委会、侯马经济开发区管委会、洪洞经济开发区管委会」.

    Place names of one length listed before a unit name that starts with a place name of that length share that
    unit's body; anything else is returned as written.
    """
    *places, last = mentions
    width = len(places[0]) if places else 0
    if not places or not 2 <= width <= 3 or any(len(p) != width or not re.fullmatch(r"[\u4e00-\u9fff]+", p) for p in places):
        return units
    body = last[width:]
    if len(body) < 3 or not is_unit_like(last) or not is_unit_like(places[0] + body):
        return units
    return "、".join([p + body for p in places] + [last])


def role_fields(content: str) -> list[tuple[str, str]] | None:
    """``_role_fields`` of ``content``; failing that, of its first sentence when a note sentence follows the roles
    (「A牵头,B配合,C负责落实。以下均需C落实,……不再列出」: the note says how to read what follows, it names no roles)."""
    fields = _role_fields(content)
    if fields is None and "。" in content.rstrip("。 "):
        first = content.split("。", 1)[0]
        fields = _role_fields(first) if _ROLE_SUFFIX.search(first) else None
    return fields


def _role_fields(content: str) -> list[tuple[str, str]] | None:
    """Label-less responsibility in brackets: '市营商局、市发展改革委按职责分工负责', 'A牵头,B配合'.

    A segment that only states a time ('A牵头,B配合,6月底完成', 'X负责,年内持续推进') is the deadline.
    """
    # 「A、B牵头,C、D(除标注为“牵头”单位外,列第一位的为牵头或汇总单位,下同)」: the note in its own brackets holds
    # commas of its own; it says how to read lists without a role word and names no unit.
    content = NOTE_BRACKET.sub("", content)
    # "(A、B、C负责。列第一位的为牵头部门,下同)": a note may follow the unit list as a sentence of its own.
    segments = [s.strip() for s in re.split(r"[,，;；。]", content) if s.strip()]
    # 「市发改委牵头、市财政局配合」, 「市工信局牵头 市财政局配合」: a role word closes its segment even where the next
    # one follows after 、 or a space.
    segments = [
        part.strip() for segment in segments for part in re.split(r"(?<=牵头|负责|主办|主责)[、\s]+(?=\S)", segment) if part.strip()
    ]
    # "(A、B负责,列第一位的为牵头单位,下同)": the convention note is not a unit list; nor is 「对应省分工第4项」, the item
    # of the higher document's 分工 that the task carries out.
    segments = [s for s in segments if not NOTE_SEGMENT.match(s.rstrip("。. ")) and not _CITED_ITEM.fullmatch(s)]
    if not segments or any(_ITEMS_LED_BY.match(s) for s in segments):
        return None  # (「第8项由A牵头;第9项由B牵头」: a note that gives the plan's items their leads, no item's own roles)
    fields = []
    # 「2024年9月底前上线试运行」: a segment that opens with a time and assigns no role says what is due by then.
    # (「2016年开始」: when the work starts, no time it is due by)
    timed = [
        s for s in segments
        if is_deadline_phrase(s) or (_OPENS_WITH_TIME.match(s) and not _ROLE_SUFFIX.search(s) and not _A_START.search(s))
    ]
    deadlines = [("完成时限", s) for s in timed]
    if timed:
        # 「(县教育局牵头,县住建局配合;8月底前完工,秋季开学投入使用)」: what follows the time and names no role and no unit
        # says more about the schedule, not who does the work (a time in it is the task's too: 「确保年底前支付率达到95%」)
        after_time = segments[segments.index(timed[0]) + 1 :]
        said_of_the_time = [
            s for s in after_time
            if s not in timed and not _ROLE_SUFFIX.search(s) and not any(is_unit_like(m) for m in split_mentions(s))
        ]
        deadlines += [("完成时限", s) for s in said_of_the_time if _NAMES_A_TIME.search(s) and not _A_START.search(s)]
        segments = [s for s in segments if s not in said_of_the_time]
    segments = [s for s in segments if s not in timed]
    if not segments:
        return None
    # 「整改要求:区发展和改革局牵头」: the name of the paragraph that assigns the work, before its units
    segments = [_ASSIGNING_PARAGRAPH_NAME.sub("", s) or s for s in segments]
    segments = _units_listed_before_their_lead_role(segments)
    for segment in segments:
        # 「牵头单位为市发改委」, 「配合单位是市财政局」: the label before the units, joined by 为/是 instead of a colon.
        labelled = _LABEL_IS.match(segment)
        if labelled and labelled.group("units") not in _ALL_LABELS and all(is_unit_like(m) or m.startswith("各") for m in split_mentions(labelled.group("units"))):
            lead = labelled.group("label") in LEAD_LABELS
            fields.append(("牵头单位" if lead else "责任单位", labelled.group("units")))
            continue
        # 「(X牵头,会同Y、Z等部门推进;…)」: the bodies the lead works with, after it, share the work
        shared = _SHARED_WITH.fullmatch(segment) if fields else None
        if shared and all(is_unit_like(m) or m.startswith("各") for m in split_mentions(shared.group("units"))):
            fields.append(("责任单位", shared.group("units")))
            continue
        role = _ROLE_SUFFIX.search(segment)
        units = segment[: role.start()] if role else segment
        if role:  # "由县发改局牵头实施", "其中市住建局为牵头单位"
            # (「成立由A、B牵头,C等部门组成的工作小组」: the body set up is led by the units after 由)
            units = _DESIGNATED_AS.sub("", re.sub(r"^(?:其中|(?:成立|组建|建立|设立)?由)+", "", units))
            units = _after_its_subject(units)
        if role and _PERSON_WITH_TITLE.match(units):
            continue  # 「王某某副县长牵头」, 「由张某某同志牵头」: a leader, not a unit
        if role and _leaders_by_office(units):
            continue  # 「分管副省长、协管副秘书长负责」: leaders named by their office, before the units' roles
        together = _together_with(units) if role else None
        if together:
            fields += [("牵头单位", together[0]), ("责任单位", together[1])]
            continue
        mentions = split_mentions(units)
        if mentions and not all(is_unit_like(m) or m.startswith("各") for m in mentions):
            units = _shared_body_names(units, mentions)
            mentions = split_mentions(units)
        if mentions and role and not _LEAD_ROLE.search(role.group(1)) and _lead_named(fields):
            # 「(区科技局主办,各街道、板块协办)」: once the lead is named, a helper list may hold a word the unit grammar
            # does not know (板块, a district's functional zones); the helpers that read as units are kept, the lead stands
            helpers = [m for m in mentions if is_unit_like(m) or m.startswith("各")]
            if len(helpers) < len(mentions):
                if helpers:
                    fields.append(("责任单位", "、".join(helpers)))
                continue
        if not mentions or not all(is_unit_like(m) or m.startswith("各") for m in mentions):
            return None
        if role is None and len(segments) == 1 and not (deadlines and _plain_unit_names(mentions)):
            # a bare "(市财政局)" could be anything; only take it with a role word, or with the time it is due by
            # ("(市发改委、市财政局,2024年底前)": the units answer for the task, none is named its lead)
            return None
        label = "牵头单位" if role and _LEAD_ROLE.search(role.group(1)) else "责任单位"
        fields.append((label, units))
    return fields + deadlines


def _units_listed_before_their_lead_role(segments: list[str]) -> list[str]:
    """「(省政务服务数据管理局,相关地市政府牵头)」: units listed with commas, the lead's role word said once after the
    last of them, lead together — the segments as one list. Only where no earlier segment says a role of its own."""
    # (a labelled list before — 「责任单位:A、B,其中A为牵头单位」 — says its own role)
    if len(segments) < 2 or any(_ROLE_SUFFIX.search(s) or re.search(r"[:：]", s) for s in segments[:-1]):
        return segments
    role = _ROLE_SUFFIX.search(segments[-1])
    if role is None or not _LEAD_ROLE.search(role.group(1)) or role.end() != len(segments[-1].rstrip("。. ")):
        return segments
    if role.group(0).startswith(("为", "是")) or segments[-1].startswith("其中"):
        return segments  # 「…,其中市住建局为牵头单位」: the lead picked out of the list before, not added to it
    # (「(各省级人民政府,商务部牵头)」: the collective before carries the work out where it is, the lead is the one named)
    earlier = [m for s in segments[:-1] for m in split_mentions(s)]
    last = split_mentions(segments[-1][: role.start()])
    if not last or not _names_units(earlier + last) or not _plain_unit_names(earlier + last) or any(m.startswith("各") for m in earlier):
        return segments
    return ["、".join(segments)]


def _lead_named(fields: list[tuple[str, str]]) -> bool:
    """A lead field among ``fields`` that names units, not a label's word (「省牵头单位负总责」 names nobody)."""
    return any(
        label == "牵头单位" and not any(m.endswith(_LABEL_ENDINGS) for m in split_mentions(units))
        for label, units in fields
    )


_SHARED_WITH = re.compile(
    r"会同(?P<units>[^,，;；。]+?)(?:等(?:有关|相关)?(?:部门|单位|方面))?(?:共同)?(?:推进|实施|落实|负责|开展|办理|组织实施)?"
)
# 「整改要求:」, 「办理要求:」, 「落实措施:」: the name of the paragraph that says who is to do the work.
_ASSIGNING_PARAGRAPH_NAME = re.compile(r"^(?:整改|办理|落实|工作|具体)(?:要求|措施|意见)\s*[:：]\s*")
# 「对应省分工第4项」, 「国务院分工第10项」, 「落实国发〔2015〕32号第三条」: the higher document's item a task carries out.
_CITED_ITEM = re.compile(r"(?:对应|落实|承接|见)?[^,，;；。()（）]{0,20}第[一二三四五六七八九十百零〇\d]{1,4}(?:项|条|款|点)")
# 「…示范街区。【国务院分工第10项】(省商务厅牵头)」: such a citation in its own brackets between the sentence and the roles.
_CITATION_AT_THE_END = re.compile(r"\s*【[^【】]{1,30}】\s*$")


def _after_its_subject(units: str) -> str:
    """The units of a clause that names its work first: 「巡田APP推广应用工作由信息中心」 (…由信息中心牵头) → 信息中心,
    「评审专家动态监管考评机制由区财政金融局」 → 区财政金融局.
    Only where the words before 由 name a piece of work and those after it are units (自由贸易试验区 holds a 由 of its
    own)."""
    if "由" not in units:
        return units
    before, after = units.rsplit("由", 1)
    if not _NAMES_WORK.search(before):
        return units
    mentions = split_mentions(after)
    return after if mentions and all(is_unit_like(m) for m in mentions) else units


_NAMES_WORK = re.compile(r"(?:工作|任务|事项|项目|工程|活动|行动|改革|试点|应用|建设|推广|编制|整治|专项|机制|制度|体系|平台|系统|方案|办法|规划|清单|目录|标准)$")


# 「由科技处牵头建设…」, 「…,国网供电公司负责实施,市发展改革委牵头督导,…」, 「省工业和信息化厅牵头,省发展改革委参与,…」: a
# clause that opens with the units that lead. 由 may also stand inside a clause, after a space or after the work it assigns
# (「…这篇大文章 由社会事业处牵头」, 「全面动员部署由农业农村处牵头负责」; not the 由 of 自由, 理由, 由于 or 由此): every name after it
# must still read as a unit. A word of obligation may stand before 牵头 (「局政法综治处要牵头组织…演练」).
# (「建立市场监管部门牵头的联席会议制度」: a body led by the units, not a clause that gives them the task)
_OTHER_NAME_IN_BRACKETS = r"(?:[(（][^()（）,，;；。:：\n]{1,15}[)）])?"
_LED_BY_IN_SENTENCE = re.compile(
    r"(?:(?:^|(?<=[,，;；。\n]))由?|(?<![自理缘因])由(?![于此]))"
    # (「区资源生态局负责牵头依法查处…」: the unit charged with leading the work)
    # (「结合卫生计生部门牵头开展的…专项行动」: another campaign, named by the units that lead it, not a task given them)
    # (「…由县交通局、建设局统一牵头收集」, 「…分别牵头落实」, 「…领导小组总牵头」: how they lead, between the units and 牵头)
    # (「区建设管理委(区水务局)牵头完成…」: a unit's other name in brackets after it)
    rf"(?P<units>[^,，;；。:：()（）由\n]{{2,40}}?{_OTHER_NAME_IN_BRACKETS})(?:要|应|须)?(?:负责)?(?:共同|联合|统一|分别|总)?"
    r"牵头(?!单位|部门|的|(?:开展|组织|实施|推进|部署)的)"
)
# 「由X」: the agent a clause names (not 自由, 理由, 缘由, 因由), up to a role word
_BY_AGENT = r"(?<![自理缘因])由(?P<units>[^,，;；。:：()（）由\n]{{2,{most}}}?)"
# 「议案由市工业和信息化局负责主办」: the unit that handles a deputy's motion as its 主办 leads it
_HOSTED_BY_IN_SENTENCE = re.compile(rf"{_BY_AGENT.format(most=40)}(?:负责)?主办(?!单位|部门|的)")
# An opening quotation whose words the clause's units follow: 「按照“农业农村处牵头,各处室负责”原则」 (a name may hold a
# quotation of its own, 镇“厕所革命”领导小组办公室, closed inside it).
_BEFORE_AN_OPEN_QUOTATION = re.compile(r"^.*[“\"「](?=[^”\"」]*$)")


# 「市场监管总局要发挥牵头作用,加强统筹协调」, 「海关总署要继续做好牵头工作」, 「市商务局要切实履行牵头职责」, 「区社会事业局将
# 发挥牵头作用」: the units that are told to take the lead of the work the item names (「各牵头单位要履行牵头抓总责任」
# names no unit).
_TAKES_THE_LEAD_IN_SENTENCE = re.compile(
    rf"(?:^|(?<=[,，;；。\n]))(?P<units>[^,，;；。:：()（）由\n]{{2,40}}?{_OTHER_NAME_IN_BRACKETS})(?:要|应|应当|须|必须|将)?(?:继续|切实|充分|进一步|认真)?"
    # (「…要发挥牵头抓总、统筹协调…作用」, 「…要切实发挥牵头部门作用」, 「…要积极牵头组织开展…」)
    # (「…做好牵头推动工作」, 「…负责专项行动的牵头工作」)
    r"(?:(?:发挥|做好|履行|承担|负起)好?牵头(?:部门|单位)?(?:抓总|推动|协调|组织)?(?:作用|工作|职责|责任|、)|(?:积极|主动)牵头(?:组织|开展|推进|抓好|负责)"
    r"|负责[^,，;；。]{0,12}?的牵头工作"
    # (「市规划资源局履行…“一件事”牵头部门职责」: the work it leads named between the verb and its role)
    r"|履行[^,，;；。]{1,30}?牵头(?:部门|单位)职责)"
)
# 「在县教育局的牵头下,…」: the body under whose lead the clause's work is done
_UNDER_THE_LEAD_OF = re.compile(r"(?:^|(?<=[,，;；。\n]))\s*在(?P<units>[^,，;；。:：()（）\n]{2,30}?)(?:的)?(?:统一)?牵头下")


# 「区房管局负责加装电梯工程的全面管理,…,牵头协调相关部门落实各自监管职责」, 「区级林业部门作为…统筹主体,要切实履行
# 牵头抓总职责」: the subject of a sentence one of whose later clauses opens with 牵头 (no other subject before it) leads.
# (「区建设管理委作为区域行业主管部门,负责牵头…」, 「区农业农村局(区河长办),负责牵头实施…」: the subject, what it serves
# as or its other name, and a comma before 负责牵头)
_SUBJECT_THEN_LEADS_IN_SENTENCE = re.compile(
    r"(?:^|(?<=[。；;\n]))(?P<units>[^,，;；。:：()（）由\n是为]{2,40}?(?:[(（][^()（）,，;；。\n]{1,15}[)）])?)"
    r"(?:作为[^,，;；。\n]{1,30}?[,，]|\s*[,，])?\s*(?:负责|要|应|须)"
    r"(?:[^。；;\n]*?[,，]\s*(?:并|同时|负责|要|切实)?)?\s*(?:履行)?牵头(?!单位|部门|的)"
)


# 「区住房保障房屋管理局是旧住房成套改造工作牵头部门,负责…」, 「市商务局为本行动的牵头单位」, 「行政服务处作为牵头处室」,
# 「区水务局为…工作的牵头、协调单位」: the unit the sentence says the lead is.
_IS_THE_LEAD_IN_SENTENCE = re.compile(
    r"(?:^|(?<=[,，;；。\n]))(?P<units>[^,，;；。:：()（）由\n是为]{2,40}?)(?:是|为|作为)[^,，;；。:：\n]{0,30}?(?:总)?牵头(?:、[^,，;；。:：\n]{1,6}?)?(?:单位|部门|处室|科室|股室)"
)


# 「…的问题,由发展改革委会同中央农办、农业部等部门负责落实。」 (or 「…研究提出落实意见」): the units before 会同 lead,
# those after share the work (the wording of the State Council's 分工 of its documents and of the plans that copy it).
# 由 may stand inside the clause too (「试点城市由生态环境部会同…筛选确定」; not the 由 of 自由 or 理由), and 经 marks the same
# agent (「经生态环境部会同有关部门组织专家评审」). Without 由 or 经 the subject of the clause leads the same way
# (「区交通委要会同有关部门加强跟踪督查」): the fixtures' convention since heldout32/33, which the real parts since
# (heldout53–57) follow; parts written blind in rounds 3–22 read a 督查室 that 「会同…开展督查」 as no lead.
# A character of the units' names before 会同: not 由 or 经, which mark the agent — except the 经 of 经济, 经信, 经营 … inside a
# name (市经济信息化委).
_NAME_CHARACTER_BEFORE_AGENT = r"(?:[^,，;；。:：()（）由经\n]|经(?=济|营|贸|信|开|侦|管|发))"
_LED_TOGETHER_IN_SENTENCE = re.compile(
    # (「本措施由市工信局会同有关部门负责解释」: who interprets the document, no task's lead; 「报管委会同意后…」 is 管委会
    # and 同意, no 会同)
    rf"(?:(?:^|(?<=[,，;；。\n]))(?:由|经(?![贸信发管济]))?|(?<![自理缘,，;；。\n])由)(?P<units>{_NAME_CHARACTER_BEFORE_AGENT}{{2,40}}?)(?:要|应|应当|须|将)?会同(?!意)(?![^。；;]*解释)"
)


_SUPERVISES_THE_PLAN = re.compile(r"督查|督导|督办|督促检查|考核|考评|问效|问责")



# 「二、职责分工食品监督管理处负责牵头…」: the chapter's heading run on to the unit that opens its first sentence
_DUTIES_HEADING_BEFORE = re.compile(r"^\s*(?:职责分工|责任分工|任务分工|工作分工|部门职责|工作职责|分工职责)\s*[:：]?\s*(?=\S{2})")


# Duties that open with 牵头 (「牵头开展…」, 「负责牵头…」), not with what another leads (牵头单位, 牵头的)
_DUTIES_OPEN_WITH_THE_LEAD = re.compile(r"\s*(?:负责)?(?:统筹)?牵头(?!单位|部门|的|领导)")


# 「国务院责成国务院生产委员会会同…」, 「市政府责成市交通局…」: who charges the body with the work opens the clause
_CHARGED_BY = re.compile(r"^\s*[^,，;；。]{0,10}?责成\s*")


# 「明确经发局为牵头部门」, 「确定市商务局为牵头单位」: the verb that names a body the lead is not part of its name
_DESIGNATED_AS = re.compile(r"^\s*(?:明确|确定|指定|确立)\s*(?=\S{2})")


# 「一是省中医药局要会同省卫生健康委…;二是…」: the word that counts a clause off is not part of the units that open it
_ENUMERATOR_BEFORE = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,2}是|其[一二三四五六七八九十])\s*[,，、:：]?\s*")
# 「…,同时县节能领导小组要会同有关单位开展检查」: a word that joins the clause to the one before, not the unit's name
_JOINING_WORD_BEFORE = re.compile(r"^\s*(?:同时|并且|另外|此外|还要|也要)\s*")
# 「对重点单位会同市能源监察支队进行审计」: what the work is done to, not who does it
_OBJECT_OF_THE_WORK = re.compile(r"^\s*(?:对|针对|就|向|把|将)")


# 「开展宣传活动由国资局牵头，各所出资企业共同参与，…。责任处室:办公室」: the sentence says in so many words which body
# leads (由X牵头), whoever the 责任处室 field lists as doing the work.
_LED_BY_NAMED = re.compile(rf"{_BY_AGENT.format(most=30)}牵头(?!单位|部门|的)")


# 「第8项由A牵头;第9项由B牵头」, 「第1—3项由…」: a note that gives the plan's items their leads (by their numbers)
_ITEMS_NUMBERED = r"第[\d一二三四五六七八九十—\-–~、至]{1,12}(?:项|条)"
_ITEMS_LED_BY = re.compile(rf"{_ITEMS_NUMBERED}\s*由")
_ITEMS_NAMED_BEFORE = re.compile(rf"{_ITEMS_NUMBERED}\s*由?\s*(?:[^,，;；。由]{{2,40}})?$")


def _clause_units(units: str) -> str:
    """The units a lead clause names, without what opens the clause before them (an open quotation, a duties heading run
    on, 一是, who charges them with the work: 「国务院责成A会同B…」 → A) and without those that only join the work
    (「由A会同B牵头组织…」 → A, as in 「由A会同B负责」), the task's words that run on into the name cut off."""
    units = _BEFORE_AN_OPEN_QUOTATION.sub("", units)
    units = _CHARGED_BY.sub("", _JOINING_WORD_BEFORE.sub("", _ENUMERATOR_BEFORE.sub("", _DUTIES_HEADING_BEFORE.sub("", units))))
    units = _DESIGNATED_AS.sub("", units)
    return unit_after_run_on_text(units.split("会同")[0])


def _opens_its_part(clause: re.Match, text: str) -> bool:
    """The lead clause names its units by 由, or opens a sentence (or the part after a semicolon) with them."""
    return clause.group(0).lstrip(",，;；。\n").startswith("由") or clause.start() == 0 or text[clause.start() - 1] in "；;。\n"


def _lead_in_the_sentence(text: str, resolve_unit, phrases: tuple[str, ...]) -> list[dict]:
    """The units of the one 「由X牵头…」 (or 「由X会同Y负责…」) clause in ``text`` when every name in it reads as a unit,
    else none."""
    matches = [
        *_LED_BY_IN_SENTENCE.finditer(text),
        *_HOSTED_BY_IN_SENTENCE.finditer(text),
        *_LED_TOGETHER_IN_SENTENCE.finditer(text),
        *_TAKES_THE_LEAD_IN_SENTENCE.finditer(text),
        *_IS_THE_LEAD_IN_SENTENCE.finditer(text),
        *_SUBJECT_THEN_LEADS_IN_SENTENCE.finditer(text),
        *_UNDER_THE_LEAD_OF.finditer(text),
    ]
    clauses = [
        (c, _clause_units(c.group("units")))
        for c in matches
        if "牵头" not in c.group("units")
        # 「各部门要切实履行牵头责任」: a reminder to every body, no lead named
        and not (c.re is _TAKES_THE_LEAD_IN_SENTENCE and re.match(r"各|有关|相关", c.group("units")))
        and not _OBJECT_OF_THE_WORK.match(c.group("units"))
        # 「各级卫生健康部门要会同有关部门加强监督」: every body of a kind, no unit a ledger could hold to account
        and not _ENUMERATOR_BEFORE.sub("", c.group("units")).startswith("各级")
        # 「支持企事业单位牵头制定国际标准」, 「鼓励龙头企业牵头组建…」: bodies the plan encourages to lead, not a unit given the task
        and not re.match(r"\s*(?:支持|鼓励|引导|允许|倡导|动员|吸引)", c.group("units"))
        # 「第8项由…牵头;第9项由…牵头」: a note that gives the plan's items their leads, not this item's work
        and not _ITEMS_NAMED_BEFORE.search(text[: c.start("units")] + c.group("units"))
        # 「我局将会同财政、质监等部门…」: the issuer speaking of itself, no unit a 督办 ledger could hold to account
        # (「你委要会同…」, 「贵局」: the body the document is addressed to, speaking to it, is named the same way)
        and not re.match(r"\s*[我本你贵](?:局|委|办|厅|部|署|处|科|室|中心|单位|部门|省|市|县|区)", c.group("units"))
        # 「(四)加强考核问效。市某办公室要会同市督考办,将落实情况纳入绩效考核」: in the item that says how the plan itself is
        # checked, the office that checks together with another is its supervisor, not the lead of a task
        and not (c.re is _LED_TOGETHER_IN_SENTENCE and c.group(0)[:1] not in "由经" and _SUPERVISES_THE_PLAN.search(item_title(text.split("\n", 1)[0])))
    ]
    units = {units for _clause, units in clauses if _names_units(split_mentions(units))}
    if len(units) > 1 and all(c.re is _LED_BY_IN_SENTENCE and _opens_its_part(c, text) for c, _units in clauses):
        # 「人员划转工作由市人社局牵头负责,…;机构编制调整工作,由市编办牵头负责,…」, 「区交通建设局牵头开展结构安全性排查…;
        # 区市场监管局牵头开展经营安全性排查…」: a division of the item's work, every part led by the unit its own 由 or its
        # own opening names
        names = dict.fromkeys(u for _clause, u in clauses if u in units)
        return [m for name in names for m in build_mentions(name, "牵头单位", resolve_unit=resolve_unit, phrases=phrases)]
    if len(units) != 1:
        return []
    return build_mentions(units.pop(), "牵头单位", resolve_unit=resolve_unit, phrases=phrases)


# A list of each body's duties (职责分工) heads each item with the body's name: 「(一)区建管委」 then 「牵头协调督促…」 on the
# next line, 「社会事业组:牵头做好…」 or 「服务办。牵头负责…」. The duties that open with 牵头 make it the lead; 「区财政局 负责…」, 「协助…」 do not.
_HEADING_OF_UNITS = r"^\s*(?P<units>[^。；;，,！!？?()（）:：“”\s]{2,30})\s*(?:[:：。]\s*|\n\s*)"
_UNITS_HEADING_THEN_LEADS = re.compile(rf"{_HEADING_OF_UNITS}(?:负责)?牵头(?!的)")


# The heading's body may also lead further on, in a clause of its own with no other subject: 「区房管局。负责定期牵头召开…」,
# 「区绿化市容局 ⏎ 开展行业部署…。牵头区建管委、区交通委…每周开展联合执法检查」.
_UNITS_HEADING = re.compile(rf"{_HEADING_OF_UNITS}(?=\S)")
_LEADS_IN_A_CLAUSE_OF_ITS_OWN = re.compile(
    r"(?:^|[。；;，,])\s*(?:并|同时|主要)?(?:负责)?(?:定期|总体|统一|具体|全面|统筹)?(?:负责)?牵头(?!单位|部门|的|责任|领导)"
)


def _units_as_the_heading(text: str, resolve_unit, phrases: tuple[str, ...]) -> list[dict]:
    """The units an item's heading consists of where the duties under it open with 牵头, or lead in a clause of their
    own; none where the heading is anything else or a collective (各街镇, 各有关单位 name no one in particular)."""
    heading = _UNITS_HEADING_THEN_LEADS.match(text)
    if not heading:
        heading = _UNITS_HEADING.match(text)
        if not heading or not _LEADS_IN_A_CLAUSE_OF_ITS_OWN.search(text[heading.end():]):
            return []
    if not _names_units(split_mentions(heading.group("units"))):
        return []
    mentions = build_mentions(heading.group("units"), "牵头单位", resolve_unit=resolve_unit, phrases=phrases)
    return [] if any(m["collective"] for m in mentions) else mentions


def _names_units(names: list[str]) -> bool:
    """Every name reads as a unit — in running text not a verb in 行 (切实履行, 严格执行), which the bank ending admits."""
    return bool(names) and all(is_unit_like(name) and not re.search(r"(?<![银分支])行$", name) for name in names)


# A unit name that opens with its level of government: 市发改委, 县财政局, 自治区商务厅, 国家税务总局.
_LEVEL_PREFIX = re.compile(r"(?:市|区|县|省|州|盟|旗|镇|乡|自治区|国家)")


def _plain_unit_names(mentions: list[str]) -> bool:
    """Short names that open with a level of government (市发改委, 各县区政府): units beyond doubt, where no role word
    says so (a clause such as 「各类公共资源全部纳入交易平台」 also ends in a unit-like word)."""
    return all(
        len(m) <= 12 or (len(m) <= 20 and (_LEVEL_PREFIX.match(m) or m.startswith("各"))) for m in mentions
    )


# A leader named by the office alone, with no name and no unit: 分管副省长, 协管副秘书长, 常务副市长, 联系县领导.
_LEADER_OFFICE = re.compile(
    r"^(?:分管|协管|主管|联系|挂点|包保)?(?:常务)?副?(?:(?:省|市|县|区|旗|州|盟|镇|乡)长|秘书长|(?:省|市|县|区)领导)(?:同志)?$"
)


def _leaders_by_office(units: str) -> bool:
    """Whether every name of a segment is a leader's office (分管副省长、协管副秘书长): people, not units."""
    names = [n for n in re.split(r"[、和及]", units) if n.strip()]
    return bool(names) and all(_LEADER_OFFICE.match(n.strip()) for n in names)


# A leader named with the title of the office or 同志 (2–4 characters of name): 王某某副县长, 张某某同志.
_PERSON_WITH_TITLE = re.compile(
    r"^[\u4e00-\u9fff]{2,4}(?:同志|副?(?:省|市|县|区|旗|州|盟|镇|乡)长|副?书记|副?主任|副?局长|副?部长|常委|秘书长|常务副(?:省|市|县|区)长)$"
)


# A field label right after a closing bracket: 「…。(牵头单位:市发改委;配合单位:…)完成时限:2023年底」.
_LABEL_AFTER_GROUP = re.compile(rf"(?<=[)）〕\]])\s*(?={_LABEL_START})")


def _fields_after_group(line: str) -> tuple[str, list[tuple[str, str]]]:
    """(the line up to its unit bracket, the labelled fields after it) for a line whose bracket is followed by
    fields — the bracket then closes the sentence as usual. Labels inside brackets are not looked at here."""
    if _trailing_group(line) is not None:
        return line, []
    for match in _LABEL_AFTER_GROUP.finditer(line):
        head = line[: match.start()]
        if _bracket_depth(head) == 0 and ends_with_fields(head):
            return head, split_labeled(line[match.start() :])
    return line, []


def _bracket_depth(text: str) -> int:
    depth = 0
    for char in text:
        if char in _OPENERS.values():
            depth += 1
        elif char in _OPENERS:
            depth = max(0, depth - 1)
    return depth


# A closing sentence that only assigns the task: 「由市商务局牵头,市发改委、市财政局配合。」, 「此项工作由市住建局负责。」,
# 「市发改委牵头,市财政局、市商务局按职责分工负责。」 (every name in it a unit, every clause a role: see role_fields).
_ASSIGNMENT_SENTENCE = re.compile(
    r"(?:^|(?<=[。；;！!？?]))\s*(?P<sentence>(?:(?:此项|该项|本项|上述)?(?:工作|任务)?由)?[^。；;！!？?()（）]{2,80})[。.]?\s*$"
)


def _assignment_fields(line: str) -> tuple[str, list[tuple[str, str]]]:
    """(the line without it, its fields) when ``line`` closes with a sentence that only names who leads and
    who helps, worded 由…牵头/负责 without brackets; every name in it must read as a unit.

    The schedule may follow the assignment (「区教育体育局牵头,区财政局配合。6月底前完成选址,年底前建成投用。」): then the
    assignment is the sentence before the sentences that open with a time, which stay with the text."""
    rest, fields = _closing_assignment(line)
    if fields:
        return rest, fields
    sentences = re.split(r"(?<=[。；;！!？?])", line)
    # 「(一)危险化学品安全整治。由县应急管理局牵头,县公安局配合。一是…」: the assignment right after the task's heading
    # sentence, before what is to be done.
    if len(sentences) > 2 and sentences[1].strip().startswith("由"):
        fields = _closing_assignment(sentences[1])[1]
        if fields:
            return sentences[0] + "".join(sentences[2:]), fields
    schedule = ""
    while len(sentences) > 1 and (not sentences[-1].strip() or _OPENS_WITH_TIME.match(sentences[-1].strip())):
        schedule = sentences.pop() + schedule
        if not schedule.strip():
            continue
        rest, fields = _closing_assignment("".join(sentences))
        if fields:
            return rest + schedule, fields
    return line, []


def _closing_assignment(line: str) -> tuple[str, list[tuple[str, str]]]:
    match = _ASSIGNMENT_SENTENCE.search(line)
    if not match:
        return line, []
    sentence = re.sub(r"^(?:此项|该项|本项|上述)?(?:工作|任务)?", "", match.group("sentence"))
    roles = role_fields(sentence)
    if not roles:
        return line, []
    names = [m for label, value in roles if label != "完成时限" for m in split_mentions(value)]
    if not names or not all(is_unit_like(m) for m in names):
        return line, []
    return line[: match.start("sentence")].rstrip(), roles


def _bare_unit_list(content: str) -> list[tuple[str, str]] | None:
    """「(市发改委、市财政局)」 in a plan that says the first unit in brackets leads: the bracket lists the task's
    units without a role word. Only names that all read as units, the first with an administrative prefix — or, where
    the first is named by its place (某经济开发区管委会), one after it; or all of them a department's offices (…处, …室)."""
    mentions = split_mentions(content)
    if not mentions or len(content) > 120 or not all(is_unit_like(m) or m.startswith("各") for m in mentions):
        return None
    # (a department's own offices, 「(对外贸易处、机电和科技产业处)」, carry no level: short names of offices are units too)
    offices = all(len(m) <= 12 and re.search(r"[处室科股]$", m) for m in mentions)
    # (the State Council's ministries carry no level either: 「(工业和信息化部、国家发展改革委)」)
    if not any(_LEVEL_PREFIX.match(m) or _CENTRAL_UNIT.search(m) for m in mentions) and not offices:
        return None
    return [("责任单位", content)]


# A unit of the central government, named as the State Council's documents name it: 科技部, 国家发展改革委, 市场监管总局,
# 人民银行, 中国证监会.
_CENTRAL_UNIT = re.compile(r"^(?:国家|国务院|中国|中央)|(?:部|总局|总署|人民银行)$")


def split_after_field_groups(line: str) -> list[str]:
    """``line`` cut after each bracket of fields that closes a sentence but not the line.

    A plan whose line breaks were lost runs an item's field bracket into what followed it on the next line:
    「…退出。(牵头单位:扶贫办;责任单位:各村支部) 整改措施:继续…」, 「扩大有效投资政策(由县发改局牵头实施) 聚焦…」. The
    bracket closed its line there, as a trailing group is read; it is cut back into two lines. Only a bracket
    that is read as fields where it stands (labels inside, or roles after a finished sentence or a heading).
    """
    parts: list[str] = []
    start = 0
    depth, opened = 0, 0
    for index, char in enumerate(line):
        if char in _OPENERS.values():
            if depth == 0:
                opened = index
            depth += 1
        elif char in _OPENERS and depth:
            depth -= 1
            if depth or not line[index + 1 :].strip(" 。；;"):
                continue
            end = index + 1
            while end < len(line) and line[end] in "。；; ":
                end += 1
            if _closes_with_fields(line[start:opened], line[opened + 1 : index]):
                parts.append(line[start:end].strip())
                start = end
    parts.append(line[start:].strip() if parts else line)
    return parts


def _closes_with_fields(before: str, content: str) -> bool:
    """The bracket ``content`` after ``before`` holds the item's fields (as ``extract_field_parts`` reads a trailing one)."""
    if not content or not before.strip():
        return False
    if _LABEL.search(content):
        return True
    before = before.rstrip()
    heading = len(before) <= 40 and not re.search(r"[。；;！!？?，,]", before)
    if before[-1] not in "。；;！!？?" and not heading:
        return False
    roles = role_fields(content)
    return bool(roles) and (before[-1] in "。；;！!？?" or any(label == "牵头单位" for label, _ in roles))


def _division_closes_line(roles: list[tuple[str, str]]) -> bool:
    """A bracket closing a line that divides the work (a lead and who helps: 「…能耗下降2.5%(省发展改革委牵头,省工信厅)」)
    is the item's fields even where the text before it ends without a full stop, as a list of targets often does."""
    labels = [label for label, _ in roles]
    return "牵头单位" in labels and any(label != "牵头单位" for label in labels)


def extract_field_parts(lines: list[str], *, bare_units: bool = False) -> tuple[list[str], list[tuple[str, str]]]:
    """The item's lines without field annotations, and the fields found, in order.

    ``bare_units``: the plan says the first unit listed leads, so a bracket that only lists units closing a
    sentence is the task's unit list."""
    body: list[str] = []
    fields: list[tuple[str, str]] = []
    for line in (part for whole in lines for part in split_after_field_groups(whole)):
        line = _simplified_fields_line(line)
        line, after_group = _fields_after_group(line)
        line_fields: list[tuple[str, str]] = _heading_lead(line)
        if not after_group and _trailing_group(line) is None and not _LABEL_AFTER_SENTENCE.search(line):
            line, line_fields = _assignment_fields(line) if not line_fields else (line, line_fields)
        group = _trailing_group(line)
        if group is not None:
            before, content = group
            first_label = _LABEL.search(content)
            if first_label:
                line_fields = split_labeled(content)
                # "(2023年6月底前,牵头单位:…)": a time before the first label is the deadline.
                lead_in = content[: first_label.start()].strip().strip(",，;；、 ")
                if lead_in and is_deadline_phrase(lead_in):
                    line_fields.append(("完成时限", lead_in))
                elif lead_in:
                    # 「(市发改委牵头;时限:6月底)」: roles without labels before the first label.
                    line_fields = (role_fields(lead_in) or []) + line_fields
                line = before
            else:
                roles = role_fields(content)
                # After a finished sentence; or closing the line's last sentence when the bracket names a lead:
                # "一、扩大有效投资政策(由县发改局牵头实施)", 「…开展专项检查不少于1次(局消处牵头)。」 (round 35)
                names_lead = bool(roles) and any(label == "牵头单位" for label, _ in roles)
                sentence = _CITATION_AT_THE_END.sub("", before)
                # (not after a clause that helps with another's work: 「…,配合做好用地保障工作(县自然资源局牵头)」 — the
                # bracket names who leads that work)
                last_sentence = re.split(r"[。；;！!？?]", sentence)[-1]
                closes_a_task = names_lead and not re.search(r"[,，][^,，]*?(?:配合|协助|协同)", last_sentence)
                if roles and (not before or sentence[-1:] in tuple("。；;！!？?") or closes_a_task or _division_closes_line(roles)):
                    line_fields = roles
                    line = before
                elif roles is None and before and before[-1] in "。；;！!？?" and is_deadline_phrase(content):
                    # 「…,二次办理。(每季度)」, 「(持续推进)」: a bracket that only says when closes the item as its time limit
                    line_fields = [("完成时限", content)]
                    line = before
                elif roles is None and bare_units and before and before[-1] in "。；;！!？?":
                    bare = _bare_unit_list(content)
                    if bare:
                        line_fields = bare
                        line = before
        inline = _LABEL_AFTER_SENTENCE.search(line)
        if inline is not None and _LABEL.search(line, inline.start()):
            line_fields = split_labeled(line[inline.start() :]) + line_fields
            line = line[: inline.start()].rstrip()
        fields.extend(line_fields + after_group)
        if line.strip():
            body.append(line.strip())
    return body, fields


def is_field_line(line: str) -> bool:
    return bool(re.match(rf"\s*{_LABEL_START}", line))


def ends_with_fields(line: str) -> bool:
    group = _trailing_group(line)
    return bool(group and (_LABEL.search(group[1]) or role_fields(group[1])))


def item_title(first_line: str) -> str:
    """The lead phrase: the first sentence when short (支持新兴产业创新发展。…), else its first clause."""
    line = first_line.strip()
    # "优化企业开办服务:推行…" — a short phrase before a colon is the title too.
    labelled = re.match(r"([^。！？!?:：]{2,30})[:：]\s*\S", line)
    if labelled:
        return labelled.group(1).strip()
    sentence = re.match(r"([^。！？!?]{1,60}?)[。！？!?]", line)
    if sentence:
        return sentence.group(1).strip()
    if len(line) <= 60:
        return line.rstrip("。；;，,：:")
    return re.split(r"[，,；;：:]", line)[0][:40]


_HELPER_ROLE = re.compile(r"(?:配合|协助|协办|参与|负责落实|具体落实|落实)$")
_HELPERS_IN_BRACKETS = re.compile(r"(?P<lead>[^()（）]+?)\s*[(（](?P<helpers>[^()（）]+?(?:配合|协助|协办|参与|参加))[)）]")


def _roles_inside_values(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """「责任单位:市发改委牵头,市财政局配合」, 「责任单位:市大数据局为牵头单位,市公安局为配合单位」: a unit field whose
    value states the roles itself is read by those roles — so is a cell that only names its lead (负责部门 「省农业厅牵头」
    in a table whose other rows read 「省发改委等负责」)."""
    expanded = []
    for label, value in fields:
        states_roles = re.search(r"[,，;；]", value) or _ENDS_IN_LEAD.search(value)
        if label in RESPONSIBLE_LABELS and states_roles and _LEAD_ROLE.search(value):
            roles = role_fields(_first_sentence(value))
            if roles and any(role == "牵头单位" for role, _ in roles):
                expanded += roles
                continue
        helped = _HELPERS_IN_BRACKETS.fullmatch(_first_sentence(value).rstrip("。 ")) if label in LEAD_LABELS else None
        helpers = role_fields(helped.group("helpers")) if helped else None
        if helpers:
            # 「牵头部门:市发展和改革委员会(市公共资源交易中心配合)」: the units that help, in brackets after the lead
            expanded += [(label, helped.group("lead"))] + helpers
            continue
        led_by = [m.group("units") for m in _LED_BY_NAMED.finditer(value)] if label in LEAD_LABELS else []
        if led_by and all(is_unit_like(m) for units in led_by for m in split_mentions(units)):
            # 「牵头单位:特种设备安全、产品质量安全由质监处牵头;食品安全监管由食品处牵头」: the lead of each part of the
            # work, named after the work — the offices are the leads, the work before each 由 is none
            expanded.append((label, "、".join(dict.fromkeys(led_by))))
            continue
        unit_field = label in LEAD_LABELS or label in RESPONSIBLE_LABELS
        together = _together_with(re.sub(r"(?:按职责分工)?负责(?:落实)?$", "", _first_sentence(value))) if unit_field else None
        if together:
            # 「牵头单位:商务部会同国家统计局」, 「负责单位:国家发展改革委会同有关部门」: the units before 会同 lead, those after
            # it share the work
            expanded += [("牵头单位" if label in RESPONSIBLE_LABELS else label, together[0]), ("责任单位", together[1])]
            continue
        if label in LEAD_LABELS and re.search(r"[,，;；]", value):
            # 「牵头单位:镇人居办,镇文化站配合」: the lead, then the units that help, each with its role word
            parts = [p.strip() for p in re.split(r"[,，;；](?![^()（）〔〕]*[)）〕])", _first_sentence(value)) if p.strip()]
            helping = [p for p in parts[1:] if _HELPER_ROLE.search(p) and role_fields(p)]
            if helping and len(helping) == len(parts) - 1:
                expanded.append((label, parts[0]))
                expanded += [field for part in helping for field in role_fields(part)]
                continue
        expanded.append((label, value))
    return expanded


def _distinct(mentions: list[dict]) -> list[dict]:
    seen: set[str] = set()
    kept = []
    for mention in mentions:
        key = normalize_mention(mention["mention"])
        if key not in seen:
            seen.add(key)
            kept.append(mention)
    return kept


def _first_sentence(value: str) -> str:
    """``value`` up to its first 。 outside brackets."""
    depth = 0
    for index, char in enumerate(value):
        if char in _OPENERS.values():
            depth += 1
        elif char in _OPENERS:
            depth = max(0, depth - 1)
        elif char == "。" and depth == 0 and value[index + 1 :].strip():
            return value[:index]
    return value


# 主办 leads where no 牵头 is named beside it (主办 / 协办), and hosts the work for the lead where one is.
_HOSTING_LABELS = ("主办单位", "主办")
# 「二、主办单位 ⏎ 共青团某省委员会 ⏎ 某省文明办」: an events programme's heading that is only a role, over the units that fill
# it (one a line, or a list) — the field 「主办单位:…」 written as a heading and its body.
_ROLE_HEADINGS = ("主办单位", "主办", "承办单位", "承办", "协办单位", "协办")


def _role_heading_over_its_units(lines: list[str]) -> list[str]:
    """``lines`` as the heading and one field where the heading is only a role and the body only the units in that role."""
    written = [line.strip() for line in lines if line.strip()]
    if len(written) < 2 or written[0].rstrip(":：").strip() not in _ROLE_HEADINGS:
        return lines
    units = [unit for line in written[1:] for part in line.strip("。 ").split() for unit in split_mentions(part)]
    if not units or not all(is_unit_like(unit) for unit in units):
        return lines
    return [written[0], f"{written[0].rstrip(':：').strip()}:{'、'.join(units)}"]


def analyse_item(
    lines: list[str],
    *,
    resolve_unit: Callable[[str], int | None] | None = None,
    phrases: tuple[str, ...] = (),
    default_year: int | None = None,
    issued_year: int | None = None,
    first_is_lead: bool = False,
    responsible_is_lead: bool = False,
    star_is_lead: bool = False,
) -> ItemFields:
    """Fields of one item.

    ``default_year`` dates 年底前 in an annual plan; ``issued_year`` is the year the plan was issued
    (clauses opening with an earlier bare year are look-backs, not deadlines); ``first_is_lead`` when
    the plan says the first unit listed is the lead unit; ``responsible_is_lead`` when it says that a task's
    责任单位 lead it where no lead unit is named.
    """
    lines = _role_heading_over_its_units(lines)
    body, fields = extract_field_parts(lines, bare_units=first_is_lead or star_is_lead)
    fields = _roles_inside_values(fields)
    if any(label in LEAD_LABELS and label not in _HOSTING_LABELS for label, _value in fields):
        # 「牵头单位:市农办;主办单位:市编办、市教育局…」: under a named lead, the units that host the work do it for the lead
        fields = [("责任单位" if label in _HOSTING_LABELS else label, value) for label, value in fields]
    first = next((line for line in body if line.strip()), "")
    text = "\n".join(body)
    lead: list[dict] = []
    responsible: list[dict] = []
    field_deadlines: list[dict] = []
    field_values_for_targets: list[str] = []
    for label, value in fields:
        if label in PERSON_LABELS:
            continue
        if label in LEAD_LABELS or label in RESPONSIBLE_LABELS:
            # 「责任单位:省发展改革委、商务厅按职责分工负责。具体任务均涉及相关市(州)人民政府,不再做分工,下同。」:
            # the list ends with its sentence; what follows is a note about it.
            note = value[len(_first_sentence(value)) :].strip("。 ")
            value = _first_sentence(value)
            # 「配合:区住建委、各街镇。5月20日前完成。」: a sentence after the list that only says when is the deadline.
            if note and is_deadline_phrase(note):
                field_deadlines += parse_deadline_field(note, default_year)
            # "州司法局、州委编办…,6月底完成": a time inside a unit field is the deadline, not a unit.
            parts = re.split(r"[,，;；](?![^()（）〔〕]*[)）〕])", value)
            times = [part for part in parts if is_deadline_phrase(part)]
            if times:
                value = "，".join(part for part in parts if part not in times)
                for part in times:
                    field_deadlines += parse_deadline_field(part, default_year)
        each_leads = EACH_LEADS.search(value)
        if each_leads:  # "责任单位:A、B分别牵头": every unit of the list is a lead unit
            value = value[: each_leads.start()]
        if label in LEAD_LABELS or (each_leads and label in RESPONSIBLE_LABELS):
            lead += build_mentions(value, label, resolve_unit=resolve_unit, phrases=phrases)
        elif label in RESPONSIBLE_LABELS:
            responsible += build_mentions(value, label, resolve_unit=resolve_unit, phrases=phrases)
        else:
            field_deadlines += parse_deadline_field(value, default_year)
            field_values_for_targets.append(value)
    # 「责任单位:市发改委★、市财政局」 where the plan says 「标注★的为牵头单位」: the starred units lead.
    starred = [m for m in lead + responsible if m.pop("starred", False)]
    if star_is_lead and starred:
        others = [m for m in lead if m not in starred]
        lead = starred
        responsible = others + [m for m in responsible if m not in starred]
    # "责任单位:市营商局(牵头)、市财政局" names the lead inside the list.
    for mention in [m for m in responsible if m.pop("marked_lead", False)]:
        responsible.remove(mention)
        lead.append(mention)
    # 「牵头单位:市发改委(牵头)、市市场监管局」: a lead column that marks one of its units as the lead names the
    # others as units that share the work, not as further leads.
    if any(m.get("marked_lead") for m in lead):
        responsible = [m for m in lead if not m.get("marked_lead")] + responsible
        lead = [m for m in lead if m.get("marked_lead")]
    for mention in lead:
        mention.pop("marked_lead", None)
    # Rows of one task under a merged 序号 repeat their lead unit: each unit once, as lead if it leads anywhere.
    lead = _distinct(lead)
    lead_names = {normalize_mention(m["mention"]) for m in lead}
    responsible = [m for m in _distinct(responsible) if normalize_mention(m["mention"]) not in lead_names]
    if first_is_lead and not lead and responsible:
        lead.append(responsible.pop(0))
    if not lead and not responsible:
        # 「…,由科技处牵头建设全省监管平台,上半年完成一期。」: the lead named inside the task's sentence.
        lead = _lead_in_the_sentence(text, resolve_unit, phrases) or _units_as_the_heading(text, resolve_unit, phrases)
    elif not lead:
        # 「…;局政法综治处要牵头组织演练…」 under 责任单位:局道安办、局政法综治处 (or only 各有关部门): the sentence says which
        # of the units leads
        named = _lead_in_the_sentence(text, resolve_unit, phrases)
        names = {normalize_mention(m["mention"]) for m in named}
        if named and (
            names <= {normalize_mention(m["mention"]) for m in responsible}
            or all(m["collective"] for m in responsible)
            or _LED_BY_NAMED.search(text)
        ):
            lead = named
            responsible = [m for m in responsible if normalize_mention(m["mention"]) not in names]
    sole = [m for m in responsible if m["label"] in _SOLE_RESPONSIBLE_LABELS and not m["collective"]]
    if not lead and len(sole) == 1 and _DUTIES_OPEN_WITH_THE_LEAD.match(text):
        # 序号 / 部门 / 主要职责分工: 「区交建局」 | 「牵头开展结构安全排查整治,…」 — the one body the row gives the duties to leads
        # where its duties open with 牵头 (as a body heading its duties does, _units_as_the_heading); 「负责…」 does not
        lead, responsible = sole, [m for m in responsible if m not in sole]
    if responsible_is_lead and not lead:
        # 「无牵头单位的,责任单位即为牵头单位」: the units of a 责任单位 field lead a task that names no lead (配合单位 and
        # collective mentions such as 各区人民政府 stay where they are).
        lead = [m for m in responsible if m["label"] in _SOLE_RESPONSIBLE_LABELS and not m["collective"]]
        responsible = [m for m in responsible if m not in lead]
    # (the dates are read without the weekday, lunar day or hour a notice writes after a day, 「11月29日(周一)至12月5日(周日)」)
    # (a date written in Chinese numerals, 「五月份,召开…」, read in figures by every rule below)
    dated_first, dated_text = (chinese_dates_in_figures(without_day_notes(part)) for part in (first, text))
    text_deadlines = find_text_deadlines(dated_text, default_year, issued_year)
    if any(d["kind"] == "date" for d in field_deadlines):
        # 「年内形成若干个…典型」 in a row whose 完成时间 says 12月底: the row's own time limit says when; the text's 年内
        # only repeats that it is this year's work (as 「2025年目标任务:建成投产」 does, in a row due 2025年10月).
        field_years = {d["date"][:4] for d in field_deadlines if d["date"]}
        # (「2023年第二季度防范重特大生产安全事故会议」 in a row due in 4月: the quarter the meeting is about, not a time)
        text_deadlines = [
            d for d in text_deadlines
            if d["text"] != "年内"
            and not (re.fullmatch(r"((?:19|20)\d{2})\s*年", d["text"]) and d["text"][:4] in field_years)
            and not re.fullmatch(r"(?:19|20)\d{2}\s*年\s*(?:第?[一二三四]季度|[上下]半年)", d["text"])
        ]
    phase_span = find_phase_span(dated_first, default_year)
    if phase_span and dated_text.startswith(dated_first):
        # 「长效管理阶段(2020年上半年至2021年底)」: the phase is due by its span's end; the span's start is no deadline of
        # its own
        text_deadlines = [d for d in text_deadlines if d.get("start", len(dated_first)) >= phase_span[0]["end"]]
    deadlines = merge_deadlines(
        field_deadlines, text_deadlines, phase_span,
        find_target_heading(dated_first, default_year), find_opening_span(dated_text, default_year),
        find_years_span_sentences(dated_text, issued_year), find_campaign_end(dated_text, default_year),
        find_schedule_times(dated_text, default_year, issued_year),
        # (the phases the item's text lists after its heading, each with its span)
        [d for d in find_phase_spans_in_text(dated_text, default_year) if not phase_span or d["start"] >= phase_span[0]["end"]],
    )
    if default_year is None:
        deadlines = dated_in_the_items_year(deadlines)
    dated = [d["date"] for d in deadlines if d["date"]]
    default_date = dated[0] if len(set(dated)) == 1 else None
    targets = find_targets(text, default_date)
    for value in field_values_for_targets:
        targets += find_targets(value, default_date)
    if not text.strip():
        # 「3.3月6日,组委会召开筹备会」, 「(二)区卫健局负责…」: an item whose every line was read as its fields still shows
        # what it says — its units and time are found as before, the ledger row is never blank
        first = next((line.strip() for line in lines if line.strip()), "")
        text = "\n".join(line.strip() for line in lines if line.strip())
    return ItemFields(
        title=item_title(first),
        text=text,
        lead_units=lead,
        responsible_units=responsible,
        deadlines=deadlines,
        targets=targets,
    )
