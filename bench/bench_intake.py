"""Intake API under load: gunicorn + a throwaway PostgreSQL on loopback.

The target of the issue: ≥ 200 requests/s with p99 < 300 ms and no lost or duplicated appeal. The run
builds a small demo city in a fresh PostgreSQL cluster (scripts/throwaway_postgres.py), starts gunicorn,
and lets a load generator POST appeals to /appeals/api/v1/appeals/ with a bearer token from several
client threads over keep-alive connections. One request in ten is sent twice with the same
Idempotency-Key (a client retry); afterwards the database must hold exactly one appeal per key that was
acknowledged, and every retry must have been answered with the first appeal's tracking number.

By default the API defers triage (settings.YINGSHANG_DEFER_API_TRIAGE) and a triage worker runs beside
gunicorn on the same machine; the run also waits until the worker has triaged every appeal.
--inline-triage measures the old way, classification inside each request.

Usage: python -m bench.bench_intake [--seconds 20] [--clients 16] [--workers 5] [--inline-triage]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-intake-" + secrets.token_hex(8)
TEXTS = [
    "小区电梯经常故障停运,物业一直拖着不修,老人上下楼很困难",
    "楼下烧烤店每晚营业到凌晨,油烟和噪声严重扰民",
    "我公司为区里的道路工程供货,货款拖欠两年多仍未支付",
    "路口红绿灯时间太短,行人过马路不安全,建议延长",
    "孩子就近入学划片不合理,希望教育部门给予答复",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database() -> None:
    """The throwaway cluster starts with the postgres database only; create the one DATABASE_URL names."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    host = config.get("HOST") or config.get("OPTIONS", {}).get("host")
    with psycopg.connect(dbname="postgres", user=config["USER"], host=host, port=config.get("PORT") or None, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (config["NAME"],)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def prepare() -> None:
    """Migrate and build a small demo city (with its classifier) in the throwaway database."""
    create_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    import hashlib

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.YINGSHANG_DEMO_SCALE = 0.05
    call_command("migrate", verbosity=0)
    from yingshang.core.demo import demo_build
    from yingshang.core.models import ApiToken, User

    demo_build(enterprises=400, seed=7)
    ApiToken.objects.create(user=User.objects.get(username="operator"), name="bench", key_hash=hashlib.sha256(TOKEN.encode()).hexdigest())


def load(port: int, seconds: float, clients: int) -> dict:
    latencies: list[float] = []
    acknowledged: dict[str, str] = {}  # idempotency key → tracking number of the first answer
    replay_mismatches: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def post(connection, key, body):
        started = time.perf_counter()
        connection.request("POST", "/appeals/api/v1/appeals/", body=body, headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}", "Idempotency-Key": key})
        response = connection.getresponse()
        payload = response.read()
        return response.status, payload, time.perf_counter() - started

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        sent = 0
        while time.perf_counter() < deadline:
            key = f"bench-{number}-{sent}"
            body = json.dumps({"channel": "app", "appeal_type": "complaint", "content": f"{TEXTS[sent % len(TEXTS)]}({key})",
                               "person_phone": "13912345678", "district": "中山区"}, ensure_ascii=False).encode()
            attempts = 2 if sent % 10 == 0 else 1  # every tenth request is retried with the same key
            for attempt in range(attempts):
                try:
                    status, payload, elapsed = post(connection, key, body)
                except (OSError, http.client.HTTPException) as error:
                    with lock:
                        errors.append(f"{key}: {error}")
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    continue
                with lock:
                    latencies.append(elapsed)
                    if status not in (200, 201):
                        errors.append(f"{key}: HTTP {status} {payload[:200]!r}")
                        continue
                    tracking_no = json.loads(payload)["tracking_no"]
                    if attempt == 0:
                        acknowledged[key] = tracking_no
                    elif acknowledged.get(key) != tracking_no:
                        replay_mismatches.append(key)
            sent += 1
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies), "wall": wall, "rps": len(latencies) / wall,
        "p50_ms": latencies[len(latencies) // 2] * 1000 if latencies else None,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else None,
        "acknowledged": acknowledged, "replay_mismatches": replay_mismatches, "errors": errors,
    }


