"""Upgrade rehearsal: restore a backup into a scratch database, migrate it forward and verify the audit chain,
in a separate process so that the live database is never touched (docs/deploy.md, 升级)."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "升级演练:把备份恢复到临时数据库,执行全部迁移并核验审计链(不触碰正式数据库)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rehearse = sub.add_parser("rehearse", help="在备份副本上演练迁移")
        rehearse.add_argument("backup", help="yingshang backup 生成的备份文件")
        rehearse.add_argument("--scratch-url", help="演练用的空数据库(默认临时 SQLite 文件;PostgreSQL 部署请给一个空库)")

    def _step(self, label, argv, env):
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "yingshang.cli", *argv], env=env, capture_output=True, text=True)
        seconds = time.monotonic() - started
        if result.returncode != 0:
            raise CommandError(f"演练失败于「{label}」({seconds:.1f} 秒):\n{result.stderr.strip() or result.stdout.strip()}")
        self.stdout.write(f"  ✓ {label}({seconds:.1f} 秒)")
        return result.stdout

    def handle(self, *args, action, backup, scratch_url=None, **options):
        with tempfile.TemporaryDirectory(prefix="yingshang-rehearsal-") as scratch:
            env = dict(os.environ)
            env["DATABASE_URL"] = scratch_url or f"sqlite:///{Path(scratch) / 'rehearsal.sqlite3'}"
            env["MEDIA_ROOT"] = str(Path(scratch) / "media")
            self.stdout.write(f"升级演练:{backup} → {env['DATABASE_URL'].split('@')[-1]}")
            self._step("恢复备份到临时数据库", ["restore", str(Path(backup).resolve())], env)
            plan = self._step("待执行的迁移", ["migrate", "--plan"], env)
            pending = [line for line in plan.splitlines() if line.strip() and not line.startswith("Planned")]
            self._step("执行迁移", ["migrate", "--noinput"], env)
            self._step("核验审计链", ["audit", "verify"], env)
            self._step("系统检查", ["check"], env)
        self.stdout.write(self.style.SUCCESS(f"演练通过:{len(pending)} 个迁移可以在正式数据库上执行(先备份,再 yingshang migrate)"))
