"""The CJK font embedded in every PDF: Noto Serif SC (SIL OFL 1.1), from the npm package
@expo-google-fonts/noto-serif-sc (installed by `npm ci`, pinned in package-lock.json).

Its files are TrueType (glyf outlines), which ReportLab embeds as a subset (FontFile2) holding only
the glyphs a document uses, so a PDF reads the same on a machine with no Chinese font installed. The
previous CID font (STSong-Light) was not embedded: viewers without Adobe's CJK pack showed blanks.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from yingshang.core.reference import node_modules_dir

FONT_PACKAGE = "@expo-google-fonts/noto-serif-sc"
FONT_FILES = {
    "regular": "400Regular/NotoSerifSC_400Regular.ttf",
    "bold": "700Bold/NotoSerifSC_700Bold.ttf",
}
# Names under which the faces are registered with ReportLab.
REGULAR = "YingshangSerif"
BOLD = "YingshangSerif-Bold"
# The East Asian font name written into DOCX runs: Word and WPS on government desktops substitute
# their own 宋体 when Noto Serif SC is not installed; the name is not embedded.
DOCX_FONT = "宋体"


def font_path(weight: str) -> Path:
    """The TrueType file of ``weight`` ('regular' or 'bold'); settings.YINGSHANG_DOCUMENT_FONTS may
    point elsewhere (e.g. a deployment that copies the fonts out of node_modules)."""
    configured = getattr(settings, "YINGSHANG_DOCUMENT_FONTS", {}) or {}
    path = Path(configured[weight]) if weight in configured else node_modules_dir() / FONT_PACKAGE / FONT_FILES[weight]
    if not path.exists():
        raise ImproperlyConfigured(
            f"找不到 PDF 中文字体 {path}。请先在项目目录运行 `npm ci`(make run 会自动完成),"
            f"它从 npm 安装 {FONT_PACKAGE} 包。"
        )
    return path


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces with ReportLab (once per process); returns their names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(REGULAR, str(font_path("regular"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(font_path("bold"))))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    return REGULAR, BOLD
