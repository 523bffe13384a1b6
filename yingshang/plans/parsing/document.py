"""Document-level metadata: title, issuer, date, document number; and where the plan ends.

Plans arrive with their wrapping: a web page header (``来源:大连市数据局 更新时间:2024/2/27``),
a covering notice (``关于印发《…》的通知``, salutation, signature ``大连市营商环境建设领导小组`` +
``2026年1月19日``), and a page footer (相关链接, 联系方式, 扫一扫…). The title is the plan's own
title rather than the notice's; the date is the signature date (成文日期) when there is one,
else the publication date of the page; the issuer is the signatory, else a government source.
"""

from __future__ import annotations

import datetime as dt
import re

from .numerals import chinese_dates_in_figures

TITLE_END = re.compile(
    r"(?:方案|预案|意见|通知|办法|措施|计划|规划|要点|细则|规定|决定|清单|纲要|条例|举措|行动|任务|工作要点|实施意见|分解|分工|分解表|"
    r"重点工作|工作安排|民生实事|"
    # 「…重点任务分工表」, 「…工作台账」, 「…目标任务书」, 「…目标责任书」: a plan laid out as a table or ledger
    r"(?:分工|任务|责任|推进|进度|计划|安排|对照|整改|问题|项目|清单|指标)(?:一览)?表|台账|(?:任务|责任)书)"
    r"(?:\s*\([^()]*\))?$"
)
_YEAR_RANGE_LINE = re.compile(r"^\(\s*(?:19|20)\d{2}\s*[-—–~至到]\s*(?:19|20)\d{2}\s*年?\s*\)$")
_NOTICE = re.compile(r"关于(?:印发|转发|下发)?.*《(?P<inner>[^》]+)》.*(?:通知|函)$")
# Only at the start of a line: a number cited inside the text is another document's.
# 「〔2021〕第14期」, 「(2015)31号」: the issue number of a 纪要 or 简报, under its masthead.
_DOC_NUMBER = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,10}[〔\[(]\s*(?:19|20)\d{2}\s*[〕\])]\s*\d{1,4}\s*号|[〔\[(（]\s*(?:19|20)\d{2}\s*[〕\])）]\s*第?\s*\d{1,4}\s*[期号])",
    re.M,
)
_ORG_LINE = re.compile(
    # (a body's name may quote its work: 「高邮市推进“放管服”改革工作领导小组办公室」)
    # (「…企业“双随机、一公开”监管工作领导小组办公室」: a quoted name of the work may hold its own 、)
    r"^(?:[\u4e00-\u9fff()\"]|“[^“”]{1,20}”){2,40}(?:人民政府|政府|办公室|办公厅|委员会|领导小组|小组|局|委|办|厅|部|院|中心|管委会|党工委|指挥部)$"
)
# A date written out in full, as a signature dates a document: 2025年2月26日.
_FULL_DATE = r"(?:19|20)\d{2}\s*年\s*(?:1[0-2]|0?[1-9])\s*月\s*(?:3[01]|[12]\d|0?[1-9])\s*日"
_SIGNATURE_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")


def signature_date(line: str) -> re.Match | None:
    """A line that is only a date, as a signature dates a document: 「2011年8月1日」, or in the Chinese numerals of the
    official style (「二○一一年八月一日」)."""
    return _SIGNATURE_DATE.match(chinese_dates_in_figures(line.strip()))


