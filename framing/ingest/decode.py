"""Bytes to text: byte-order marks, UTF-8, declared charsets, UTF-16 without BOM, guesses.

Examples
--------
>>> decode_bytes("naïve".encode("utf-8"))
('naïve', [])
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

from framing.ingest.names import MB
from framing.models import ReadError

__all__ = ["check_texty", "decode_bytes"]

log = logging.getLogger(__name__)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", ""),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when NUL bytes sit at every other position, else None."""
    head = data[:4096]
    half = len(head) // 2
    if half < 2:
        return None
    even = head[0::2].count(0) / half
    odd = head[1::2].count(0) / half
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _mostly_non_latin(text: str) -> bool:
    letters = [c for c in text[:200_000] if c.isalpha() and ord(c) > 127]
    if not letters:
        return False
    return sum(ord(c) >= 0x370 for c in letters) > 0.6 * len(letters)


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode bytes in any common encoding; say in notes what was guessed.

    Order: byte-order mark (UTF-8/16/32), strict UTF-8, a declared encoding (HTML ``<meta
    charset>``), UTF-16 without BOM (NULs at every other byte), then charset-normalizer. A guess
    that reads as Latin script is decoded as cp1252 (latin-1 when a byte is undefined in cp1252):
    charset-normalizer often names a neighbour (cp1250, cp850) for Western European text.

    Parameters
    ----------
    data : bytes
        Raw file content.
    declared : str, optional
        An encoding the file declares about itself, tried after UTF-8.

    Returns
    -------
    text : str
        The decoded text (undecodable bytes become U+FFFD).
    notes : list of str
        Human-readable notes on the encoding, empty for plain UTF-8.

    Examples
    --------
    >>> decode_bytes("café".encode("cp1252"))
    ('café', ['Encoding detected as latin-1 (no UTF-8); check accented letters'])
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            notes = [f"Encoding detected as {label} (with byte-order mark)"] if label else []
            return text, notes + _replacement_note(text)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            codec = codecs.lookup(declared).name
            if codec not in {"utf-8", "utf-16", "utf-32"}:
                return data.decode(codec), [f"Encoding {codec} (as the page declares)"]
        except (LookupError, UnicodeDecodeError):
            pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = data[: len(data) // 2 * 2].decode(utf16, errors="replace")
        return text, ["Encoding detected as UTF-16 (no byte-order mark)", *_replacement_note(text)]
    guess = _charset_guess(data) if len(data) >= 64 else None  # short input: guesses are noise
    if guess and not guess.startswith(("utf_16", "utf_32")):
        try:
            text = data.decode(guess)
        except (LookupError, UnicodeDecodeError):
            text = ""
        if text and _mostly_non_latin(text):
            return text, [f"Encoding detected as {guess}; check the text reads correctly"]
    try:
        text = data.decode("cp1252")
        label = "cp1252" if re.search(rb"[\x80-\x9f]", data) else "latin-1"
    except UnicodeDecodeError:
        text, label = data.decode("latin-1"), "latin-1"
    return text, [f"Encoding detected as {label} (no UTF-8); check accented letters"]


def _charset_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[: 2 * MB]).best()
    except Exception:  # the detector must never stop a read
        log.debug("charset detection failed", exc_info=True)
        return None
    return best.encoding if best is not None else None


def _replacement_note(text: str) -> list[str]:
    n = text.count("\ufffd")
    return [f"{n} undecodable byte(s) shown as �"] if n else []


def check_texty(text: str, name: str) -> None:
    """Refuse decoded text that is really binary data."""
    head = text[:100_000]
    if not head:
        return
    bad = sum(
        1
        for c in head
        if c == "\ufffd" or (unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    )
    if bad > 0.05 * len(head):
        raise ReadError(name, "this looks like binary data, not text")
