"""Text normalisation: Unicode NFC and whitespace, so equal text compares and hashes equal."""

from __future__ import annotations

import html
import re
import unicodedata

_SPACES = re.compile(r"[^\S\n]+")  # any whitespace except newline (incl. NBSP, thin spaces)
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphen, zero-width


def nfc(value: str) -> str:
    """NFC-normalise; the quick check makes already-composed text (the usual case) cheap."""
    if unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def clean_inline(value: str | None) -> str | None:
    """One-line metadata value (title, author...): NFC, single spaces, None if empty."""
    if not value:
        return None
    if "&" in value and ";" in value:  # JSON-LD strings are often HTML-escaped twice
        value = html.unescape(value)
    value = _INVISIBLE.sub("", nfc(value))
    value = " ".join(value.split())
    return value or None


def clean_paragraphs(lines: list[str]) -> str:
    """Join paragraphs with a blank line, each collapsed to single spaces, in NFC."""
    out: list[str] = []
    for line in lines:
        line = _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()
        if line:
            out.append(line)
    return nfc("\n\n".join(out))


def split_paragraphs(text: str) -> list[str]:
    """Split extractor output (one paragraph per line) into non-empty stripped lines."""
    return [stripped for line in text.splitlines() if (stripped := line.strip())]


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(value: str) -> str:
    """Text every archive accepts: no NUL (PostgreSQL refuses it), no lone surrogate.

    A JSON-LD "\\ud800" decodes to a lone surrogate, which is not UTF-8 and made
    the whole article fail to store; U+FFFD marks where it was.
    """
    return _UNSTORABLE.sub("\ufffd", value) if _UNSTORABLE.search(value) else value
