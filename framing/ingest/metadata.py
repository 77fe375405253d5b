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

__all__ = ["finish_article", "iso_date", "one_line", "safe_url"]


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
