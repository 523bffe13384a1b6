from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from yingshang.core.backup import make_backup


class Command(BaseCommand):
    help = "备份数据库与附件(一个 .tar.gz:一致的快照,可恢复到 SQLite 或 PostgreSQL)"

    def add_arguments(self, parser):
        parser.add_argument("--out", help="备份文件路径(默认 var/backups/yingshang-时间.tar.gz)")

    def handle(self, *args, out=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = Path(out) if out else Path(settings.VAR_DIR) / "backups" / f"yingshang-{stamp}.tar.gz"
        manifest = make_backup(path)
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(self.style.SUCCESS(
            f"备份完成:{path}({len(manifest['tables'])} 张表 {rows} 行,附件 {manifest['media_files']} 个,"
            f"审计链至第 {manifest['audit_head']['seq']} 条)"
        ))
