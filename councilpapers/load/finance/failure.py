"""Loading stage, figures from finance: a problem with an imported file, in an author's words."""

from __future__ import annotations


class ImportFailure(Exception):
    """A problem with an imported file, in an author's words (located by the caller)."""


class Repeated(ImportFailure):
    """A problem many defined names share (a sorted row, a deleted row): reported once."""

    def __init__(self, message: str, key: object):
        super().__init__(message)
        self.key = key
