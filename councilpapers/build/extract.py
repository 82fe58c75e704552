"""Build stage, the leak check's readers: every text a file of the build holds, whatever its kind.

`texts(name, data)` gives a file's texts, in the order the file holds them, read by what the file
is (its first bytes, then its name; a file named .pdf or .docx that is not one cannot be read):

- PDF: each page's text (`pdftext.py`), every string of every object (the document information,
  outline titles, annotations' contents and URIs, the structure tree's /Alt, /ActualText, /T and
  /E, form fields, names of destinations), the XMP metadata, and each attached file, read in turn;
- ZIP (DOCX, XLSX and other Office files): every XML part (the body, docProps, comments, headers,
  footers, shared strings, sheets with each shared string in its cell, tables, the relationships'
  targets), its text and every attribute's value; each part's name; an embedded file, read in turn;
- HTML: the text (a space between blocks, none inside a run of inline elements), comments, every
  attribute's value (title, alt, aria-label, the content of meta, href …), and data: addresses of
  text (SVG, HTML, CSS …) decoded; addresses of fonts and images are dropped;
- XML, SVG: as the Office parts; JSON: every key, string and number; gzip: what it holds;
- anything else: its bytes as UTF-8.

Binary parts (images, fonts, OLE objects) are not read. What is read is capped: a ZIP member or a
gzip file is read to `LARGEST` bytes, an embedded file is read to `DEEPEST` levels of nesting, and a
file that cannot be read whole raises `Unreadable`, so the caller fails closed.
"""

from __future__ import annotations

import base64
import io
import json
import re
import urllib.parse
import zipfile
import zlib
from collections.abc import Callable
from typing import Any

import pikepdf
import pypdf
from lxml import etree
from lxml import html as lxml_html

from councilpapers.build.pdftext import object_strings, page_texts