_HEADER_DATE = re.compile(
    r"(?:更新时间|发布时间|发布日期|成文日期|印发日期|时间|日期)\s*[:：]\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_POSTED_DATE = re.compile(r"(?<![\d-])((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?![\d-])")
_POSTED_DATE_WITHIN = 300
_SOURCE = re.compile(r"来源\s*[:：]\s*(?P<source>[^\s:：]{2,40})")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|办公室|办公厅|委员会|领导小组|局|委|办|厅|部|院|中心|管委会)$")
_NOT_TITLE = re.compile(r"^(?:来源|发布|更新|当前位置|首页|字号|分享|索引号|主题分类|发文|成文|【|各)|[:：]$|印发给你们")

# The marks of a site's registration a web page's footer carries.
_SITE_REGISTRATION = r"(?:网站标识码|ICP备|ICP证)"
# Web page chrome and the tail of an official document (版记) that are not part of the plan.
FOOTER = re.compile(
    r"^(?:•\s*)?(?:相关链接|相关文件|相关阅读|相关新闻|热门文章|热点文章|联系方式|联系我们|电话\s*[:：]|邮箱\s*[:：]|"
    r"地址\s*[:：]|邮编\s*[:：]|附件\s*[:：]?\s*$|视频\s*[:：]|扫一扫|打印本页|关闭窗口|【\s*(?:打印|关闭|字号)|分享到|"
    r"责任编辑|编辑\s*[:：]|主办单位\s*[:：]|承办单位\s*[:：]|版权所有|Copyright|ICP|网站标识码|抄送\s*[:：]|(?:\S+\s+)?\d{4}年\d{1,2}月\d{1,2}日\s*印发$"
    # 「主办:××市人民政府办公厅 网站标识码:… ×ICP备…」: a site's footer line, whatever it opens with
    rf"|.{{0,60}}?(?:{_SITE_REGISTRATION}|版权所有))"
)
# 「…3. 强化监督考核主办单位:某县人民政府办公室 版权所有:… 辽ICP备…」: a site's footer run on to the last item's words
# (a page copied as one paragraph). Only where the site's registration marks follow: 主办单位 alone may be a plan's field.
RUN_IN_SITE_FOOTER = re.compile(
    rf"(?:主办单位|承办单位|主办|版权所有|Copyright|©)\s*[:：]?(?=.{{0,200}}?(?:{_SITE_REGISTRATION}|公网安备))"
)
# A line of web chrome anywhere in a preamble.
WEB_CHROME = re.compile(r"^(?:当前位置|首页\s*>|【\s*字号|分享\s*[:：]?$|浏览\s*[:：]|•)")
# A web page's line about the copy it shows: when and where it was published, by whom, how often read (above a copy
# that opens partway through its plan, structure reads past it).
PAGE_METADATA = re.compile(
    r"^(?:发布|更新|成文)?(?:时间|日期|来源|信息来源|作者|浏览(?:次数|量)?|阅读(?:次数|量)?|点击(?:数|量|次数)?|字号|责任编辑|编辑)\s*[:：]"
)


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def find_signature(lines: list[str]) -> tuple[int, str, str] | None:
    """(index, issuer, ISO date) of the first signature block: an organisation line then a date line, or both on one
    line apart (「××局办公室      2021年7月9日」, the issuing line under a 纪要's or 简报's masthead)."""
    for index, line in enumerate(lines):
        side_by_side = re.fullmatch(r"\s*(\S+)[ \t\u3000]+(\S+)\s*", line)
        if side_by_side and _ORG_LINE.match(side_by_side.group(1)):
            date = signature_date(side_by_side.group(2))
            iso = _iso(*date.groups()) if date else None
            if iso:
                return index, side_by_side.group(1), iso
        if not _ORG_LINE.match(line.strip()):
            continue
        following = next((j for j in range(index + 1, min(index + 4, len(lines))) if lines[j].strip()), None)
        if following is None:
            continue
        date = signature_date(lines[following])
        if date:
            iso = _iso(*date.groups())
            if iso:
                return index, line.strip(), iso
    return None


def _without_empty_cells(line: str) -> str:
    """A line without the bars of the empty cells after it: a table's title row copied with its cells
    (「2023年…抽查工作计划 | ||||||||」) is the title."""
    return re.sub(r"(?:\s*[|｜])+\s*$", "", line.strip()).strip()


def find_title(lines: list[str]) -> str | None:
    """The plan's own title among the lines before the first item."""
    candidates = _title_candidates(lines)
    plain = [t for _, t in candidates if not _NOTICE.search(t)]
    if plain:
        return plain[-1]
    for _, title in candidates:
        inner = _NOTICE.search(title)
        if inner:
            return inner.group("inner")
    return None


def titles_year(lines: list[str]) -> int | None:
    """The one year the lines before the first item that read as titles name, where the title found names none: a
    table's heading 「…2018年度(分季)目标责任书」 over cells that end like titles (「…考核指标和重点工作(55分)」)."""
    years = {plan_year(title) for _, title in _title_candidates(lines)} - {None}
    return years.pop() if len(years) == 1 else None


def _title_candidates(lines: list[str]) -> list[tuple[int, str]]:
    from .tables import HEADER_WORDS, NODE, column_role

    candidates: list[tuple[int, str]] = []
    for index, raw in enumerate(lines):
        line = _without_empty_cells(raw)
        if not line or len(line) > 80 or "。" in line or _NOT_TITLE.search(line):
            continue
        if line in HEADER_WORDS or column_role(line) == NODE:
            continue  # 「主要任务」, 「重点工作」, 「2026年计划」: a table's column header on a line of its own, not the plan's title
        if TITLE_END.search(line):
            title = line
            following = next((lines[j].strip() for j in range(index + 1, min(index + 3, len(lines))) if lines[j].strip()), "")
            if _YEAR_RANGE_LINE.match(following):
                title += following
            candidates.append((index, title))
    return candidates


def extract_metadata(preamble: list[str], trailer: list[str]) -> dict:
    """title, issuer, date, published, doc_number, source of a plan."""
    head = "\n".join(preamble[:40])
    signature = find_signature(preamble) or find_signature(trailer)
    # 「晋中发布 2020-02-14 点击上方蓝字关注我们」: a page's post date without a label, written as a web page writes it
    # (YYYY-MM-DD near the top; the plan's own prose writes dates in 年月日).
    header_date = _HEADER_DATE.search(head) or _POSTED_DATE.search(head[:_POSTED_DATE_WITHIN])
    published = _iso(*header_date.groups()) if header_date else None
    source_match = _SOURCE.search(head)
    source = source_match.group("source") if source_match else None
    doc_number_match = _DOC_NUMBER.search(head)
    issuer = signature[1] if signature else None
    signed = signature[2] if signature else None
    if signed is None:
        # A date line on its own at the end of the document (成文日期 without a signatory line), or at the end of the
        # cover notice before the plan (「…印发给你们,请认真贯彻执行。」 then 「2017年9月6日」, the office's name lost).
        for line in [*reversed(trailer), *reversed(preamble)]:
            date = signature_date(line)
            if date:
                signed = _iso(*date.groups())
                break
    if issuer is None and source and _GOVERNMENT.search(source):
        issuer = source
    return {
        "title": find_title(preamble),
        "issuer": issuer,
        "date": signed or published,
        "published": published,
        "doc_number": re.sub(r"\s+", "", doc_number_match.group(0)) if doc_number_match else None,
        "source": source,
    }


# 「2023年度营商环境评价反馈问题整改台账」, 「关于2022年度审计查出问题的整改方案」: the rectification of what a review of
# a year found is done the year after it (the review itself takes that year's first months).
_REVIEWED_YEAR = re.compile(
    r"(?:19|20)\d{2}\s*年度[^整。]{0,20}?(?:评价|考核|审计|体检|督查|巡察|巡视|检查|测评|评估)[^整。]{0,12}整改"
)


def plan_year(title: str | None) -> int | None:
    """The year of an annual plan (大连市2024年…方案), used to date 年底前 in its text; None for ranges. The year after
    it for the rectification of a year's review (2023年度…评价反馈问题整改 → 2024)."""
    if not title:
        return None
    # (「创建“中国制造2025”试点示范城市」: a figure in a name, no year — a year in a title is written with 年)
    years = set(re.findall(r"(?:19|20)\d{2}(?=\s*年|\s*[-—–~至到])", title))
    if len(years) != 1 or re.search(r"(?:19|20)\d{2}\s*[-—–~至到]", title):
        return None
    year = int(years.pop())
    return year + 1 if _REVIEWED_YEAR.search(title) else year


def period_start_year(title: str | None) -> int | None:
    """The first year of the period a multi-year plan's title names (三年行动(2023—2025年) → 2023): the plan was
    written no later, so a year long before it in its text (「2000年底前建成的小区」) names things, not a deadline."""
    span = _YEAR_RANGE.search(title or "")
    return int(span.group(0)[:4]) if span else None


# 「2018—2019年秋冬季大气污染综合治理攻坚行动」, 「2019—2020年采暖期城市集中供热保障工作方案」: a season that runs from
# one year's autumn into the next year's spring.
_CROSS_YEAR_SEASON = re.compile(
    r"((?:19|20)\d{2})\s*年?\s*[-—–~～至到]\s*((?:19|20)\d{2})\s*年度?\s*"
    r"(?:秋冬季|秋冬|冬春季|冬春|采暖期|采暖季|供暖期|供暖季|供热期|(?:森林)?防火期|冬季)"
)
# In such a season the months from July on are its first year's, January to June its second's.
SEASON_SECOND_YEAR_MONTHS = 6


# 「2018年度机关工作人员考核工作方案」, 「2019年度绩效考评实施方案」: the review of a year that has ended, held in the weeks
# after it — its 民主测评 「1月15日前」 and 结果备案 「1月23日前」 fall in the next year's first months (its rectification is
# the whole next year's work: _REVIEWED_YEAR).
_YEAR_END_REVIEW = re.compile(
    r"((?:19|20)\d{2})\s*年度[^整。]{0,20}?(?:年度)?(?:考核|考评|述职|民主评议)(?:工作)?(?:实施)?(?:方案|安排|通知)"
)
# In such a review the months up to March are the next year's.
REVIEW_NEXT_YEAR_MONTHS = 3


def year_end_review(title: str | None) -> int | None:
    """The year whose end a review plan's title names (2018年度…考核工作方案 → 2018); None otherwise."""
    match = _YEAR_END_REVIEW.search(title or "")
    return int(match.group(1)) if match else None


def cross_year_season(title: str | None) -> int | None:
    """The first year of the autumn-to-spring season a plan's title names (2018—2019年秋冬季 → 2018); None otherwise."""
    match = _CROSS_YEAR_SEASON.search(title or "")
    if match is None or int(match.group(2)) != int(match.group(1)) + 1:
        return None
    return int(match.group(1))


def document_year(meta: dict) -> tuple[int | None, str | None]:
    """The year a plan's year-less deadlines (8月底前, 年底前) refer to, and where it came from.

    In order: the year of an annual plan's title (大连市2024年…方案 → 2024; a range such as 2021-2024年
    gives none), the year of its own document number (〔2020〕), the signature date (成文日期), the
    publication date of the page. ``(None, None)`` when the document states none of them.
    """
    year = plan_year(meta.get("title"))
    if year:
        return year, "title"
    number = re.search(r"[〔\[(]\s*((?:19|20)\d{2})\s*[〕\])]", meta.get("doc_number") or "")
    if number:
        return int(number.group(1)), "doc_number"
    for key in ("date", "published"):
        if meta.get(key):
            return int(meta[key][:4]), key
    return None, None


_RUN_ON_BREAK = re.compile(r"(?<=[。:：])|\s{1,}")


# 「根据《2023年政府工作报告》主要工作安排,…制定…若干政策」: a plan that carries out one year's 政府工作报告 (or that
# year's 国民经济和社会发展计划 / 预算) is that year's plan, even where its title states no year.
_ANNUAL_REPORT_CARRIED_OUT = re.compile(
    r"(?:根据|按照|落实|贯彻)[^。]{0,6}《\s*((?:19|20)\d{2})\s*年(?:[^《》]{0,6})?(?:政府工作报告|国民经济和社会发展计划)》"
)


def preamble_plan_year(preamble: list[str]) -> int | None:
    """The year of the 政府工作报告 the preamble says the plan carries out, when it names exactly one."""
    years = {int(m.group(1)) for line in preamble for m in _ANNUAL_REPORT_CARRIED_OUT.finditer(line)}
    return years.pop() if len(years) == 1 else None


# 「为全力做好2018年大气污染防治工作,…,制定本计划。」: the sentence by which a plan issues itself names the year it is the
# plan of, where the copy lost its title. Only a sentence that says it issues this plan (本计划 / 本方案 …) counts, and
# only when it names one year: 比2015年 / 较2017年 are base years, a range (2018-2020年) a period, never the plan's year.
# 「…提出如下任务分工:」, 「现提出以下实施意见。」: the same sentence, issuing the plan that follows it.
_ISSUES_THIS_PLAN = re.compile(
    r"(?:制定|制订)(?:了)?(?:本|此)(?:年度)?(?:工作|实施|行动)?(?:计划|方案|要点|安排|清单)"
    r"|(?:提出|制定|制订|作出)(?:如下|以下)[\u4e00-\u9fff]{0,6}?(?:意见|分工|方案|预案|措施|安排|计划|要点)"
    # 「现将2025年汛前准备重点工作任务分工发给大家」: the notice that hands the plan out names it
    r"|现将[^。]{0,60}?(?:任务|分工|方案|计划|要点|清单)[^。]{0,6}?(?:印发|发给|下发|通知如下)"
    # 「现就抓好2022年粮食生产工作通知如下」, 「具体方案如下:」: the sentence that hands over what follows
    r"|现就[^。]{0,60}?(?:通知|意见|安排|要求)如下|(?:具体|实施|工作)(?:方案|安排|措施)如下"
)
_YEAR_IN_SENTENCE = re.compile(r"(?<![比较与])((?:19|20)\d{2})\s*年(?!\s*[-—–~至到])")
_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}\s*年?\s*[-—–~至到]\s*(?:19|20)\d{2}")
_CITED_TITLE = re.compile(r"《[^《》]*》")


