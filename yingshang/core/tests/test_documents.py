"""The document service: PDFs embed their CJK font, DOCX comes from the default or an uploaded
template (红头, 文号, 落款), and a broken template is refused in Chinese."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from yingshang.core import documents
from yingshang.core.documents import Chart, Document, Paragraph, Section, Series, Table, register_document_kind
from yingshang.core.documents.models import DocumentTemplate
from yingshang.core.documents.pdf import font_embedding
from yingshang.core.documents.services import template_reset, template_upload
from yingshang.core.documents.templates import default_template, validate_template
from yingshang.core.models import AuditEntry

KIND = "core.test_notice"


@pytest.fixture(autouse=True)
def test_kind():
    register_document_kind(KIND, "测试通知")


def notice(**overrides) -> Document:
    fields = dict(
        kind=KIND, title="关于优化营商环境的通报", issuer="大连市营商环境建设局", number="大营商〔2026〕7号",
        date=dt.date(2026, 12, 3), signature="大连市营商环境建设局", marking="内部资料", subtitle="统计期间:2026-11-01 至 2026-11-30",
        sections=[
            Section("一、总体情况", [Paragraph("全市共受理诉求1,234件,按时办结率96.5%。")]),
            Section("二、单位排名", [Table(["名次", "单位", "得分"], [["1", "市市场监督管理局", "95.00"], ["2", "甘井子区财政局", "88.50"]])]),
            Section("三、趋势", [Chart("按时办结率趋势", [Series("全市", [(1, 0.9), (2, 0.95)]), Series("单位", [(1, 0.8)], line=False)], y_percent=True)]),
        ],
    )
    fields.update(overrides)
    return Document(**fields)


def docx_text(data: bytes) -> str:
    from docx import Document as WordDocument

    word = WordDocument(io.BytesIO(data))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def edited_template(replace: dict[str, str]) -> bytes:
    """The default template with its document.xml text replaced: what a clerk's edit in Word amounts to."""
    source = zipfile.ZipFile(io.BytesIO(default_template()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                for old, new in replace.items():
                    assert old in text, old
                    text = text.replace(old, new)
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------


def test_pdf_embeds_every_font_and_the_chinese_text_is_extractable():
    from pypdf import PdfReader

    data = documents.render_pdf(notice())
    fonts = font_embedding(data)
    assert fonts and all(fonts.values()), fonts
    assert any("NotoSerifSC" in name for name in fonts)
    assert not any("STSong" in name or "Helvetica" in name for name in fonts)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for words in ("大连市营商环境建设局", "大营商〔2026〕7号", "关于优化营商环境的通报", "市市场监督管理局", "2026年12月3日", "内部资料"):
        assert words in text.replace(" ", ""), words


def test_pdf_embeds_a_subset_not_the_whole_font():
    from yingshang.core.documents.fonts import font_path

    data = documents.render_pdf(notice())
    assert len(data) < font_path("regular").stat().st_size / 10


# --- DOCX ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_docx_from_the_default_template_has_red_header_number_and_signature():
    from docx import Document as WordDocument

    data = documents.render_docx(notice())
    text = docx_text(data)
    for words in ("内部资料", "大连市营商环境建设局", "大营商〔2026〕7号", "关于优化营商环境的通报", "全市共受理诉求", "甘井子区财政局", "2026年12月3日"):
        assert words in text, words
    paragraphs = [p for p in WordDocument(io.BytesIO(data)).paragraphs if p.text]
    issuer = next(p for p in paragraphs if p.text == "大连市营商环境建设局")
    assert str(issuer.runs[0].font.color.rgb) == "C00000"  # 红头
    assert paragraphs[-2].text == "大连市营商环境建设局" and paragraphs[-1].text == "2026年12月3日"  # 落款 and date last
    assert "{{" not in text and "{%" not in text
    assert len(WordDocument(io.BytesIO(data)).inline_shapes) == 1  # the chart, as a picture


@pytest.mark.django_db
def test_empty_number_and_marking_leave_no_blank_lines():
    text = docx_text(documents.render_docx(notice(number="", marking="")))
    assert "内部资料" not in text and "〔" not in text and "关于优化营商环境的通报" in text


@pytest.mark.django_db
def test_uploaded_template_is_used_for_its_kind_only_and_audited(users):
    template = edited_template({"{{ issuer }}": "{{ issuer }}文件", "{{ signature }}": "{{ signature }}(盖章)"})
    stored = template_upload(actor=users["admin"], kind=KIND, filename="通知模板.docx", data=template, note="加“文件”二字")
    text = docx_text(documents.render_docx(notice()))
    assert "大连市营商环境建设局文件" in text and "大连市营商环境建设局(盖章)" in text and "大营商〔2026〕7号" in text
    register_document_kind("core.other_notice", "其他")
    assert "建设局文件" not in docx_text(documents.render_docx(notice(kind="core.other_notice")))
    entry = AuditEntry.objects.get(action="core.document_template.upload", object_id=str(stored.pk))
    assert "content" in str(entry.after) and "sha256" in str(entry.after)

    assert template_reset(actor=users["admin"], kind=KIND)
    assert "建设局文件" not in docx_text(documents.render_docx(notice()))
    assert AuditEntry.objects.filter(action="core.document_template.reset").exists()


BROKEN = {
    "not a docx": (b"this is not a word file", "模板.docx", "不是有效的 .docx"),
    "old .doc": (b"\xd0\xcf\x11\xe0", "模板.doc", "另存为 .docx"),
    "unclosed placeholder": (None, "模板.docx", "占位符写法有误"),
    "unknown placeholder": (None, "模板.docx", "无法识别的占位符"),
    "no body": (None, "模板.docx", "缺少必需的占位符"),
    "body in a run": (None, "模板.docx", "{{p body }}"),
}
EDITS = {
    "unclosed placeholder": {"{{ title }}": "{{ title | }}"},
    "unknown placeholder": {"{{ number }}": "{{ 文号 }}"},
    "no body": {"{{p body }}": "正文"},
    "body in a run": {"{{p body }}": "{{ body }}"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_template_is_refused_in_chinese_and_the_current_one_stays(case, users):
    data, filename, message = BROKEN[case]
    if data is None:
        data = edited_template(EDITS[case])
    good = edited_template({"{{ issuer }}": "{{ issuer }}文件"})
    template_upload(actor=users["admin"], kind=KIND, filename="好模板.docx", data=good)
    with pytest.raises(ValidationError) as refused:
        template_upload(actor=users["admin"], kind=KIND, filename=filename, data=data)
    assert message in refused.value.messages[0]
    assert DocumentTemplate.objects.get(kind=KIND).filename == "好模板.docx"


@pytest.mark.django_db
def test_only_administrators_upload_templates(users):
    with pytest.raises(PermissionDenied):
        template_upload(actor=users["leader"], kind=KIND, filename="a.docx", data=default_template())
    with pytest.raises(ValidationError, match="未知的文书类型"):
        template_upload(actor=users["admin"], kind="no.such_kind", filename="a.docx", data=default_template())


def test_the_default_template_passes_its_own_check():
    validate_template(default_template(), "document_template.docx")


@pytest.mark.django_db
def test_admin_upload_refuses_a_broken_template_with_a_chinese_message_not_a_500(users, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = users["admin"]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    client.force_login(admin)
    url = reverse("admin:core_documenttemplate_add")
    broken = client.post(url, {"kind": KIND, "note": "", "upload": SimpleUploadedFile("坏模板.docx", b"garbage")})
    assert broken.status_code == 200 and "不是有效的 .docx" in broken.content.decode()
    assert not DocumentTemplate.objects.exists()
    good = client.post(url, {"kind": KIND, "note": "新模板", "upload": SimpleUploadedFile("好模板.docx", edited_template({"{{ issuer }}": "{{ issuer }}文件"}))})
    assert good.status_code == 302, good.content.decode()[:2000]
    assert DocumentTemplate.objects.get(kind=KIND).note == "新模板"
    download = client.get(reverse("document_template_download", args=[KIND]))
    assert download.status_code == 200 and "文件" in docx_text(download.content)
    assert client.get(reverse("document_template_download", args=["default"])).status_code == 200


@pytest.mark.django_db
def test_markup_and_control_characters_from_other_systems_render_in_both_formats():
    from docx import Document as WordDocument

    dirty = notice(title="A&B <通报>\x0b", sections=[
        Section("一、情况", [Paragraph("含\x01控制字符 & <i>标记</i>"), Table(["名称"], [["大连\"海之韵\"餐饮\x0c有限公司 & <x>"]])]),
        Section("二、其后", [Paragraph("表格之后的段落")]),
    ])
    text = docx_text(documents.render_docx(dirty))
    assert "A&B <通报>" in text and "含控制字符 & <i>标记</i>" in text and "大连\"海之韵\"餐饮有限公司 & <x>" in text
    body = WordDocument(io.BytesIO(documents.render_docx(dirty))).element.body
    order = [child.tag.rsplit("}", 1)[1] + ":" + "".join(t.text or "" for t in child.iter("{*}t")) for child in body.iterchildren()]
    table = next(i for i, item in enumerate(order) if item.startswith("tbl:"))
    after = order.index("p:表格之后的段落")
    assert order[-1].startswith("sectPr") and "含控制字符" in order[table - 1]
    assert table < after  # the table stands where it was written, not after the section properties
    from pypdf import PdfReader

    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(documents.render_pdf(dirty))).pages)
    assert "A&B<通报>" in pdf_text.replace(" ", "") and "表格之后的段落" in pdf_text
