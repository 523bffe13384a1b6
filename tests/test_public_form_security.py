"""Captcha, rate limits and the Content-Security-Policy on the public and module pages (docs/security.md).
Cross-app: the rules live in core (core/throttle.py, settings), the forms and pages in appeals and plans."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


# --- captcha and rate limits on the public forms ----------------------------------------------------------

def _public_appeal(**extra):
    from yingshang.core.models import Division

    district = Division.objects.filter(level=Division.Level.DISTRICT).order_by("code").first()
    return {"appeal_type": "complaint", "title": "噪音扰民", "content": "夜间施工噪音,请处理。", "district": district.pk,
            "person_name": "张先生", "person_phone": "13900000001", "idempotency_key": "k-" + str(time.time_ns()), **extra}


def test_public_appeal_form_refuses_a_wrong_captcha(client, monkeypatch):
    from captcha.conf import settings as captcha_settings
    from captcha.models import CaptchaStore

    from yingshang.appeals.models import Appeal

    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", False)
    page = client.get(reverse("appeals:submit"))
    assert 'name="captcha_1"' in page.content.decode()
    store = CaptchaStore.objects.latest("expiration")
    before = Appeal.objects.count()
    wrong = client.post(reverse("appeals:submit"), _public_appeal(captcha_0=store.hashkey, captcha_1="wrong"))
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    assert Appeal.objects.count() == before
    # A wrong answer spends the challenge: the form comes back with a new one.
    store = CaptchaStore.objects.latest("expiration")
    right = client.post(reverse("appeals:submit"), _public_appeal(captcha_0=store.hashkey, captcha_1=store.response))
    assert right.status_code == 302
    assert Appeal.objects.count() == before + 1


def test_captcha_image_is_drawn_locally(client):
    from captcha.models import CaptchaStore

    key = CaptchaStore.generate_key()
    response = client.get(reverse("captcha-image", kwargs={"key": key}))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


@override_settings(YINGSHANG_PUBLIC_FORM_RATE_PER_IP="2/h")
def test_public_appeal_form_is_rate_limited(client):
    from django.core.cache import caches

    caches["ratelimit"].clear()
    statuses = [client.post(reverse("appeals:submit"), _public_appeal(captcha_0="x", captcha_1="PASSED")).status_code for _i in range(3)]
    assert statuses[:2] == [302, 302] and statuses[2] == 429


@override_settings(YINGSHANG_OPEN311_RATE_PER_IP="1/h")
def test_open311_post_is_rate_limited(client):
    from django.core.cache import caches

    caches["ratelimit"].clear()
    first = client.post("/open311/v2/requests.json", {"api_key": "none"})
    second = client.post("/open311/v2/requests.json", {"api_key": "none"})
    assert first.status_code != 429 and second.status_code == 429
    assert client.get("/open311/v2/requests.json").status_code != 429  # reads are not limited


def test_inline_scripts_carry_the_page_nonce(client, users):
    """A page with an inline chart script (plans: a unit's history) sends the nonce the script carries."""
    import re

    from yingshang.plans.models import RankingEntry

    client.force_login(users["admin"])
    entry = RankingEntry.objects.order_by("pk").first()
    assert entry is not None, "the test city has a ranking"
    response = client.get(reverse("plans:unit_history", kwargs={"unit_pk": entry.unit_id}))
    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")([^>]*)>", html)
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
