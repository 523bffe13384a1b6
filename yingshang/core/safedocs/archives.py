"""Zip-based documents (.docx, .xlsx, and any archive inside them) inspected before a library opens them.

``inspect_zip`` reads the central directory (entries, declared sizes, ratios) and then every entry once,
streaming, against one byte budget: XML parts are parsed with lxml configured not to load DTDs, resolve
entities or touch the network; a part with a DOCTYPE is refused outright (no Office format has one; it is
how entity expansion — "billion laughs" — and external entities come in); elements are counted by tag so
that a document with a million paragraphs or rows is refused before python-docx or calamine build a
single object. Python's zipfile never yields more than an entry's declared size and checks its CRC, so a
header that lies about the size ends in a refusal too.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import IO

from .i18n import gettext as _

from .errors import DocumentRefused
from .limits import DocumentLimits
from .text import size_text

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_ARCHIVE_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 16


@dataclass
class ArchiveReport:
    """What the inspection saw: entries, bytes unpacked, and element counts by local tag name per part."""

    entries: int = 0
    unpacked_bytes: int = 0
    elements: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # part name → {local tag: n}

    def count(self, local_tag: str, parts_prefix: str = "") -> int:
        return sum(tags.get(local_tag, 0) for name, tags in self.counts.items() if name.startswith(parts_prefix))


class _Budget:
    """Bytes and elements still allowed across the whole archive, nested archives included."""

    def __init__(self, limits: DocumentLimits, what: str):
        self.limits, self.what = limits, what
        self.bytes_left = limits.max_unpacked_bytes
        self.elements_left = limits.max_xml_elements

    def take_bytes(self, n: int) -> None:
        self.bytes_left -= n
        if self.bytes_left < 0:
            raise refused_unpacked(self.what, self.limits)

    def take_element(self) -> None:
        self.elements_left -= 1
        if self.elements_left < 0:
            raise DocumentRefused(
                _("%(what)s中的 XML 元素超过 %(limit)s 个的上限,未读取。") % {"what": self.what, "limit": f"{self.limits.max_xml_elements:,}"},
                "xml_elements",
            )


def refused_unpacked(what: str, limits: DocumentLimits) -> DocumentRefused:
    return DocumentRefused(
        _("%(what)s解压后超过 %(limit)s 的上限,未读取(可能是“压缩炸弹”)。请检查文件,或删除其中的大图片、附件后再上传。")
        % {"what": what, "limit": size_text(limits.max_unpacked_bytes)},
        "unpacked_size",
    )


class _MeteredStream(io.RawIOBase):
    """An entry's bytes as a stream that charges every byte read to the budget."""

    def __init__(self, raw: IO[bytes], budget: _Budget):
        self.raw, self.budget = raw, budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        self.budget.take_bytes(len(data))
        buffer[: len(data)] = data
        return len(data)


def _damaged(what: str) -> DocumentRefused:
    return DocumentRefused(_("%(what)s已损坏或不是有效的文件格式,无法读取。请用 Office/WPS 打开后另存再上传。") % {"what": what}, "damaged")


# The compression methods Python's zipfile reads; Office and WPS write only the first two.
READABLE_COMPRESSION = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA})


def inspect_zip(source: bytes | IO[bytes], *, limits: DocumentLimits, what: str, _budget: _Budget | None = None, _depth: int = 0) -> ArchiveReport:
    """Check a zip-based document against ``limits``; raise :class:`DocumentRefused` or return what it holds.

    ``what`` names the document in the message ("该 Word 文件", "该 Excel 文件").
    """
    budget = _budget or _Budget(limits, what)
    stream = io.BytesIO(bytes(source)) if isinstance(source, (bytes, bytearray, memoryview)) else source
    position = stream.tell() if hasattr(stream, "tell") else 0
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise _damaged(what) from None
    report = ArchiveReport()
    try:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise DocumentRefused(
                _("%(what)s包含 %(n)s 个压缩条目,超过 %(limit)s 个的上限,未读取。") % {"what": what, "n": f"{len(infos):,}", "limit": f"{limits.max_entries:,}"},
                "entries",
            )
        declared = sum(info.file_size for info in infos)
        if declared > budget.bytes_left:
            raise refused_unpacked(what, limits)
        for info in infos:
            if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise DocumentRefused(
                    _("%(what)s中的“%(name)s”压缩比异常(%(ratio)s 倍,上限 %(limit)s 倍),可能是“压缩炸弹”,未读取。")
                    % {"what": what, "name": info.filename[:80], "ratio": f"{info.file_size // max(info.compress_size, 1):,}", "limit": limits.max_ratio},
                    "ratio",
                )
        report.entries = len(infos)
        for info in infos:
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise DocumentRefused(_("%(what)s已加密,请取消密码保护后再上传。") % {"what": what}, "encrypted")
            if info.compress_type not in READABLE_COMPRESSION:
                # Refused before zipfile is asked to open the entry (it has no decompressor for it).
                raise _damaged(what)
            _inspect_entry(archive, info, budget, report, limits, what, _depth)
        report.unpacked_bytes = limits.max_unpacked_bytes - budget.bytes_left
        report.elements = limits.max_xml_elements - budget.elements_left
    except DocumentRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError, ValueError):
        raise _damaged(what) from None
    finally:
        archive.close()
        if hasattr(stream, "seek"):
            stream.seek(position)
    return report


