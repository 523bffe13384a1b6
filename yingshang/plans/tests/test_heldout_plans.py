"""The importer on published plans of other cities and ministries (fixtures/heldout_plans, see its README).

Thresholds are the levels measured when the held-out part was scored (once, at the end of each round; see
docs/benchmarks.md), so a change that loses ground on plans nobody tuned the rules on fails here. They are
not targets. Round 3 wrote its rules on new dev plans and scored the earlier held-out part (unchanged) and a
new one, ``heldout3``, once at the end. Round 4 wrote rules for the convention ``heldout3`` showed (so
``heldout3`` is dev-like now) and scored a new part, ``heldout4``, annotated before any parser change, once at the
end; raising ``heldout4`` needs rules written on new dev plans again, not against these files. Round 5 did
that for the classes ``heldout4`` showed (so ``heldout4`` is dev-like now) and scored a new part, ``heldout5``,
annotated before any parser change, once at the end; its misses are described in docs/benchmarks.md and no
rule was written for them. Round 6 wrote rules for the classes ``heldout5`` showed (so ``heldout5`` is dev-like
now) and scored a new part, ``heldout6``, annotated before any parser change, once at the end. Round 7 wrote
rules for the classes ``heldout6`` showed (so ``heldout6`` is dev-like now) and scored a new part, ``heldout7``,
annotated before any parser change, once at the end. Round 8 wrote rules for the classes ``heldout7`` showed
(so ``heldout7`` is dev-like now) and scored a new part, ``heldout8``, annotated before any parser change, once at
the end. Round 9 scored ``heldout9`` once at its end; round 10 wrote general rules for its misses (dev-like now).
Round 10 scored ``heldout10`` once at its end; round 11 wrote general rules for its misses (dev-like now).
Round 11 scored ``heldout11`` once at its end. Round 12 scored ``heldout12`` once at its end (the same as before the
round: none of its rules applied); four of its general misses were then fixed (heldout12 is dev-like from then on). ``heldout13`` was collected after that
and scored once with no parser change since. Round 14 wrote general rules for the known misses of heldout10–13
(dev-like from then on; docs/benchmarks.md). ``heldout14`` was collected and annotated blind before round 14 changed
the parser; the test skips it (threshold None) until it is scored once, at the end of round 14. ``heldout15`` was
collected and annotated blind the same way and scored once at the end of round 15. ``heldout16`` was collected and
annotated blind the same way; the test skips it (threshold None) until it is scored once, later. ``heldout17`` was
collected and annotated blind the same way and is skipped the same way until it is scored once. ``written1`` is not
real documents but plans written blind in the styles real plans use (fixtures README); it is skipped the same way, and
its figure is reported apart from the real parts, never pooled with them.
"""

from __future__ import annotations

import pytest

from bench.bench_plans_heldout import CORE_SHAPES, SPLITS, load_annotations, rate, score

