"""Text normalisation and repair: line endings, control characters, mojibake, the β rule,
page furniture, and the headline-like first line.

Examples
--------
>>> clean_text("A  line\\r\\nB")
('A line\\nB', [])
"""

from __future__ import annotations

import logging
import re
import unicodedata

__all__ = [
    "NEWLINES",
    "REPAIR_NOTE_PREFIX",
    "clean_text",
    "guess_title",
    "repair_beta",
    "strip_furniture",
]

log = logging.getLogger(__name__)

REPAIR_NOTE_PREFIX = "Repaired"
"""Every note that reports a change to the characters of the text starts with this word."""


NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_C0_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_C1_CONTROL = re.compile(r"[\x80-\x9f]")
_TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-9;?]{0,32}[A-Za-z]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\ufeff]")
_SPACES = re.compile(r"[ \t]+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_LEADING_SPACE = re.compile(r"\n[ \t]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_GREEK_NOT_BETA = re.compile(r"[\u0370-\u03b1\u03b3-\u03ff\u1f00-\u1fff]")
_BETA_IN_WORD = re.compile(r"(?<=[^\W\d_])β(?=[^\W\d_])")
_BETA_SPACED = re.compile(r"(?<= )β(?= )")
# UTF-8 read as cp1252/latin-1 leaves a lead byte (Â…ô) before a continuation byte (U+0080–
# U+00BF or a cp1252 special): only then is the (slower) full ftfy run needed.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)
_FTFY_STEPS = {"encode", "decode", "transcode"}


def repair_beta(text: str) -> tuple[str, int, int]:
    """Undo the damage where an em dash and a curly apostrophe both became ``β``.

    Applied only when the text has no other Greek letter: ``β`` between letters becomes
    ``’`` (``nationβs`` → ``nation’s``), ``β`` between spaces becomes an em dash.

    Returns
    -------
    text : str
        The repaired text.
    repaired : int
        Characters replaced.
    left : int
        ``β`` characters left as they were (other Greek present, or no rule applied).

    Examples
    --------
    >>> repair_beta("a nationβs war β and peace")
    ('a nation’s war — and peace', 2, 0)
    >>> repair_beta("α and β")[1]
    0
    """
    if "β" not in text:
        return text, 0, 0
    if _GREEK_NOT_BETA.search(text):
        return text, 0, text.count("β")
    text, n_apostrophe = _BETA_IN_WORD.subn("’", text)
    text, n_dash = _BETA_SPACED.subn("—", text)
    return text, n_apostrophe + n_dash, text.count("β")


def _ftfy(text: str) -> tuple[str, list[str]]:
    """Run ftfy (quotes kept curly, HTML entities kept literal); note real repairs only."""
    if text.isascii():
        return text, []
    import ftfy
    from ftfy import fixes

    if not _MOJIBAKE_HINT.search(text) and not _C1_CONTROL.search(text):  # fast path
        text = fixes.fix_character_width(fixes.fix_latin_ligatures(text))
        return unicodedata.normalize("NFC", text), []

    config = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False, explain=True)
    try:
        fixed = ftfy.fix_and_explain(text, config)
    except Exception:  # pragma: no cover - ftfy is robust; never let it stop a read
        log.debug("ftfy failed", exc_info=True)
        return text, ["Could not check the text for damaged characters"]
    steps = fixed.explanation or []
    if any(step[0] in _FTFY_STEPS for step in steps):
        return fixed.text, [
            f"{REPAIR_NOTE_PREFIX} garbled characters (mojibake from a wrong encoding)"
        ]
    return fixed.text, []


