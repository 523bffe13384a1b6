from django.core.management.base import BaseCommand

from yingshang.core.imports import enterprise_import

from ._importing import run_import


class Command(BaseCommand):
    help = "经营主体:import FILE 从 CSV/XLSX 导入(逐行报告错误)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("import", help="导入 CSV/XLSX").add_argument("file")

    def handle(self, *args, action, file, **options):
        run_import(self, enterprise_import, file)