def _years_named(sentence: str) -> set[int]:
    return {int(m.group(1)) for m in _YEAR_IN_SENTENCE.finditer(sentence)}


def issuing_sentence_year(preamble: list[str]) -> int | None:
    """The one year named by the preamble's sentence that issues the plan (…制定本计划), or None."""
    # (the sentences of every line in order: a copy may put 「具体方案如下:」 on a line of its own)
    sentences = [sentence for line in preamble for sentence in re.split(r"(?<=[。!！])", line) if sentence.strip()]
    # (the titles a sentence cites — 《…三年行动计划(2018-2020年)》 — name their own periods, not this plan's year)
    uncited = [_CITED_TITLE.sub("", sentence) for sentence in sentences]
    for index, sentence in enumerate(uncited):
        if not _ISSUES_THIS_PLAN.search(sentences[index]) or _YEAR_RANGE.search(sentence):
            continue
        years = _years_named(sentence)
        if not years and not _YEAR_RANGE.search(sentences[index]):
            # 「根据《2023年工作要点》,制定本方案」: the year of the one document it carries out, where it names no other
            years = _years_named(sentences[index])
        if not years and index and "如下" in sentence and not _YEAR_RANGE.search(uncited[index - 1]):
            # 「…2022年将开展招商引资“百日攻坚”活动,…。具体方案如下:」: a sentence that only hands the plan over
            # leaves its year to the one before it, which says what the plan is for (「…明显改善。为此,制定本方案。」 says
            # why the plan was made, and the year before it is a look back)
            years = _years_named(uncited[index - 1])
        if len(years) == 1:
            return years.pop()
    return None


