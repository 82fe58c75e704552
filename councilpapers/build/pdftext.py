"""Build stage, the leak check's PDF page reader: the text each page shows, read from its content
streams through each font's ToUnicode map (qpdf, through pikepdf, parses the file; a small lexer
reads the streams), with pypdf for a page whose fonts this reader cannot map.

pypdf reads the sample build's PDFs (eight files, 134 pages) in about nine seconds of CPU; this
reader in about 0.3 s, giving the same words on every page but one (where it keeps two words
that pypdf runs together across a line). Both read every text-showing operator, visible or not
(white, clipped or off the page), and the text of form XObjects and annotations' appearance
streams; this reader also reads marked content's /ActualText, /Alt and /E. Words are apart where
the text is moved (BT, ET, Td, TD, Tm, T*, ', ") or a TJ array moves it a quarter of an em or
more to the right, as a space would.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pikepdf

# The content-stream lexer. Only what carries text, and what must be skipped whole so that its
# bytes are not read as operators (strings, arrays; dictionaries before BDC), is matched; every
# other operator, name and number is passed over inside the regular expression engine. A name
# is never read as an operator: an operator follows white space or a delimiter other than /.
_LITERAL = rb"\((?:[^()\\]|\\.|\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\))*\)"  # three levels of (nesting)
_HEX = rb"<[0-9A-Fa-f\s]*>"
_DICT = rb"<<(?:[^<>()]|" + _HEX + rb"|" + _LITERAL + rb"|<<(?:[^<>()]|" + _HEX + rb"|" + _LITERAL + rb")*>>)*>>"
_NAME = rb"/(?P<%s>[^\s/\[\]<>(){}%%]*)"
_BEFORE = rb"(?<![^\s\[\]<>(){}%])"
_AFTER = rb"(?![^\s\[\]<>(){}/%])"


def _lexer(marked: bool) -> re.Pattern[bytes]:
    """The lexer; `marked`: one that also reads marked content's property dictionaries (BDC)."""
    return re.compile(
        rb"(?=[%\[<(/BET'\"])(?:%[^\r\n]*"  # (the lookahead lets the engine pass over other bytes fast)
        + (rb"|(?P<marked>" + _DICT + rb")\s*BDC" + _AFTER if marked else b"")
        + rb"|(?P<array>\[[^\[\]()]*\]|\[(?:[^\[\]()<]|"
        + _HEX
        + rb"|"
        + _LITERAL
        + rb")*\])"
        + rb"|(?P<hex>"
        + _HEX
        + rb")"
        + rb"|(?P<literal>"
        + _LITERAL
        + rb")"
        + rb"|(?P<font>"
        + _NAME % b"fontname"
        + rb"\s+[-+\d.]+\s+Tf"
        + _AFTER
        + rb")"
        + rb"|(?P<xobject>"
        + _NAME % b"xobjectname"
        + rb"\s+Do"
        + _AFTER
        + rb")"
        + rb"|(?P<op>"
        + _BEFORE
        + rb"(?:BT|ET|Td|TD|Tm|T\*|Tj|TJ|'|\"|BI)"
        + _AFTER
        + rb"))",
        re.S,
    )


_LEX, _LEX_MARKED = _lexer(False), _lexer(True)
_HAS_MARKED = re.compile(rb"/(?:ActualText|Alt|E)[\s(<]")
_STRING = re.compile(_HEX + rb"|" + _LITERAL + rb"|(?P<number>[+-]?(?:\d+\.?\d*|\.\d+))", re.S)
_HEXES = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_WIDE_MOVE = re.compile(rb"-0*(?:2[5-9]\d|[3-9]\d\d|[1-9]\d{3,})")  # a TJ number of -250 or less
_END_OF_IMAGE = re.compile(rb"\sEI(?=\s|$)")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\n": b"", b"\r": b"", b"\r\n": b""}
_MARKED = re.compile(rb"/(?:ActualText|Alt|E)\s*(" + _HEX + rb"|" + _LITERAL + rb")", re.S)
_MOVES = {b"BT", b"ET", b"Td", b"TD", b"Tm", b"T*"}
WORD_GAP = 250  # thousandths of an em: a TJ move this far left reads as a space between words
DEEPEST = 8  # form XObjects inside form XObjects, at most


