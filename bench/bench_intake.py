"""Intake API under load: gunicorn + a throwaway PostgreSQL on loopback.

The target of the issue: ≥ 200 requests/s with p99 < 300 ms and no lost or duplicated appeal. The run
builds a small demo city in a fresh PostgreSQL cluster (scripts/throwaway_postgres.py), starts gunicorn,
and lets a load generator POST appeals to /api/v1/appeals/appeals/ with a bearer token from several
concurrent clients (one asyncio loop in this process, requests encoded once, connections kept alive where
the server allows it). One request in ten is sent twice with the same Idempotency-Key (a client retry);
afterwards the database must hold exactly one appeal per key that was acknowledged, and every retry must
have been answered with the first appeal's tracking number. Everything shares the machine's cores: the run
reports the CPU each part used during the load (gunicorn, PostgreSQL, triage worker, load generator).

By default the API defers triage (settings.YINGSHANG_DEFER_API_TRIAGE) and a triage worker runs beside
gunicorn at a lower priority (nice 10, as docs/deploy.md sets it); the run also waits until the worker has
triaged every appeal and reports how long that took. --inline-triage measures the old way, classification
inside each request.

Usage: python -m bench.bench_intake [--seconds 20] [--clients 16] [--workers 4] [--worker-class sync|gthread]
       [--threads 1] [--triage-nice 10] [--inline-triage]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import socket
import subprocess
import sys
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


def _request(port: int, key: str, number: int) -> bytes:
    """One POST, encoded once: the generator shares the 2 cores with the server, so it does no more than a
    real client must (no HTTP library, no header objects)."""
    body = json.dumps({"channel": "app", "appeal_type": "complaint", "content": f"{TEXTS[number % len(TEXTS)]}({key})",
                       "person_phone": "13912345678", "district": "中山区"}, ensure_ascii=False).encode()
    head = (f"POST /api/v1/appeals/appeals/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {TOKEN}\r\nIdempotency-Key: {key}\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)
_CONNECTION_CLOSE = re.compile(rb"\r\nconnection:[ \t]*close", re.IGNORECASE)


async def _exchange(reader, writer, request: bytes) -> tuple[int, bytes, bool]:
    """Send one request, read its whole response: (status, body, whether the server closes the connection)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    length = _CONTENT_LENGTH.search(head)
    if length is None:
        raise ValueError(f"response without Content-Length: {head[:120]!r}")
    payload = await reader.readexactly(int(length.group(1)))
    return int(head[9:12]), payload, _CONNECTION_CLOSE.search(head) is not None