def _inspect_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, report: ArchiveReport, limits: DocumentLimits,
                   what: str, depth: int) -> None:
    name = info.filename
    with archive.open(info) as raw:
        head = raw.read(4)
        budget.take_bytes(len(head))
        stream = io.BufferedReader(_MeteredStream(raw, budget), _CHUNK)
        if head == _ARCHIVE_MAGIC:
            if depth + 1 > limits.max_depth:
                raise DocumentRefused(
                    _("%(what)s中嵌套的压缩包超过 %(limit)s 层,未读取。") % {"what": what, "limit": limits.max_depth}, "nesting")
            # A nested archive is unpacked into memory (bounded by the budget) and inspected like the outer one.
            inner = head + stream.read()
            inspect_zip(inner, limits=limits, what=what, _budget=budget, _depth=depth + 1)
            return
        if name.lower().endswith(_XML_SUFFIXES) or name == "[Content_Types].xml":
            head += stream.read(_PROLOG_BYTES)
            if _declares_dtd(head):
                raise _refused_dtd(what, name)
            report.counts[name] = _inspect_xml(_Prefixed(head, stream), budget, what, name)
            return
        while stream.read(_CHUNK):  # read through: charges the bytes and checks the CRC
            pass


class _Prefixed(io.RawIOBase):
    """The bytes already read from the head of an entry, then the rest of it."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


_PROLOG_BYTES = 4096
_DTD_MARKERS = tuple(marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be"))


def _declares_dtd(head: bytes) -> bool:
    """A DOCTYPE or ENTITY declaration in the first bytes (UTF-8 or UTF-16), where a prolog holds it."""
    upper = head.upper()
    return any(marker in upper for marker in _DTD_MARKERS)


def _refused_dtd(what: str, name: str) -> DocumentRefused:
    return DocumentRefused(
        _("%(what)s的“%(name)s”含有 DTD/实体声明(可能是“实体膨胀”或外部实体攻击),未读取。") % {"what": what, "name": name[:80]}, "xml_dtd")


def safe_xml_parser_options() -> dict:
    """lxml options for any XML from outside: no DTD, no entities, no network, no huge-tree mode."""
    return {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False, "dtd_validation": False}


class _Census:
    """lxml parser target: counts elements by local name without building a tree; refuses a DOCTYPE."""

    def __init__(self, budget: _Budget, what: str, name: str):
        self.budget, self.what, self.name = budget, what, name
        self.counts: dict[str, int] = {}

    def doctype(self, *_args) -> None:
        raise _refused_dtd(self.what, self.name)

    def start(self, tag, _attrib) -> None:
        budget = self.budget
        budget.elements_left -= 1
        if budget.elements_left < 0:
            budget.take_element()  # raises
        counts = self.counts
        counts[tag] = counts.get(tag, 0) + 1  # by qualified name; close() folds them into local names

    def close(self) -> dict[str, int]:
        local: dict[str, int] = {}
        for tag, n in self.counts.items():
            name = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
            local[name] = local.get(name, 0) + n
        return local

    # No end() or data(): lxml calls only the methods a target has, and text is not needed here.



def _inspect_xml(stream: IO[bytes], budget: _Budget, what: str, name: str) -> dict[str, int]:
    """Parse one XML part as a stream of events (no tree is built, memory stays flat) and count its elements."""
    from lxml import etree

    census = _Census(budget, what, name)
    parser = etree.XMLParser(target=census, remove_comments=True, **safe_xml_parser_options())
    try:
        while chunk := stream.read(_CHUNK):
            parser.feed(chunk)
        return parser.close()
    except etree.XMLSyntaxError as error:
        if "entity" in str(error).lower():  # libxml2's own amplification guard, or an undeclared entity
            raise _refused_dtd(what, name) from None
        raise DocumentRefused(
            _("%(what)s的“%(name)s”不是有效的 XML(文件已损坏),无法读取。请用 Office/WPS 打开后另存再上传。") % {"what": what, "name": name[:80]},
            "xml_malformed",
        ) from None
