from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yingshang.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "从 yingshang backup 的备份文件恢复数据库与附件,并核验审计链"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件(.tar.gz)")
        parser.add_argument("--replace", action="store_true", help="目标数据库已有数据时,清空后恢复")

    def handle(self, *args, file, replace=False, **options):
        try:
            report = restore_backup(Path(file), replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"恢复完成:{report.rows} 行,附件 {report.media_files} 个,审计链 {report.audit_checked} 条核验通过"
            f"(用时 {report.seconds:.1f} 秒)"
        ))
