"""The upload path: files -> framing.ingest -> the workspace store, one message per problem.

:func:`ingest_uploads` has no Streamlit calls, so tests can drive it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from framing.models import ReadError
from framing.store import Store

__all__ = ["UPLOAD_TYPES", "UploadOutcome", "ingest_links", "ingest_uploads", "parse_links"]

# extensions the uploader offers (framing.ingest decides what it can really read)
UPLOAD_TYPES = ["txt", "md", "html", "htm", "pdf", "docx", "csv", "xlsx", "jsonl"]


@dataclass
class UploadOutcome:
    """What happened to one batch of uploads."""

    story: str
    read: int = 0  # articles read from the files
    added: int = 0  # of which new to the story
    files_ok: list[str] = field(default_factory=list)
    links_ok: list[str] = field(default_factory=list)  # links fetched and read
    errors: list[str] = field(default_factory=list)  # one message per unreadable file
    warnings: list[str] = field(default_factory=list)  # problems in files that did load

    def merge(self, other: UploadOutcome) -> None:
        """Add another batch's outcome (same story) to this one."""
        self.read += other.read
        self.added += other.added
        self.files_ok += other.files_ok
        self.links_ok += other.links_ok
        self.errors += other.errors
        self.warnings += other.warnings

    @property
    def duplicates(self) -> int:
        """Articles that were already in the story."""
        return self.read - self.added

    def summary(self) -> str:
        """One line for the reporter."""
        files, links = len(self.files_ok), len(self.links_ok)
        parts = [f"{files} file{'s' * (files != 1)}"] * bool(files or not links)
        parts += [f"{links} link{'s' * (links != 1)}"] * bool(links)
        text = f"Added {self.added} article{'s' * (self.added != 1)} from {' and '.join(parts)} to “{self.story}”."
        if self.duplicates:
            text += f" {self.duplicates} already in the story (skipped)."
        return text


def ingest_uploads(
    store: Store,
    story: str,
    files: Sequence[tuple[str, bytes]],
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> UploadOutcome:
    """Read each ``(name, data)`` file and add its articles to ``story``.

    A file that cannot be read gives one error naming it; the others still load. Problems in
    a file that did give articles (skipped bundle rows) are warnings.
    ``progress(i, n, name)`` is called before each file.
    """
    from framing.ingest import load_articles

    outcome = UploadOutcome(story=story)
    articles = []
    for i, (name, data) in enumerate(files):
        if progress is not None:
            progress(i, len(files), name)
        try:
            got, errors = load_articles([(name, data)], story=story)
        except ReadError as err:
            got, errors = [], [err]
        except Exception as exc:  # a reader bug must not lose the other files
            got, errors = [], [ReadError(name, f"could not be read ({type(exc).__name__}: {exc})")]
        if got:
            outcome.files_ok.append(name)
            outcome.warnings.extend(str(e) for e in errors)  # e.g. skipped bundle rows
            articles.extend(got)
        else:
            outcome.errors.extend(str(e) for e in errors)
            if not errors:
                outcome.errors.append(f"{name}: no article text found")
    return _save(store, outcome, articles, progress, len(files))


def _save(
    store: Store,
    outcome: UploadOutcome,
    articles: list,
    progress: Callable[[int, int, str], None] | None,
    total: int,
) -> UploadOutcome:
    """Add what was read to the story in one transaction; the last progress call."""
    if progress is not None:
        progress(total, total, "")
    outcome.read = len(articles)
    if articles:
        outcome.added = store.add_articles(outcome.story, articles)
    return outcome


def parse_links(text: str) -> list[str]:
    """The links in a pasted block: one per line (or separated by spaces), repeats dropped.

    >>> parse_links("https://a.example/1\n\n https://a.example/1 http://b.example/x")
    ['https://a.example/1', 'http://b.example/x']
    """
    return list(dict.fromkeys(part for part in text.split() if part))


def ingest_links(
    store: Store,
    story: str,
    links: Sequence[str],
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> UploadOutcome:
    """Fetch each link (:mod:`framing.fetch`: public addresses only, size and time limits)
    and add its article to ``story``; a link that fails gives one error naming it."""
    from framing.fetch import is_url, load_links

    outcome = UploadOutcome(story=story)
    articles = []
    for i, link in enumerate(links):
        if progress is not None:
            progress(i, len(links), link)
        if not is_url(link):
            outcome.errors.append(f"{link}: not a web link (it should start with https://)")
            continue
        got, errors = load_links([link], story=story)
        outcome.errors.extend(str(e) for e in errors)
        if got:
            outcome.links_ok.append(link)
            articles.extend(got)
    return _save(store, outcome, articles, progress, len(links))
