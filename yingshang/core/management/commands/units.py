from django.core.management.base import BaseCommand

from yingshang.core.imports import unit_import

from ._importing import run_import


class Command(BaseCommand):
    help = "单位:import FILE 从 CSV/XLSX 导入单位与别名(列:code,name,kind,parent_code,division_code,aliases)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("import", help="导入 CSV/XLSX").add_argument("file")

    def handle(self, *args, action, file, **options):
        run_import(self, unit_import, file)
