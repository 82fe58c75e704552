"""Loading stage, images: a house style's logo is a PNG or JPEG image by its bytes, not only its name.

Every writer embeds the logo (WeasyPrint in the PDF, python-docx in the Word file, the web page
as a data: URI); a file that is not what its name says (an SVG saved as logo.png) made each fail
in its own words, naming no file. Checked when the style is loaded, the problem names the
style's `logo.file`.
"""

from __future__ import annotations

from pathlib import Path

MAX_PIXELS = 4_000_000  # 2,000 pixels square: far more than a logo 40 mm wide needs, read whole in a moment
_KINDS = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
}
_OTHERS = {
    b"GIF8": "a GIF image",
    b"RIFF": "a WebP image (or another RIFF file)",
    b"BM": "a BMP image",
    b"%PDF": "a PDF file",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
}


def image_problem(file: Path) -> str | None:
    """What keeps `file` from being printed as a logo, or None."""
    try:
        with file.open("rb") as opened:
            head = opened.read(512)
    except OSError as exc:
        return f"cannot read '{file.name}': {exc.strerror or exc}"
    kind = next((name for magic, name in _KINDS.items() if head.startswith(magic)), None)
    if kind is None:
        return f"'{file.name}' is {_what(head)}, not a PNG or JPEG image whatever its name says: save it as PNG"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(file) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return (
                    f"'{file.name}' is {width:,} × {height:,} pixels: a logo holds at most {MAX_PIXELS:,} "
                    "pixels; save it smaller"
                )
            image.load()  # every pixel, as the writers will read it: a cut-off or damaged file fails here
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        why = str(exc).replace(str(file), file.name)
        return f"'{file.name}' begins as a {kind} image but cannot be read as one ({why}): save it again as {kind}"
    return None


def _what(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml")) or b"<svg" in text:
        return "an SVG drawing"
    found = next((name for magic, name in _OTHERS.items() if head.startswith(magic)), None)
    return found or ("empty" if not head else "not an image")
