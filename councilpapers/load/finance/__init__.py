"""Loading stage, figures from finance: read from CSV files and workbooks.

A table's rows (`rows_from:` among its rows), a named figure (`value_from:`) or any typed figure
(`figures_from:`, by the workbook's defined names `table.row.column` and `figure.<name>`, the
names the exported workbook gives its input cells) may be read from a `.csv` or `.xlsx` file in
the paper's folder. Values are checked as typed ones are (a number in a number column, exact
decimals, no floats), and every problem names the file, the sheet and the cell, on the line of
the YAML that asked for it. The writers never know: they receive the same Document either way.

Workbooks are opened with openpyxl read-only, cached values only (`data_only`), external links
left unread; nothing in a file is run. Files must lie inside the paper's folder and are
size-limited like YAML files; what a file may make the reader do (its parts unzipped, its cells,
columns, rows and shared strings) is bounded too (limits.py, archive.py: a workbook's zip checked
before openpyxl reads it), and a sheet is kept as the cells that hold a value (sheet.py).
"""
