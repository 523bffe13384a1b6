"""The hub's own subcommands of `yingshang appeals` (added to the SUBCOMMANDS registry of
management/commands/appeals.py): load-defaults, import, remind, register-model, retrain.

Each entry is (configure_parser, handler); handlers write through the command's stdout and raise
CommandError with a Chinese message when they cannot do their work.
"""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from yingshang.core.export_columns import IMPORT_REPORT
from yingshang.core.exports import write_xlsx


def _out(command, text: str) -> None:
    command.stdout.write(text)


# --- load-defaults ---------------------------------------------------------------------------------------

def configure_load_defaults(parser) -> None:
    parser.description = "载入默认标签体系(data/taxonomy.csv)与默认派单规则(data/routing_defaults.csv);已有的不重复载入"


def handle_load_defaults(command, options) -> None:
    """载入默认标签体系与默认派单规则(已有的不重复载入)"""
    from .demo import install_reference_data

    _out(command, install_reference_data())


# --- import -------------------------------------------------------------------------------------------------

def configure_import(parser) -> None:
    parser.description = "导入历史诉求(CSV/XLSX),逐行报告;错误行不影响正确行"
    parser.add_argument("file", help="CSV(UTF-8/GBK)、XLSX 或 XLS 文件")
    parser.add_argument("--report", help="把逐行报告另存为 Excel 文件(.xlsx)")


def handle_import(command, options) -> None:
    """导入历史诉求(CSV/XLSX),逐行报告"""
    from .imports import appeal_import

    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"文件不存在:{path}")
    try:
        job = appeal_import(actor=None, file=path.read_bytes(), filename=path.name)
    except ValidationError as error:
        raise CommandError(";".join(error.messages))
    _out(command, f"共 {job.total_rows} 行:新增 {job.created_rows},失败 {job.failed_rows}")
    for row in job.report:
        if row["status"] == "failed":
            _out(command, f"  第{row['row']}行:{';'.join(row['errors'])}")
    if options.get("report"):
        try:
            write_xlsx(options["report"], "导入报告", IMPORT_REPORT, job.report)
        except OSError as error:
            raise CommandError(f"无法写入报告 {options['report']}:{error.strerror or error}")
        _out(command, f"报告已写入 {options['report']}")


# --- remind ---------------------------------------------------------------------------------------------------

def configure_remind(parser) -> None:
    parser.description = "向站内信发送超期与临期提醒(同一诉求同一时限每天一次;适合每小时由定时任务运行)"


def handle_remind(command, options) -> None:
    """发送超期与临期提醒到站内信"""
    from .services import send_reminders

    sent = send_reminders()
    _out(command, f"已发送提醒:超期 {sent['overdue']} 条,临期 {sent['soon']} 条")


# --- register-model -----------------------------------------------------------------------------------------

def configure_register_model(parser) -> None:
    parser.description = "把 `yingshang appeals train` 训练的模型登记为可选版本(复制到 MEDIA_ROOT/appeals/models/)"
    parser.add_argument("--model", required=True, help="模型文件")
    parser.add_argument("--name", required=True, help="版本名称,如 2026年11月全市历史")
    parser.add_argument("--trained-on", default="", help="训练数据说明")
    parser.add_argument("--activate", action="store_true", help="登记后立即启用")


def handle_register_model(command, options) -> None:
    """登记 train 训练出的模型为可选版本"""
    from .services import classifier_register
    from .suggest import load_model_file

    source = Path(options["model"])
    if not source.is_file():
        raise CommandError(f"模型文件不存在:{source}")
    try:
        model = load_model_file(source)
    except Exception as error:
        raise CommandError(f"无法读取模型:{error}")
    relative = f"appeals/models/{time.strftime('%Y%m%d')}-{uuid.uuid4().hex[:8]}{source.suffix or '.model'}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    metadata = getattr(model, "metadata", {}) or {}
    metrics = _metrics_from_evaluation(metadata.get("evaluation"))
    version = classifier_register(actor=None, name=options["name"], file=relative, metrics=metrics, trained_on=options["trained_on"],
                                  training_size=int(metadata.get("n_samples") or 0), activate=options["activate"])
    _out(command, f"已登记模型版本 #{version.pk}“{version.name}”{'并启用' if version.is_active else ''}:{relative}")


def _metrics_from_evaluation(evaluation) -> dict:
    """The figures of an EvaluationReport.as_dict() in the shape the model page shows."""
    if not evaluation:
        return {}
    levels = {}
    for item in evaluation.get("levels", []):
        levels[str(item.get("level"))] = {"accuracy": item.get("accuracy"), "macro_f1": item.get("macro_f1"), "n": item.get("n")}
    metrics = {"method": f"{evaluation.get('folds', '')} 折交叉验证", "levels": levels}
    for key in ("leaf_accuracy", "top3_accuracy"):
        if key in evaluation:
            metrics[key] = evaluation[key]
    return metrics


