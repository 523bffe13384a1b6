"""`yingshang appeals <subcommand>`: the appeals hub's command line.

Scripts of the hotline centre depend on these exact forms:

    yingshang appeals train    --csv FILE --text-col C --label-col C --out MODEL [--level-sep /]
    yingshang appeals classify --model MODEL --in FILE --text-col C --out FILE
    yingshang appeals evaluate --csv FILE --text-col C --label-col C [--folds 5] [--group-near-duplicates]

Subcommands live in the ``SUBCOMMANDS`` registry, ``{name: (configure_parser, handler)}``:
``configure_parser(parser)`` adds the subcommand's arguments, ``handler(command, options)`` runs it
(``command`` is this management command, for ``command.stdout``; ``options`` the parsed arguments) and
raises ``CommandError`` with a Chinese sentence on bad input. The first line of the handler's docstring
is the subcommand's help. Other parts of the appeals app add their subcommands to the same registry.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from django.core.management.base import BaseCommand, CommandError

from yingshang.appeals.classification import ClassificationError, TrainedModel, evaluate, train
from yingshang.appeals.classification.model import TrainingOptions
from yingshang.core.exports import write_csv
from yingshang.core.tabular import TableError, TableReader, open_table

PREDICTION_COLUMNS = ("label_pred", "confidence")


@dataclass
class CsvTable:
    headers: list[str]
    rows: list[list[str]]  # every row padded to the header's width
    encoding: str  # the encoding the file was read with, to write results back the same way
    delimiter: str
    _reader: TableReader

    def column(self, name: str) -> int:
        try:
            return self._reader.column_index(name)
        except TableError as error:
            raise CommandError(error.messages[0])

    def values(self, name: str) -> list[str]:
        index = self.column(name)
        return [row[index] for row in self.rows]


def read_csv_table(path: str) -> CsvTable:
    """A whole table (CSV in UTF-8/BOM/GBK, TSV, XLSX or XLS) through the platform's one reader; values unstripped."""
    try:
        reader = open_table(path, strip=False)
        rows = [cells for _, cells in reader.records()]
    except TableError as error:
        raise CommandError(f"无法读取 {path}:{error.messages[0]}")
    if not rows:
        raise CommandError(f"文件只有表头,没有数据行:{path}")
    # Results of a workbook are written as UTF-8 CSV with a BOM, which Excel opens correctly.
    encoding = reader.encoding or "utf-8-sig"
    return CsvTable(headers=reader.source_headers, rows=rows, encoding=encoding, delimiter=reader.delimiter or ",", _reader=reader)