def load(port: int, seconds: float, clients: int, *, prefix: str = "bench") -> dict:
    """``clients`` concurrent clients, each with its own keep-alive connection (reopened when the server closes
    it), all in one asyncio loop in this process: every response is read and checked. Idempotency keys start
    with ``prefix``."""
    latencies: list[float] = []
    acknowledged: dict[str, str] = {}  # idempotency key → tracking number of the first answer
    replay_mismatches: list[str] = []
    errors: list[str] = []
    deadline = time.perf_counter() + seconds

    async def client(number: int) -> None:
        reader = writer = None
        sent = 0
        try:
            while time.perf_counter() < deadline:
                key = f"{prefix}-{number}-{sent}"
                request = _request(port, key, sent)
                attempts = 2 if sent % 10 == 0 else 1  # every tenth request is retried with the same key
                for attempt in range(attempts):
                    started = time.perf_counter()
                    try:
                        if writer is None:
                            reader, writer = await asyncio.open_connection("127.0.0.1", port)
                        status, payload, closing = await _exchange(reader, writer, request)
                    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as error:
                        errors.append(f"{key}: {error!r}")
                        if writer is not None:
                            writer.close()
                        reader = writer = None
                        continue
                    latencies.append(time.perf_counter() - started)
                    if closing:
                        writer.close()
                        reader = writer = None
                    if status not in (200, 201):
                        errors.append(f"{key}: HTTP {status} {payload[:200]!r}")
                        continue
                    tracking_no = json.loads(payload)["tracking_no"]
                    if attempt == 0:
                        acknowledged[key] = tracking_no
                    elif acknowledged.get(key) != tracking_no:
                        replay_mismatches.append(key)
                sent += 1
        finally:
            if writer is not None:
                writer.close()

    async def run_all() -> None:
        tasks = [asyncio.ensure_future(client(n)) for n in range(clients)]
        # Bounded: a request still hanging a minute after the end is cancelled and reported as an error.
        done, pending = await asyncio.wait(tasks, timeout=seconds + 60)
        for task in pending:
            task.cancel()
            errors.append("client still waiting for an answer 60 s after the end: cancelled")
        for task in done:
            if task.exception() is not None:
                errors.append(f"client failed: {task.exception()!r}")

    cpu_started, started = time.process_time(), time.perf_counter()
    asyncio.run(run_all())
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    latencies.sort()
    return {
        "requests": len(latencies), "wall": wall, "rps": len(latencies) / wall, "client_cpu": cpu,
        "p50_ms": latencies[len(latencies) // 2] * 1000 if latencies else None,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else None,
        "acknowledged": acknowledged, "replay_mismatches": replay_mismatches, "errors": errors,
    }


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its live descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(child) for child in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def _postmaster_pid() -> int | None:
    """The throwaway cluster's server (its data folder lies beside the socket folder in DATABASE_URL)."""
    import dj_database_url

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    host = config.get("HOST") or config.get("OPTIONS", {}).get("host") or ""
    try:
        return int((Path(host).parent / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


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
                "-k", args.worker_class, "--threads", str(args.threads), "--keep-alive", "5",
                "--log-level", "warning", "--timeout", "60"]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env)
    # The triage worker classifies and dispatches in batches beside the server, on the same cores, at a lower
    # priority (as in docs/deploy.md): it takes the CPU the intake leaves and catches up after a burst.
    worker = None if args.inline_triage else subprocess.Popen(
        ["nice", "-n", str(args.triage_nice), sys.executable, "manage.py", "appeals", "triage", "--follow", "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    postmaster = _postmaster_pid()
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        # Warm-up (workers load the classifier and open their connections), with keys of its own: the measured
        # load must not be answered with the warm-up's appeals.
        load(port, 3, 4, prefix="warmup")
        processes = {"gunicorn": server.pid, "PostgreSQL": postmaster, "triage worker": worker.pid if worker else None}
        cpu_before = {name: _tree_cpu(pid) for name, pid in processes.items() if pid}
        result = load(port, args.seconds, args.clients)
        cpu_used = {name: _tree_cpu(pid) - cpu_before[name] for name, pid in processes.items() if pid}
        cpu_used["load generator"] = result["client_cpu"]
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
    threads = f" × {args.threads} threads" if args.worker_class == "gthread" else ""
    print(f"intake API, gunicorn {args.workers} {args.worker_class} workers{threads}, {args.clients} clients, {args.seconds:.0f} s, PostgreSQL")
    print(f"  {result['requests']} requests in {result['wall']:.1f} s: {result['rps']:.0f} requests/s, "
          f"p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, errors {len(result['errors'])}")
    print(f"  appeals acknowledged {len(result['acknowledged'])}, stored {integrity['stored']}: lost {len(integrity['lost'])}, "
          f"duplicated {len(integrity['duplicated'])}, retries answered with another appeal {len(result['replay_mismatches'])}")
    capacity = result["wall"] * (os.cpu_count() or 1)
    shares = ", ".join(f"{name} {used / capacity * 100:.0f}% ({used / max(result['requests'], 1) * 1000:.2f} ms/request)"
                       for name, used in cpu_used.items())
    print(f"  CPU during the load, share of {os.cpu_count()} cores: {shares}")
    if worker:
        print(f"  triage worker (nice {args.triage_nice}; deferred classification and auto-dispatch): queue empty "
              f"{drained_after:.1f} s after the load ended, untriaged {untriaged}")
    for line in result["errors"][:5]:
        print("  error:", line)
    ok = not (integrity["lost"] or integrity["duplicated"] or result["replay_mismatches"] or untriaged)
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> None:
    argv = list(argv if argv is not None else sys.argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync", choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--triage-nice", type=int, default=10, help="niceness of the triage worker (0 = same priority as the server)")
    parser.add_argument("--inline-triage", action="store_true", help="classify inside each request (no triage worker)")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner or os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit(inner(args))
    command = [sys.executable, "-m", "bench.bench_intake", "--inner", *argv]
    code = subprocess.run([sys.executable, str(ROOT / "scripts" / "throwaway_postgres.py"), "--", *command], cwd=ROOT).returncode
    if code:
        raise SystemExit(code)


if __name__ == "__main__":
    main()