# split → measure → the lowest accepted rate
# (None: the part states no such field). Round 3 (docs/benchmarks.md): heldout 97/97 · 33/35 · 13/14;
# round 4: heldout3 29/29 · 23/23 · — (leaked: its convention was looked at), heldout4 21/27 · 2/11 · 1/1;
# round 5: heldout4 27/27 · 11/11 · 1/1 (leaked: its classes were looked at), heldout5 30/33 · 10/12 · 4/4;
# round 6: heldout5 33/33 · 12/12 · 4/4 (leaked), heldout6 37/56 · 0/13 · 3/7 (the honest figure, before = after);
# round 7: heldout6 56/56 · 14/14 · 7/7 (leaked; 14 leads after the heading-lead re-annotation), heldout7 26/30 · 3/13 · 5/7
# (the honest figure, before = after); round 8: heldout7 30/30 · 11/13 · 5/7 (leaked), heldout8 20/21 · 7/8 · 4/5
# (the honest figure, before = after).
THRESHOLDS = {
    "dev": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 14 (two lead names run together before a separated list): 97/97 · 35/35 · 13/14.
    "heldout": {"items": 1.0, "lead": 1.0, "deadlines": 0.92},
    "heldout3": {"items": 1.0, "lead": 1.0, "deadlines": None},
    "heldout4": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 5's new part: annotated before any parser change, not scored while the round's rules were
    # written (None then: the test skipped it), scored once at the end. A later round that collects a new
    # part starts it at None the same way.
    "heldout5": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 6's new part: annotated before any parser change, skipped while the round's rules were written,
    # scored once at the end (lead units 0/13: no lead wording of heldout6 is in the grammar yet, see
    # docs/benchmarks.md; the test still fails on any spurious lead).
    "heldout6": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 7's new part: annotated before any parser change, skipped while the round's rules were written,
    # scored once at the end (misses: a heading worded 「X牵头工作」, a two-column table without a field column,
    # a traditional-character lead bracket, 「“十三五”末」; see docs/benchmarks.md).
    # Round 8 wrote rules for heldout7's classes (so heldout7 is dev-like now): 30/30 · 11/13 · 5/7.
    # Round 9 wrote general rules for their remaining misses (dev-like now): heldout7 30/30 · 13/13 · 7/7.
    "heldout7": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 8's new part: annotated before any parser change, skipped while the round's rules were written,
    # scored once at the end: 20/21 · 7/8 · 4/5, the same as main's parser (see docs/benchmarks.md).
    # Round 9 (dev-like from then on): 21/21 · 8/8 · 5/5.
    "heldout8": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 9's new part: annotated before any parser change, scored once at the end of round 9: 60/77 · 23/36 ·
    # 15/27, 1 spurious (see docs/benchmarks.md). Round 10 wrote general rules for its misses (dev-like now):
    # 77/77 · 36/36 · 27/27.
    "heldout9": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 10's new part: annotated before round 10 changed the parser, scored once at its end: 66/85 · 8/22 ·
    # 10/21, 1 spurious. Round 11 wrote general rules for its misses (dev-like now): 81/85 · 20/22 · 19/21, 0
    # spurious; what is left is one garbled PDF copy whose columns are interleaved word by word (beijing_daqi2021_flat).
    "heldout10": {"items": 0.95, "lead": 0.90, "deadlines": 0.90},
    # Round 11's new part: annotated before round 11 changed the parser, scored once at its end: 76/78 · 16/17 ·
    # 5/7 with 2 spurious deadlines (task words shifted into a one-cell-per-line copy's 完成时限 column); after the
    # scoring a deadline cell without any word of time stopped being a deadline: 0 spurious, the rest unchanged.
    # Round 14 (a one-item record, a quarterly schedule): 78/78 · 17/17 · 6/7.
    "heldout11": {"items": 1.0, "lead": 1.0, "deadlines": 0.85},
    # Round 12's new part: annotated before round 12 changed the parser, scored once at its end: 123/138 · 55/76 ·
    # 18/31 with 2 spurious deadlines, identical to the parser before the round. After the scoring two general misses
    # were fixed (数据提供单位 ran on into the lead; a space-separated copy with a spaced header 「工 作 任 务」 and
    # ministries' short names as leads; 年内力争完成…; 整改时限:已完成整改 is a status): 125/138 · 71/76 · 21/31; the 2
    # spurious deadlines left are one date quoted from another document's requirement, in the text and the paragraph copy.
    # Round 14 (its known misses as general classes): 138/138 · 76/76 · 31/31, 0 spurious.
    "heldout12": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # A thirteenth part, collected after round 12's post-scoring fixes and scored once with no parser change since:
    # 70/76 · 26/26 · 2/7, 0 spurious (deadline misses: a year heading read as the targets' year by the annotation,
    # 「在本月底以前」, a campaign's phases whose items were not found).
    # Round 14 (page markers, phases, 本月底以前): 76/76 · 26/26 · 5/7. Round 16 (a heading of the year's main targets is
    # due by the year's end): 76/76 · 26/26 · 7/7.
    "heldout13": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # A fourteenth part, annotated blind and committed before any parser run on it; scored once, at the end of
    # round 14: 87/123 · 26/57 · 18/45 with 5 spurious leads and 1 spurious deadline (before the round 80/123 · 19/57 · 16/45, 9 spurious).
    # Round 15 wrote general rules for its classes of misses (leaked from then on): 123/123 · 55/57 · 37/45, none spurious;
    # left: two leads run together without prefixes (经信委发改委) and 8 deadlines, 6 of them year headings read as periods.
    # Round 16 (the year's main targets due by its end): 123/123 · 55/57 · 43/45.
    "heldout14": {"items": 1.0, "lead": 0.96, "deadlines": 0.95},
    # A fifteenth part, annotated blind and committed before any parser run on it; scored once at the end of round 15:
    # 76/77 · 12/20 · 5/12, 0 spurious (before = after). Two general rules after the scoring (参加单位; a unit cell ending
    # in its role word): 76/77 · 20/20 · 5/12; left: a year heading (4 copies), a refused 「1。」 excerpt, judgement calls.
    # Round 16 (the year's main targets due by its end; 1。 as a marker; 年内持续推进; the year of 「提出如下任务分工」):
    # 77/77 · 20/20 · 10/12.
    "heldout15": {"items": 1.0, "lead": 1.0, "deadlines": 0.83},
    # A sixteenth part, annotated blind and committed before any parser run on it; scored once at the end of round 16
    # (`--before faace4b`): 69/71 · 7/11 · 9/12, 0 spurious — before = after. After the scoring (round 17: a unit
    # named with its office in 〔〕, cell bars, a one-cell-per-line table without 序号, 每年度, one-chapter excerpts
    # issued as plans): 71/71 · 11/11 · 12/12.
    "heldout16": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # A seventeenth part (no item names a lead), annotated blind; scored once at the end of round 16
    # (`--before 5300bf0`): 108/121 · — · 31/55, 7 spurious deadlines — before = after. After the scoring (a notice's
    # one time for all it lists, sub-items in table cells, bar rows with more or fewer cells than the header, a span
    # of months opening an item, a page's source line before 一、): 121/121 · — · 51/55; left: a 整改时限 written after
    # a place's list of problems, which the annotation puts on the place (4 copies, the 4 spurious).
    "heldout17": {"items": 1.0, "lead": None, "deadlines": 0.92},
    # An eighteenth and a nineteenth part, real plans collected and annotated blind (2026-12-05: government
    # programmes, 政务公开 and 营商环境; sector and campaign plans), each scored once when merged (`--before HEAD`):
    # heldout18 79/98 · 22/24 · 9/19, 2 spurious; heldout19 142/144 · 7/10 · 19/29, 1 spurious. After the scoring
    # (round 21: a page's controls before the first chapter, OCR's (-) inside a line, 1*. starred items, a long section
    # row of a one-cell-per-line table, a leaders' cell copied one name per line): heldout18 86/98 · 24/24 · 10/19, 0
    # spurious; heldout19 unchanged. Left: a doc-sharing site's page numbers (1、2、) inside the text, numbers inside a
    # table cell read as sub-items, a year printed wrong (2011 for 2021), a copy that lost items 1–6 before 7., a
    # heading's time shared by its children.
    "heldout18": {"items": 0.87, "lead": 1.0, "deadlines": 0.52},
    "heldout19": {"items": 0.98, "lead": 0.7, "deadlines": 0.65},
    # A twentieth part, real plans of provinces and ministries collected and annotated blind (few name leads or dates);
    # scored once when merged (`--before HEAD` at round 21's first rules): 119/140 · 2/2 · 2/5, 0 spurious. After the
    # scoring (tab rows under two section headings in a row; a number before a tab numbering a two-column list):
    # 140/140 · 2/2 · 2/5. Round 23 (年内 after a word of obligation, 「需要年内提请…」, is due by the year's end): 5/5.
    "heldout20": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # A twenty-first part, real plans of counties, districts, townships and departments collected and annotated blind;
    # scored once when merged (`--before HEAD` after the heldout20 rules): 100/113 · 26/41 · 8/19, 3 spurious. After the
    # scoring (a header's 「加*号为牵头部门」 note, a 类别 column of (一) cells before the row numbers, cells wrapped over
    # lines with a bar after each, 责任街镇 columns, a text's 年内 beside the row's own time limit): 113/113 · 40/41 ·
    # 18/19, 0 spurious. Left: 「2021-2025年,我区共在…建设」 read by the annotator as due by 2025's end.
    "heldout21": {"items": 1.0, "lead": 0.97, "deadlines": 0.94},
    # A twenty-second and a twenty-third part, real plans of 2015–2019 and of 2020–2026 collected and annotated blind (the
    # stored pages nearly exhausted: 5 and 4 plans); each scored once when merged: heldout22 20/20 · 4/4 · 2/6, heldout23
    # 16/16 · — · 1/3, 0 spurious. After the scoring (an item's first sentence announcing a year's targets, a year after a
    # word of resolve): 20/20 · 4/4 · 6/6; 16/16 · — · 3/3.
    "heldout22": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    "heldout23": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 22's real parts, from stored GitHub files (heldout24: a 2012 city 实施意见 in a site's SQL dump, with built
    # paragraph and flattened-table copies; heldout25: a 2018 国办 意见 from a crawl of the gov.cn policy library) and
    # from stored pages of 2008–2014 (heldout26, 5 plans). Scored once at their merge commits (round 22's first rule
    # only): 177/177 · 132/132 · 3/3; 44/44 · — · 2/2; 63/67 · 18/25 · 2/5. After round 22 (由X会同Y: X leads):
    # heldout26 63/67 · 22/25 · 2/5.
    "heldout24": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    "heldout25": {"items": 1.0, "lead": None, "deadlines": 1.0},
    "heldout26": {"items": 0.94, "lead": 0.88, "deadlines": 0.4},
    # Round 22, later: heldout27 (a 2018 国办 notice printing two 规定 from the gov.cn crawl: numbering only, no leads or
    # deadlines) and heldout28 (two more 2012 广州 实施意见 from the SQL dump of heldout24, with built copies). Scored
    # once at their merge commits: 104/104 · — · — (6 spurious deadlines); 162/162 · 125/125 · 15/15. After (a date
    # before which things were already done is no deadline): heldout27's spurious deadlines 2.
    "heldout27": {"items": 1.0, "lead": None, "deadlines": None},
    "heldout28": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # heldout30: two more plans of the same 2012 广州 series (the SQL dump of heldout24 and heldout28), with built
    # copies. Scored once at its merge commit: 224/224 · 186/186 · 92/116. After (a span of years opening a sentence of
    # targets is due by its last year's end): 224/224 · 186/186 · 110/116. Round 25 dates a plan that states no year by
    # the earliest year of its dated deadlines (an 整改清单 cut from its notice gained 9); this 实施意见 of 2012 sets its
    # first ones in 2013, so its 「2012年,将…」 reads as looking back: 107/116, the one part that lost by it.
    "heldout30": {"items": 1.0, "lead": 1.0, "deadlines": 0.92},
    # Round 22, last: heldout31 (the dump's last plans: 广州 2012 廉洁广州, two 广东 documents of 2012 and 2014),
    # heldout32–34 (国务院 and 国办 documents of 2018–2019 from a longer crawl of the gov.cn policy library). Scored once
    # at their merge commits: 142/142 · 3/9 · 2/10; 90/90 · 0/7 · 3/3; 192/192 · 43/51 · 20/21; 108/108 · 45/45 · 2/5.
    # After (a signature run on to the end of a copy that lost its breaks; 由/经 X 会同 Y inside a clause): heldout31
    # deadlines 7/10, heldout33 lead units 44/51. Round 23 (units told to take the lead, 「X要发挥牵头作用」; 「X牵头的Y」 names
    # a body, not an assignment): heldout32 lead units 2/7, heldout33 46/51.
    "heldout31": {"items": 1.0, "lead": 1.0, "deadlines": 0.7},
    "heldout32": {"items": 1.0, "lead": 0.28, "deadlines": 1.0},
    "heldout33": {"items": 1.0, "lead": 0.9, "deadlines": 0.95},
    "heldout34": {"items": 1.0, "lead": 1.0, "deadlines": 0.4},
    # heldout35–36: the rest of that crawl's range of December 2018 (国办发〔2018〕126号, 127号, 118号, 国发〔2018〕42号;
    # 国办发〔2018〕117号, 115号). Scored once at their merge commits: 125/125 · 36/38 · 6/6; 168/168 · 6/16 · —. After
    # (X、Z会同有关部门 in a bracket or a 负责单位 column): heldout36 168/168 · 16/16 · —.
    "heldout35": {"items": 1.0, "lead": 0.94, "deadlines": 1.0},
    "heldout36": {"items": 1.0, "lead": 1.0, "deadlines": None},
    # Plans written blind (synthetic, not real documents), annotated and committed before any parser run on them;
    # reported apart from the real parts. Scored once (`--before a6c0c1b`, the parser when the writing began):
    # 297/297 · 176/203 · 189/206, 13 spurious (at this session's start, 1482068: 289/297 · 166/203 · 182/206, 17).
    # After the scoring (round 18b: fields closing a list an item announces with a colon, an assignment before the
    # schedule sentences, 列第一位的为牵头处室, 司局 columns, a collective listed first under the first-is-lead note,
    # 指导, 国家税务总局某市税务局, a plan without a year dated by its item, 长期坚持 closing an item, a date years
    # before the plan): 297/297 · 203/203 · 201/206. Left, as judgement calls of its annotator that earlier real
    # parts read otherwise or the parser reads on purpose: recurring activities in the text (每季度组织…, 4), 立行立改
    # with no date (4 spurious), 「由A会同B负责」 read as A leading (1 spurious).
    "written1": {"items": 1.0, "lead": 1.0, "deadlines": 0.97},
    # Prose plans written blind by another writer (synthetic), annotated before any parser run on them. Scored once
    # (`--before 4e07a3c`, with round 18b and the 整改表 title rule of the same hour, written without seeing it):
    # 295/306 · 140/181 · 165/210, 2 spurious (parser at the session's start: 292/306 · 120/181 · 154/210, 8).
    # After the scoring (round 18c, with a PDF's text copy unwrapped, its running header dropped, the assignment after a
    # task's heading sentence): 306/306 · 168/181 · 193/210. Left: recurring activities in the text (每月组织一次…),
    # a 责任分工 paragraph assigning roles by item number, 二季度前, the year of an evaluation's 整改 plan.
    "written2": {"items": 1.0, "lead": 0.92, "deadlines": 0.91},
    # Table plans written blind by a third writer (synthetic). Scored once (`--before 6f39f11`): 269/286 · 177/236 ·
    # 197/235, 6 spurious (at the session's start: 269/286 · 167/236 · 196/235). After round 18c (with measures numbered
    # inside a cell, tab rows whose cells held line breaks, 科/股 offices): 283/286 · 199/236 · 226/235. Left: cells run
    # together without prefixes (牵头科室 then 配合科室), rows wrapped over lines in space-separated copies, an empty cell
    # lost as a blank line of a one-cell-per-line copy.
    "written3": {"items": 0.98, "lead": 0.84, "deadlines": 0.96},
    # Plans printed to PDF (written4) and plans as people paste them (written5), written blind by two more writers
    # (synthetic). Scored once (`--before 582f090`; the tree then also held round 18c, written without seeing them):
    # written4 223/233 · 121/160 · 128/171, 4 spurious; written5 240/266 · 166/206 · 152/207, 14 spurious (at the
    # session's start: 223/233 · 115/160 · 124/171 and 233/266 · 147/206 · 138/207). After round 18d (a WeChat arrow
    # or a half-width full stop before 一、, a time sentence after the unit fields, 现将…发给大家 and a page's post date
    # for the year, 由X牵头 inside the task's sentence): written4 223/233 · 123/160 · 128/171 (left: 三线表 PDFs whose
    # cells interleave, recurring activities in the text); written5 259/266 · 186/206 · 180/207 (left: a PDF table
    # copied from a browser with cells interleaved line by line). Round 19 (a 三线表's rows told by the gaps between
    # printed blocks, its columns parted where the header names them, a ruled cell merged down): written4 233/233 ·
    # 158/160 · 156/171 (left: recurring activities in the text, 立行立改 kept as an undated time limit).
    # (round 35 reads every 「6月前」 as by June's end, as the real parts' annotators do; the writers of written4–8 read it
    # as the month before: written4 154/171, written5 178/207, written6 181/194, written8 191/201)
    "written4": {"items": 1.0, "lead": 0.98, "deadlines": 0.9},
    "written5": {"items": 0.97, "lead": 0.9, "deadlines": 0.85},
    # Office software's exports (written6) and prose plans of many kinds (written7), written blind (synthetic).
    # Scored once with the parser of 3e4a520 (round 18d; nothing written from them): written6 241/241 · 195/196 ·
    # 170/194, 2 spurious; written7 279/279 · 133/181 · 158/188, 4 spurious (at the session's start: 207/241 · 177/196
    # · 149/194 and 279/279 · 119/181 · 152/188). After round 18e (a layout table around the task table, a time limit
    # that opens with how often, the note 「“★”标注的为牵头部门」, 牵头整改单位 / 责任社区 / 时间 labels, a clause that
    # opens with the units that lead, a lead field going on with the units that help): written6 241/241 · 195/196 ·
    # 188/194; written7 279/279 · 179/181 · 171/188. Round 35 reads 「6月前」 as June's end (above).
    "written6": {"items": 1.0, "lead": 0.99, "deadlines": 0.93},
    "written7": {"items": 1.0, "lead": 0.98, "deadlines": 0.9},
    # Workbooks (written8) and messy copies — traditional mirrors with pinyin noise, OCR, old .doc, forwarded mail
    # (written9) — written blind (synthetic). Scored once with the parser of 0ca140d (round 18e): written8 255/295 ·
    # 188/196 · 191/201, 1 spurious; written9 253/258 · 146/182 · 164/197, 2 spurious (at the session's start:
    # 219/295 · 167/196 · 172/201 and 253/258 · 110/182 · 154/197). After round 18f (a workbook's table going on on a
    # later sheet, full-width markers in a cell, OCR confusions in dates, 巿 and brackets, a closing 持续推进。):
    # written8 295/295 · 196/196 · 199/201; written9 256/258 · 154/182 · 183/197 (left: OCR spaces inside words and
    # labels, roles before the list of a heading).
    "written8": {"items": 1.0, "lead": 1.0, "deadlines": 0.95},  # (round 35: 「6月前」 by June's end)
    "written9": {"items": 0.99, "lead": 0.84, "deadlines": 0.92},
    # Word documents as offices write them (written10) and what a 督办 office receives (written11), written blind
    # (synthetic). Scored once with the parser of 04c3eb9 (round 18f): written10 213/213 · 161/161 · 152/156; written11
    # 232/232 · 146/165 · 168/181, 1 spurious (at the session's start: 213/213 · 143/161 · 143/156 and 232/232 ·
    # 137/165 · 150/181). After round 18g (牵头承办单位 / 承办单位 labels, a heading 「X(牵头)」, 共同牵头 inside a sentence):
    # written11 232/232 · 162/165 · 168/181.
    "written10": {"items": 1.0, "lead": 1.0, "deadlines": 0.97},
    "written11": {"items": 1.0, "lead": 0.98, "deadlines": 0.92},
    # Four more parts written blind (synthetic) on 2026-12-05: the upper levels (written12: 国办/部委/省 分工), the lower
    # levels (written13: 县/乡镇/街道/园区), 营商环境 by indicator (written14) and plans as conversions leave them
    # (written15: PDF copies, box-drawn and Markdown tables, OCR, e-mail, WeChat). Scored once with the parser of
    # 25b54a5 (round 19a, PDF 三线表 only, written without seeing them): written12 254/255 · 133/146 · 139/152;
    # written13 227/240 · 150/186 · 151/183; written14 267/267 · 190/205 · 203/208; written15 194/240 · 79/171 ·
    # 99/177. After round 19b (box-drawn and Markdown tables, a section row between bars, a mail's quoted plan):
    # written15 208/240 · 111/171 · 121/177; round 19c (「X牵头,Y参加」, 「X牵头汇总」): written12 254/255 · 136/146 · 139/152.
    "written12": {"items": 0.99, "lead": 0.93, "deadlines": 0.91},
    # Round 19d (a schedule's time-node columns, 推进计划 over 3月底前 …): written13 239/240 · 161/186 · 165/183;
    # round 19e (牵头站所 columns): 239/240 · 173/186 · 165/183; round 19g (tabs): 239/240 · 175/186 · 174/183.
    "written13": {"items": 0.99, "lead": 0.98, "deadlines": 0.96},
    # Round 19l (指标长 / 链长 lines are leaders, not text): written14 267/267 · 204/205 · 203/208.
    "written14": {"items": 1.0, "lead": 0.99, "deadlines": 0.97},
    # Round 19j (a 公众号 post's decorations before headings, items and labels; 【一、…】 headings): written15 220/240 ·
    # 140/171 · 138/177; written18 186/222 · 125/169 · 123/172.
    # Round 19n (a page number run into a paragraph before a heading): written15 232/240 · 149/171 · 150/177.
    "written15": {"items": 0.96, "lead": 0.87, "deadlines": 0.84},
    # Four more parts written blind later the same day (synthetic): a month of what a 督查室 receives (written16),
    # 专项行动 outside 营商环境 (written17), copies and conversions (written18), tables of every real kind (written19).
    # Scored once with the parser of 4425c4c (rounds 19a–19e, written without seeing them): written16 238/255 ·
    # 174/189 · 180/199; written17 261/262 · 143/157 · 153/165; written18 169/222 · 105/169 · 108/172; written19
    # 142/234 · 100/206 · 93/193 (at the session's start, f7dee5f: the same but written19's deadlines 33/193). Round
    # 19f (a bracket broken over lines, a printout's line numbers): written18 169/222 · 110/169 · 109/172. Round 19g
    # (a table copied with tabs read cell by cell, empty cells and a two-row header included): written16 255/255 ·
    # 187/189 · 192/199; written18 168/222 · 113/169 · 111/172; written19 156/234 · 114/206 · 106/193.
    "written16": {"items": 1.0, "lead": 0.98, "deadlines": 0.96},
    # Round 19m (a problem's lead leads the measures its 「整改措施:」 announces): written17 261/262 · 152/157 · 153/165.
    "written17": {"items": 0.99, "lead": 0.96, "deadlines": 0.92},
    # Round 19k (a CSV export, its record times no deadline): written18 200/222 · 139/169 · 137/172.
    "written18": {"items": 0.9, "lead": 0.82, "deadlines": 0.79},
    # Round 19h (sub-numbers 1.1 / 1-1 in a 序号 column, a first-is-lead note in a 备注 cell): written19 197/234 ·
    # 164/206 · 146/193, 1 spurious deadline.
    # Round 19i (a table typeset with spaces, ASCII or full-width, read by its columns): written19 211/234 · 176/206 ·
    # 157/193; written13 239/240 · 184/186 · 176/183; written15 208/240 · 131/171 · 129/177.
    "written19": {"items": 0.9, "lead": 0.85, "deadlines": 0.81},
    # A third group written blind the same day (synthetic): a quarter of what a 营商局 collects (written20), prose with
    # roles and deadlines inside sentences (written21), copies and conversions (written22), task tables of every kind
    # (written23). Scored once with the parser of b779014 (rounds 19a–19n, written without seeing them): written20
    # 200/216 · 143/153 · 157/164; written21 204/213 · 72/84 · 99/136; written22 183/214 · 128/159 · 111/152; written23
    # 209/225 · 177/190 · 169/187 (at the session's start, f7dee5f: 186/216 · 132/153 · 146/164; the same; 169/214 ·
    # 112/159 · 98/152; 209/225 · 178/190 · 159/187).
    # Round 19p (「问题一:」 opens an item of a 整改清单): written20 206/216 · 148/153 · 162/164, 1 more spurious (立行立改).
    "written20": {"items": 0.95, "lead": 0.96, "deadlines": 0.98},
    "written21": {"items": 0.95, "lead": 0.85, "deadlines": 0.72},
    "written22": {"items": 0.85, "lead": 0.8, "deadlines": 0.73},
    "written23": {"items": 0.92, "lead": 0.93, "deadlines": 0.9},
    # A fourth group written blind (synthetic): 党委/人大/政协 documents and 民生 lists (written24), multi-year plans
    # (written25), one department's own 分工 (written26), reform and 开发区 lists (written27), regional idioms
    # (written28). Scored once: written24, 27, 28 with the parser of c08ced8 (the session's start, round 19):
    # 214/258 · 147/194 · 135/186; 273/273 · 180/189 · 194/197; 269/269 · 175/178 · 184/187; written25 and 26 with
    # b98e661 (round 20a): 277/278 · 176/184 · 109/193; 262/262 · 180/185 · 173/192.
    # A fifth group (synthetic): saved and copied web pages (written29), a 督查室's year (written30), PDFs of every
    # kind (written31), spreadsheets and system exports (written32), the areas the platform serves (written33).
    # Scored once: written29, 30, 32, 33 with dff46d0 (rounds 20a–20g): 243/258 · 146/169 · 157/181; 249/261 ·
    # 160/175 · 167/183; 194/260 · 142/213 · 125/209; 257/257 · 162/173 · 170/179; written31 with e5bf27f (20a–20h):
    # 213/254 · 102/153 · 122/174. Thresholds: the figures after rounds 20a–20l.
    "written24": {"items": 1.0, "lead": 0.98, "deadlines": 0.98},
    "written25": {"items": 0.99, "lead": 0.98, "deadlines": 0.79},
    "written26": {"items": 1.0, "lead": 0.99, "deadlines": 0.94},
    "written27": {"items": 1.0, "lead": 1.0, "deadlines": 0.98},
    "written28": {"items": 1.0, "lead": 0.98, "deadlines": 0.98},
    "written29": {"items": 0.94, "lead": 0.87, "deadlines": 0.87},
    "written30": {"items": 0.95, "lead": 0.91, "deadlines": 0.91},
    "written31": {"items": 0.9, "lead": 0.86, "deadlines": 0.82},
    "written32": {"items": 0.99, "lead": 0.95, "deadlines": 0.83},
    "written33": {"items": 1.0, "lead": 0.93, "deadlines": 0.94},
    # A sixth group (synthetic): older sites and files, GBK pages, Word-HTML (written34), a representative sample of a
    # year's imports (written35), OA and messaging copies (written36), local 分工 of higher-level documents
    # (written37), Word documents with Word's own numbering, text boxes, nested tables, tracked changes (written38).
    # Scored once: written35, 36, 37 with 5c1243a (rounds 20a–20m): 253/266 · 152/166 · 147/171; 219/247 · 160/186 ·
    # 155/186; 250/262 · 160/193 · 171/192; written34 with 29987a8 (20a–20n): 260/260 · 155/160 · 147/158; written38
    # with 5158468 (20a–20o): 232/262 · 102/153 · 141/177. Thresholds: the figures after rounds 20a–20s.
    "written34": {"items": 1.0, "lead": 0.96, "deadlines": 0.93},
    "written35": {"items": 1.0, "lead": 0.98, "deadlines": 0.93},
    "written36": {"items": 0.92, "lead": 0.9, "deadlines": 0.88},
    "written37": {"items": 0.95, "lead": 0.82, "deadlines": 0.89},
    "written38": {"items": 0.93, "lead": 0.88, "deadlines": 0.88},
    # A seventh group (synthetic): a second representative sample (written39), 整改 documents (written40), the
    # grassroots (written41), tasks mixed with reports (written42), unusual numbering and structure (written43). Scored
    # once with f1a2487 (rounds 20a–20t): 240/251 · 178/189 · 172/183; 263/263 · 134/135 · 149/152; 245/260 · 139/169 ·
    # 115/161; 259/259 · 145/146 · 121/163; 254/268 · 140/169 · 162/176. Thresholds: the figures after rounds 20a–20v.
    "written39": {"items": 0.95, "lead": 0.94, "deadlines": 0.93},
    "written40": {"items": 1.0, "lead": 0.99, "deadlines": 0.98},
    "written41": {"items": 0.99, "lead": 0.96, "deadlines": 0.81},
    "written42": {"items": 1.0, "lead": 0.99, "deadlines": 0.78},
    "written43": {"items": 0.99, "lead": 0.88, "deadlines": 0.97},
    # An eighth group (synthetic): a third representative sample, of 西部 and 东北 counties and townships (written44),
    # time limits as offices write them (written45), lead units as offices write them (written46). Scored once with
    # bcc7fbd (round 21 from heldout18): 236/257 · 143/158 · 142/164; 261/263 · 183/185 · 118/201; 258/258 · 171/191 ·
    # 171/172. Thresholds: the figures after round 21.
    "written44": {"items": 1.0, "lead": 0.99, "deadlines": 1.0},
    "written45": {"items": 1.0, "lead": 1.0, "deadlines": 0.68},
    "written46": {"items": 1.0, "lead": 0.98, "deadlines": 0.99},
    # A ninth group (synthetic): a fourth representative sample, of 华东 / 华南 / 华中 cities and provinces (written47),
    # cover notices and their attachments (written48), PDFs as offices produce them (written49). Scored once with
    # 22b3bb7 (round 21 through heldout20): 269/269 · 186/190 · 183/189; 92/260 · 31/171 · 34/157 (the writer's new
    # call: an attachment that restarts the numbering prefixes its items' paths with its number); 259/267 · 162/179 ·
    # 160/173. After the scoring (a notice's attachments numbered apart when each starts its numbering again, the
    # notice's list of attachments no items): written48 187/260 · 104/171 · 96/157; round 22 (a workbook's attachments
    # on sheets of their own or one under another on a sheet, each a table of its own): 199/260 · 125/171 · 112/157.
    # Left there: attachment headings inside paragraphs that lost their line breaks, an unnumbered 附表 after a plan's
    # text (writers number it three ways), a notice's own numbered points (read as the notice's, not as tasks, as real
    # annotators read them).
    "written47": {"items": 1.0, "lead": 0.97, "deadlines": 0.96},
    "written48": {"items": 0.76, "lead": 0.73, "deadlines": 0.71},
    "written49": {"items": 0.96, "lead": 0.9, "deadlines": 0.92},
    # A tenth group (synthetic, written in about 25 minutes each): a fifth representative sample, of 华北 and 西南
    # (written50), single bureaus' 工作要点 and 责任清单 (written51), plans as today's government websites show them
    # (written52). Scored once at their merge commits (round 21 through heldout23's rules): 205/206 · 124/139 · 123/136;
    # 206/207 · 146/158 · 130/148; 189/190 · 131/134 · 126/145. After the scoring (a department's offices in bare brackets,
    # 牵头警种, a cell dividing the roles across two columns): 205/206 · 128/139 · 123/136; 206/207 · 155/158 · 130/148.
    "written50": {"items": 0.99, "lead": 0.92, "deadlines": 0.9},
    "written51": {"items": 0.99, "lead": 0.98, "deadlines": 0.87},
    "written52": {"items": 0.99, "lead": 0.97, "deadlines": 0.86},
    # An eleventh group (synthetic): a sixth representative year at province level (written53), cover notices with
    # attachments in every shape (written54), deadlines as 2023–2026 offices write them (written55). Scored once at
    # their merge commits (round 21 and a workbook's attachment sheets): 211/212 · 140/144 · 137/148 (the first part
    # to meet all three targets since written47); 149/200 · 79/122 · 98/147; 214/214 · 161/168 · 139/165. After round 22
    # (attachment headings run in a paragraph, an attachment title in a sheet's heading cell, 责任单位(牵头)):
    # written54 174/200 · 103/122 · 122/147. Left in written54: its writer numbers a plan printed with 附表1 and 附表2
    # as three lists (plan [1, …], 附表1 [2, …]), where written48's writer numbers a 附表 1 — the parser numbers
    # attachments by their own numbers.
    "written53": {"items": 0.99, "lead": 0.97, "deadlines": 0.92},
    "written54": {"items": 0.87, "lead": 0.84, "deadlines": 0.82},
    "written55": {"items": 1.0, "lead": 0.95, "deadlines": 0.84},
    # A twelfth group (synthetic): what the platform's own users import (written56), the State Council's way of
    # assigning work and its copies below (written57), traditional and noisily converted copies (written58). Scored once
    # at their merge commits (round 22 through written55's rules): 204/205 · 147/157 · 133/144 and 188/188 · 126/129 ·
    # 129/131 (both meeting all three targets first time); 229/229 · 114/149 · 129/146. After (ministries in bare lists,
    # cited clause and national lead columns, cited items beside the roles, 会同 in a lead field): written57 229/229 ·
    # 142/149 · 137/146.
    "written56": {"items": 0.99, "lead": 0.93, "deadlines": 0.92},
    "written57": {"items": 1.0, "lead": 0.95, "deadlines": 0.93},
    "written58": {"items": 1.0, "lead": 0.97, "deadlines": 0.98},
    # A thirteenth group (synthetic): the newest documents of 2025–2026 (written59), 督办 台账 as offices fill and
    # forward them (written60), tasks inside minutes, 批示 and 督查 feedback (written61). Scored once at their merge
    # commits (round 22 through heldout30's rule): 208/209 · 155/158 · 134/142 (all three targets met first time);
    # 169/195 · 40/181 · 127/178; 191/199 · 121/135 · 127/156. After (the person and office under a two-row lead header,
    # a two-row header copied with its bars, the paragraph name 「整改要求:」 before the units): written60 169/195 ·
    # 151/181 · 139/178; written61 191/199 · 123/135 · 127/156.
    "written59": {"items": 0.99, "lead": 0.98, "deadlines": 0.94},
    "written60": {"items": 0.86, "lead": 0.83, "deadlines": 0.78},
    "written61": {"items": 0.95, "lead": 0.91, "deadlines": 0.81},
    # A fourteenth group (synthetic): bilingual documents of autonomous areas (written62), bodies beside the government
    # (written63), a seventh representative year, a 东北 city in 2025 (written64). Scored once at their merge commits
    # (round 22 through heldout31's rule): 180/198 · 99/121 · 108/131; 213/224 · 150/158 · 151/161 (all three targets
    # met first time); 244/244 · 149/167 · 157/175. After (a first-is-lead note naming 科室(单位), 按职责分工 after a lead
    # list): written64 244/244 · 161/167 · 157/175.
    "written62": {"items": 0.9, "lead": 0.81, "deadlines": 0.82},
    "written63": {"items": 0.95, "lead": 0.94, "deadlines": 0.93},
    "written64": {"items": 1.0, "lead": 0.96, "deadlines": 0.89},
    # Round 23: real parts collected blind from two new places — the stored pages once more (heldout37: 整改 documents;
    # heldout38: task breakdowns found by other phrasings) and a stored crawl of a 综合实验区's 政务公开 site on GitHub
    # (heldout39–48: its 管委会, 管委会办公室 and departments' plans, mostly pages whose text is one line). Scored once at
    # their merge commits: 9/9 · — · 1/3; 37/41 · 1/1 · 3/4; 133/180 · 27/78 · 18/69; 105/127 · 19/31 · 8/12;
    # 118/129 · 39/51 · 31/39; 142/189 · 7/8 · 28/33; 128/152 · 0/1 · 9/23; 80/100 · 60/66 · 61/61; 125/159 · 31/53 · 2/9;
    # 59/59 · 35/37 · 4/9; 89/89 · 18/18 · 8/9; 108/124 · 25/38 · 8/14. After round 23's rules (a chapter number run on
    # to a closing units field or to a flattened table's header, a step's heading with its months, 由 after a space or
    # the work it assigns): the levels below.
    "heldout37": {"items": 1.0, "lead": None, "deadlines": 0.33},
    "heldout38": {"items": 0.9, "lead": 1.0, "deadlines": 0.75},
    "heldout39": {"items": 0.73, "lead": 0.34, "deadlines": 0.26},
    "heldout40": {"items": 0.92, "lead": 0.64, "deadlines": 0.66},
    "heldout41": {"items": 0.95, "lead": 0.78, "deadlines": 0.82},
    "heldout42": {"items": 0.96, "lead": 1.0, "deadlines": 0.87},
    "heldout43": {"items": 0.95, "lead": 1.0, "deadlines": 0.52},
    "heldout44": {"items": 0.8, "lead": 0.92, "deadlines": 1.0},
    "heldout45": {"items": 0.78, "lead": 0.64, "deadlines": 0.66},
    "heldout46": {"items": 1.0, "lead": 0.94, "deadlines": 0.66},
    "heldout47": {"items": 1.0, "lead": 1.0, "deadlines": 0.88},
    "heldout48": {"items": 0.87, "lead": 0.65, "deadlines": 0.57},
    # heldout49–50: the same site's departments, 2018–2022. Scored once at their merge commits: 123/123 · 0/6 · 16/18;
    # 109/118 · 2/5 · 17/32. After (由 after the work it assigns, 要牵头, the sentence naming which unit leads): below.
    "heldout49": {"items": 1.0, "lead": 0.66, "deadlines": 0.88},
    "heldout50": {"items": 0.92, "lead": 0.4, "deadlines": 0.53},
    # heldout51–52: more of that site's departments (2019–2023); heldout53: other GitHub-stored sources (a crawl of 上海
    # government documents, a 发改委 notice, a 四川 notice in a demo page); heldout54–55: more of the 上海 crawl. Scored once at
    # their merge commits, after every round-23 rule, and no rule written from them.
    "heldout51": {"items": 0.9, "lead": 0.75, "deadlines": 0.8},
    "heldout52": {"items": 0.67, "lead": 0.0, "deadlines": 0.03},
    "heldout53": {"items": 1.0, "lead": 0.83, "deadlines": 0.94},
    "heldout54": {"items": 1.0, "lead": 0.75, "deadlines": 1.0},
    "heldout55": {"items": 1.0, "lead": 0.5, "deadlines": 0.76},
    # Written blind in round 23 (synthetic): an eighth representative year, a 西部 city in 2026 (written65); provinces and
    # ministries relaying State Council work (written66); work assigned in running prose (written67); a ninth
    # representative year, a 华中 county in 2025 (written68); campaign plans with phases (written69). Scored once at their
    # merge commits: 223/223 · 175/176 · 155/175; 225/225 · 129/137 · 149/151; 200/200 · 37/96 · 113/145;
    # 204/205 · 130/155 · 134/154; 196/197 · 109/114 · 99/130. After round 23's rules: the levels below.
    "written65": {"items": 1.0, "lead": 0.99, "deadlines": 0.96},
    "written66": {"items": 1.0, "lead": 0.94, "deadlines": 0.98},
    "written67": {"items": 1.0, "lead": 0.56, "deadlines": 0.81},
    "written68": {"items": 0.99, "lead": 0.94, "deadlines": 0.93},
    "written69": {"items": 0.99, "lead": 0.95, "deadlines": 0.76},
    # written70: one week of a 督查室's mail from twelve senders (a 公众号 post, an OA copy, an OCR layer, a two-row 台账…).
    # Scored once at its merge commit: 192/218 · 107/154 · 132/160. After (report columns' parts, zero-padded numbers): below.
    "written70": {"items": 0.94, "lead": 0.88, "deadlines": 0.9},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 101/105 · 7/27 · 10/31 (text 85/85 · 4/10 · 10/14; flat_table 16/20 · 3/17 · 0/17).
    # After round 24: 101/105 · 13/27 · 13/31.
    "heldout56": {"items": 0.96, "lead": 0.48, "deadlines": 0.41},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 31/31 · — · —.
    # After round 24: 31/31 · 0/0 · 0/0.
    "heldout60": {"items": 1.0, "lead": None, "deadlines": None},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 8/8 · 0/2 · 0/2.
    # After round 24: 8/8 · 0/2 · 0/2.
    "heldout61": {"items": 1.0, "lead": 0.0, "deadlines": 0.0},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 194/194 · 4/9 · 10/13, 2 spurious.
    # After round 24: 194/194 · 7/9 · 11/13.
    "heldout57": {"items": 1.0, "lead": 0.77, "deadlines": 0.84},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 136/194 · 1/4 · 26/29 (text 136/167 · 1/4 · 26/29; flat_table 0/27).
    # After round 24: 171/194 · 3/4 · 26/29.
    "heldout58": {"items": 0.88, "lead": 0.75, "deadlines": 0.89},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 263/273 · 4/21 · 3/19, 3 spurious (text 261/261 · 4/20 · 3/14; flat 2/12 · 0/1 · 0/5).
    # After round 24: 263/273 · 13/21 · 8/19.
    "heldout59": {"items": 0.96, "lead": 0.61, "deadlines": 0.42},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 153/153 · 21/25 · 11/18, 46 spurious (text 112/112 · 12/16 · 10/14 · 23; paragraph 41/41 · 9/9 · 1/4 · 23).
    # After round 24: 153/153 · 23/25 · 11/18.
    "heldout64": {"items": 1.0, "lead": 0.92, "deadlines": 0.61},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 217/217 · 2/4 · 6/9.
    # After round 24: 217/217 · 2/4 · 6/9.
    "heldout62": {"items": 1.0, "lead": 0.5, "deadlines": 0.66},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 173/183 · 6/11 · 4/8.
    # After round 24: 173/183 · 6/11 · 4/8.
    "heldout65": {"items": 0.94, "lead": 0.54, "deadlines": 0.5},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 141/295 · 15/85 · 8/78, 10 spurious (text 114/115 · 4/5 · 6/7; paragraph 15/15 · 3/4 · 2/2; flat_table 12/165 · 8/76 · 0/69).
    # After round 24: 294/295 · 82/85 · 77/78.
    "heldout63": {"items": 0.99, "lead": 0.96, "deadlines": 0.98},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 198/262 · 15/24 · 14/32, 4 spurious (text 184/184 · 15/24 · 14/14; flat 14/78 · — · 0/18).
    # After round 24: 245/262 · 15/24 · 15/32.
    "heldout66": {"items": 0.93, "lead": 0.62, "deadlines": 0.46},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 81/81 · — · 1/3.
    # After round 24: 81/81 · 0/0 · 2/3.
    "heldout71": {"items": 1.0, "lead": None, "deadlines": 0.66},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 142/253 · 2/4 · 4/27, 2 spurious (text 141/171 · 2/4 · 4/9; flat 1/82 · — · 0/18).
    # After round 24: 142/253 · 2/4 · 4/27.
    "heldout68": {"items": 0.56, "lead": 0.5, "deadlines": 0.14},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 220/229 · 0/45 · 5/54 (text 157/157 · — · 5/9; flat 63/72 · 0/45 · 0/45).
    # After round 24: 220/229 · 0/45 · 5/54.
    "heldout69": {"items": 0.96, "lead": 0.0, "deadlines": 0.09},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 326/326 · 85/92 · 86/91, 7 spurious (静安 2026 table is a near twin of heldout63's 静安 2025).
    # After round 24: 326/326 · 85/92 · 86/91.
    "heldout70": {"items": 1.0, "lead": 0.92, "deadlines": 0.94},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 462/471 · — · 11/12, 3 spurious (flat 330/330).
    # After round 24: 462/471 · 0/0 · 11/12.
    "heldout67": {"items": 0.98, "lead": None, "deadlines": 0.91},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 95/95 · 2/3 · 17/17.
    # After round 24: 95/95 · 2/3 · 17/17.
    "heldout72": {"items": 1.0, "lead": 0.66, "deadlines": 1.0},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 110/110 · 18/21 · 0/4.
    # After round 24: 110/110 · 18/21 · 0/4.
    "heldout73": {"items": 1.0, "lead": 0.85, "deadlines": 0.0},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 109/109 · 0/1 · 1/3, 1 spurious.
    # After round 24: 109/109 · 0/1 · 1/3.
    "heldout74": {"items": 1.0, "lead": 0.0, "deadlines": 0.33},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 200/208 · 77/78 · 2/2, 7 spurious (flat 62/62 · 57/58: 嘉定 2025's register is a twin of heldout63's 嘉定 2026).
    # After round 24: 200/208 · 77/78 · 2/2.
    "heldout76": {"items": 0.96, "lead": 0.98, "deadlines": 1.0},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 179/200 · 5/23 · 3/3 (text 175/179 · 5/7 · 3/3; flat 4/21 · 0/16).
    # After round 24: 179/200 · 5/23 · 3/3.
    "heldout77": {"items": 0.89, "lead": 0.21, "deadlines": 1.0},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 263/263 · 28/35 · 47/57.
    # After round 24: 263/263 · 28/35 · 47/57.
    "heldout75": {"items": 1.0, "lead": 0.8, "deadlines": 0.82},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 153/165 · 9/12 · 23/40.
    # After round 24: 153/165 · 9/12 · 23/40.
    "heldout78": {"items": 0.92, "lead": 0.75, "deadlines": 0.57},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 61/87 · 0/5 · — (text 61/69 · 0/5; flat 0/18).
    # After round 24: 61/87 · 0/5 · 0/0.
    "heldout80": {"items": 0.7, "lead": 0.0, "deadlines": None},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 58/58 · 1/1 · 4/8.
    # After round 24: 58/58 · 1/1 · 4/8.
    "heldout79": {"items": 1.0, "lead": 1.0, "deadlines": 0.5},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 107/107 · 1/1 · 5/5.
    # After round 24: 107/107 · 1/1 · 5/5.
    "heldout82": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 24's part, collected and annotated blind; first scored at its merge commit: 105/114 · 1/12 · 19/27 (text 104/111 · 1/12 · 19/27; flat 1/3).
    # After round 24: 105/114 · 1/12 · 19/27.
    "heldout81": {"items": 0.92, "lead": 0.08, "deadlines": 0.7},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 135/157 · 3/5 · 7/8.
    # After round 25: 135/157 · 3/5 · 7/8.
    "heldout89": {"items": 0.85, "lead": 0.6, "deadlines": 0.87},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 207/218 · 31/34 · 14/21.
    # After round 25: 207/218 · 34/34 · 14/21.
    "heldout83": {"items": 0.94, "lead": 1.0, "deadlines": 0.66},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 22/164 · 0/78 · 4/43.
    # After round 25: 22/164 · 0/78 · 4/43.
    "heldout84": {"items": 0.13, "lead": 0.0, "deadlines": 0.09},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 128/155 · 0/1 · 10/22.
    # After round 25: 128/155 · 0/1 · 17/22.
    "heldout85": {"items": 0.82, "lead": 0.0, "deadlines": 0.77},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 158/158 · 36/38 · 54/71.
    # After round 25: 158/158 · 36/38 · 63/71.
    "heldout86": {"items": 1.0, "lead": 0.94, "deadlines": 0.88},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 70/70 · 0/1 · 5/10.
    # After round 25: 70/70 · 0/1 · 8/10.
    "heldout87": {"items": 1.0, "lead": 0.0, "deadlines": 0.8},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 110/110 · 18/21 · 12/18.
    # After round 25: 110/110 · 18/21 · 12/18.
    "heldout88": {"items": 1.0, "lead": 0.85, "deadlines": 0.66},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 122/155 · 1/4 · 8/9.
    # After round 25: 122/155 · 1/4 · 8/9.
    "heldout92": {"items": 0.78, "lead": 0.25, "deadlines": 0.88},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 95/116 · 2/23 · 2/8.
    # After round 25: 95/116 · 2/23 · 2/8.
    "heldout95": {"items": 0.81, "lead": 0.08, "deadlines": 0.25},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 79/84 · 6/6 · 20/26.
    # After round 25: 79/84 · 6/6 · 20/26.
    "heldout96": {"items": 0.94, "lead": 1.0, "deadlines": 0.76},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 147/147 · 3/40 · 20/23.
    # After round 25: 147/147 · 22/40 · 20/23.
    "heldout93": {"items": 1.0, "lead": 0.55, "deadlines": 0.86},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 177/177 · 0/8 · 16/25.
    # After round 25: 177/177 · 5/8 · 16/25.
    "heldout94": {"items": 1.0, "lead": 0.62, "deadlines": 0.64},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 136/136 · 6/6 · 17/26.
    # After round 25: 136/136 · 6/6 · 17/26.
    "heldout97": {"items": 1.0, "lead": 1.0, "deadlines": 0.65},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 129/134 · 5/6 · 17/23.
    # After round 25: 129/134 · 5/6 · 17/23.
    "heldout98": {"items": 0.96, "lead": 0.83, "deadlines": 0.73},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 161/170 · 36/39 · 19/20.
    # After round 25: 161/170 · 36/39 · 19/20.
    "heldout99": {"items": 0.94, "lead": 0.92, "deadlines": 0.95},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 155/176 · 2/4 · 12/28.
    # After round 25: 155/176 · 2/4 · 20/28.
    "heldout100": {"items": 0.88, "lead": 0.5, "deadlines": 0.71},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 71/71 · 2/2 · 1/1.
    # After round 25: 71/71 · 2/2 · 1/1.
    "heldout101": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 114/127 · 35/36 · 6/16.
    # After round 25: 114/127 · 35/36 · 6/16.
    "heldout102": {"items": 0.89, "lead": 0.97, "deadlines": 0.37},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 127/137 · 1/48 · 7/15.
    # After round 25: 127/137 · 1/48 · 7/15.
    "heldout103": {"items": 0.92, "lead": 0.02, "deadlines": 0.46},
    # Round 25's part, collected and annotated blind; first scored at its merge commit: 152/182 · 1/2 · 4/11.
    # After round 25: 152/182 · 1/2 · 4/11.
    "heldout104": {"items": 0.83, "lead": 0.5, "deadlines": 0.36},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 54/63 · 0/0 · 5/5.
    # After round 26: 54/63 · 0/0 · 5/5.
    "heldout112": {"items": 0.85, "lead": None, "deadlines": 1.0},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 57/73 · 0/0 · 2/10.
    # After round 26: 73/73 · 0/0 · 6/10.
    "heldout111": {"items": 1.0, "lead": None, "deadlines": 0.6},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 86/94 · 26/27 · 4/7.
    # After round 26: 94/94 · 26/27 · 4/7.
    "heldout106": {"items": 1.0, "lead": 0.96, "deadlines": 0.57},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 128/128 · 1/2 · 8/8.
    # After round 26: 128/128 · 1/2 · 8/8.
    "heldout109": {"items": 1.0, "lead": 0.5, "deadlines": 1.0},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 130/142 · 4/20 · 5/9.
    # After round 26: 130/142 · 19/20 · 6/9.
    "heldout105": {"items": 0.91, "lead": 0.95, "deadlines": 0.66},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 182/205 · 9/15 · 10/19.
    # After round 26: 192/205 · 9/15 · 11/19.
    "heldout107": {"items": 0.93, "lead": 0.6, "deadlines": 0.57},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 149/153 · 36/39 · 36/39.
    # After round 26: 153/153 · 36/39 · 36/39.
    "heldout108": {"items": 1.0, "lead": 0.92, "deadlines": 0.92},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 217/227 · 2/4 · 19/27.
    # After round 26: 217/227 · 2/4 · 20/27.
    "heldout110": {"items": 0.95, "lead": 0.5, "deadlines": 0.74},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 110/114 · 3/4 · 14/30.
    # After round 26: 110/114 · 3/4 · 14/30.
    # Round 31 opens a chapter whose 一、 runs on to the word before it where 二、 and 三、 follow: heldout113's 攻坚事项 column
    # (一、落实政策优保障 …) now holds its rows, which its annotator numbered at the top, so two of its four leads miss.
    "heldout113": {"items": 0.96, "lead": 0.5, "deadlines": 0.46},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 107/134 · 6/7 · 7/13.
    # After round 26: 107/134 · 6/7 · 7/13.
    "heldout114": {"items": 0.79, "lead": 0.85, "deadlines": 0.53},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 52/52 · 7/8 · 2/3.
    # After round 26: 52/52 · 7/8 · 3/3.
    "heldout115": {"items": 1.0, "lead": 0.87, "deadlines": 1.0},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 198/198 · 16/21 · 17/24.
    # After round 26: 198/198 · 16/21 · 19/24.
    "heldout116": {"items": 1.0, "lead": 0.76, "deadlines": 0.79},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 111/124 · 1/1 · 10/21.
    # After round 26: 111/124 · 1/1 · 12/21.
    "heldout117": {"items": 0.89, "lead": 1.0, "deadlines": 0.57},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 82/82 · 5/17 · 4/4.
    # After round 26: 82/82 · 5/17 · 4/4.
    "heldout118": {"items": 1.0, "lead": 0.29, "deadlines": 1.0},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 97/97 · 22/27 · 17/22.
    # After round 26: 97/97 · 22/27 · 17/22.
    "heldout119": {"items": 1.0, "lead": 0.81, "deadlines": 0.77},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 144/144 · 2/2 · 8/13.
    # After round 26: 144/144 · 2/2 · 11/13.
    "heldout120": {"items": 1.0, "lead": 1.0, "deadlines": 0.84},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 148/195 · 31/46 · 6/12.
    # After round 26: 195/195 · 45/46 · 9/12.
    "heldout121": {"items": 1.0, "lead": 0.97, "deadlines": 0.75},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 141/145 · 1/1 · 9/18.
    # After round 26: 141/145 · 1/1 · 10/18.
    "heldout122": {"items": 0.97, "lead": 1.0, "deadlines": 0.55},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 141/146 · 1/2 · 15/26.
    # After round 26: 141/146 · 1/2 · 19/26.
    "heldout123": {"items": 0.96, "lead": 0.5, "deadlines": 0.73},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 109/109 · 1/1 · 9/11.
    # After round 26: 109/109 · 1/1 · 9/11.
    "heldout124": {"items": 1.0, "lead": 1.0, "deadlines": 0.81},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 100/100 · 24/25 · 13/18.
    # After round 26: 100/100 · 24/25 · 13/18.
    "heldout125": {"items": 1.0, "lead": 0.96, "deadlines": 0.72},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 148/148 · 4/10 · 10/11.
    # After round 26: 148/148 · 4/10 · 10/11.
    "heldout126": {"items": 1.0, "lead": 0.4, "deadlines": 0.9},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 131/133 · 1/2 · 6/26.
    # After round 26: 131/133 · 1/2 · 16/26.
    "heldout127": {"items": 0.98, "lead": 0.5, "deadlines": 0.61},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 74/101 · 1/1 · 11/41.
    # After round 26: 74/101 · 1/1 · 12/41.
    "heldout128": {"items": 0.73, "lead": 1.0, "deadlines": 0.29},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 136/136 · 0/0 · 7/25.
    # After round 26: 136/136 · 0/0 · 7/25.
    "heldout130": {"items": 1.0, "lead": None, "deadlines": 0.28},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 112/112 · 2/9 · 19/20.
    # After round 26: 112/112 · 2/9 · 19/20.
    "heldout132": {"items": 1.0, "lead": 0.22, "deadlines": 0.95},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 143/157 · 0/0 · 0/18.
    # After round 26: 143/157 · 0/0 · 0/18.
    "heldout129": {"items": 0.91, "lead": None, "deadlines": 0.0},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 169/212 · 25/38 · 1/13.
    # After round 26: 169/212 · 25/38 · 1/13.
    "heldout133": {"items": 0.79, "lead": 0.65, "deadlines": 0.07},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 106/163 · 3/49 · 12/26.
    # After round 26: 147/163 · 3/49 · 12/26.
    "heldout131": {"items": 0.9, "lead": 0.06, "deadlines": 0.46},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 66/68 · 26/28 · 2/9.
    # After round 26: 66/68 · 26/28 · 2/9.
    "heldout136": {"items": 0.97, "lead": 0.92, "deadlines": 0.22},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 107/107 · 0/1 · 7/9.
    # After round 26: 107/107 · 1/1 · 8/9.
    "heldout135": {"items": 1.0, "lead": 1.0, "deadlines": 0.88},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 50/59 · 3/7 · 5/11.
    # After round 26: 50/59 · 3/7 · 6/11.
    "heldout137": {"items": 0.84, "lead": 0.42, "deadlines": 0.54},
    # Round 26's part, collected and annotated blind; first scored at its merge commit: 89/149 · 2/14 · 11/14.
    # After round 26: 89/149 · 2/14 · 11/14.
    "heldout134": {"items": 0.59, "lead": 0.14, "deadlines": 0.78},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 81/138 · 1/3 · 5/50.
    # After round 27: 127/138 · 3/3 · 39/50.
    "heldout138": {"items": 0.92, "lead": 1.0, "deadlines": 0.78},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 101/101 · 1/2 · 7/11.
    # After round 27: 101/101 · 1/2 · 7/11.
    "heldout139": {"items": 1.0, "lead": 0.5, "deadlines": 0.63},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 88/93 · 1/4 · 2/4.
    # After round 27: 88/93 · 1/4 · 2/4.
    "heldout140": {"items": 0.94, "lead": 0.25, "deadlines": 0.5},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 85/88 · 0/3 · 8/12.
    # After round 27: 85/88 · 0/3 · 9/12.
    "heldout141": {"items": 0.96, "lead": 0.0, "deadlines": 0.75},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 133/133 · 0/0 · 1/2.
    # After round 27: 133/133 · 0/0 · 1/2.
    "heldout142": {"items": 1.0, "lead": None, "deadlines": 0.5},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 69/314 · 0/0 · 6/42.
    # After round 27: 69/314 · 0/0 · 6/42.
    "heldout143": {"items": 0.21, "lead": None, "deadlines": 0.14},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 239/264 · 4/8 · 8/10.
    # After round 27: 239/264 · 4/8 · 8/10.
    "heldout144": {"items": 0.9, "lead": 0.5, "deadlines": 0.8},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 173/173 · 5/7 · 5/5.
    # After round 27: 173/173 · 5/7 · 5/5.
    "heldout146": {"items": 1.0, "lead": 0.71, "deadlines": 1.0},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 114/114 · 2/2 · 9/14.
    # After round 27: 114/114 · 2/2 · 9/14.
    "heldout147": {"items": 1.0, "lead": 1.0, "deadlines": 0.64},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 107/107 · 12/12 · 10/14.
    # After round 27: 107/107 · 12/12 · 10/14.
    "heldout148": {"items": 1.0, "lead": 1.0, "deadlines": 0.71},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 129/155 · 34/65 · 17/23.
    # After round 27: 148/155 · 60/65 · 19/23.
    "heldout150": {"items": 0.95, "lead": 0.92, "deadlines": 0.82},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 87/87 · 0/0 · 0/1.
    # After round 27: 87/87 · 0/0 · 0/1.
    "heldout151": {"items": 1.0, "lead": None, "deadlines": 0.0},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 214/257 · 5/9 · 19/31.
    # After round 27: 214/257 · 5/9 · 20/31.
    "heldout145": {"items": 0.83, "lead": 0.55, "deadlines": 0.64},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 101/102 · 7/8 · 12/15.
    # After round 27: 101/102 · 8/8 · 12/15.
    "heldout149": {"items": 0.99, "lead": 1.0, "deadlines": 0.8},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 96/168 · 0/71 · 6/13.
    # After round 27: 156/168 · 57/71 · 10/13.
    "heldout152": {"items": 0.92, "lead": 0.8, "deadlines": 0.76},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 156/184 · 8/12 · 18/25.
    # After round 27: 156/184 · 8/12 · 19/25.
    "heldout153": {"items": 0.84, "lead": 0.66, "deadlines": 0.76},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 142/199 · 7/25 · 10/37.
    # After round 27: 162/199 · 7/25 · 36/37.
    "heldout155": {"items": 0.81, "lead": 0.28, "deadlines": 0.97},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 176/189 · 8/12 · 17/21.
    # After round 27: 176/189 · 8/12 · 17/21.
    "heldout156": {"items": 0.93, "lead": 0.66, "deadlines": 0.8},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 93/97 · 1/3 · 8/12.
    # After round 27: 93/97 · 1/3 · 8/12.
    "heldout158": {"items": 0.95, "lead": 0.33, "deadlines": 0.66},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 305/305 · 1/1 · 92/107.
    # After round 27: 305/305 · 1/1 · 92/107.
    "heldout154": {"items": 1.0, "lead": 1.0, "deadlines": 0.85},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 157/178 · 2/3 · 9/19.
    # After round 27: 157/178 · 2/3 · 10/19.
    "heldout157": {"items": 0.88, "lead": 0.66, "deadlines": 0.52},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 134/142 · 2/2 · 1/6.
    # After round 27: 134/142 · 2/2 · 2/6.
    "heldout159": {"items": 0.94, "lead": 1.0, "deadlines": 0.33},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 63/72 · 1/10 · 12/28.
    # After round 27: 63/72 · 1/10 · 12/28.
    "heldout161": {"items": 0.87, "lead": 0.1, "deadlines": 0.42},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 134/142 · 1/2 · 12/22.
    # After round 27: 134/142 · 1/2 · 12/22.
    "heldout162": {"items": 0.94, "lead": 0.5, "deadlines": 0.54},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 64/74 · 0/2 · 8/13.
    # After round 27: 64/74 · 0/2 · 8/13.
    "heldout164": {"items": 0.86, "lead": 0.0, "deadlines": 0.61},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 92/92 · 0/0 · 6/7.
    # After round 27: 92/92 · 0/0 · 6/7.
    "heldout165": {"items": 1.0, "lead": None, "deadlines": 0.85},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 94/114 · 8/10 · 12/16.
    # After round 27: 94/114 · 8/10 · 12/16.
    "heldout167": {"items": 0.82, "lead": 0.8, "deadlines": 0.75},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 120/121 · 13/14 · 17/20.
    # After round 27: 120/121 · 13/14 · 17/20.
    "heldout163": {"items": 0.99, "lead": 0.92, "deadlines": 0.85},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 116/116 · 25/69 · 16/32.
    # After round 27: 116/116 · 25/69 · 17/32.
    "heldout160": {"items": 1.0, "lead": 0.36, "deadlines": 0.53},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 187/198 · 1/9 · 40/55.
    # After round 27: 187/198 · 1/9 · 40/55.
    "heldout166": {"items": 0.94, "lead": 0.11, "deadlines": 0.72},
    # Round 27's part, collected and annotated blind; first scored at the commit that mended a crash its merge commit's bench hit (no rule between): 128/134 · 2/4 · 5/14.
    # After round 27: 128/134 · 2/4 · 5/14.
    "heldout170": {"items": 0.95, "lead": 0.5, "deadlines": 0.35},
    # Round 27's part, collected and annotated blind; first scored at the commit that mended a crash its merge commit's bench hit (no rule between): 58/58 · 0/1 · 7/8.
    # After round 27: 58/58 · 0/1 · 7/8.
    "heldout174": {"items": 1.0, "lead": 0.0, "deadlines": 0.87},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 134/227 · 3/21 · 6/71.
    # After round 27: 134/227 · 3/21 · 6/71.
    "heldout168": {"items": 0.59, "lead": 0.14, "deadlines": 0.08},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 73/88 · 1/1 · 9/13.
    # After round 27: 73/88 · 1/1 · 9/13.
    "heldout169": {"items": 0.82, "lead": 1.0, "deadlines": 0.69},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 137/138 · 7/7 · 11/15.
    # After round 27: 137/138 · 7/7 · 11/15.
    "heldout171": {"items": 0.99, "lead": 1.0, "deadlines": 0.73},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 106/125 · 0/0 · 14/28.
    # After round 27: 106/125 · 0/0 · 14/28.
    "heldout172": {"items": 0.84, "lead": None, "deadlines": 0.5},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 98/98 · 33/33 · 22/22.
    # After round 27: 98/98 · 33/33 · 22/22.
    "heldout173": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 27's part, collected and annotated blind; first scored at its merge commit: 83/157 · 24/64 · 4/6.
    # After round 27: 83/157 · 24/64 · 4/6.
    "heldout175": {"items": 0.52, "lead": 0.37, "deadlines": 0.66},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 27/212 · 1/1 · 10/138.
    # After round 28: 202/212 · 1/1 · 115/138.
    "heldout176": {"items": 0.95, "lead": 1.0, "deadlines": 0.83},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 67/67 · 0/11 · 4/9.
    # After round 28: 67/67 · 10/11 · 4/9.
    "heldout177": {"items": 1.0, "lead": 0.9, "deadlines": 0.44},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 133/133 · 7/9 · 19/20.
    # After round 28: 133/133 · 7/9 · 19/20.
    "heldout178": {"items": 1.0, "lead": 0.77, "deadlines": 0.95},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 118/118 · 3/5 · 25/28.
    # After round 28: 118/118 · 3/5 · 25/28.
    "heldout179": {"items": 1.0, "lead": 0.6, "deadlines": 0.89},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 97/98 · 1/1 · 3/6.
    # After round 28: 97/98 · 1/1 · 3/6.
    "heldout180": {"items": 0.98, "lead": 1.0, "deadlines": 0.5},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 126/126 · 10/11 · 30/34.
    # After round 28: 126/126 · 10/11 · 30/34.
    "heldout181": {"items": 1.0, "lead": 0.9, "deadlines": 0.88},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 52/54 · 0/2 · 0/10.
    # After round 28: 52/54 · 0/2 · 8/10.
    "heldout182": {"items": 0.96, "lead": 0.0, "deadlines": 0.8},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 145/178 · 4/6 · 7/15.
    # After round 28: 163/178 · 4/6 · 7/15.
    "heldout183": {"items": 0.91, "lead": 0.66, "deadlines": 0.46},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 163/163 · 6/7 · 9/12.
    # After round 28: 163/163 · 6/7 · 9/12.
    "heldout184": {"items": 1.0, "lead": 0.85, "deadlines": 0.75},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 112/135 · 28/35 · 4/12.
    # After round 28: 112/135 · 28/35 · 4/12.
    "heldout185": {"items": 0.82, "lead": 0.8, "deadlines": 0.33},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 65/65 · 1/2 · 4/9.
    # After round 28: 65/65 · 1/2 · 4/9.
    "heldout186": {"items": 1.0, "lead": 0.5, "deadlines": 0.44},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 84/84 · 1/1 · 12/18.
    # After round 28: 84/84 · 1/1 · 12/18.
    "heldout187": {"items": 1.0, "lead": 1.0, "deadlines": 0.66},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 100/104 · 1/1 · 11/19.
    # After round 28: 100/104 · 1/1 · 11/19.
    "heldout188": {"items": 0.96, "lead": 1.0, "deadlines": 0.57},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 96/112 · 10/11 · 7/8.
    # After round 28: 96/112 · 10/11 · 7/8.
    "heldout189": {"items": 0.85, "lead": 0.9, "deadlines": 0.87},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 157/157 · 3/4 · 6/12.
    # After round 28: 157/157 · 3/4 · 6/12.
    "heldout190": {"items": 1.0, "lead": 0.75, "deadlines": 0.5},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 93/101 · 3/3 · 16/17.
    # After round 28: 93/101 · 3/3 · 16/17.
    "heldout191": {"items": 0.92, "lead": 1.0, "deadlines": 0.94},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 136/144 · — · 11/21.
    # After round 28: 136/144 · 0/0 · 11/21.
    "heldout193": {"items": 0.94, "lead": None, "deadlines": 0.52},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 37/37 · — · 5/7.
    # After round 28: 37/37 · 0/0 · 5/7.
    "heldout194": {"items": 1.0, "lead": None, "deadlines": 0.71},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 72/72 · 2/3 · 9/10.
    # After round 28: 72/72 · 2/3 · 9/10.
    "heldout195": {"items": 1.0, "lead": 0.66, "deadlines": 0.9},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 89/89 · 5/6 · 3/5.
    # After round 28: 89/89 · 5/6 · 3/5.
    "heldout196": {"items": 1.0, "lead": 0.83, "deadlines": 0.6},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 84/97 · 1/1 · 10/21.
    # After round 28: 84/97 · 1/1 · 10/21.
    "heldout197": {"items": 0.86, "lead": 1.0, "deadlines": 0.47},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 62/62 · — · 5/5.
    # After round 28: 62/62 · 0/0 · 5/5.
    "heldout198": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 75/75 · 1/1 · 4/4.
    # After round 28: 75/75 · 1/1 · 4/4.
    "heldout199": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 184/195 · 7/8 · 6/12.
    # After round 28: 184/195 · 7/8 · 6/12.
    "heldout192": {"items": 0.94, "lead": 0.87, "deadlines": 0.5},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 66/69 · 0/1 · 1/4.
    # After round 28: 66/69 · 0/1 · 1/4.
    "heldout201": {"items": 0.95, "lead": 0.0, "deadlines": 0.25},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 100/100 · 5/5 · 17/19.
    # After round 28: 100/100 · 5/5 · 17/19.
    "heldout202": {"items": 1.0, "lead": 1.0, "deadlines": 0.89},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 115/115 · 10/10 · 26/26.
    # After round 28: 115/115 · 10/10 · 26/26.
    "heldout203": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 127/127 · 3/5 · 18/34.
    # After round 28: 127/127 · 3/5 · 19/34.
    "heldout204": {"items": 1.0, "lead": 0.6, "deadlines": 0.55},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 66/66 · 1/1 · 1/1.
    # After round 28: 66/66 · 1/1 · 1/1.
    "heldout205": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 133/133 · 2/7 · 4/4.
    # After round 28: 133/133 · 2/7 · 4/4.
    "heldout206": {"items": 1.0, "lead": 0.28, "deadlines": 1.0},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 119/126 · 14/14 · 14/24.
    # After round 28: 119/126 · 14/14 · 14/24.
    "heldout200": {"items": 0.94, "lead": 1.0, "deadlines": 0.58},
    # Round 28's part, collected and annotated blind; first scored at its merge commit: 227/227 · 14/29 · 8/13.
    # After round 28: 227/227 · 22/29 · 8/13.
    "heldout207": {"items": 1.0, "lead": 0.75, "deadlines": 0.61},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 77/82 · 5/9 · 13/18.
    # After round 29: 77/82 · 6/9 · 17/18.
    "heldout208": {"items": 0.93, "lead": 0.66, "deadlines": 0.94},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 120/120 · 0/1 · 18/19.
    # After round 29: 120/120 · 0/1 · 18/19.
    "heldout209": {"items": 1.0, "lead": 0.0, "deadlines": 0.94},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 86/86 · 7/7 · 14/15.
    # After round 29: 86/86 · 7/7 · 14/15.
    "heldout210": {"items": 1.0, "lead": 1.0, "deadlines": 0.93},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 193/193 · — · 5/7.
    # After round 29: 193/193 · 0/0 · 5/7.
    "heldout211": {"items": 1.0, "lead": None, "deadlines": 0.71},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 8/8 · — · 1/2.
    # After round 29: 8/8 · 0/0 · 1/2.
    "heldout213": {"items": 1.0, "lead": None, "deadlines": 0.5},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 248/248 · 8/17 · 1/1.
    # After round 29: 248/248 · 8/17 · 1/1.
    "heldout214": {"items": 1.0, "lead": 0.47, "deadlines": 1.0},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 175/231 · 4/18 · 7/8.
    # After round 29: 175/231 · 15/18 · 7/8.
    "heldout215": {"items": 0.75, "lead": 0.83, "deadlines": 0.87},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 202/202 · 18/19 · 10/18.
    # After round 29: 202/202 · 18/19 · 10/18.
    "heldout212": {"items": 1.0, "lead": 0.94, "deadlines": 0.55},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 259/262 · 0/1 · 12/17.
    # After round 29: 259/262 · 0/1 · 12/17.
    "heldout216": {"items": 0.98, "lead": 0.0, "deadlines": 0.7},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 50/100 · 0/22 · 8/13.
    # After round 29: 63/100 · 0/22 · 8/13.
    "heldout217": {"items": 0.63, "lead": 0.0, "deadlines": 0.61},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 110/127 · 0/1 · 6/23.
    # After round 29: 110/127 · 0/1 · 13/23.
    "heldout218": {"items": 0.86, "lead": 0.0, "deadlines": 0.56},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 57/57 · 14/20 · 0/1.
    # After round 29: 57/57 · 14/20 · 0/1.
    "heldout220": {"items": 1.0, "lead": 0.7, "deadlines": 0.0},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 160/161 · 3/8 · 11/21.
    # After round 29: 160/161 · 3/8 · 12/21.
    "heldout219": {"items": 0.99, "lead": 0.37, "deadlines": 0.57},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 119/119 · 5/9 · 9/14.
    # After round 29: 119/119 · 5/9 · 9/14.
    "heldout221": {"items": 1.0, "lead": 0.55, "deadlines": 0.64},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 48/50 · — · 1/1.
    # After round 29: 48/50 · 0/0 · 1/1.
    "heldout222": {"items": 0.96, "lead": None, "deadlines": 1.0},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 130/130 · 30/31 · 12/20.
    # After round 29: 130/130 · 30/31 · 16/20.
    "heldout223": {"items": 1.0, "lead": 0.96, "deadlines": 0.8},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 84/115 · 1/2 · 1/1.
    # After round 29: 84/115 · 1/2 · 1/1.
    "heldout224": {"items": 0.73, "lead": 0.5, "deadlines": 1.0},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 104/104 · 13/13 · 9/12.
    # After round 29: 104/104 · 13/13 · 9/12.
    "heldout225": {"items": 1.0, "lead": 1.0, "deadlines": 0.75},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 172/185 · 18/19 · 19/22.
    # After round 29: 172/185 · 18/19 · 19/22.
    "heldout226": {"items": 0.92, "lead": 0.94, "deadlines": 0.86},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 148/148 · 6/8 · 3/20.
    # After round 29: 148/148 · 6/8 · 3/20.
    "heldout227": {"items": 1.0, "lead": 0.75, "deadlines": 0.15},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 116/116 · 3/9 · —.
    # After round 29: 116/116 · 3/9 · 0/0.
    "heldout228": {"items": 1.0, "lead": 0.33, "deadlines": None},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 114/119 · 0/1 · 11/20.
    # After round 29: 114/119 · 0/1 · 12/20.
    "heldout229": {"items": 0.95, "lead": 0.0, "deadlines": 0.6},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 135/135 · 0/2 · 10/11.
    # After round 29: 135/135 · 0/2 · 10/11.
    "heldout230": {"items": 1.0, "lead": 0.0, "deadlines": 0.9},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 102/116 · 1/4 · 0/15.
    # After round 29: 102/116 · 1/4 · 0/15.
    "heldout231": {"items": 0.87, "lead": 0.25, "deadlines": 0.0},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 127/166 · 6/39 · 3/7.
    # After round 29: 127/166 · 6/39 · 3/7.
    "heldout232": {"items": 0.76, "lead": 0.15, "deadlines": 0.42},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 143/143 · 1/2 · 8/11.
    # After round 29: 143/143 · 1/2 · 8/11.
    "heldout234": {"items": 1.0, "lead": 0.5, "deadlines": 0.72},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 122/129 · 1/2 · 10/12.
    # After round 29: 122/129 · 1/2 · 10/12.
    "heldout235": {"items": 0.94, "lead": 0.5, "deadlines": 0.83},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 134/139 · 4/5 · 18/26.
    # After round 29: 134/139 · 4/5 · 18/26.
    "heldout233": {"items": 0.96, "lead": 0.8, "deadlines": 0.69},
    # Round 29's part, collected and annotated blind; first scored at its merge commit: 123/127 · 1/1 · 4/4.
    # After round 29: 123/127 · 1/1 · 4/4.
    "heldout236": {"items": 0.96, "lead": 1.0, "deadlines": 1.0},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 104/104 · 4/5 · 20/22.
    # After round 30: 104/104 · 4/5 · 21/22.
    "heldout237": {"items": 1.0, "lead": 0.8, "deadlines": 0.95},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 114/123 · 1/1 · 12/18.
    # After round 30: 114/123 · 1/1 · 12/18.
    "heldout239": {"items": 0.92, "lead": 1.0, "deadlines": 0.66},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 109/109 · 0/1 · 5/7.
    # After round 30: 109/109 · 0/1 · 7/7.
    "heldout240": {"items": 1.0, "lead": 0.0, "deadlines": 1.0},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 57/57 · 1/1 · 2/2.
    # After round 30: 57/57 · 1/1 · 2/2.
    "heldout241": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 105/105 · — · 4/4.
    # After round 30: 105/105 · 0/0 · 4/4.
    "heldout242": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 158/158 · 1/2 · 12/22.
    # After round 30: 158/158 · 1/2 · 14/22.
    "heldout238": {"items": 1.0, "lead": 0.5, "deadlines": 0.63},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 40/40 · 0/2 · —.
    # After round 30: 40/40 · 0/2 · 0/0.
    "heldout244": {"items": 1.0, "lead": 0.0, "deadlines": None},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 130/134 · 5/5 · —.
    # After round 30: 130/134 · 5/5 · 0/0.
    "heldout243": {"items": 0.97, "lead": 1.0, "deadlines": None},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 90/137 · — · 10/14.
    # After round 30: 137/137 · 0/0 · 10/14.
    "heldout245": {"items": 1.0, "lead": None, "deadlines": 0.71},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 98/98 · 7/7 · 5/5.
    # After round 30: 98/98 · 7/7 · 5/5.
    "heldout246": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 104/104 · 21/22 · 40/41.
    # After round 30: 104/104 · 21/22 · 40/41.
    "heldout247": {"items": 1.0, "lead": 0.95, "deadlines": 0.97},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 114/114 · 6/7 · —.
    # After round 30: 114/114 · 6/7 · 0/0.
    "heldout249": {"items": 1.0, "lead": 0.85, "deadlines": None},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 90/90 · 1/2 · 7/9.
    # After round 30: 90/90 · 1/2 · 7/9.
    "heldout250": {"items": 1.0, "lead": 0.5, "deadlines": 0.77},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 98/98 · — · 15/16.
    # After round 30: 98/98 · 0/0 · 15/16.
    "heldout248": {"items": 1.0, "lead": None, "deadlines": 0.93},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 68/88 · 1/3 · 6/21.
    # After round 30: 68/88 · 1/3 · 6/21.
    "heldout251": {"items": 0.77, "lead": 0.33, "deadlines": 0.28},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 168/180 · 2/7 · 20/21.
    # After round 30: 168/180 · 2/7 · 20/21.
    "heldout252": {"items": 0.93, "lead": 0.28, "deadlines": 0.95},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 105/106 · — · 9/11.
    # After round 30: 105/106 · 0/0 · 9/11.
    "heldout253": {"items": 0.99, "lead": None, "deadlines": 0.81},
    # Round 30's part, collected and annotated blind; first scored at its merge commit: 93/93 · 2/5 · 1/1.
    # After round 30: 93/93 · 2/5 · 1/1.
    "heldout254": {"items": 1.0, "lead": 0.4, "deadlines": 1.0},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 40/52 · 7/17 · 5/5.
    "heldout259": {"items": 0.76, "lead": 0.41, "deadlines": 1.0},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 90/98 · 32/41 · 7/7.
    "heldout255": {"items": 0.91, "lead": 0.78, "deadlines": 1.0},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 106/118 · 58/65 · 3/4.
    "heldout256": {"items": 0.89, "lead": 0.89, "deadlines": 0.75},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 46/60 · 22/39 · 3/5.
    "heldout257": {"items": 0.76, "lead": 0.56, "deadlines": 0.6},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 87/87 · 12/16 · 8/10.
    "heldout258": {"items": 1.0, "lead": 0.75, "deadlines": 0.8},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 88/96 · 30/34 · 8/12.
    "heldout260": {"items": 0.91, "lead": 0.88, "deadlines": 0.66},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 102/113 · 14/15 · 3/6.
    "heldout261": {"items": 0.9, "lead": 0.93, "deadlines": 0.5},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 28/36 · 1/7 · 6/8.
    "heldout262": {"items": 0.77, "lead": 0.14, "deadlines": 0.75},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 69/71 · 27/30 · 0/2.
    "heldout263": {"items": 0.97, "lead": 0.9, "deadlines": 0.0},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 59/59 · 26/31 · 6/8.
    "heldout265": {"items": 1.0, "lead": 0.83, "deadlines": 0.75},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 42/42 · 4/4 · 5/5.
    "heldout266": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 67/70 · 14/18 · 6/6.
    "heldout267": {"items": 0.95, "lead": 0.77, "deadlines": 1.0},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 60/61 · 17/17 · 1/3.
    "heldout268": {"items": 0.98, "lead": 1.0, "deadlines": 0.33},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 70/70 · 3/3 · 2/4.
    "heldout269": {"items": 1.0, "lead": 1.0, "deadlines": 0.5},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 40/47 · 6/9 · 3/4.
    "heldout270": {"items": 0.85, "lead": 0.66, "deadlines": 0.75},
    # Round 31's part, collected and annotated blind; first scored at its merge commit: 52/52 · 0/5 · 7/10.
    "heldout264": {"items": 1.0, "lead": 0.0, "deadlines": 0.7},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 39/41 · 2/3 · 4/8.
    "heldout273": {"items": 0.95, "lead": 0.66, "deadlines": 0.5},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 62/93 · 3/7 · 4/25.
    "heldout274": {"items": 0.66, "lead": 0.42, "deadlines": 0.16},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 50/54 · 6/9 · 6/14.
    "heldout276": {"items": 0.92, "lead": 0.66, "deadlines": 0.42},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 79/87 · 6/7 · 7/14.
    "heldout275": {"items": 0.9, "lead": 0.85, "deadlines": 0.5},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 72/73 · 2/2 · 12/21.
    "heldout278": {"items": 0.98, "lead": 1.0, "deadlines": 0.57},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 61/63 · 8/9 · 14/15.
    "heldout277": {"items": 0.96, "lead": 0.88, "deadlines": 0.93},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 63/67 · 1/7 · 12/15.
    "heldout272": {"items": 0.94, "lead": 0.14, "deadlines": 0.8},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 43/77 · 1/10 · 1/30.
    "heldout271": {"items": 0.55, "lead": 0.1, "deadlines": 0.03},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 24/33 · — · 2/5.
    "heldout279": {"items": 0.72, "lead": None, "deadlines": 0.4},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 20/22 · — · —.
    "heldout280": {"items": 0.9, "lead": None, "deadlines": None},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 35/38 · 11/11 · 2/4.
    "heldout281": {"items": 0.92, "lead": 1.0, "deadlines": 0.5},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 85/86 · 5/5 · 1/5.
    "heldout282": {"items": 0.98, "lead": 1.0, "deadlines": 0.2},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 76/91 · 1/14 · 12/27.
    "heldout283": {"items": 0.83, "lead": 0.07, "deadlines": 0.44},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 63/102 · 0/3 · 8/39.
    "heldout284": {"items": 0.61, "lead": 0.0, "deadlines": 0.2},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 34/41 · 8/8 · 4/11.
    "heldout285": {"items": 0.82, "lead": 1.0, "deadlines": 0.36},
    # Round 32's part, collected and annotated blind; first scored at its merge commit: 35/35 · 2/2 · —.
    "heldout286": {"items": 1.0, "lead": 1.0, "deadlines": None},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 49/49 · 6/8 · 0/24.
    "heldout294": {"items": 1.0, "lead": 0.75, "deadlines": 0.0},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 70/72 · — · 6/7.
    "heldout293": {"items": 0.97, "lead": None, "deadlines": 0.85},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 64/67 · 10/10 · 12/20.
    "heldout287": {"items": 0.95, "lead": 1.0, "deadlines": 0.6},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 44/44 · 4/4 · 7/7.
    "heldout291": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 52/53 · — · 11/13.
    "heldout290": {"items": 0.98, "lead": None, "deadlines": 0.84},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 37/42 · 1/1 · 5/6.
    "heldout289": {"items": 0.88, "lead": 1.0, "deadlines": 0.83},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 77/82 · 4/10 · 6/10.
    "heldout288": {"items": 0.93, "lead": 0.4, "deadlines": 0.6},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 57/57 · 3/3 · 7/11.
    "heldout292": {"items": 1.0, "lead": 1.0, "deadlines": 0.63},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 55/60 · 0/1 · 6/7.
    "heldout295": {"items": 0.91, "lead": 0.0, "deadlines": 0.85},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 36/36 · — · 5/5.
    "heldout299": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 45/63 · 4/14 · 7/27.
    "heldout296": {"items": 0.71, "lead": 0.28, "deadlines": 0.25},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 72/73 · 2/4 · 3/13.
    "heldout302": {"items": 0.98, "lead": 0.5, "deadlines": 0.23},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 63/73 · 6/6 · 12/29.
    "heldout297": {"items": 0.86, "lead": 1.0, "deadlines": 0.41},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 88/88 · 5/6 · 3/3.
    "heldout298": {"items": 1.0, "lead": 0.83, "deadlines": 1.0},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 90/104 · 10/13 · 27/48.
    "heldout301": {"items": 0.86, "lead": 0.76, "deadlines": 0.56},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 0/4 · — · —.
    "heldout303": {"items": 0.0, "lead": None, "deadlines": None},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 2/2 · — · —.
    "heldout306": {"items": 1.0, "lead": None, "deadlines": None},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 0/7 · 0/7 · 0/7.
    "heldout305": {"items": 0.0, "lead": 0.0, "deadlines": 0.0},
    # Round 33's part, collected and annotated blind; first scored at its merge commit: 29/42 · 0/2 · 11/21.
    "heldout304": {"items": 0.69, "lead": 0.0, "deadlines": 0.52},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 52/52 · — · 5/5.
    "heldout307": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 97/110 · — · 36/50.
    "heldout308": {"items": 0.88, "lead": None, "deadlines": 0.72},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 52/52 · 1/1 · 4/5.
    "heldout309": {"items": 1.0, "lead": 1.0, "deadlines": 0.8},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 22/32 · 0/6 · —.
    "heldout312": {"items": 0.68, "lead": 0.0, "deadlines": None},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 55/55 · — · 3/9.
    "heldout314": {"items": 1.0, "lead": None, "deadlines": 0.33},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 43/44 · — · 3/3.
    "heldout310": {"items": 0.97, "lead": None, "deadlines": 1.0},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 24/24 · 3/6 · 1/10.
    "heldout311": {"items": 1.0, "lead": 0.5, "deadlines": 0.1},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 77/83 · 9/12 · 7/14.
    "heldout313": {"items": 0.92, "lead": 0.75, "deadlines": 0.5},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 122/122 · 1/2 · 5/8.
    "heldout315": {"items": 1.0, "lead": 0.5, "deadlines": 0.62},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 2/10 · 0/6 · —.
    "heldout320": {"items": 0.2, "lead": 0.0, "deadlines": None},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 28/38 · 2/2 · 8/16.
    "heldout317": {"items": 0.73, "lead": 1.0, "deadlines": 0.5},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 91/96 · 9/9 · 9/18.
    "heldout318": {"items": 0.94, "lead": 1.0, "deadlines": 0.5},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 35/63 · 1/5 · 7/21.
    "heldout319": {"items": 0.55, "lead": 0.2, "deadlines": 0.33},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 384/384 · 1/3 · 17/20.
    "heldout321": {"items": 1.0, "lead": 0.33, "deadlines": 0.85},
    # Round 34's part, collected and annotated blind; first scored at its merge commit: 29/29 · — · 2/2.
    "heldout322": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 23/24 · 1/1 · 3/5.
    "heldout323": {"items": 0.95, "lead": 1.0, "deadlines": 0.6},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 65/73 · 4/4 · 5/19.
    "heldout324": {"items": 0.89, "lead": 1.0, "deadlines": 0.26},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 26/26 · 2/2 · 6/8.
    "heldout325": {"items": 1.0, "lead": 1.0, "deadlines": 0.75},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 53/59 · 12/16 · 9/14.
    "heldout326": {"items": 0.89, "lead": 0.75, "deadlines": 0.64},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 27/29 · — · 6/8.
    "heldout327": {"items": 0.93, "lead": None, "deadlines": 0.75},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 101/120 · 6/6 · 13/19.
    "heldout328": {"items": 0.84, "lead": 1.0, "deadlines": 0.68},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 62/62 · 2/2 · 5/12.
    "heldout329": {"items": 1.0, "lead": 1.0, "deadlines": 0.41},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 37/45 · 1/3 · 13/16.
    "heldout330": {"items": 0.82, "lead": 0.33, "deadlines": 0.81},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 33/33 · 14/16 · 8/8.
    "heldout331": {"items": 1.0, "lead": 0.87, "deadlines": 1.0},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 28/32 · 3/4 · 11/16.
    "heldout332": {"items": 0.87, "lead": 0.75, "deadlines": 0.68},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 39/39 · 4/5 · 12/12.
    "heldout333": {"items": 1.0, "lead": 0.8, "deadlines": 1.0},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 36/38 · 11/11 · 13/15.
    "heldout334": {"items": 0.94, "lead": 1.0, "deadlines": 0.86},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 46/47 · 1/1 · 19/20.
    # (round 35 numbers a copy's first items under the chapter before the first one it shows; shi_gaoceng's annotator put its
    # (八) and (九) at the top level, its NOTES.md says why: 44/47 since)
    "heldout335": {"items": 0.93, "lead": 1.0, "deadlines": 0.95},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 63/66 · 1/1 · 14/20.
    "heldout336": {"items": 0.95, "lead": 1.0, "deadlines": 0.7},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 37/37 · 1/2 · 7/7.
    "heldout337": {"items": 1.0, "lead": 0.5, "deadlines": 1.0},
    # Round 35's part, collected and annotated blind; first scored at its merge commit: 44/63 · 13/16 · 12/25.
    "heldout338": {"items": 0.69, "lead": 0.81, "deadlines": 0.48},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 6/6 · — · 2/2.
    "heldout342": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 23/23 · — · 4/4.
    "heldout343": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 72/72 · 1/1 · 14/30.
    "heldout344": {"items": 1.0, "lead": 1.0, "deadlines": 0.46},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 13/13 · — · 3/4.
    "heldout345": {"items": 1.0, "lead": None, "deadlines": 0.75},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 27/27 · 1/3 · 5/5.
    "heldout346": {"items": 1.0, "lead": 0.33, "deadlines": 1.0},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 48/49 · 6/6 · 13/18.
    # Round 38 keeps the 今年 of an undated deadline in its text (「今年年底前」, as annotators write it); this part's
    # annotator wrote one 「今年11月底前」 without it (0.72 → 0.66).
    "heldout339": {"items": 0.97, "lead": 1.0, "deadlines": 0.66},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 43/66 · — · 4/20.
    "heldout340": {"items": 0.65, "lead": None, "deadlines": 0.2},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 45/48 · 2/4 · 7/12.
    "heldout341": {"items": 0.93, "lead": 0.5, "deadlines": 0.58},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 50/55 · 1/1 · 13/20.
    "heldout347": {"items": 0.9, "lead": 1.0, "deadlines": 0.65},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 61/67 · 2/5 · 7/20.
    "heldout348": {"items": 0.91, "lead": 0.4, "deadlines": 0.35},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 14/24 · — · 1/10.
    "heldout349": {"items": 0.58, "lead": None, "deadlines": 0.1},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 21/23 · — · 4/6.
    "heldout350": {"items": 0.91, "lead": None, "deadlines": 0.66},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 25/27 · — · 5/9.
    "heldout351": {"items": 0.92, "lead": None, "deadlines": 0.55},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 57/57 · 2/14 · 5/32.
    "heldout352": {"items": 1.0, "lead": 0.14, "deadlines": 0.15},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 56/63 · 13/17 · 12/16.
    "heldout353": {"items": 0.88, "lead": 0.76, "deadlines": 0.75},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 27/39 · 0/1 · 4/16.
    "heldout354": {"items": 0.69, "lead": 0.0, "deadlines": 0.25},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 8/8 · 0/2 · —.
    "heldout357": {"items": 1.0, "lead": 0.0, "deadlines": None},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 12/12 · — · 4/4.
    "heldout358": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 47/59 · — · 8/11.
    "heldout359": {"items": 0.79, "lead": None, "deadlines": 0.72},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 21/22 · 2/2 · 6/7.
    "heldout361": {"items": 0.95, "lead": 1.0, "deadlines": 0.85},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 29/32 · 2/3 · 8/11.
    "heldout355": {"items": 0.9, "lead": 0.66, "deadlines": 0.72},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 81/81 · — · 16/23.
    "heldout356": {"items": 1.0, "lead": None, "deadlines": 0.69},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 24/32 · 1/1 · 6/8.
    "heldout360": {"items": 0.75, "lead": 1.0, "deadlines": 0.75},
    # Round 36's part, collected and annotated blind; first scored at its merge commit: 27/44 · 0/6 · 4/10.
    "heldout362": {"items": 0.61, "lead": 0.0, "deadlines": 0.4},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 61/62 · 2/2 · 8/8.
    "heldout365": {"items": 0.98, "lead": 1.0, "deadlines": 1.0},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 20/23 · 1/1 · 6/8.
    "heldout367": {"items": 0.86, "lead": 1.0, "deadlines": 0.75},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 35/36 · 2/2 · 8/17.
    "heldout364": {"items": 0.97, "lead": 1.0, "deadlines": 0.47},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 41/47 · 0/5 · 3/8.
    "heldout363": {"items": 0.87, "lead": 0.0, "deadlines": 0.37},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 60/65 · 7/9 · 7/25.
    "heldout366": {"items": 0.92, "lead": 0.77, "deadlines": 0.28},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 84/102 · 1/7 · 12/38.
    "heldout369": {"items": 0.82, "lead": 0.14, "deadlines": 0.31},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 81/90 · 21/26 · 20/27.
    "heldout370": {"items": 0.9, "lead": 0.8, "deadlines": 0.74},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 55/66 · 6/7 · 8/27.
    "heldout368": {"items": 0.83, "lead": 0.85, "deadlines": 0.29},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 13/13 · — · 8/8.
    "heldout378": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 67/73 · 3/3 · 12/12.
    "heldout371": {"items": 0.91, "lead": 1.0, "deadlines": 1.0},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 16/16 · — · 5/5.
    "heldout373": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 45/45 · 1/1 · 13/18.
    "heldout374": {"items": 1.0, "lead": 1.0, "deadlines": 0.72},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 54/54 · 1/3 · 8/23.
    "heldout375": {"items": 1.0, "lead": 0.33, "deadlines": 0.34},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 33/39 · 2/2 · 5/12.
    "heldout372": {"items": 0.84, "lead": 1.0, "deadlines": 0.41},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 38/44 · 1/1 · 4/8.
    "heldout376": {"items": 0.86, "lead": 1.0, "deadlines": 0.5},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 92/93 · 2/4 · 16/26.
    "heldout377": {"items": 0.98, "lead": 0.5, "deadlines": 0.61},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 31/50 · 0/6 · 4/11.
    "heldout381": {"items": 0.62, "lead": 0.0, "deadlines": 0.36},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 33/39 · — · 8/12.
    "heldout382": {"items": 0.84, "lead": None, "deadlines": 0.66},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 34/34 · — · 15/15.
    "heldout383": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 46/46 · 7/7 · 6/6.
    "heldout385": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 39/45 · 0/2 · 8/13.
    "heldout386": {"items": 0.86, "lead": 0.0, "deadlines": 0.61},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 78/84 · 1/5 · 11/22.
    "heldout380": {"items": 0.92, "lead": 0.2, "deadlines": 0.5},
    # Round 37's part, collected and annotated blind; first scored at its merge commit: 65/69 · — · 26/30.
    "heldout384": {"items": 0.94, "lead": None, "deadlines": 0.86},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 35/65 · 3/5 · 7/33.
    "heldout387": {"items": 0.53, "lead": 0.6, "deadlines": 0.21},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 35/35 · 0/2 · 14/17.
    "heldout388": {"items": 1.0, "lead": 0.0, "deadlines": 0.82},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 9/9 · — · 1/4.
    "heldout389": {"items": 1.0, "lead": None, "deadlines": 0.25},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 34/38 · 1/3 · 11/13.
    "heldout390": {"items": 0.89, "lead": 0.33, "deadlines": 0.84},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 24/30 · — · 5/20.
    "heldout391": {"items": 0.8, "lead": None, "deadlines": 0.25},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 8/9 · 0/1 · 2/3.
    "heldout392": {"items": 0.88, "lead": 0.0, "deadlines": 0.66},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 35/45 · — · 6/12.
    "heldout393": {"items": 0.77, "lead": None, "deadlines": 0.5},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 79/83 · — · 9/15.
    "heldout394": {"items": 0.95, "lead": None, "deadlines": 0.6},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 6/6 · — · 2/2.
    "heldout395": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 18/18 · — · 7/7.
    "heldout396": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 14/15 · — · 0/4.
    "heldout397": {"items": 0.93, "lead": None, "deadlines": 0.0},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 30/30 · — · 7/11.
    "heldout398": {"items": 1.0, "lead": None, "deadlines": 0.63},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 33/33 · 0/2 · 10/15.
    "heldout399": {"items": 1.0, "lead": 0.0, "deadlines": 0.66},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 55/69 · 1/4 · 16/24.
    "heldout400": {"items": 0.79, "lead": 0.25, "deadlines": 0.66},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 47/51 · — · 14/24.
    "heldout401": {"items": 0.92, "lead": None, "deadlines": 0.58},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 49/52 · 0/1 · 16/19.
    "heldout402": {"items": 0.94, "lead": 0.0, "deadlines": 0.84},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 4/4 · — · 1/1.
    "heldout403": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 19/19 · — · 5/7.
    "heldout404": {"items": 1.0, "lead": None, "deadlines": 0.71},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 19/19 · 7/7 · 4/4.
    "heldout405": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 41/44 · — · 13/18.
    "heldout406": {"items": 0.93, "lead": None, "deadlines": 0.72},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 2/4 · — · 2/4.
    "heldout407": {"items": 0.5, "lead": None, "deadlines": 0.5},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 55/59 · 2/2 · 4/12.
    "heldout408": {"items": 0.93, "lead": 1.0, "deadlines": 0.33},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 16/30 · 2/6 · 4/15.
    "heldout409": {"items": 0.53, "lead": 0.33, "deadlines": 0.26},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 27/27 · — · 10/13.
    "heldout410": {"items": 1.0, "lead": None, "deadlines": 0.76},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: — · — · —.
    "heldout411": {"items": None, "lead": None, "deadlines": None},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 0/2 · — · 0/2.
    "heldout414": {"items": 0.0, "lead": None, "deadlines": 0.0},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 3/6 · — · 2/4.
    "heldout415": {"items": 0.5, "lead": None, "deadlines": 0.5},
    # Round 38's part, collected and annotated blind; first scored at its merge commit: 8/8 · — · 2/2.
    "heldout416": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 6/7 · 2/2 · 0/1.
    "heldout424": {"items": 0.85, "lead": 1.0, "deadlines": 0.0},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 31/31 · — · 14/14.
    "heldout420": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 30/30 · — · 9/10.
    "heldout425": {"items": 1.0, "lead": None, "deadlines": 0.9},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 36/56 · — · 11/18.
    "heldout426": {"items": 0.64, "lead": None, "deadlines": 0.61},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 23/24 · — · 4/7.
    "heldout421": {"items": 0.95, "lead": None, "deadlines": 0.57},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 28/37 · 0/1 · 5/15.
    "heldout419": {"items": 0.75, "lead": 0.0, "deadlines": 0.33},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 35/37 · 1/3 · 10/11.
    "heldout427": {"items": 0.94, "lead": 0.33, "deadlines": 0.9},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 44/44 · — · 6/10.
    "heldout428": {"items": 1.0, "lead": None, "deadlines": 0.6},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 41/49 · 1/1 · 22/26.
    "heldout429": {"items": 0.83, "lead": 1.0, "deadlines": 0.84},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 36/63 · 6/6 · 6/22.
    "heldout430": {"items": 0.57, "lead": 1.0, "deadlines": 0.27},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 20/20 · — · 5/5.
    "heldout431": {"items": 1.0, "lead": None, "deadlines": 1.0},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 34/37 · 1/2 · 8/11.
    "heldout432": {"items": 0.91, "lead": 0.5, "deadlines": 0.72},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 7/16 · — · 3/14.
    "heldout433": {"items": 0.43, "lead": None, "deadlines": 0.21},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 16/35 · 0/3 · 6/6.
    "heldout435": {"items": 0.45, "lead": 0.0, "deadlines": 1.0},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 9/13 · — · 1/4.
    "heldout436": {"items": 0.69, "lead": None, "deadlines": 0.25},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 33/40 · 5/6 · 2/9.
    "heldout437": {"items": 0.82, "lead": 0.83, "deadlines": 0.22},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 44/49 · — · 11/13.
    "heldout440": {"items": 0.89, "lead": None, "deadlines": 0.84},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 28/30 · 3/5 · 0/1.
    "heldout441": {"items": 0.93, "lead": 0.6, "deadlines": 0.0},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 53/53 · 2/4 · 17/19.
    "heldout439": {"items": 1.0, "lead": 0.5, "deadlines": 0.89},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 132/138 · 16/18 · 23/63.
    "heldout434": {"items": 0.95, "lead": 0.88, "deadlines": 0.36},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 194/207 · 5/10 · 24/33.
    "heldout438": {"items": 0.93, "lead": 0.5, "deadlines": 0.72},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 27/30 · — · 1/7.
    "heldout442": {"items": 0.9, "lead": None, "deadlines": 0.14},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 48/48 · 2/2 · 6/6.
    "heldout443": {"items": 1.0, "lead": 1.0, "deadlines": 1.0},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 85/102 · 10/13 · 14/21.
    "heldout444": {"items": 0.83, "lead": 0.76, "deadlines": 0.66},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 105/111 · 10/10 · 13/23.
    "heldout445": {"items": 0.94, "lead": 1.0, "deadlines": 0.56},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 29/30 · — · 8/9.
    "heldout447": {"items": 0.96, "lead": None, "deadlines": 0.88},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 38/44 · — · 0/2.
    "heldout448": {"items": 0.86, "lead": None, "deadlines": 0.0},
    # Round 39's part, collected and annotated blind; first scored at its merge commit: 93/105 · 4/5 · 8/30.
    "heldout446": {"items": 0.88, "lead": 0.8, "deadlines": 0.26},
}
# Spurious leads and deadlines accepted as measured when a part was scored (none elsewhere): the test fails on any
# more. (heldout14's 5 spurious leads and 1 spurious deadline of its first scoring are gone since round 15.)
# Round 24 read 「X会同Y…」 (and 「X要会同Y」) without 由 as naming X the lead, the convention the real parts follow (heldout32/33
# and every real part since heldout53), except in the item that says how the plan itself is checked (督查, 考核: the seeds'
# reading). Parts written blind in rounds 3–22 and two real items (heldout34: a closing paragraph run on into the last
# item; heldout42: 「…会同…开展验收」) read it as no lead, so their allowances rose by what that costs (written21: 3 → 9).
# Round 28 read a glued table's answering cell that recurs row after row (区直有关单位，各乡镇人民政府) and the lead run on
# before it: heldout131's chapters 四（十一）–（十四）, whose numbered points run on to their headings and are not found, take
# their points' leads (+26 right leads in the part, 4 spurious on those headings): 0 → 4.
# Round 33 read a 具体项目 column as the task's text: heldout288's 下陆 分工方案 copied one cell per line finds its leads (+5), and
# its chapter 二、, whose first task (11.) runs on into it, takes that task's four leads: 0 → 1.
# Round 33 read an item whose work is divided among several 「由X牵头」 clauses as led by each X, as annotators do (+8 right
# leads): heldout137's phase heading 组织实施阶段, whose annotator gave the same four units as leads under 强化宣传培训 but none
# here, counts them spurious: 0 → 1.
# Round 39 read an item whose work is divided among units each opening its own sentence or semicolon's part with 「X牵头…」
# (no 由) as led by each, as round 33 did for 「由X牵头」 (+6 right leads). Two flattened tables whose rows run on into one
# chapter's text read their rows' leads as that chapter's: heldout84 (9 → 10) and heldout304 (0 → 1).
SPURIOUS_LEADS: dict[str, int] = {"heldout304": 1, "heldout429": 1, "heldout415": 1, "heldout391": 1, "heldout201": 1, "heldout377": 1, "heldout368": 2, "heldout369": 1, "heldout359": 1, "heldout362": 1, "heldout360": 4, "heldout348": 1, "heldout344": 1, "heldout330": 1, "heldout326": 2, "heldout322": 1, "heldout321": 20, "heldout315": 7, "heldout137": 1, "heldout298": 1, "heldout288": 1, "heldout294": 1, "heldout257": 1, "heldout19": 1, "written1": 1, "written2": 2, "written3": 2, "written9": 1, "written12": 2, "written14": 1, "written15": 1, "written17": 1, "written21": 9, "written24": 1, "written31": 1, "written37": 5, "written38": 3, "written39": 3, "written40": 2, "written43": 4, "written48": 2, "written50": 2, "written53": 1, "written54": 3, "written56": 1, "written57": 1, "written58": 2, "written60": 2, "written62": 7, "written66": 13, "written68": 2, "written70": 3, "written25": 1, "written27": 1, "written28": 1, "written30": 1, "written35": 1, "heldout34": 1, "heldout42": 1, "heldout56": 1, "heldout57": 1, "heldout64": 46, "heldout66": 1, "heldout67": 2, "heldout70": 4, "heldout74": 1, "heldout76": 2, "heldout84": 10, "heldout86": 20, "heldout87": 3, "heldout94": 1, "heldout95": 1, "heldout98": 1, "heldout100": 1, "heldout103": 1, "heldout112": 1, "heldout107": 1, "heldout113": 2, "heldout115": 35, "heldout116": 5, "heldout121": 41, "heldout132": 4, "heldout133": 1, "heldout134": 1, "heldout138": 2, "heldout139": 1, "heldout145": 1, "heldout152": 2, "heldout153": 1, "heldout159": 1, "heldout161": 3, "heldout166": 1, "heldout167": 1, "heldout168": 3, "heldout175": 4, "heldout72": 1, "heldout178": 8, "heldout184": 3, "heldout185": 1, "heldout191": 1, "heldout192": 1, "heldout131": 4, "heldout208": 1, "heldout211": 1, "heldout218": 1, "heldout232": 1, "heldout238": 1, "heldout239": 1, "heldout251": 1, "heldout254": 2}
# Round 16 decided that a heading announcing a year's main targets (「一、2023年…主要预期目标」, 「确保完成全年主要预期
# 目标」) is due by that year's end, as the blind annotators of heldout13–15 read it; the annotators of dev, heldout4,
# heldout5 and heldout9, who knew the parser's old convention, left the same headings undated. Those headings are
# counted here as spurious deadlines (the annotations stay as their annotators wrote them).
# Round 26 found heldout85's 四（三） (a chapter number run on to the word before it); the page ran the plan's closing
# reporting paragraph (「于9月16日前…」, 「于10月20日前…」) on to it, and its annotator gave that paragraph no deadline: 2 → 3.
# Round 26's heldout115 and heldout121 are 督察整改 progress reports whose chapters each name a 牵头单位: their annotators put
# the lead (and the dates reported) on the chapter alone, while the parser passes a chapter's lead down to its numbered
# steps, as a 督办 ledger needs — their allowances (35 and 41 leads) are that difference, measured at their first scoring.
# Round 27's heldout170 holds a cover notice (「平安单位」申报参评) that asks for everything it lists by one time (于5月31日前…
# 完成), which the parser gives every undated item, as a 督办 ledger needs (find_notice_deadline); its annotator left the
# 85 listed materials undated: its allowance (84) is that difference, measured at its first scoring.
# Round 27's rules date a festival the work is due before (春节前 → its eve) and the time a schedule gives a step (报名时间:
# …, 第一阶段为…至…), and take a lead a sentence names (由X牵头) over a 责任处室 field: where earlier annotators left such a
# time or lead unmarked (a festival named as a season, 「春节之前…容易…」; a closing 由…牵头 run into the last item), the
# allowances rose by one each (deadlines: written17, written31, written39, heldout109, heldout110, heldout115; leads:
# heldout72).
# Round 31 reads a table row's short heading followed by its cell's points numbered alike (1.行政规范性文件集中公开 ⏎ 1.… 2.…
# 3.…) as the row and its points: heldout18's row keeps its 备注 deadline, which now follows its last point (+3 items there): 0 → 1.
# Round 31 opens the chapters of a paragraph copy whose every chapter number runs on to the word before it (…实事一、…日前二、…):
# heldout84's 十三五 paragraph gains 10 items and its chapters take the leads and dates of the points run on to their headings
# (leads 3 → 9, deadlines 1 → 4); heldout137 gains 3 items and one date its annotator left (2 → 3).
# Round 31 dates a heading that announces the year's work (二、全年重点工作, 2020年重点工作), as every real part's annotator did:
# written34's writer left one such heading undated (+1).
# Round 32 reads 至 opening a clause as 到 (「至2017年,住宅小区…落实」: by then, +17 right deadlines on the real parts):
# heldout84's 十三五 paragraph dates 「至2020年,建立省级重点学科1-2个」, which its annotator left undated while dating the
# same paragraph's 到2020年 targets: 4 → 5.
# Round 29's rule dates a five-year plan's period opening a clause of targets (“十四五”期间，…增长18%): heldout153's
# 「力争“十三五”期间完成全省…全覆盖」, which its annotator left undated, raised its allowance by one.
# Round 35 dates a span right before the work done over it (「…同步于6月1日至30日开展」): heldout149's annotator left that
# one undated (0 → 1). Its phases listed in one run of text (「第一阶段:…(1月1日至1月21日)…第三阶段…」) date each phase: in
# heldout212's 低保 plan the third and fourth phases run on into the last step of the second (1 → 2).
# Round 36 reads a copy that opens at a later point under its page's title, or below a few lines of the page before's words,
# as a copy partway through its plan (+68 items on the real parts): heldout270's 联防联控 意见 now finds its chapter 九's
# points, and the notice's closing line (「各地要在2010年6月底前…报送…备案」) runs on into the last of them (0 → 1);
# heldout359's page 2 finds its point 4, whose 「自治区工信委会同有关部门组织…」 names its lead by the set's 会同 convention,
# which its annotator left unmarked (0 → 1).
# Round 37 reads a unit whose other name follows in brackets as the subject that leads (「区建设管理委(区水务局)牵头完成…」,
# +3 leads on the real parts): heldout201's 「建设或代建单位(项目业主)牵头…」, a kind of body its annotator left unmarked (0 → 1).
# Round 38 reads a collection's article number (「第一篇:」) as no chapter and a point that opens with its year as a point
# (+28 items): heldout393's 廉政风险防控 plan now finds its chapters, where the years in two titles (「2011年…实施范围」,
# 「成立“2011年…”领导小组」) date items its annotator left undated, in the plan and its paragraph copy (0 → 4), and heldout400's
# 「2、2008年建设完成247个农家书屋」, which its annotator left undated (1 → 2). The round's other rules took spurious deadlines
# away from heldout394, 387, 377, 372, 360, 352, 313 and 94, whose allowances fall with them.
# Round 39 read a point that opens with the day it is done on (「1、3月5日,召开筹备会」) as a point (+8 items on the real
# parts): heldout319's phase 「3、组织实施阶段(9月3日~20日)」 is now found, and dated by its span's end as every phase is; its
# annotator left it undated (0 → 1).
# Round 39 kept an event's day in a copy that states no year (「5月8日,在…举办义诊」) as written, where it was dropped (+16 right
# deadlines): three annotators left such a time out — heldout201 (a phase's 「1、2012年5月21日~5月27日」 run into a paragraph
# copy: 0 → 1), heldout279 (「3月底」 in a reply on a rectification: 0 → 1) and heldout369 (「时间:7月下旬」, written under the next item: 1 → 2).
SPURIOUS_DEADLINES: dict[str, int] = {"heldout446": 2, "heldout279": 1, "heldout201": 1, "heldout448": 4, "heldout447": 1, "heldout445": 3, "heldout444": 1, "heldout442": 4, "heldout438": 1, "heldout319": 1, "heldout441": 1, "heldout440": 1, "heldout437": 1, "heldout436": 1, "heldout435": 1, "heldout427": 2, "heldout419": 1, "heldout421": 1, "heldout393": 4, "heldout400": 2, "heldout394": 4, "heldout391": 1, "heldout390": 1, "heldout387": 2, "heldout386": 1, "heldout385": 1, "heldout382": 2, "heldout377": 1, "heldout372": 1, "heldout369": 2, "heldout366": 1, "heldout363": 1, "heldout270": 1, "heldout356": 4, "heldout351": 1, "heldout350": 2, "heldout349": 2, "heldout341": 1, "heldout340": 1, "heldout339": 2, "heldout344": 2, "heldout338": 5, "heldout149": 1, "heldout328": 1, "heldout323": 2, "heldout321": 6, "heldout318": 2, "heldout304": 1, "heldout301": 1, "heldout297": 2, "heldout299": 1, "heldout292": 1, "heldout288": 2, "heldout291": 1, "heldout293": 1, "heldout285": 1, "heldout284": 1, "heldout283": 4, "heldout280": 4, "heldout271": 1, "heldout276": 1, "heldout18": 1, "heldout257": 1, "dev": 2, "heldout4": 1, "heldout5": 2, "heldout9": 2, "heldout17": 4, "written1": 4, "written2": 1, "written3": 4, "written4": 4, "written5": 1, "written6": 2, "written7": 4, "written8": 1, "written11": 1, "written12": 2, "written13": 3, "written14": 3, "written15": 3, "written16": 2, "written17": 8, "written19": 1, "written20": 2, "written21": 2, "written22": 3, "written23": 7, "written24": 2, "written26": 8, "written28": 1, "written29": 1, "written30": 3, "written31": 4, "written32": 6, "written33": 7, "written34": 2, "written35": 3, "written36": 5, "written37": 6, "written38": 4, "written39": 3, "written40": 11, "written41": 20, "written42": 13, "written43": 2, "written44": 3, "written45": 4, "written46": 1, "written47": 2, "written48": 7, "written49": 8, "written50": 4, "written51": 1, "written52": 1, "written53": 1, "written54": 8, "written55": 3, "heldout27": 2, "written56": 6, "written57": 2, "written59": 6, "written60": 7, "written61": 6, "heldout33": 1, "written62": 7, "written63": 3, "written64": 8, "heldout35": 1, "heldout36": 1, "heldout39": 1, "written65": 6, "written66": 3, "heldout43": 2, "heldout47": 3, "heldout48": 1, "written68": 8, "written69": 7, "written70": 2, "heldout52": 13, "heldout53": 1, "heldout57": 1, "heldout59": 3, "heldout63": 6, "heldout66": 2, "heldout67": 1, "heldout68": 2, "heldout70": 3, "heldout76": 5, "heldout89": 1, "heldout83": 1, "heldout84": 5, "heldout85": 3, "heldout86": 2, "heldout87": 1, "heldout88": 1, "heldout93": 1, "heldout94": 1, "heldout96": 1, "heldout99": 1, "heldout100": 2, "heldout103": 2, "heldout104": 1, "heldout111": 1, "heldout109": 3, "heldout108": 2, "heldout110": 3, "heldout115": 5, "heldout116": 4, "heldout121": 27, "heldout122": 1, "heldout123": 2, "heldout128": 1, "heldout130": 4, "heldout129": 1, "heldout131": 1, "heldout136": 1, "heldout137": 3, "heldout134": 3, "heldout140": 1, "heldout142": 3, "heldout143": 1, "heldout145": 8, "heldout151": 3, "heldout152": 2, "heldout153": 4, "heldout154": 2, "heldout157": 4, "heldout161": 3, "heldout162": 1, "heldout163": 2, "heldout164": 2, "heldout165": 3, "heldout169": 1, "heldout170": 84, "heldout171": 5, "heldout172": 2, "heldout173": 3, "heldout174": 2, "heldout176": 1, "heldout182": 2, "heldout183": 1, "heldout184": 1, "heldout185": 4, "heldout187": 2, "heldout188": 1, "heldout189": 1, "heldout190": 1, "heldout191": 1, "heldout192": 5, "heldout193": 1, "heldout194": 3, "heldout197": 1, "heldout199": 2, "heldout200": 1, "heldout203": 3, "heldout204": 5, "heldout205": 2, "heldout209": 1, "heldout212": 2, "heldout213": 1, "heldout214": 1, "heldout215": 1, "heldout216": 1, "heldout217": 1, "heldout218": 3, "heldout222": 2, "heldout224": 1, "heldout225": 1, "heldout226": 1, "heldout228": 1, "heldout229": 1, "heldout230": 1, "heldout231": 1, "heldout232": 1, "heldout233": 4, "heldout234": 5, "heldout239": 1, "heldout245": 1, "heldout251": 3, "heldout252": 1, "heldout253": 1}


def test_fixtures_cover_every_shape_and_at_least_fifteen_plans():
    annotations = load_annotations()
    sources = {a["source"] for a in annotations}
    assert len(sources) >= 15
    for split in ("dev", "heldout"):
        assert {a["shape"] for a in annotations if a["split"] == split} == set(CORE_SHAPES)


@pytest.mark.parametrize("split", SPLITS)
def test_accuracy_on_other_cities_plans(split):
    assert split in THRESHOLDS, f"{split}: a new part needs its floor here (None until it is scored once)"
    if THRESHOLDS[split] is None:
        pytest.skip(f"{split} is scored once, at the end of the round that collected it")
    totals = score(split)["all"]
    measured = {
        "items": rate(totals["items_right"], totals["items"]),
        "lead": rate(totals["lead_right"], totals["lead_stated"]),
        "deadlines": rate(totals["deadlines_right"], totals["deadlines_stated"]),
    }
    for measure, threshold in THRESHOLDS[split].items():
        if threshold is None:
            assert measured[measure] is None, (split, measure, measured)
            continue
        assert measured[measure] >= threshold, (split, measure, measured, totals)
    assert totals["spurious_lead"] <= SPURIOUS_LEADS.get(split, 0)
    assert totals["spurious_deadlines"] <= SPURIOUS_DEADLINES.get(split, 0)


def test_every_shape_finds_every_item_of_the_dev_plans():
    for shape, totals in score("dev").items():
        assert totals["items_right"] == totals["items"], (shape, totals)


def test_scored_as_after_review_a_year_less_plan_is_given_the_year_its_name_carries():
    from bench.bench_plans_heldout import score_plan, year_in_the_name

    annotation = next(a for a in load_annotations() if a["file"] == "heldout227/shanghai_kehuishou2020_flat.txt")
    assert year_in_the_name(annotation) == 2020
    assert year_in_the_name({"file": "heldout1/xxshi_shuiku.txt"}) is None
    as_parsed, as_reviewed = score_plan(annotation), score_plan(annotation, year_known=True)
    assert as_parsed["deadlines_right"] == 0 < as_reviewed["deadlines_right"]
