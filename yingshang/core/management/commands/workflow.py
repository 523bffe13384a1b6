from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from yingshang.core import workflow


def docs_path() -> Path:
    return Path(settings.PROJECT_DIR) / "docs" / "workflows.md"


class Command(BaseCommand):
    help = "业务流程:diagram 根据各模块的流程规格生成 docs/workflows.md(Mermaid 状态图与操作表);--check 只核对是否最新"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        diagram = sub.add_parser("diagram", help="生成 docs/workflows.md")
        diagram.add_argument("--out", type=Path, default=None, help="输出文件(默认 docs/workflows.md)")
        diagram.add_argument("--check", action="store_true", help="不写文件,文件与规格不一致时以非零状态退出")

    def handle(self, *args, action, out=None, check=False, **options):
        path = out or docs_path()
        text = workflow.diagrams_markdown() + "\n"
        names = "、".join(w.name for w in workflow.registered())
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                from django.core.management.base import CommandError

                raise CommandError(f"{path} 与流程规格不一致,请运行 yingshang workflow diagram 重新生成")
            self.stdout.write(self.style.SUCCESS(f"{path} 与流程规格一致({names})"))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"已生成 {path}:{names}"))
