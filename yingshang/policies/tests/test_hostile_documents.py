"""Hostile policy documents on the extraction assistant's upload (issue #12 item 1): refused with the reason,
within seconds, nothing created; an ordinary .docx still reads."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yingshang.core.tests import hostile
from yingshang.policies.models import ItemProposal, PolicyDocument

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, build, reason", [
    ("政策.docx", hostile.docx_bomb, "压缩炸弹"),
    ("政策.docx", hostile.docx_billion_laughs, "实体"),
    ("政策.docx", hostile.docx_malformed_xml, "不是有效的 XML"),
    ("政策.pdf", hostile.pdf_huge_object_count, "对象"),
    ("政策.txt", lambda: hostile.huge_single_line_text(8), "字符"),
])
def test_a_hostile_policy_file_is_refused_and_creates_nothing(client_for, name, build, reason):
    client = client_for("handler_scj")
    unit = client.get(reverse("policies:import")).context["form"].fields["unit"].queryset.first()
    before = (PolicyDocument.objects.count(), ItemProposal.objects.count())
    started = time.monotonic()
    response = client.post(reverse("policies:import"), {"title": "恶意文件", "unit": unit.pk, "file": SimpleUploadedFile(name, build())})
    assert time.monotonic() - started < 5
    assert response.status_code == 200 and reason in response.content.decode()
    assert (PolicyDocument.objects.count(), ItemProposal.objects.count()) == before


def test_an_ordinary_policy_docx_is_read(client_for):
    client = client_for("handler_scj")
    unit = client.get(reverse("policies:import")).context["form"].fields["unit"].queryset.first()
    data = hostile.docx_plan(["(5)鼓励金融机构对小微企业减费让利,全面提供简易开户免费服务。"])
    response = client.post(reverse("policies:import"), {"title": "普通文件", "unit": unit.pk, "file": SimpleUploadedFile("政策.docx", data)})
    assert response.status_code == 302 and PolicyDocument.objects.filter(title="普通文件").exists()