def clean_text(text: str) -> tuple[str, list[str]]:
    """Normalise text and repair damage; return the text and notes on what changed.

    Line endings become ``\\n``; NULs and control characters are removed; mojibake is repaired
    with ftfy (curly quotes kept) and the ``β`` rule (:func:`repair_beta`); spaces are collapsed,
    trailing spaces dropped, runs of blank lines reduced to one (paragraph breaks are kept).

    Examples
    --------
    >>> clean_text("Line one\\r\\n\\r\\n\\r\\nLine\\x00 two  ")
    ('Line one\\n\\nLine two', ['Removed 1 control character(s)'])
    """
    notes: list[str] = []
    text = NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text, n_escape = _TERMINAL_ESCAPE.subn("", text)
    text, n_control = _C0_CONTROL.subn("", text)
    text, n_bidi = _BIDI.subn("", text)
    text, ftfy_notes = _ftfy(text)  # before removing C1 controls: they can be part of mojibake
    text, n_c1 = _C1_CONTROL.subn("", text)
    n_control += n_escape + n_c1
    notes += ftfy_notes
    text, repaired, left = repair_beta(text)
    if repaired:
        notes.append(f"{REPAIR_NOTE_PREFIX} {repaired} characters of damaged encoding (β → — or ’)")
    if left:
        notes.append(f"Left {left} 'β' unchanged (could be a damaged dash or apostrophe)")
    if n_control:
        notes.insert(0, f"Removed {n_control} control character(s)")
    if n_bidi:
        notes.append(f"Removed {n_bidi} invisible text-direction control(s)")
    text = _SPACES.sub(" ", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _LEADING_SPACE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip(), notes


_FURNITURE = {
    "leave a reply",
    "leave a comment",
    "share this",
    "share this:",
    "share this article",
    "related posts",
    "related articles",
    "advertisement",
    "read more",
    "comments",
}


#: Lines that are page furniture wherever they stand (ad slots, promos between paragraphs).
_FURNITURE_ANYWHERE = {"advertisement", "read more", "share this article"}
#: A last line starting with one of these is a newsroom call-out, not the article.
_FURNITURE_TAIL = ("got a story", "get in touch", "sign up for our", "follow us on")


def _is_tail_furniture(line: str) -> bool:
    key = line.strip().lower().rstrip(" .")
    return key in _FURNITURE or key == "" or key.startswith(_FURNITURE_TAIL)


def strip_furniture(text: str) -> tuple[str, list[str]]:
    r"""Drop page furniture: trailing lines such as "Leave a Reply" or "Got a story? …", and
    lines that are only "Advertisement" anywhere (note each one).

    Examples
    --------
    >>> strip_furniture("First.\nAdvertisement\nSecond.\nLeave a Reply")[0]
    'First.\nSecond.'
    """
    lines = text.split("\n")
    dropped: list[str] = []
    while len(lines) > 1 and _is_tail_furniture(lines[-1]):
        line = lines.pop().strip()
        if line:
            dropped.append(line)
    notes = []
    if dropped:
        quoted = ", ".join(f"'{d}'" for d in reversed(dropped))
        notes.append(f"Removed page furniture at the end: {quoted}")
    kept = [ln for ln in lines if ln.strip().lower().rstrip(" .") not in _FURNITURE_ANYWHERE]
    if len(kept) < len(lines) and kept:
        notes.append(f"Removed {len(lines) - len(kept)} line(s) of page furniture inside the text")
        lines = kept
    if not notes:
        return text, []
    return "\n".join(lines).rstrip(), notes


def guess_title(text: str) -> str:
    """The first non-empty line when it looks like a headline, else ``""``.

    A headline has 1–20 words, at most 200 characters, at least one letter, and does not end
    in ``. , ; :`` or ``…`` (a question mark is allowed).

    Examples
    --------
    >>> guess_title("\\n  Russia Keeps Its Distance\\nText.")
    'Russia Keeps Its Distance'
    >>> guess_title("Putin said on Monday that talks would go on.")
    ''
    """
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        words = line.split()
        if (
            len(words) <= 20
            and len(line) <= 200
            and any(c.isalpha() for c in line)
            and line[-1] not in ".,;:…"
        ):
            return line
        return ""
    return ""
