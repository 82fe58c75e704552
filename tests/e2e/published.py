"""What a clerk looks at in a build's output, shared by the pack and publication tests: the
text of a PDF's pages, the files a folder holds, where an agenda page's links lead."""

from __future__ import annotations

import functools
import re
import subprocess
import zipfile
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PdfReader


def pdf_pages(path: Path) -> list[str]:
    """Each page's text as pypdf reads it (read once while the file is unchanged: several tests
    read the same pack)."""
    stat = path.stat()
    return list(_pages(path, stat.st_size, stat.st_mtime_ns))


@functools.lru_cache(maxsize=64)
def _pages(path: Path, size: int, mtime: int) -> tuple[str, ...]:
    return tuple(page.extract_text() for page in PdfReader(path).pages)


def pdf_text(path: Path) -> str:
    """A PDF's text, every page, as pdftotext reads it: quick enough to search every file of
    a build for a sentence."""
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return squashed(result.stdout)


def squashed(text: str) -> str:
    """The text with every run of white space one space, as a reader takes it in."""
    return " ".join(text.split())


def files_in(folder: Path) -> set[str]:
    """Every file under a folder, by its path there ("meetings/cabinet/index.html")."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def text_of(path: Path) -> str:
    """What a reader (or a search engine) finds in a file of the build: a PDF's text, the text
    of every XML part of a Word file or workbook, a web page's text; white space squashed and
    typographic apostrophes made plain, so that a sentence is found however it is written."""
    if path.suffix == ".pdf":
        text = pdf_text(path)
    elif path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as package:
            text = " ".join(package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml"))
        text = re.sub(r"<[^>]+>", "", text)
    else:
        text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return squashed(unescape(text)).replace("\u2019", "'")


class Addresses(HTMLParser):
    """Every href and src of a page, and the ids its fragments may name."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.addresses: list[str] = []
        self.ids: set[str] = set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.addresses.append(value)
            elif name == "id" and value:
                self.ids.add(value)


def broken_links(page: Path) -> list[str]:
    """The addresses of an agenda page that do not open a file inside its own folder (or, for
    "#…", an element of the page): the folder is uploaded as it is, so nothing may point out
    of it. mailto: links (the clerk's address) open no file and are left alone."""
    seen = Addresses(page.read_text(encoding="utf-8"))
    folder = page.parent.resolve()
    broken = []
    for address in seen.addresses:
        if address.startswith("#"):
            if address[1:] not in seen.ids:
                broken.append(address)
        elif address.startswith("mailto:"):
            continue
        elif re.match(r"^[a-z][a-z0-9+.-]*:", address, re.IGNORECASE) or address.startswith("/"):
            broken.append(address)  # another site, or an absolute path: not inside the folder
        else:
            target = (folder / address.split("#")[0]).resolve()
            if not (target.is_file() and target.is_relative_to(folder)):
                broken.append(address)
    return broken


def linked_files(page: Path) -> set[str]:
    """The files of its folder an agenda page links to."""
    seen = Addresses(page.read_text(encoding="utf-8"))
    return {a.split("#")[0] for a in seen.addresses if not a.startswith(("#", "mailto:"))}