# 「根据工作安排,2018年,我们继续制定和公开相关指标」: where nothing else dates the plan, the one year its preamble speaks of
# as the time of the work — not a year looked back from (「从2016年开始」, 「2018年以来」, 「比2015年」) or ahead to (「至2022年春节前」), a
# range or a cited title's.
_YEAR_LOOKED_BACK_FROM = re.compile(
    r"(?:从|自|比|较|截至|截止|到|至)\s*((?:19|20)\d{2})\s*年|((?:19|20)\d{2})\s*年(?:[^,，。；;]{0,6})?(?:以来|开始|起|来|底前已|已经|期间)"
)


def preamble_single_year(preamble: list[str]) -> int | None:
    """The one year the preamble names outside look-backs, ranges and cited titles, or None."""
    text = _YEAR_RANGE.sub("", _CITED_TITLE.sub("", "\n".join(preamble)))
    looked_back = {int(y) for m in _YEAR_LOOKED_BACK_FROM.finditer(text) for y in m.groups() if y}
    years = _years_named(text) - looked_back
    return years.pop() if len(years) == 1 else None


# 「…社会事业局文件岚社会教〔2015〕66号平潭…工作方案局机关相关处室:…」: the document's own number run on to the words
# around it (a page joined without breaks), where no line of its own holds it. A number cited in the text stands in
# brackets after the title it numbers (「《…》(国办发〔2018〕23号)」) and is not the document's.
_OWN_NUMBER_RUN_ON = re.compile(r"(?<![(（\d])[\u4e00-\u9fff]{1,10}\s*[〔\[]\s*((?:19|20)\d{2})\s*[〕\]]\s*\d{1,4}\s*号(?![)）])")


