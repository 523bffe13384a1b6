"""The printable 责令整改通知书 of a check record, through the kernel's document service (core.documents)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yingshang.core.documents import Document, Paragraph, Section, Table

from .apps import DOCUMENT_KIND
from .models import CheckRecord


def rectification_notice(check: CheckRecord) -> Document:
    task = check.task
    enterprise = task.enterprise
    failed = check.failed_lines
    sections = [
        Section(None, [Paragraph(_("%(name)s(统一社会信用代码 %(code)s):") % {"name": enterprise.name, "code": enterprise.credit_code})]),
        Section(_("检查情况"), [
            Paragraph(_("本机关于 %(day)s 依法对你单位进行了检查(任务编号 %(task)s),检查事项:%(items)s。") % {
                "day": task.recorded_on, "task": task.code, "items": "、".join(i.name for i in task.items.all())}),
            Table([_("检查事项"), _("检查内容"), _("结果")], [[line["item"], line["line"], _("不符合")] for line in failed] or [["—", "—", "—"]], [1, 4, 1]),
            Paragraph(check.problems or _("(无补充说明)")),
        ]),
    ]
    if check.outcome == CheckRecord.Outcome.NOTICE:
        decision = _("经查,上述问题属于《首违不罚事项清单》所列轻微违法行为“%(v)s”,系首次发现,依据《中华人民共和国行政处罚法》第三十三条,"
                     "本次不予行政处罚。请你单位于 %(due)s 前改正,本机关将进行复查;逾期不改正或再次发生的,将依法处理。") % {
            "v": check.minor_violation.title if check.minor_violation else "", "due": check.rectify_due_on}
    else:
        decision = _("请你单位于 %(due)s 前改正上述问题。相关违法行为将依法移送立案处理。") % {"due": check.rectify_due_on}
    sections.append(Section(_("整改要求"), [Paragraph(decision)]))
    return Document(kind=DOCUMENT_KIND, title=_("责令整改通知书"), sections=sections, issuer=task.lead_unit.name,
                    number=f"{task.code}", date=task.recorded_on, signature=task.lead_unit.name)