def wait_for_triage(timeout: float) -> float:
    """Seconds until the triage queue is empty (the worker caught up with the load)."""
    from django.db import connection

    from yingshang.appeals.models import Appeal

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if not Appeal.objects.filter(triaged_at__isnull=True).exists():
            break
        time.sleep(0.2)
    connection.close()
    return time.perf_counter() - started


def check(acknowledged: dict[str, str]) -> dict:
    """Every acknowledged key is exactly one appeal with the acknowledged tracking number."""
    from collections import Counter

    from yingshang.appeals.models import Appeal

    stored = list(Appeal.objects.filter(idempotency_key__startswith="bench-").values_list("idempotency_key", "tracking_no"))
    per_key = Counter(key for key, _ in stored)
    by_key = dict(stored)
    lost = [key for key, number in acknowledged.items() if by_key.get(key) != number]
    duplicated = [key for key, n in per_key.items() if n > 1]
    unacknowledged = [key for key in per_key if key not in acknowledged]
    return {"stored": len(stored), "lost": lost, "duplicated": duplicated, "stored_but_unacknowledged": unacknowledged}


def inner(args) -> int:
    prepare()
    port = _free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="yingshang.settings", DB_CONN_MAX_AGE="600",
               DEFER_API_TRIAGE="0" if args.inline_triage else "1")
    gunicorn = [sys.executable, "-m", "gunicorn", "yingshang.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
                "--log-level", "warning", "--timeout", "60"]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env)
    # The triage worker classifies and dispatches in batches beside the server, on the same cores.
    worker = None if args.inline_triage else subprocess.Popen(
        [sys.executable, "manage.py", "appeals", "triage", "--follow", "--interval", "0.2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        load(port, 3, 4)  # warm-up: workers load the classifier and open their connections
        result = load(port, args.seconds, args.clients)
        drained_after = wait_for_triage(timeout=180) if worker else 0.0
    finally:
        server.terminate()
        server.wait(timeout=30)
        if worker:
            worker.terminate()
            worker.wait(timeout=30)
    from django.db import connection

    connection.close()
    from yingshang.appeals.models import Appeal

    untriaged = Appeal.objects.filter(idempotency_key__startswith="bench-", triaged_at__isnull=True).count()
    integrity = check(result["acknowledged"])
    print(f"intake API, gunicorn {args.workers} workers, {args.clients} clients, {args.seconds:.0f} s, PostgreSQL")
    print(f"  {result['requests']} requests in {result['wall']:.1f} s: {result['rps']:.0f} requests/s, "
          f"p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, errors {len(result['errors'])}")
    print(f"  appeals acknowledged {len(result['acknowledged'])}, stored {integrity['stored']}: lost {len(integrity['lost'])}, "
          f"duplicated {len(integrity['duplicated'])}, retries answered with another appeal {len(result['replay_mismatches'])}")
    if worker:
        print(f"  triage worker (deferred classification and auto-dispatch): queue empty {drained_after:.1f} s after the load ended, "
              f"untriaged {untriaged}")
    for line in result["errors"][:5]:
        print("  error:", line)
    ok = not (integrity["lost"] or integrity["duplicated"] or result["replay_mismatches"] or untriaged)
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--inline-triage", action="store_true", help="classify inside each request (no triage worker)")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    if args.inner:
        raise SystemExit(inner(args))
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit(inner(args))
    command = [sys.executable, "-m", "bench.bench_intake", "--inner", "--seconds", str(args.seconds), "--clients", str(args.clients),
               "--workers", str(args.workers)] + (["--inline-triage"] if args.inline_triage else [])
    code = subprocess.run([sys.executable, str(ROOT / "scripts" / "throwaway_postgres.py"), "--", *command], cwd=ROOT).returncode
    if code:
        raise SystemExit(code)


if __name__ == "__main__":
    main()