class Unmapped(Exception):
    """A font whose codes this reader cannot turn into text: the page is read by pypdf instead."""


class _Table(dict[int, str]):
    """A font's codes → text, for str.translate: a code the map does not give reads as U+FFFD."""

    def __missing__(self, code: int) -> str:
        return "\ufffd"


class Font:
    """How one font's string bytes become text: codes of one width, each through the table."""

    def __init__(self, width: int, table: _Table) -> None:
        self.width = width
        self.table = table

    def decode(self, data: bytes) -> str:
        if self.width == 1:
            return data.decode("latin-1").translate(self.table)
        return data[: len(data) // 2 * 2].decode("utf-16-be", "surrogatepass").translate(self.table)


def page_texts(pdf: pikepdf.Pdf, data: bytes) -> list[str]:
    """The text of each page of `pdf` (whose file is `data`), in content-stream order."""
    fonts: dict[tuple[int, int], Font] = {}
    fallback: Any = None
    out = []
    for number, page in enumerate(pdf.pages):
        try:
            out.append(_Page(fonts).read(page.obj))
        except Unmapped:
            if fallback is None:
                import pypdf

                fallback = pypdf.PdfReader(io.BytesIO(data))
            out.append(fallback.pages[number].extract_text())
    return out


def _array(value: Any) -> list[Any]:
    return list(value) if isinstance(value, pikepdf.Array) else []


def _contents(contents: Any) -> bytes:
    if isinstance(contents, pikepdf.Stream):
        return bytes(contents.read_bytes())
    return b"\n".join(bytes(s.read_bytes()) for s in _array(contents) if isinstance(s, pikepdf.Stream))


def _appearances(annotation: Any) -> Iterator[pikepdf.Stream]:
    """An annotation's appearance streams (/AP /N, /R, /D, each a stream or a dictionary of them)."""
    appearance = annotation.get("/AP") if isinstance(annotation, pikepdf.Dictionary) else None
    if not isinstance(appearance, pikepdf.Dictionary):
        return
    for key in ("/N", "/R", "/D"):
        value = appearance.get(key)
        if isinstance(value, pikepdf.Stream):
            yield value
        elif isinstance(value, pikepdf.Dictionary):
            yield from (v for _, v in value.items() if isinstance(v, pikepdf.Stream))


class _Page:
    """One page's text, read from its content stream, the form XObjects it draws and its
    annotations' appearances; the font chosen stays chosen into a form, as the text state does."""

    def __init__(self, fonts: dict[tuple[int, int], Font]) -> None:
        self.fonts = fonts
        self.pieces: list[str] = []
        self.seen: set[tuple[int, int]] = set()
        self.font: Font | None = None

    def read(self, page: pikepdf.Dictionary) -> str:
        resources = page.get("/Resources", pikepdf.Dictionary())
        self.stream(_contents(page.get("/Contents")), resources, 0)
        for annotation in _array(page.get("/Annots")):
            for appearance in _appearances(annotation):
                self.form(appearance, resources, 0)
        return "".join(self.pieces)

    def form(self, stream: Any, resources: Any, depth: int) -> None:
        key = stream.objgen
        if depth >= DEEPEST or (key != (0, 0) and key in self.seen):
            return
        self.seen.add(key)
        own = stream.get("/Resources")
        self.pieces.append(" ")
        self.stream(bytes(stream.read_bytes()), own if isinstance(own, pikepdf.Dictionary) else resources, depth + 1)
        self.pieces.append(" ")

    def stream(self, raw: bytes, resources: Any, depth: int) -> None:
        """The text a content stream shows, appended to the page's."""
        operand = b""
        for match in _tokens(raw):
            kind = match.lastgroup
            if kind in ("array", "hex", "literal"):
                operand = match.group()
            elif kind == "op":
                op = match.group()
                if op in _MOVES:
                    self.pieces.append(" ")
                else:  # Tj, TJ, ' or "
                    self.pieces.append(" " if op in (b"'", b'"') else "")
                    self.pieces.append(_shown(operand, self.font))
            elif kind == "font":
                self.font = _font(resources, match.group("fontname"), self.fonts)
            elif kind == "xobject":
                xobject = _resource(resources, "/XObject", match.group("xobjectname"))
                if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form":
                    self.form(xobject, resources, depth)
            elif kind == "marked":
                self.pieces.extend(f" {_text_string(m[1])} " for m in _MARKED.finditer(match.group()))


def _tokens(raw: bytes) -> Iterator[re.Match[bytes]]:
    """The lexer's tokens of a content stream; an inline image (BI … ID data EI) is passed over,
    as its data may hold any bytes."""
    lexer = _LEX_MARKED if _HAS_MARKED.search(raw) else _LEX
    if b"BI" not in raw:
        yield from lexer.finditer(raw)
        return
    position = 0
    while match := lexer.search(raw, position):
        position = match.end()
        if match.lastgroup == "op" and match.group() == b"BI":
            end = _END_OF_IMAGE.search(raw, raw.find(b"ID", position) + 3)
            position = end.end() if end else len(raw)
        else:
            yield match


def _shown(operand: bytes, font: Font | None) -> str:
    """The text of a Tj string or a TJ array, in the current font."""
    if font is None:
        raise Unmapped("text shown before a font is chosen")
    if operand.startswith(b"<") and not operand.startswith(b"<<"):
        return font.decode(_unhex(operand[1:-1]))
    if operand.startswith(b"("):
        return font.decode(_literal(operand))
    body = operand[1:-1] if operand.startswith(b"[") else b""
    if b"(" not in body and not _WIDE_MOVE.search(body):  # one run of glyphs, as WeasyPrint writes
        return font.decode(_unhex(b"".join(_HEXES.findall(body))))
    out = []
    for piece in _STRING.finditer(body):
        if piece.group("number") is not None:
            out.append(" " if float(piece.group()) <= -WORD_GAP else "")
        elif piece.group().startswith(b"<"):
            out.append(font.decode(_unhex(piece.group()[1:-1])))
        else:
            out.append(font.decode(_literal(piece.group())))
    return "".join(out)


def _unhex(digits: bytes) -> bytes:
    """A hex string's bytes (an odd last digit is followed by 0, as the PDF format says)."""
    digits = b"".join(digits.split())
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def _literal(token: bytes) -> bytes:
    """A (literal string)'s bytes, its escapes undone."""

    def unescape(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(unescape, token[1:-1])


def _text_string(token: bytes) -> str:
    """A text string (PDFDocEncoding or UTF-16 with its mark) as text."""
    data = _unhex(token[1:-1]) if token.startswith(b"<") else _literal(token)
    if data.startswith((b"\xfe\xff", b"\xff\xfe")):
        return data.decode("utf-16", "replace")
    return data.decode("pdfdoc", "replace")  # the codec pikepdf registers


_STRINGS = re.compile(_HEX + rb"|" + _LITERAL, re.S)


def object_strings(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Stream | None]]:
    """Every string of every object of `pdf` (the document information, outline titles,
    annotations, the structure tree's /Alt, /ActualText, /T and /E, form fields, destinations'
    names …), read from the objects written out by qpdf; then each stream, for its data."""
    syntax = [pdf.trailer.unparse(resolved=True)]
    streams = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            syntax.append(obj.stream_dict.unparse(resolved=True))
            streams.append(obj)
        else:
            syntax.append(obj.unparse(resolved=True))
    for match in _STRINGS.finditer(b"\n".join(syntax)):
        yield _text_string(match.group()), None
    for stream in streams:
        yield "", stream


def _resource(resources: Any, kind: str, name: bytes) -> Any:
    group = resources.get(kind) if isinstance(resources, pikepdf.Dictionary) else None
    if not isinstance(group, pikepdf.Dictionary):
        return None
    return group.get("/" + name.decode("latin-1"))


def _font(resources: Any, name: bytes, fonts: dict[tuple[int, int], Font]) -> Font:
    font = _resource(resources, "/Font", name)
    if not isinstance(font, pikepdf.Dictionary):
        raise Unmapped(f"no font /{name.decode('latin-1')} in the page's resources")
    key = font.objgen
    if key == (0, 0) or key not in fonts:
        decoded = _decoder(font)
        if key == (0, 0):
            return decoded
        fonts[key] = decoded
    return fonts[key]


# Simple fonts without a ToUnicode map: the three base encodings, as Python names them.
_BASE_ENCODINGS = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman", "/StandardEncoding": "latin-1"}


def _decoder(font: pikepdf.Dictionary) -> Font:
    """How a font's codes read: its ToUnicode map, or a simple font's base encoding."""
    to_unicode = font.get("/ToUnicode")
    if isinstance(to_unicode, pikepdf.Stream):
        return to_unicode_map(bytes(to_unicode.read_bytes()))
    encoding = font.get("/Encoding", pikepdf.Name("/StandardEncoding"))
    if font.get("/Subtype") in ("/Type1", "/TrueType", "/MMType1") and str(encoding) in _BASE_ENCODINGS:
        codec = _BASE_ENCODINGS[str(encoding)]
        return Font(1, _Table({code: bytes([code]).decode(codec, "replace") for code in range(256)}))
    raise Unmapped(f"a font without a ToUnicode map ({font.get('/Subtype')}, encoding {encoding})")


_CMAP_SECTION = re.compile(rb"begin(codespacerange|bfchar|bfrange)(.*?)end\1", re.S)
_CMAP_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|(\[)|(\])")
LARGEST_MAP = 1 << 20  # codes a ToUnicode map may give, in all: a larger one is read by pypdf


def to_unicode_map(cmap: bytes) -> Font:
    """A ToUnicode CMap's codes (all of one width: one or two bytes) and the text of each."""
    widths: set[int] = set()
    table = _Table()
    for section, body in _CMAP_SECTION.findall(cmap):
        tokens = _cmap_tokens(body)
        if section == b"codespacerange":
            widths.update(len(t) for t in tokens if isinstance(t, bytes))
        elif section == b"bfchar":
            for source, target in zip(tokens[::2], tokens[1::2]):
                table[_code(source)] = _utf16(target)
        else:
            _ranges(tokens, table)
    if len(widths) != 1 or (width := widths.pop()) not in (1, 2):
        raise Unmapped("a ToUnicode map whose codes are not all one or all two bytes long")
    return Font(width, table)


def _cmap_tokens(body: bytes) -> list[Any]:
    """Hex strings as bytes, and [ and ] as the text "[" and "]"."""
    out: list[Any] = []
    for hexa, opening, closing in _CMAP_TOKEN.findall(body):
        out.append("[" if opening else "]" if closing else _unhex(hexa))
    return out


def _ranges(tokens: list[Any], table: _Table) -> None:
    """bfrange entries: <low> <high> <first text> (each code's text one more) or <low> <high> [texts]."""
    i = 0
    while i + 2 < len(tokens):
        low, high = _code(tokens[i]), _code(tokens[i + 1])
        if high - low >= 1 << 16 or len(table) + high - low > LARGEST_MAP:
            raise Unmapped("a ToUnicode map too large to read")
        if tokens[i + 2] == "[":
            end = tokens.index("]", i + 3) if "]" in tokens[i + 3 :] else len(tokens)
            for code, target in zip(range(low, high + 1), tokens[i + 3 : end]):
                table[code] = _utf16(target)
            i = end + 1
        else:
            first = _utf16(tokens[i + 2]) or "\ufffd"
            for offset in range(high - low + 1):
                table[low + offset] = first[:-1] + chr(min(ord(first[-1]) + offset, 0x10FFFF))
            i += 3


def _code(token: Any) -> int:
    return int.from_bytes(token, "big") if isinstance(token, bytes) else -1


def _utf16(token: Any) -> str:
    return token.decode("utf-16-be", "replace") if isinstance(token, bytes) else ""
