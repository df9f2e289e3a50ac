"""Bytes to text: every supported encoding reads back the same French, damage is quarantined."""

from __future__ import annotations

import codecs

import pytest

from news_warehouse.ingest.article import Quarantine
from news_warehouse.ingest.decode import DecodedText, decode_bytes

TEXT = "L’Arcom a mis en demeure la chaîne « C8 » ; coût : 3,5 millions €, œuvre à suivre."


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_supported_encodings_read_back_the_same_text(raw: bytes, encoding: str) -> None:
    decoded = decode_bytes(raw)
    assert decoded == DecodedText(TEXT, encoding)


def test_latin1_text_without_cp1252_only_characters_reads_back() -> None:
    text = "Le régulateur a rappelé à l'ordre la société, déjà sanctionnée en été pour des manquements répétés."
    decoded = decode_bytes(text.encode("latin-1"))
    assert isinstance(decoded, DecodedText)
    assert decoded.text == text


def test_cp1252_file_ending_in_an_accent_is_not_mistaken_for_truncated_utf8() -> None:
    decoded = decode_bytes("Le réseau social a été sanctionné par le régulateur, à juste titre, dit-on, après enquête : été".encode("cp1252"))
    assert isinstance(decoded, DecodedText)
    assert decoded.text.endswith("été")


def test_utf8_cut_inside_a_character_is_quarantined_as_truncated() -> None:
    raw = "Le régulateur a sanctionné l’entreprise pour la deuxième fois cette année".encode()
    cut = raw[: raw.rindex("è".encode()) + 1]
    outcome = decode_bytes(cut)
    assert isinstance(outcome, Quarantine)
    assert outcome.reason.startswith("truncated")


def test_utf8_with_a_corrupt_byte_in_the_middle_is_quarantined() -> None:
    raw = "Déjà sanctionnée, l’entreprise a été condamnée à nouveau.".encode()
    corrupt = raw[:10] + b"\xff" + raw[10:]
    outcome = decode_bytes(corrupt)
    assert isinstance(outcome, Quarantine)
    assert outcome.reason.startswith("undecodable")


@pytest.mark.parametrize(
    ("raw", "reason_start"),
    [
        (b"", "empty file"),
        (b"GIF89a\x00\x01\x00\x00text", "binary file"),
        (bytes(range(1, 9)) * 50 + b"quelques lettres", "binary file"),
        (b"\xff\xfeA\x00B", "undecodable"),  # UTF-16 with an odd number of bytes
    ],
)
def test_non_text_is_quarantined(raw: bytes, reason_start: str) -> None:
    outcome = decode_bytes(raw)
    assert isinstance(outcome, Quarantine)
    assert outcome.reason.startswith(reason_start)