def run_on_number_year(preamble: list[str]) -> int | None:
    """The year of the first document number in the preamble that no bracket cites, or None."""
    for line in preamble:
        match = _OWN_NUMBER_RUN_ON.search(line)
        if match:
            return int(match.group(1))
    return None


# 「…附件:…项目平潭综合实验区…办公室2025年2月26日」: the signing date that closes the document, run on to the last item
# where the copy lost its line breaks — the year the notice was issued in, when nothing before it said the plan's year.
_CLOSING_DATE = re.compile(rf"{_FULL_DATE}\s*[)）]?\s*$")


def closing_date_year(lines: list[str]) -> int | None:
    """The year of the full date the document's text ends with, or None."""
    last = chinese_dates_in_figures(next((line for line in reversed(lines) if line.strip()), ""))
    match = _CLOSING_DATE.search(last)
    return int(match.group(0)[:4]) if match else None


def split_run_on_preamble(lines: list[str], *, run_on: bool = False) -> list[str]:
    """A preamble whose line breaks were lost (a plan pasted as one paragraph), cut back into lines.

    A line far longer than any title — or every line when ``run_on`` (the preamble ran on into the first
    item) — is cut at spaces and after 。/:, so that the title, the document number and the signature
    can be found on lines of their own again.
    """
    result: list[str] = []
    for line in lines:
        if len(line) <= 200 and not run_on:
            result.append(line)
            continue
        line = _RUN_ON_SIGNATURE.sub(lambda m: "\n" + m.group(0) + "\n", line)
        result.extend(part.strip() for piece in line.split("\n") for part in _RUN_ON_BREAK.split(piece) if part and part.strip())
    return result


