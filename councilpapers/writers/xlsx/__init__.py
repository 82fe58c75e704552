"""XLSX writer: the paper's tables as an accessible workbook with live formulas and their values."""

from __future__ import annotations

import io
from datetime import date

from councilpapers.core.model import Document
from councilpapers.writers.xlsx.package import with_cached_values
from councilpapers.writers.xlsx.plan import plan
from councilpapers.writers.xlsx.sheets import build_workbook


def write_xlsx(document: Document) -> bytes:
    layout = plan(document)
    buffer = io.BytesIO()
    workbook, cached = build_workbook(document, layout)
    workbook.save(buffer)
    stamp = date.fromisoformat(document.date).timetuple()[:6]
    return with_cached_values(buffer.getvalue(), cached, stamp)
