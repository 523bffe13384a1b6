"""Helpers shared by the policy tests: items published through the services, small PDF uploads."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yingshang.core import clock

PDF = b"%PDF-1.4\n%test\n%%EOF\n"


def pdf(name="材料.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def publish_item(users):
    """Create and publish an item of 市市场监督管理局 (handler_scj's unit); returns the item."""
    from yingshang.policies import services
    from yingshang.policies.models import PolicyDocument

    def make(code, conditions, *, amount=None, effective=dt.date(2026, 1, 1), actor="handler_scj", **values):
        officer = users[actor]
        document = PolicyDocument.objects.get(seed_key="dl-2026-plan")
        values.setdefault("materials", [{"name": "企业登记信息", "source": "registry"}, {"name": "申请表", "source": "upload", "required": True}])
        with clock.frozen_at(dt.datetime(2026, 11, 2, 9, 0)):
            item = services.item_create(actor=officer, document=document, code=code, title=f"测试条款{code}", unit=officer.unit,
                                        effective_from=effective, benefit_kind=values.pop("benefit_kind", "grant"),
                                        amount_rule=amount or {"kind": "fixed", "amount": 10}, conditions_text=conditions, **values)
            services.version_publish(actor=officer, version=item.versions.get(number=1))
        item.refresh_from_db()
        return item

    return make