# 「…电话:020-83163930。省科技厅2014年3月3日」: a copy that lost its line breaks runs the signature on to the end of its
# last item; the office that signed and the date go back onto lines of their own, where the signature is looked for.
_SIGNATURE_AT_THE_END = re.compile(
    # (after a sentence's end, or after a space: the attachment list 「2.…统计表 某某办公室2022年2月22日」 has no 。)
    r"(?:(?<=[。；;！!？?])\s*|(?<=\S)\s+)(?P<issuer>[^。；;，,:：\s]{2,40}?)\s*"
    rf"(?P<date>{_FULL_DATE})\s*"
    # (「…2022年2月22日 (联系人:…,联系电话:…)」: a contact note after the date, kept on a line of its own)
    r"(?P<note>[(（](?:联系人|联系电话|联系方式)[^()（）]{0,80}(?:[)）]|$))?\s*$"
)


def signature_apart_at_the_end(lines: list[str]) -> list[str]:
    """``lines`` with a signature run on to the end of the last line put on lines of its own."""
    last = next((index for index in range(len(lines) - 1, -1, -1) if lines[index].strip()), None)
    match = _SIGNATURE_AT_THE_END.search(lines[last]) if last is not None else None
    if match is None or not _ORG_LINE.match(match.group("issuer")):
        return lines
    note = [match.group("note")] if match.group("note") else []
    return lines[:last] + [lines[last][: match.start()].rstrip(), match.group("issuer"), match.group("date"), *note] + lines[last + 1 :]


# 「…认真贯彻落实。晋中市人民政府办公室2019年9月6日晋中市…工作方案」: the signature's date run in between the office that
# signed and the plan's own title; it is cut out onto a line of its own, under the office's line.
_RUN_ON_SIGNATURE = re.compile(
    rf"(?:(?<=政府)|(?<=办公室)|(?<=办公厅)|(?<=委员会)|(?<=[局委办])){_FULL_DATE}"
)
