"""Helpers of the background-job tests that run real worker processes: a database those processes can
open (a file copy of the SQLite test database, or a copy of the PostgreSQL test database), a generated
registry file, and the worker command itself."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pytest

from yingshang.core.creditcode import generate_credit_codes

HEADER = "统一社会信用代码,名称,主体类型,注册区县,行业代码,成立日期,从业人数,营业收入(万元),信用等级\n"


def enterprise_csv(count: int, *, seed: int = 20261203) -> tuple[bytes, list[str]]:
    """A registry file of ``count`` new, valid enterprises (distinct credit codes), and their codes."""
    rng = np.random.default_rng(seed)
    codes = generate_credit_codes(count, division_codes=np.full(count, "210202"), type_codes=np.full(count, "1"), rng=rng)
    lines = [HEADER] + [f"{code},后台导入测试{i:05d}科技有限公司,企业,中山区,I65,2020-01-01,{10 + i % 90},{100 + i},A\n" for i, code in enumerate(codes)]
    return "".join(lines).encode("utf-8"), list(codes)


class WorkerDatabase:
    """A database outside the test's transaction that worker subprocesses and the test both use."""

    def __init__(self, connection, tmp_path: Path):
        self.vendor = connection.vendor
        self.tmp_path = tmp_path
        settings_dict = connection.settings_dict
        if self.vendor == "sqlite":
            self.path = tmp_path / "worker.sqlite3"
            target = sqlite3.connect(self.path)
            connection.ensure_connection()
            # The test's transaction began IMMEDIATE (settings: the connection holds the write lock), and SQLite's
            # backup refuses a source its own connection is writing to; a serialized copy of the pages does not.
            snapshot = sqlite3.connect(":memory:")
            snapshot.deserialize(connection.connection.serialize())
            snapshot.backup(target)
            snapshot.close()
            target.close()
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"{settings_dict['NAME']}_w{uuid.uuid4().hex[:6]}"
            template = settings_dict["NAME"]
            connection.close()  # CREATE DATABASE … TEMPLATE needs the template without sessions
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{template}"')
            user = quote(settings_dict.get("USER") or "")
            password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
            host = settings_dict.get("HOST") or ""
            port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
            # A socket folder comes as ?host=… (dj-database-url keeps it in OPTIONS).
            socket_dir = (settings_dict.get("OPTIONS") or {}).get("host") or (host if host.startswith("/") else "")
            if socket_dir:
                self.url = f"postgres://{user}{password}@{port}/{self.name}?host={quote(socket_dir)}"
            else:
                self.url = f"postgres://{user}{password}@{host}{port}/{self.name}"
            self._connection = connection

    def env(self, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("TASKS_BACKEND",)}
        env.update(DATABASE_URL=self.url, DJANGO_SETTINGS_MODULE="yingshang.settings", PYTHONUNBUFFERED="1", **extra)
        return env

    def query(self, sql: str, params=()) -> list[tuple]:
        if self.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(self.path, timeout=30)) as db:
                return db.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://", 1)) as db:
            return db.execute(sql.replace("?", "%s"), params).fetchall()

    def python(self, code: str, **env) -> str:
        """Run ``code`` in a Django process on this database; returns its stdout."""
        script = "import django; django.setup()\n" + code
        done = subprocess.run([sys.executable, "-c", script], env=self.env(**env), capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def start_worker(self, log: Path, **env) -> subprocess.Popen:
        command = [sys.executable, "-m", "yingshang.cli", "db_worker", "--no-startup-delay", "--interval", "0.2", "--no-reload", "-v", "1"]
        return subprocess.Popen(command, env=self.env(**env), stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)

    def close(self) -> None:
        if self.vendor == "sqlite":
            return
        with self._connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def wait_for(predicate, *, timeout: float, interval: float = 0.1, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture
def worker_db(db, django_db_blocker, tmp_path):
    """A copy of the test database that worker (and server) subprocesses open; dropped afterwards."""
    from django.db import connection

    with django_db_blocker.unblock():
        database = WorkerDatabase(connection, tmp_path)
    yield database
    with django_db_blocker.unblock():
        database.close()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
