"""The one upload rule (core.uploads): type by extension and signature, size, containers inspected."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from yingshang.core.uploads import DOCUMENTS, IMAGES, check_upload

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _docx(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_good_file_passes_with_its_name_size_and_digest():
    import hashlib

    checked = check_upload(SimpleUploadedFile("C:\\\\扫描/营业执照.PDF", PDF), allowed=DOCUMENTS, max_bytes=1024, what="材料")
    assert (checked.name, checked.suffix, checked.size) == ("营业执照.PDF", ".pdf", len(PDF))
    assert checked.sha256 == hashlib.sha256(PDF).hexdigest()


@pytest.mark.parametrize("name, data, message", [
    ("run.exe", b"MZ\x90\x00", "材料“run.exe”的文件类型不支持,请上传 PDF、OFD、JPG、PNG、DOCX、XLSX"),
    ("营业执照", PDF, "文件类型不支持"),
    ("营业执照.pdf", b"MZ\x90\x00 renamed", "材料“营业执照.pdf”的文件内容与扩展名 .pdf 不符"),
    ("照片.png", b"\xff\xd8\xff jpeg named png", "与扩展名 .png 不符"),
    ("大.pdf", PDF + b"0" * 2048, "材料“大.pdf”为 2 KB,超过 1 KB 的上限"),
])
def test_refusals_name_the_file_and_say_why(name, data, message):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, data), allowed=DOCUMENTS, max_bytes=1024, what="材料")
    assert message in refused.value.messages[0]


def test_a_size_the_client_understated_is_caught_while_reading():
    upload = SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff" + b"0" * 5000)
    upload.size = 10  # what a hostile client may declare
    with pytest.raises(ValidationError, match="超过 1 KB 的上限"):
        check_upload(upload, allowed=IMAGES, max_bytes=1024)


def test_a_zip_bomb_named_docx_is_refused_by_the_document_limits(settings):
    settings.YINGSHANG_DOCUMENT_LIMITS = {"max_unpacked_bytes": 100_000}
    bomb = _docx({"word/document.xml": b"<w:document>" + b"a" * 2_000_000 + b"</w:document>"})
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("申请书.docx", bomb), allowed=DOCUMENTS, max_bytes=10 * 1024 * 1024)


def test_the_file_is_left_at_its_start_for_storing():
    upload = SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff\xe0 photo")
    check_upload(upload, allowed=IMAGES, max_bytes=1024)
    assert upload.read() == b"\xff\xd8\xff\xe0 photo"
