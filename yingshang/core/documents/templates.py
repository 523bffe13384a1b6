"""DOCX templates: the default 公文 template shipped in core, the staff's overrides, and the check
every uploaded template passes before it is stored."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .model import Document, Paragraph, Section, Table
from .word import PLACEHOLDERS, REQUIRED_PLACEHOLDERS, render_docx

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "document_template.docx"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
BODY_PLACEHOLDER = re.compile(r"\{\{p\s+body\s*\}\}")


def default_template() -> bytes:
    return DEFAULT_TEMPLATE.read_bytes()


def template_for(kind: str) -> bytes:
    """The template a document of ``kind`` is rendered with: the uploaded override, else the default."""
    from .models import DocumentTemplate

    override = DocumentTemplate.objects.filter(kind=kind).values_list("content", flat=True).first()
    return bytes(override) if override is not None else default_template()


def sample_document(kind: str = "sample") -> Document:
    """A small document with every part filled, used to try a template before it is accepted."""
    import datetime as dt

    return Document(
        kind=kind, title="模板试用文书标题", issuer="某市营商环境建设局", number="某营商〔2026〕1号", date=dt.date(2026, 1, 5),
        signature="某市营商环境建设局", subtitle="统计期间:2026-01-01 至 2026-01-31", marking="内部资料",
        sections=[Section("一、总体情况", [Paragraph("正文段落 & <特殊字符>。"), Table(["单位", "数量"], [["某局", "1"]])])],
    )


def validate_template(data: bytes, filename: str = "") -> None:
    """Refuse (ValidationError, in Chinese) a template that would not render every document."""
    if filename and not filename.lower().endswith(".docx"):
        raise ValidationError(_("模板须为 Word 文档(.docx);.doc 等旧格式请先用 Word 或 WPS 另存为 .docx"))
    if not data:
        raise ValidationError(_("模板文件是空的"))
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(_("模板文件过大(上限 5 MB);请删除其中的大图片后再上传"))
    from docx import Document as WordDocument

    from .. import safedocs

    try:
        # The guarded reader (core/safedocs): a template is an upload like any other (bombs, entities).
        paragraphs = "\n".join(p.text for p in safedocs.open_docx(data, what=_("模板文件")).paragraphs)
    except safedocs.DocumentRefused as error:
        if error.code not in ("damaged", "xml_malformed"):
            raise
        raise ValidationError(_("无法读取模板文件:它不是有效的 .docx 文档(可用 Word 或 WPS 另存为 .docx 后再上传)")) from None

    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError

    try:
        names = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables()
    except TemplateSyntaxError as error:
        raise ValidationError(_("模板中的占位符写法有误:%(error)s。占位符应写作 {{ title }} 这样的形式") % {"error": error.message}) from None
    except Exception:
        raise ValidationError(_("无法解析模板中的占位符;请检查花括号是否成对")) from None
    unknown = sorted(set(names) - set(PLACEHOLDERS))
    if unknown:
        raise ValidationError(_("模板中有无法识别的占位符:%(names)s。可用的占位符:%(known)s") % {
            "names": "、".join(unknown), "known": "、".join(PLACEHOLDERS)})
    missing = [name for name in REQUIRED_PLACEHOLDERS if name not in names]
    if missing:
        raise ValidationError(_("模板缺少必需的占位符:%(names)s") % {"names": "、".join("{{p body }}" if n == "body" else "{{ %s }}" % n for n in missing)})
    if not BODY_PLACEHOLDER.search(paragraphs):
        raise ValidationError(_("正文占位符须写作 {{p body }} 并单独占一段(不能写在表格或文本框里)"))
    try:
        rendered = render_docx(sample_document(), data)
        text = "\n".join(p.text for p in WordDocument(io.BytesIO(rendered)).paragraphs)
    except Exception:
        raise ValidationError(_("模板试生成文书失败;请从默认模板重新修改后再上传")) from None
    if "正文段落" not in text:
        raise ValidationError(_("模板试生成的文书中没有正文;请确认 {{p body }} 单独占一段"))
