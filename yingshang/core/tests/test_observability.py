"""Request ids in responses and log lines; JSON logs; the health endpoints."""

import io
import json
import logging
import logging.config

import pytest
from django.utils import timezone

from yingshang.core.observability import RequestIdFilter, current_request_id, logging_config

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_sane_proxy_id_is_kept_and_a_hostile_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="nginx-1234abcd")["X-Request-ID"] == "nginx-1234abcd"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="x\n伪造日志行 level=ERROR")["X-Request-ID"]
    assert "\n" not in replaced and len(replaced) == 32


def test_log_lines_written_during_a_request_carry_its_id(client, monkeypatch):
    seen = []

    def spy(request):
        logging.getLogger("yingshang.test").warning("在请求中")
        seen.append(current_request_id())
        from django.http import HttpResponse
        return HttpResponse("ok")

    from yingshang.core.observability import RequestIdMiddleware
    response = RequestIdMiddleware(spy)(type("R", (), {"headers": {}})())
    assert seen == [response["X-Request-ID"]]
    assert current_request_id() == "-"  # reset after the request


def test_json_format_writes_one_object_per_line_with_the_request_id():
    config = logging_config("json", "INFO")
    stream = io.StringIO()
    formatter = logging.config.DictConfigurator(config).configure_custom(dict(config["formatters"]["json"]))
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("yingshang.jsontest")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("导入完成 %d 行", 3)
    finally:
        logger.removeHandler(handler)
    record = json.loads(stream.getvalue().strip())
    assert record["message"] == "导入完成 3 行"
    assert record["level"] == "WARNING" and record["logger"] == "yingshang.jsontest"
    assert record["request_id"] == "-"


def test_healthz_needs_no_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_reports_each_check(client):
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["migrations"]["ok"]
    assert "未运行" in body["checks"]["worker"]["message"]


def test_readyz_sees_a_live_worker(client):
    from yingshang.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(worker_id="w1", started_at=timezone.now(), beat_at=timezone.now())
    assert "运行中" in client.get("/readyz").json()["checks"]["worker"]["message"]


def test_readyz_is_503_when_migrations_are_pending(client, monkeypatch):
    from yingshang.core import health

    monkeypatch.setattr(health, "_migrations", lambda: (False, "有 1 个数据库迁移未执行"))
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["status"] == "unavailable"