def write_csv_table(path: str, headers: list[str], rows: list[list[str]], *, encoding: str, delimiter: str = ",") -> None:
    """Write atomically (a script reading the output never sees half a file), creating the folder."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        with open(partial, "w", encoding=encoding, newline="") as handle:
            write_csv(handle, headers, rows, delimiter=delimiter)  # the kernel's writer: formula prefixes neutralised
        os.replace(partial, target)
    except (OSError, UnicodeEncodeError) as error:
        raise CommandError(f"无法写入文件 {path}:{getattr(error, 'strerror', None) or error}")


def _level_sep(options: dict) -> str:
    separator = options.get("level_sep") or ""
    if not separator.strip():
        raise CommandError("层级分隔符(--level-sep)不能为空")
    return separator


def _training_data(options: dict) -> tuple[list[str], list[str]]:
    table = read_csv_table(options["csv"])
    texts, labels = table.values(options["text_col"]), table.values(options["label_col"])
    if not any(label.strip() for label in labels):
        raise CommandError(f"标签列“{options['label_col']}”全部为空,无法训练或评估")
    return texts, labels


# -- train ------------------------------------------------------------------------------------------
def configure_train(parser) -> None:
    parser.add_argument("--csv", required=True, help="训练数据 CSV 文件(UTF-8 或 GBK)")
    parser.add_argument("--text-col", required=True, help="诉求文本所在的列名")
    parser.add_argument("--label-col", required=True, help="标签所在的列名(多级标签用分隔符连接,如 城乡建设/安全生产/安全隐患)")
    parser.add_argument("--out", required=True, help="模型文件的保存路径")
    parser.add_argument("--level-sep", default="/", help="标签层级分隔符,默认 /")
    parser.add_argument("--eval-folds", type=int, default=0,
                        help="训练前先做 N 折交叉验证,并把评估结果写入模型元数据(默认 0:不评估)")


def handle_train(command: BaseCommand, options: dict) -> None:
    """用历史诉求训练分类模型并保存"""
    level_sep = _level_sep(options)
    texts, labels = _training_data(options)
    evaluation = None
    try:
        if options.get("eval_folds"):
            report = evaluate(texts, labels, folds=options["eval_folds"], level_sep=level_sep)
            for line in report.lines():
                command.stdout.write(line)
            evaluation = report.as_dict()
        model = train(texts, labels, level_sep=level_sep, evaluation=evaluation)
    except ClassificationError as error:
        raise CommandError(str(error))
    try:
        path = model.save(options["out"])
    except OSError as error:
        raise CommandError(f"无法保存模型到 {options['out']}:{error.strerror or error}")
    meta = model.metadata
    notes = []
    if meta["n_rows_skipped"]:
        notes.append(f"跳过文本或标签为空的 {meta['n_rows_skipped']} 行")
    if meta["merged_labels"]:
        notes.append(f"{len(meta['merged_labels'])} 个样本过少的标签并入上级标签")
    if meta["dropped_labels"]:
        notes.append(f"{len(meta['dropped_labels'])} 个样本过少的一级标签未参与训练:{'、'.join(meta['dropped_labels'][:5])}")
    command.stdout.write(command.style.SUCCESS(
        f"模型已训练:{meta['n_samples']} 条样本,{len(meta['labels'])} 个标签(最深 {meta['max_depth']} 级),"
        f"用时 {meta['training_seconds']:.1f} 秒;已保存到 {path}"
    ))
    for note in notes:
        command.stdout.write(f"  注意:{note}")


# -- classify ---------------------------------------------------------------------------------------
def configure_classify(parser) -> None:
    parser.add_argument("--model", required=True, help="train 子命令保存的模型文件")
    parser.add_argument("--in", dest="input", required=True, help="待分类的 CSV 文件")
    parser.add_argument("--text-col", required=True, help="诉求文本所在的列名")
    parser.add_argument("--out", required=True, help="输出 CSV 文件:原文件各列加上 label_pred 和 confidence 两列")


def handle_classify(command: BaseCommand, options: dict) -> None:
    """用已训练的模型给 CSV 中的诉求打标签(增加 label_pred、confidence 两列)"""
    try:
        model = TrainedModel.load(options["model"])
    except ClassificationError as error:
        raise CommandError(str(error))
    table = read_csv_table(options["input"])
    texts = table.values(options["text_col"])
    suggestions = model.suggest_many(texts, k=1, workers=min(2, os.cpu_count() or 1))
    headers = list(table.headers)
    # Re-running on a file that already has predictions replaces them instead of adding a second pair.
    positions = []
    for name in PREDICTION_COLUMNS:
        if name not in headers:
            headers.append(name)
        positions.append(headers.index(name))
    rows, empty = [], 0
    for row, best in zip(table.rows, suggestions):
        row = row + [""] * (len(headers) - len(row))
        if best:
            row[positions[0]], row[positions[1]] = best[0].label, f"{best[0].confidence:.4f}"
        else:
            row[positions[0]] = row[positions[1]] = ""
            empty += 1
        rows.append(row)
    write_csv_table(options["out"], headers, rows, encoding=table.encoding, delimiter=table.delimiter)
    note = f"(其中 {empty} 条文本为空,未分类)" if empty else ""
    command.stdout.write(command.style.SUCCESS(f"已分类 {len(rows)} 条诉求{note},结果写入 {options['out']}"))


# -- evaluate ---------------------------------------------------------------------------------------
def configure_evaluate(parser) -> None:
    parser.add_argument("--csv", required=True, help="带标签的 CSV 文件")
    parser.add_argument("--text-col", required=True, help="诉求文本所在的列名")
    parser.add_argument("--label-col", required=True, help="标签所在的列名")
    parser.add_argument("--folds", type=int, default=5, help="交叉验证折数,默认 5")
    parser.add_argument("--level-sep", default="/", help="标签层级分隔符,默认 /")
    parser.add_argument("--group-near-duplicates", action="store_true",
                        help="近似重复(MinHash 相似度 ≥ 0.8 或标题相同)的诉求总在同一折:衡量模型在没见过的诉求上的表现;"
                             "同时给出对照模型在同样分折上的成绩,以及随机分折的成绩作比较")
    parser.add_argument("--title-col", default="", help="标题所在的列名(用于按标题分组;默认取文本的第一行)")
    parser.add_argument("--peer", action="store_true", help="同时评估对照模型(jieba 词 TF-IDF + LinearSVC)")


def handle_evaluate(command: BaseCommand, options: dict) -> None:
    """分层 k 折交叉验证,输出每一级的准确率和宏平均 F1(--group-near-duplicates:近似重复不跨折)"""
    level_sep = _level_sep(options)
    table = read_csv_table(options["csv"])
    texts, labels = table.values(options["text_col"]), table.values(options["label_col"])
    if not any(label.strip() for label in labels):
        raise CommandError(f"标签列“{options['label_col']}”全部为空,无法训练或评估")
    titles = table.values(options["title_col"]) if options.get("title_col") else None
    grouped = bool(options.get("group_near_duplicates"))
    runs = [dict(group_near_duplicates=True, titles=titles), dict()] if grouped else [dict()]
    try:
        for number, run in enumerate(runs):
            if number:
                command.stdout.write("")
                command.stdout.write("作为比较:随机分折(近似重复可能同时出现在训练折和测试折,成绩偏高)")
            report = evaluate(texts, labels, folds=options["folds"], level_sep=level_sep, options=TrainingOptions(),
                              with_peer=grouped or bool(options.get("peer")), **run)
            for line in report.lines():
                command.stdout.write(line)
    except ClassificationError as error:
        raise CommandError(str(error))


from yingshang.appeals import cli as hub_cli  # noqa: E402  (the hub's own subcommands: load-defaults, import, remind...)

SUBCOMMANDS: dict[str, tuple[Callable, Callable[[BaseCommand, dict], None]]] = {
    "train": (configure_train, handle_train),
    "classify": (configure_classify, handle_classify),
    "evaluate": (configure_evaluate, handle_evaluate),
    **hub_cli.SUBCOMMANDS,
}


class Command(BaseCommand):
    help = "诉求办理:train 训练分类模型,classify 批量分类,evaluate 交叉验证评估(以及其他已注册的子命令)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="子命令")
        for name, (configure_parser, handler) in SUBCOMMANDS.items():
            summary = (handler.__doc__ or "").strip().splitlines()
            configure_parser(sub.add_parser(name, help=summary[0] if summary else name))

    def handle(self, *args, action, **options):
        _, handler = SUBCOMMANDS[action]
        handler(self, options)
