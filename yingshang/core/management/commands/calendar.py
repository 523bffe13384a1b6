from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from yingshang.core import workcalendar
from yingshang.core.calendar_services import calendar_sync


class Command(BaseCommand):
    help = "工作日历:sync 从官方数据(chinesecalendar 软件包)补充节假日安排,不覆盖管理员的修改;status 查看各年数据"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser("sync", help="补充/更新官方节假日数据(管理员修改的日期保持不变)")
        sync.add_argument("--year", type=int, action="append", dest="years", help="只同步这一年(可重复);默认同步软件包收录的全部年份")
        sub.add_parser("status", help="软件包收录的年份与需要提醒的缺失年份")

    def handle(self, *args, action, **options):
        if action == "status":
            years = workcalendar.official_years()
            self.stdout.write(f"官方数据收录:{years[0]}–{years[-1]} 年")
            for warning in workcalendar.missing_data_warnings():
                self.stdout.write(self.style.WARNING(warning))
            return
        try:
            report = calendar_sync(actor=None, years=options.get("years"))
        except ValidationError as error:
            raise CommandError(";".join(error.messages))
        span = f"{report.years[0]}" if len(report.years) == 1 else f"{report.years[0]}–{report.years[-1]}"
        self.stdout.write(self.style.SUCCESS(
            f"已同步 {span} 年官方数据:新增 {report.added} 天,更新 {report.updated} 天,移除 {report.removed} 天"
        ))
        for row in report.kept_admin:
            self.stdout.write(self.style.WARNING(f"保留管理员修改:{row}(官方数据与此不同,请在工作日历页核对)"))
        for warning in workcalendar.missing_data_warnings():
            self.stdout.write(self.style.WARNING(warning))