# --- retrain ------------------------------------------------------------------------------------------------

def configure_retrain(parser) -> None:
    parser.description = "用本市已办结诉求(确认过的标签)训练新模型,留出 20% 评估,登记为新版本"
    parser.add_argument("--name", default="", help="版本名称")
    parser.add_argument("--max-samples", type=int, default=50_000, help="最多使用的诉求条数(最近的优先)")
    parser.add_argument("--activate", action="store_true", help="训练后立即启用")


def handle_retrain(command, options) -> None:
    """用本市已办结诉求训练新模型版本(留出法评估)"""
    from django.core.exceptions import ValidationError

    from .jobs import classifier_retrain

    try:
        result = classifier_retrain(actor=None, name=options["name"], max_samples=options["max_samples"], activate=options["activate"])
    except ValidationError as error:
        raise CommandError(";".join(error.messages))
    _out(command, result["message"])


# --- triage -------------------------------------------------------------------------------------------------

def configure_triage(parser) -> None:
    parser.description = "分拣延后分拣的诉求(分类、重复识别、自动派单);--follow 常驻运行"
    parser.add_argument("--follow", action="store_true", help="常驻运行:即在 triage 队列上运行后台任务进程(同 yingshang db_worker --queue-name triage)")
    parser.add_argument("--interval", type=float, default=0.5, help="空闲时的等待秒数(默认 0.5)")
    parser.add_argument("--batch", type=int, default=100, help="每批条数(默认 100)")


def handle_triage(command, options) -> None:
    """分拣待分拣的诉求(分类、重复识别、自动派单)"""
    from . import triage

    if options["batch"] < 1:
        raise CommandError("每批条数应为正整数")
    if options["follow"]:
        # The same mechanism as every background job: the self-re-enqueuing triage tick (appeals/jobs.py)
        # run by a database worker on the "triage" queue, with its lease and recovery (core/jobs.py).
        from django.core.management import call_command

        from yingshang.core.jobs import ensure_periodic_tasks, periodic_pending

        from .jobs import triage_tick

        if not periodic_pending(triage_tick.module_path):
            triage_tick.enqueue()
        ensure_periodic_tasks()
        _out(command, f"分拣进程已启动(待分拣 {triage.pending_count()} 条),按 Ctrl+C 停止")
        call_command("db_worker", queue_name="triage", interval=options["interval"], reload=False, startup_delay=False)
        return
    started = time.perf_counter()
    done = triage.triage_all(limit=options["batch"])
    _out(command, f"已分拣 {done} 条诉求,用时 {time.perf_counter() - started:.1f} 秒")


# --- evaluate-routing ---------------------------------------------------------------------------------------

def configure_evaluate_routing(parser) -> None:
    parser.description = ("用办理历史评估派单建议:较早的诉求训练,较新的诉求评估;与最终办理单位(计入退单、改派)比较,"
                          "输出前1/前3命中率和置信度期望校准误差(ECE)")
    parser.add_argument("--test-share", type=float, default=0.2, help="用于评估的最新诉求所占比例,默认 0.2")
    parser.add_argument("--model", default="", help="已训练的分类模型文件(不应见过被评估的诉求);默认用较早的诉求现场训练")


def handle_evaluate_routing(command, options) -> None:
    """用办理历史评估派单建议(前1/前3命中率、ECE)"""
    from .classification import ClassificationError
    from .routing_eval import evaluate_routing
    from .suggest import load_model_file

    share = options.get("test_share") or 0.2
    if not 0.05 <= share <= 0.5:
        raise CommandError("评估比例(--test-share)应在 0.05 到 0.5 之间")
    try:
        model = load_model_file(Path(options["model"])) if options.get("model") else None
        result = evaluate_routing(test_share=share, model=model)
    except ClassificationError as error:
        raise CommandError(str(error))
    for line in result.lines():
        _out(command, line)


SUBCOMMANDS = {
    "triage": (configure_triage, handle_triage),
    "evaluate-routing": (configure_evaluate_routing, handle_evaluate_routing),
    "load-defaults": (configure_load_defaults, handle_load_defaults),
    "import": (configure_import, handle_import),
    "remind": (configure_remind, handle_remind),
    "register-model": (configure_register_model, handle_register_model),
    "retrain": (configure_retrain, handle_retrain),
}
