from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def run_import(command, importer, path: str) -> None:
    """Shared by the import commands: read the file, import, print the row-by-row report."""
    file = Path(path)
    if not file.exists():
        raise CommandError(f"文件不存在:{path}")
    try:
        job = importer(actor=None, file=file.read_bytes(), filename=file.name)
    except ValidationError as error:
        raise CommandError(";".join(error.messages))
    for row in job.report:
        if row["status"] == "failed":
            command.stdout.write(f"第{row['row']}行 失败:{';'.join(row['errors'])}")
    command.stdout.write(f"共 {job.total_rows} 行:新增 {job.created_rows},更新 {job.updated_rows},无变化 {job.unchanged_rows},失败 {job.failed_rows}(导入任务 #{job.pk})")
    if job.failed_rows:
        command.stdout.write("失败的行未导入,其余行已导入;修正后可重新导入同一文件(按编码更新,不会重复)。")