LARGEST = 64 * 1024 * 1024  # bytes read from one ZIP member or gzip file, at most
DEEPEST = 3  # files inside files (an attachment of a PDF inside a Word file), at most
_XML_PARTS = (".xml", ".rels", ".vml", ".svg")
_FILES = (".pdf", ".docx", ".xlsx", ".pptx", ".docm", ".xlsm", ".zip", ".gz", ".html", ".htm", ".json")
_PARAGRAPHS = {"p", "si", "is", "text", "comment"}  # runs inside one of these join without a space
_SPACES = {"tab", "br", "cr", "noBreakHyphen"}  # inside a paragraph, these read as a space
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q"}
_INLINE |= {"s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
_DATA_URI = re.compile(r"data:([\w.+-]+/[\w.+-]+)?((?:;[\w.+-]+=[^;,\s]*)*)(;base64)?,([^\s\"')]*)", re.I)
_TEXTUAL = re.compile(r"^(text/|image/svg|application/(json|xml|xhtml|javascript|ld\+json))", re.I)


class Unreadable(Exception):
    """A file, or a part of it, that cannot be read whole: the leak check cannot clear it."""


def texts(name: str, data: bytes, depth: int = 0) -> list[str]:
    """Every text of a file (its name not included), by what the file is."""
    if depth > DEEPEST:
        raise Unreadable(f"{name}: files nested more than {DEEPEST} deep")
    lower = name.lower()
    if data.startswith(b"%PDF-") or (lower.endswith(".pdf") and b"%PDF-" in data[:1024]):
        return _pdf(data, depth)
    if data.startswith(b"PK\x03\x04") or lower.endswith((".docx", ".xlsx", ".pptx", ".zip")):
        return _zip(data, depth)
    if data.startswith(b"\x1f\x8b"):
        inner = _inflate(name, data)
        return texts(name.removesuffix(".gz"), inner, depth + 1)
    if lower.endswith((".html", ".htm", ".xhtml")):
        return _html(data)
    if lower.endswith((".xml", ".svg", ".rels", ".vml")):
        return _xml(data)
    if lower.endswith(".json"):
        return _json(data)
    return [data.decode("utf-8", "replace")]


# ---- PDF ----------------------------------------------------------------------------------


def _pdf(data: bytes, depth: int) -> list[str]:
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as error:
        raise Unreadable(f"not a PDF that can be read ({_reason(error)})") from error
    with pdf:
        try:
            out = page_texts(pdf, data)
        except (pikepdf.PdfError, pypdf.errors.PyPdfError, ValueError, KeyError) as error:
            raise Unreadable(f"a page that cannot be read ({_reason(error)})") from error
        for text, stream in object_strings(pdf):
            out.extend(_stream(stream, depth) if stream is not None else [text])
    return out


def supplied_texts(data: bytes) -> list[str]:
    """What a supplied PDF says, as restricted material (or as allowed text, when it is public):
    each page's text, the document information's values and the bookmarks' titles. Not the
    strings every PDF holds for machines (structure IDs, font names, dates), which would be found
    in every other PDF."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as error:
        raise Unreadable(f"not a PDF that can be read ({_reason(error)})") from error
    with pdf:
        out = page_texts(pdf, data)
        out.extend(str(value) for _, value in pdf.docinfo.items() if isinstance(value, pikepdf.String))
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop(0)
                out.append(item.title)
                stack[:0] = list(item.children)
    return out


def _stream(stream: pikepdf.Stream, depth: int) -> list[str]:
    """The XMP metadata of a stream, or the texts of an attached file; [] for other streams."""
    kind, subtype = stream.get("/Type"), stream.get("/Subtype")
    if kind == "/Metadata" or subtype == "/XML":
        return _xml(_stream_bytes(stream))
    if kind == "/EmbeddedFile":
        return texts("attachment", _stream_bytes(stream), depth + 1)
    return []


def _stream_bytes(stream: pikepdf.Stream) -> bytes:
    try:
        return bytes(stream.read_bytes())
    except pikepdf.PdfError as error:
        raise Unreadable(f"a stream that cannot be decoded ({_reason(error)})") from error


def _reason(error: Exception) -> str:
    """qpdf's message without the name it gives a file read from memory."""
    return re.sub(r"^(stream )?<[^>]*>:? *", "", str(error))


# ---- ZIP: Office files ----------------------------------------------------------------------


def _zip(data: bytes, depth: int) -> list[str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise Unreadable(f"not a ZIP file that can be read ({error})") from error
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        out = [m.filename for m in members]
        strings = [m for m in members if m.filename == "xl/sharedStrings.xml"]
        shared = _shared_strings(_member(archive, strings[0])) if strings else []
        for member in members:  # by entry, not by name: two entries may share one name
            out.extend(_part(member.filename, _member(archive, member), shared, depth))
    return out


def _part(name: str, body: bytes, shared: list[str], depth: int) -> list[str]:
    """A ZIP member's texts: an XML part's (a sheet's with its shared strings), an embedded file's,
    or, for any other member, its text when it is UTF-8, as a binary part (an image) is not."""
    lower = name.lower()
    if lower.endswith(_XML_PARTS):
        return _xml(body, shared if lower.startswith("xl/worksheets/") else None)
    if lower.endswith(_FILES) or body.startswith((b"%PDF-", b"PK\x03\x04", b"\x1f\x8b")):
        return texts(name, body, depth + 1)
    try:
        return [body.decode("utf-8")]
    except UnicodeDecodeError:
        return []


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One member's bytes, read to LARGEST bytes whatever its header declares."""
    name = info.filename
    if info.file_size > LARGEST:
        raise Unreadable(f"{name} declares {info.file_size} bytes, more than the {LARGEST} the check reads")
    if info.flag_bits & 0x1:
        raise Unreadable(f"{name} is encrypted")
    try:
        with archive.open(info) as stream:
            body = stream.read(LARGEST + 1)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError) as error:
        raise Unreadable(f"{name} cannot be unzipped ({error})") from error
    if len(body) > LARGEST:
        raise Unreadable(f"{name} holds more than the {LARGEST} bytes the check reads")
    return body


def _shared_strings(body: bytes) -> list[str]:
    """A workbook's shared strings, each the text of its runs, by index."""
    root = _parse_xml(body)
    if root is None:
        return []
    return ["".join(si.itertext()) for si in root if isinstance(si.tag, str) and _local(si.tag) == "si"]


def _inflate(name: str, data: bytes) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        body = inflater.decompress(data, LARGEST + 1)
    except zlib.error as error:
        raise Unreadable(f"{name} cannot be decompressed ({error})") from error
    if len(body) > LARGEST:
        raise Unreadable(f"{name} holds more than the {LARGEST} bytes the check reads")
    return body


# ---- XML ------------------------------------------------------------------------------------


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


def _parse_xml(body: bytes) -> Any:
    try:
        return etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError:
        return None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _xml(body: bytes, shared: list[str] | None = None) -> list[str]:
    """An XML part's text (runs of one paragraph joined, other texts apart), then its attributes'
    values. With a workbook's shared strings, a sheet's cell of a shared string reads as its text.
    XML that cannot be parsed is read as text, its markup dropped."""
    root = _parse_xml(body)
    if root is None:
        return [re.sub(r"<[^>]*>", " ", body.decode("utf-8", "replace"))]
    text: list[str] = []
    values: list[str] = []
    paragraphs = 0
    for event, element in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi"):
            text.append(f" {element.text or ''} {element.tail or ''}")
            continue
        local = _local(element.tag)
        if event == "start":
            values.extend(element.attrib.values())
            paragraphs += local in _PARAGRAPHS
            text.append("" if paragraphs and local not in _SPACES | _PARAGRAPHS else " ")
            text.append(_cell(element, shared) if local == "v" and shared is not None else element.text or "")
        else:
            paragraphs -= local in _PARAGRAPHS
            text.append(("" if paragraphs else " ") + (element.tail or ""))
    return ["".join(text), *values]


def _cell(value: Any, shared: list[str]) -> str:
    """A sheet's <v>: the shared string it indexes, for a cell of type s; else its text."""
    cell = value.getparent()
    number = (value.text or "").strip()
    if cell is not None and cell.get("t") == "s" and number.isdigit() and int(number) < len(shared):
        return shared[int(number)]
    return str(value.text or "")


# ---- HTML, JSON ------------------------------------------------------------------------------


def _html(data: bytes) -> list[str]:
    """A web page's text (a space between blocks, none inside inline runs), comments, and every
    attribute's value, each data: address of text decoded and of anything else dropped."""
    root = None
    for source in (data.decode("utf-8", "replace"), data):  # text first: bytes would be read as Latin-1
        try:
            root = lxml_html.document_fromstring(source)
            break
        except (etree.ParserError, ValueError):
            continue
    if root is None:  # nothing an HTML parser reads as a document: read as text
        return [data.decode("utf-8", "replace")]
    text: list[str] = []
    values: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi"):
            text.append(f" {element.text or ''} {element.tail or ''}")
            continue
        inline = element.tag in _INLINE
        if event == "start":
            values.extend(_data_uris(v) for v in element.attrib.values())
            text.append(("" if inline else " ") + (element.text or ""))
        else:
            text.append(("" if inline else " ") + (element.tail or ""))
    return [_data_uris("".join(text)), *values]


def _data_uris(text: str) -> str:
    """`text` with each data: address replaced by its text (text, SVG, JSON …) or by nothing."""
    if "data:" not in text:
        return text
    return _DATA_URI.sub(_data_text, text)


def _data_text(match: re.Match[str]) -> str:
    kind, _, is_base64, payload = match.groups()
    if not kind or not _TEXTUAL.match(kind):
        return " "
    try:
        body = base64.b64decode(payload + "=" * (-len(payload) % 4)) if is_base64 else None
    except ValueError:
        return " "
    raw = body if body is not None else urllib.parse.unquote_to_bytes(payload)
    kind = kind.lower()
    read = _html if "html" in kind else _xml if "xml" in kind else _json if "json" in kind else None
    return f" {' '.join(read(raw) if read else [raw.decode('utf-8', 'replace')])} "


def _json(data: bytes) -> list[str]:
    """Every key, string and number of a JSON file, in order; text that is not JSON as text."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return [data.decode("utf-8", "replace")]
    out: list[str] = []
    try:
        _walk_json(document, out.append)
    except RecursionError:
        return [data.decode("utf-8", "replace")]
    return out


def _walk_json(value: object, add: Callable[[str], None]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            add(str(key))
            _walk_json(item, add)
    elif isinstance(value, list):
        for item in value:
            _walk_json(item, add)
    elif value is not None:
        add(str(value))
