"""Run a command against a throwaway PostgreSQL cluster: initdb, pg_ctl start, run, stop, delete.

Usage: python scripts/throwaway_postgres.py -- COMMAND...
The cluster listens only on a Unix socket in its own temporary directory, so it never collides with
another server. initdb refuses to run as root; as root the cluster is run by the `postgres` user.
Where PostgreSQL's binaries are absent the command is skipped with a clear message (exit 0).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def find_bindir() -> Path | None:
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    if shutil.which("pg_ctl"):
        return Path(shutil.which("pg_ctl")).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(candidates[-1]).parent if candidates else None


def main(argv: list[str]) -> int:
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1:]
    bindir = find_bindir()
    if bindir is None:
        print("跳过 PostgreSQL 测试:未找到 PostgreSQL 程序(initdb/pg_ctl)。安装 postgresql 后即可运行。")
        return 0
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    workdir = Path(tempfile.mkdtemp(prefix="yingshang-pg-"))
    data, sockets = workdir / "data", workdir / "sock"
    sockets.mkdir()
    if as_root:
        shutil.chown(workdir, "postgres")
        shutil.chown(sockets, "postgres")
    os.chmod(workdir, 0o755)
    os.chmod(sockets, 0o777)
    log = workdir / "server.log"
    try:
        subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"],
                       check=True, stdout=subprocess.DEVNULL)
        options = f"-k {sockets} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"], check=True, stdout=subprocess.DEVNULL)
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@/yingshang?host={sockets}")
        print(f"PostgreSQL 临时集群已启动({bindir.parent.name} 版,套接字 {sockets})", flush=True)
        return subprocess.run(command, env=env).returncode
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
