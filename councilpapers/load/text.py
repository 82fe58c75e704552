"""Loading stage, text: what an author's words may hold for every format to print them.

Checked as each value is read (yamlsource.py), so every problem is located in its file:

- no control character (C0 but tab, line feed and carriage return; DELETE; C1), lone surrogate
  or non-character: no document format can hold them;
- no word longer than MAX_WORD characters: a line breaks inside a word too long for it, and
  the PDF's layout (WeasyPrint) does that by laying out the rest of the word again for every
  line, so the time grows with the square of the word's length (a word of 20,000 characters
  took 5 s, 40,000 took 25 s, 100,000 took 235 s).

The characters the house font has are checked once the paper's style is known (fonts.py).
"""

from __future__ import annotations

import re
import unicodedata

MAX_WORD = 500  # characters between two places a line may break: a long web address is about 200

# What no format can hold: C0 controls but tab, line feed and carriage return; DELETE and the C1
# controls; lone surrogates; the non-characters U+FFFE and U+FFFF.
REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The spaces a line may break at: space, tab, line breaks, the typographic spaces but the figure
# space (U+2007), the zero-width space, the ideographic space (no-break spaces join words).
_BREAKS = " \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200b\u2028\u2029\u205f\u3000"
_LONG_WORD = re.compile(f"(?<![^{_BREAKS}])[^{_BREAKS}]{{{MAX_WORD + 1}}}")  # a word's start only: linear
_WORD = re.compile(f"[^{_BREAKS}]+")

# Unicode's names for the control characters (NameAliases.txt), which unicodedata does not know.
_CONTROLS = (
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "ALERT",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
_C1 = (
    "PADDING CHARACTER",
    "HIGH OCTET PRESET",
    "BREAK PERMITTED HERE",
    "NO BREAK HERE",
    "INDEX",
    "NEXT LINE",
    "START OF SELECTED AREA",
    "END OF SELECTED AREA",
    "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET",
    "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED",
    "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING",
    "PRIVATE USE ONE",
    "PRIVATE USE TWO",
    "SET TRANSMIT STATE",
    "CANCEL CHARACTER",
    "MESSAGE WAITING",
    "START OF GUARDED AREA",
    "END OF GUARDED AREA",
    "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER",
    "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR",
    "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
)


def character_name(character: str) -> str:
    """U+1F600 GRINNING FACE, U+007F DELETE, U+E000 (a private-use character)."""
    code = ord(character)
    name = (
        _CONTROLS[code]
        if code < 0x20
        else "DELETE"
        if code == 0x7F
        else _C1[code - 0x80]
        if 0x80 <= code < 0xA0
        else unicodedata.name(character, "")
    )
    if not name:
        kinds = {"Co": "a private-use character", "Cs": "a lone surrogate", "Cn": "not a character Unicode assigns"}
        name = f"({kinds.get(unicodedata.category(character), 'a character without a name')})"
    return f"U+{code:04X} {name}"


def refused_character(text: str) -> str | None:
    """The first character of `text` that no document can hold, or None."""
    found = REFUSED.search(text)
    return found.group(0) if found else None


def refused_message(character: str) -> str:
    """Why a character is refused, and what to do: a C1 control is most often a Windows-1252
    quotation mark or dash read as Latin-1, so say which character it stood for."""
    what = f"the text holds the character U+{ord(character):04X}, which documents cannot hold: delete it"
    meant = _windows_1252(character)
    hint = f"; it is most often {meant} pasted from a Windows-1252 file: type it again" if meant else ""
    return f"{what} ({character_name(character)}{hint})"


def _windows_1252(character: str) -> str | None:
    if not 0x80 <= ord(character) < 0xA0:
        return None
    try:
        meant = bytes([ord(character)]).decode("cp1252")
    except UnicodeDecodeError:
        return None
    return f"'{meant}' ({unicodedata.name(meant)})"


def long_word(text: str) -> str | None:
    """The first word of `text` longer than MAX_WORD characters (a line can break nowhere inside
    it), whole, or None."""
    found = _LONG_WORD.search(text)
    if found is None:
        return None
    whole = _WORD.match(text, found.start())
    return whole.group(0) if whole else found.group(0)


def long_word_message(word: str) -> str:
    return (
        f"a word of {len(word):,} characters ('{word[:20]}…'): break it or shorten it "
        f"(a word holds at most {MAX_WORD:,} characters, so that a line can break)"
    )
