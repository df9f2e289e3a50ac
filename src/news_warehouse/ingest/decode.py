"""Bytes to text, refusing what is not text rather than guessing wrong.

Order of trust: a byte-order mark, then strict UTF-8, then a single-byte Western encoding.
charset-normalizer is only asked to choose among Western encodings: measured on short French
articles, its unrestricted best guess is often wrong (mac_latin2 or cp1250 for cp1252 text,
cp932 for UTF-8 cut mid-character), and with `cp_isolation` it sometimes returns nothing.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from news_warehouse.ingest.article import Quarantine

# Longest BOM first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WESTERN_ENCODINGS = ["cp1252", "latin_1", "iso8859_15"]
# A well-formed UTF-8 multi-byte character: evidence that a file was meant to be UTF-8.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# Above this share of control characters a "text" is really binary data.
MAX_CONTROL_SHARE = 0.05
# Control characters (category Cc) except tab, line feed, vertical tab, form feed, carriage return.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class DecodedText:
    """Text and the name of the encoding it was read with."""

    text: str
    encoding: str


def decode_bytes(raw: bytes) -> DecodedText | Quarantine:
    """Decode a landed file, or say why it is not readable text."""
    if not raw:
        return Quarantine("empty file (0 bytes)")
    decoded = _decode_with_bom(raw)
    if decoded is None:
        if b"\x00" in raw:
            return Quarantine("binary file: contains NUL bytes and no UTF-16/32 byte-order mark")
        decoded = _decode_utf8(raw)
    if decoded is None:
        decoded = _decode_western(raw)
    if isinstance(decoded, DecodedText) and _control_share(decoded.text) > MAX_CONTROL_SHARE:
        return Quarantine(f"binary file: mostly control characters once decoded as {decoded.encoding}")
    return decoded


def _decode_with_bom(raw: bytes) -> DecodedText | Quarantine | None:
    """Decode by byte-order mark; None when there is none."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return DecodedText(raw[len(bom) :].decode(encoding), encoding)
            except UnicodeDecodeError as error:
                return Quarantine(f"undecodable: starts with a {encoding} byte-order mark but {error.reason}")
    return None


def _decode_utf8(raw: bytes) -> DecodedText | Quarantine | None:
    """Strict UTF-8; a Quarantine when the file is UTF-8 but damaged; None when it is not UTF-8.

    A UTF-8 file cut inside a character fails only at its very end, with an incomplete sequence.
    A cp1252 file ending in "é" fails the same way, so the cut is only believed when the rest of
    the file holds well-formed multi-byte characters (pure ASCII before the end stays ambiguous
    and is read as cp1252). Errors elsewhere in a file that is otherwise UTF-8 mean corruption.
    """
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        looks_utf8 = _UTF8_MULTIBYTE.search(raw) is not None
        if not looks_utf8:
            return None
        if error.reason == "unexpected end of data":
            return Quarantine(
                f"truncated: UTF-8 text cut in the middle of a character at byte {error.start} of {len(raw)}"
            )
        if _mostly_utf8(raw):
            return Quarantine(f"undecodable: UTF-8 text with an invalid byte at offset {error.start} ({error.reason})")
        return None


def _mostly_utf8(raw: bytes) -> bool:
    """True when well-formed multi-byte UTF-8 characters outnumber the bytes that break UTF-8."""
    valid = len(_UTF8_MULTIBYTE.findall(raw))
    invalid = raw.decode("utf-8", errors="replace").count("\ufffd")
    return valid > invalid


def _decode_western(raw: bytes) -> DecodedText:
    """Single-byte Western European decoding (cp1252 first: it has "€", "’", "œ" where latin-1 has controls)."""
    matches = from_bytes(raw, cp_isolation=_WESTERN_ENCODINGS)
    best = matches.best()
    encoding = best.encoding if best is not None else _first_strict(raw)
    return DecodedText(raw.decode(encoding), encoding)


def _first_strict(raw: bytes) -> str:
    """cp1252 when every byte is defined in it, else latin-1 (which decodes any byte)."""
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return "latin_1"
    return "cp1252"


def _control_share(text: str) -> float:
    """Share of characters that are control codes other than line and tab controls."""
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)
