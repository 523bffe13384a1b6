"""`yingshang affairs <subcommand>`: the 政务服务 command line.

    yingshang affairs load-catalog DIR                 # check and import a catalogue directory (idempotent)
    yingshang affairs export-catalog --format json     # the published catalogue
    yingshang affairs bundle-stats [--format text|json] # fields and materials asked: separate items vs the merged form
    yingshang affairs rebuild-monitoring               # recompute the monitoring summaries from the raw case rows
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "政务服务:事项目录导入/导出、一件事合并统计"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load-catalog", help="检查并导入事项目录(shared.toml、items/*.toml、bundles.toml)")
        load.add_argument("directory")
        export = sub.add_parser("export-catalog", help="输出已发布的事项目录")
        export.add_argument("--format", choices=["json"], default="json")
        stats = sub.add_parser("bundle-stats", help="每个一件事:分别办理与合并表单所需的字段数和材料数")
        stats.add_argument("--format", choices=["text", "json"], default="text")
        sub.add_parser("rebuild-monitoring", help="由办件原始记录重新计算审批时效监测的月汇总")

    def handle(self, *args, **options):
        handler = {"load-catalog": self.load_catalog, "export-catalog": self.export_catalog, "bundle-stats": self.bundle_stats,
                   "rebuild-monitoring": self.rebuild_monitoring}[options["subcommand"]]
        handler(options)

    def load_catalog(self, options):
        from yingshang.affairs.loader import read_catalogue
        from yingshang.affairs.services.catalogue import catalogue_import

        try:
            catalogue = read_catalogue(options["directory"])
            result = catalogue_import(actor=None, catalogue=catalogue)
        except ValidationError as error:
            raise CommandError("事项目录有误:\n" + "\n".join(error.messages))
        self.stdout.write(f"已导入:法律依据 {result['laws']} 条,材料 {result['materials']} 种,数据项 {result['fields']} 个,单位 {result['units']} 个,"
                          f"事项 {result['items']} 个(新发布版本 {result['published']} 个),一件事 {result['bundles']} 个;变更 {result['changed']} 处")

    def export_catalog(self, options):
        from yingshang.affairs.catalogue_export import published_catalogue

        self.stdout.write(json.dumps(published_catalogue(), ensure_ascii=False, indent=2))

    def bundle_stats(self, options):
        from yingshang.affairs.catalogue_export import bundle_stats

        rows = bundle_stats()
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write("bundle\titems\tfields_separate\tfields_merged\tmaterials_separate\tmaterials_merged\tfields_saved\tmaterials_saved")
        for row in rows:
            self.stdout.write(f"{row['name']}\t{row['items']}\t{row['fields_separate']}\t{row['fields_merged']}\t{row['materials_separate']}\t"
                              f"{row['materials_merged']}\t{row['fields_saved']:.0%}\t{row['materials_saved']:.0%}")

    def rebuild_monitoring(self, options):
        from yingshang.affairs.summaries import rebuild

        written = rebuild()
        self.stdout.write("已重新计算审批时效监测汇总:" + ",".join(f"{name} {count} 行" for name, count in written.items()))
