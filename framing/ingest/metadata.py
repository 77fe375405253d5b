"""Article metadata made safe: one line, limited length, ISO dates, http(s) links only; and
the :class:`~framing.models.Article` built from text, notes and metadata.

Examples
--------
>>> iso_date("1 May 2024")
('2024-05-01', '')
"""

from __future__ import annotations

import datetime as dt
import re

from framing.ingest.clean import clean_text, guess_title
from framing.ingest.names import outlet_from_name
from framing.models import Article

__all__ = [
    "TITLE_FROM_FIRST_LINE",
    "TITLE_FROM_FIRST_WORDS",
    "TITLE_WORDS",
    "derive_title",
    "finish_article",
    "iso_date",
    "one_line",
    "safe_url",
]

#: Words a title made from the start of the text keeps (then "…").
TITLE_WORDS = 10
#: The notes an article gets when its title was made from its text.
TITLE_FROM_FIRST_LINE = "Title derived from the first line (no title was given)"
TITLE_FROM_FIRST_WORDS = "Title derived from the first words (no title was given)"


def iso_date(value: str) -> tuple[str, str]:
    """(ISO date, note) from a date string; ("", note) when it cannot be read."""
    value = value.strip()
    if not value:
        return "", ""
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(value.replace("Z", "+00:00")).isoformat(), ""
        except ValueError:
            pass
    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date().isoformat(), ""
        except ValueError:
            continue
    return "", f"Could not read the date {value[:40]!r}"


def derive_title(text: str) -> tuple[str, str, str]:
    """A title for a text that came without one: ``(title, text, note)``.

    When the first line reads like a headline (:func:`framing.ingest.clean.guess_title`: 1–20
    words, no final full stop, comma, colon or "…") and more text follows it, that line is
    the title and is taken out of the text, so it is not read twice. Otherwise the title is
    the first :data:`TITLE_WORDS` words of the first line with "…" (the whole line, without
    a final full stop, when it is that short) and the text is left as it is.

    Parameters
    ----------
    text : str
        Cleaned article text (:func:`framing.ingest.clean.clean_text`), not empty.

    Returns
    -------
    title : str
        The derived title.
    text : str
        The text, without the headline line when that became the title.
    note : str
        :data:`TITLE_FROM_FIRST_LINE` or :data:`TITLE_FROM_FIRST_WORDS`.

    Examples
    --------
    >>> derive_title("Talks Go On\\n\\nThe minister said the talks would continue.")[:2]
    ('Talks Go On', 'The minister said the talks would continue.')
    >>> derive_title("The minister said on Monday that the talks would continue next week.")[0]
    'The minister said on Monday that the talks would continue…'
    >>> derive_title("Officials met in Geneva.")[0]
    'Officials met in Geneva'
    """
    text = text.strip()
    first, _, rest = text.partition("\n")
    headline = guess_title(first)
    if headline and re.search(r"[^\W_]", rest):
        return headline, rest.lstrip(), TITLE_FROM_FIRST_LINE
    words = first.lstrip("#").split()
    if len(words) > TITLE_WORDS:
        title = " ".join(words[:TITLE_WORDS]).rstrip(" ,;:.-–—") + "…"
    else:
        title = " ".join(words).rstrip(" .")
    return title, text, TITLE_FROM_FIRST_WORDS


_LIMITS = {"outlet": 80, "title": 300, "story": 200}


def one_line(value: str, *, field: str, notes: list[str]) -> str:
    """A cleaned single-line metadata value, shortened (with a note) past its limit."""
    text = " ".join(clean_text(value)[0].split()) if value else ""
    limit = _LIMITS[field]
    if len(text) > limit:
        notes.append(f"Shortened the {field} to {limit} characters")
        text = text[: limit - 1].rstrip() + "…"
    return text


def safe_url(value: str, notes: list[str]) -> str:
    """Keep http(s) links only: a ``javascript:`` or ``data:`` link must never become a link."""
    url = "".join(value.split())
    if not url:
        return ""
    if re.match(r"(?i)https?://[^\s]{1,2000}\Z", url):
        return url
    notes.append(f"Ignored the link {url[:40]!r}: only http and https links are kept")
    return ""


def finish_article(
    text: str,
    notes: list[str],
    *,
    name: str,
    source: str,
    outlet: str,
    title: str,
    url: str,
    published: str,
    story: str,
) -> Article:
    """Build the Article: metadata cleaned, limited and checked; notes collected."""
    published, date_note = iso_date(published)
    if date_note:
        notes.append(date_note)
    outlet = one_line(outlet, field="outlet", notes=notes)
    if not outlet:
        outlet = outlet_from_name(name)
    return Article(
        outlet=outlet,
        title=one_line(title, field="title", notes=notes) or guess_title(text),
        text=text,
        url=safe_url(url, notes),
        published=published,
        story=one_line(story, field="story", notes=notes),
        source=source,
        notes=tuple(notes),
    )
