"""A Document's outline: what a reviewer checks in a golden file, small enough to read.

The masthead, each front-sheet field (label, how it is shown, its opening words), every
section and numbered paragraph, appendix titles, each table's computed totals, and every
figure restated in prose with where it comes from."""

from __future__ import annotations

from councilpapers.core.model import Document, Figure, Paragraph, plain, walk
from councilpapers.core.numbers import table_number


def outline(document: Document) -> str:
    lines = [
        f"{document.slug}: {document.title}",
        f"  masthead: {' | '.join(document.front.masthead)}",
        f"  language {document.language}, footer {_running(document.layout.footer)}",
    ]
    for field in document.front.fields:
        lines.append(f"  front {field.key} [{field.display}] {field.label!r}: {_opening(field.blocks)}")
    for section in document.sections:
        numbers = [b.number for b in section.blocks if isinstance(b, Paragraph) and b.number]
        span = f" ({numbers[0]}–{numbers[-1]})" if numbers else ""
        lines.append(f"  section {section.number} {section.title}{span}")
    for appendix in document.appendices:
        lines.extend(_appendix(appendix, "  "))
    for table in document.tables():
        lines.append(f"  table {table.id}: {table.title or table.caption}")
        for row in table.rows:
            if row.role == "total":
                shown = [
                    table_number(c.value, col.decimals, col.percent)
                    for c, col in zip(row.cells, table.columns)
                    if c.value is not None
                ]
                lines.append(f"    total {row.id}: {', '.join(shown)}")
    lines.extend(f"  figure {source} → {text}" for source, text in _figures(document))
    return "\n".join(lines) + "\n"


def _running(running) -> str:
    return " / ".join(
        "".join(v if k == "text" else "{" + v + "}" for k, v in slot)
        for slot in (running.left, running.center, running.right)
        if slot
    )


def _opening(blocks) -> str:
    first = next((b for b in blocks if getattr(b, "inlines", None)), None)
    text = plain(first.inlines) if first else type(blocks[0]).__name__
    return (text[:60] + "…") if len(text) > 60 else text


def _appendix(appendix, indent: str) -> list[str]:
    lines = [
        f"{indent}appendix {appendix.title}"
        + ("" if appendix.new_page else " (same page)")
        + (" landscape" if appendix.landscape else "")
    ]
    for part in appendix.parts:
        lines.extend(_appendix(part, indent + "  "))
    return lines


def _figures(document: Document) -> list[tuple[str, str]]:
    """Every figure restated in the paper, in reading order: its source and its wording."""
    return [(node.source, node.text) for node in walk(document) if isinstance(node, Figure)]
