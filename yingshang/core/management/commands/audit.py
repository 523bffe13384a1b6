from django.core.management.base import BaseCommand, CommandError

from yingshang.core.auditlog import verify_chain


class Command(BaseCommand):
    help = "审计日志:verify 核验哈希链完整性(发现被修改、删除或插入的记录)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="核验哈希链")

    def handle(self, *args, action, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(f"哈希链异常:{report.problem}(已核验 {report.checked} 条)")
        self.stdout.write(self.style.SUCCESS(f"哈希链完整:已核验 {report.checked} 条记录"))
