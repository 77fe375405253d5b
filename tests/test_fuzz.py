"""Fuzzing what the module tests leave out: the whole pipeline on arbitrary unicode, damaged
real documents, rendering of real analysis output, and the linear-time rewrites of the
quotation finder (checked against the plain quadratic definitions).

Module tests already fuzz sentence splitting, the matcher, quote spans on a quote alphabet,
``spans_html`` and random bytes per name; this file does not repeat them. Every test is
derandomized with bounded examples, so CI sees the same cases each run.
"""

from __future__ import annotations

import html
import io
import itertools
import zipfile
from html.parser import HTMLParser

import pytest
from hostile import make_docx, make_pdf, make_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing import analyze
from framing import quote_marks as qm
from framing import quotes as fq
from framing.ingest import read_bytes_report
from framing.models import Article, ReadError, Settings
from framing.render import CLASSES, highlight_html, sentence_card_html
from framing.sentences import MAX_SENTENCE_CHARS, split_sentences

FUZZ = settings(derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUOTE_MARKS = list("\"'“”‘’„‚«»‹›「」")
# arbitrary unicode, but with enough words, quote marks, newlines and cue words to reach
# the interesting branches (uniform st.text() is mostly one-character noise)
PIECES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            " ", "\n", "\n\n", ". ", "? ", "! ", "…", "Mr. ", "U.S. ", "Putin ", "said ",
            "may ", "reportedly ", "brutal ", "claimed ", "according to ", "Officials ",
            "Russia ", "not ", "he said", ", ", ": ", "\u00a0", "\u2028", "\u202e", "🙂",
            "\x00", "<script>", "&amp;", *QUOTE_MARKS,
        ]
    ),
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=60).map("".join)


# ---- the whole pipeline ---------------------------------------------------------------------
@settings(FUZZ, max_examples=60)
@given(texts=st.lists(TEXTS, min_size=1, max_size=3), outlet=st.text(max_size=20))
def test_analyze_never_raises_and_offsets_hold(texts: list[str], outlet: str) -> None:
    articles = [Article(outlet or "o", f"t{i}", t) for i, t in enumerate(texts)]
    by_id = {a.id: a.text for a in articles}
    result = analyze(articles, Settings(bootstrap=5))  # auto actors on
    for name in ("sentences", "cues", "quotes"):
        for row in result.tables()[name].itertuples():
            text = by_id[row.article_id]
            assert 0 <= row.start <= row.end <= len(text)
            assert text[row.start : row.end] == row.text, name
    for row in result.sentences.itertuples():
        assert row.text == row.text.strip() and row.text
    for row in result.mentions.itertuples():
        assert by_id[row.article_id][row.start : row.end] == row.alias
        assert -1.0 <= row.tone <= 1.0
    n_sentences = result.sentences.groupby("article_id").size().to_dict()
    for row in result.quotes.itertuples():
        # sent_ids is a "; "-joined list of the article's sentence ids covering the quote
        ids = [int(i) for i in str(row.sent_ids).split("; ")]
        assert ids == sorted(set(ids)), row.sent_ids
        assert all(0 <= i < n_sentences.get(row.article_id, 1) for i in ids), row.sent_ids
    assert len(result.articles) == len(set(by_id))


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in {"div", "mark", "br", "figure", "figcaption", "blockquote", "span"}:
            self.bad.append(tag)
        for name, value in attrs:
            if name not in {"class", "title"}:
                self.bad.append(f"{tag}@{name}")
            if name == "class":
                ours = {"cue", "article", "sentence-card"} | {c for c, _, _ in CLASSES.values()}
                self.bad += [c for c in (value or "").split() if c not in ours]

    def handle_data(self, data):
        self.text.append(data)


@settings(FUZZ, max_examples=40)
@given(text=TEXTS)
def test_rendering_real_analysis_output_is_ours_and_round_trips(text: str) -> None:
    art = Article("Outlet <b>", "t", text)
    result = analyze([art], Settings(bootstrap=5))
    out = highlight_html(text, result.cues, result.quotes)
    audit = _Audit()
    audit.feed(out)
    audit.close()
    assert not audit.bad, audit.bad
    shown = "".join(audit.text)
    # <br> stands for each newline (kept too); the parser folds \r\n like a browser does
    assert shown == text.replace("\r\n", "\n").replace("\r", "\n")
    for row in result.sentences.itertuples():
        card = sentence_card_html(row.text, result.cues, offset=row.start, outlet=art.outlet)
        audit = _Audit()
        audit.feed(card)
        assert not audit.bad, audit.bad
        assert html.escape(art.outlet) in card and "<b>" not in card


# ---- damaged real documents ----------------------------------------------------------------
def _docs() -> dict[str, bytes]:
    body = ["The minister said the talks may resume.", "Critics slammed the delay."]
    return {
        "a.docx": make_docx(body, title="T"),
        "a.xlsx": make_xlsx([["outlet", "title", "text"], ["W", "T", body[0]]]),
        "a.pdf": make_pdf(body, title="T"),
        "a.csv": b"outlet,title,text\r\nW,T," + body[0].encode() + b"\r\n",
        "a.jsonl": b'{"outlet": "W", "title": "T", "text": "' + body[0].encode() + b'"}\n',
        "a.html": f"<html><body><article><p>{body[0]}</p></article></body></html>".encode(),
        "a.md": f"# T\n\n{body[0]}\n".encode(),
        "a.txt": f"T\n{body[0]}\n".encode(),
    }


DOCS = _docs()


@pytest.mark.parametrize("name", DOCS)
@settings(FUZZ, max_examples=25)
@given(data=st.data())
def test_damaged_documents_give_articles_or_one_read_error(name: str, data) -> None:
    """Truncate, splice or overwrite bytes of a VALID file of each type (random bytes
    alone rarely get past the zip or PDF header, which the module tests already fuzz)."""
    raw = bytearray(DOCS[name])
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["cut", "flip", "insert", "zero"]))
        at = data.draw(st.integers(0, max(len(raw) - 1, 0)))
        if op == "cut":
            del raw[at:]
        elif op == "flip" and raw:
            raw[at] ^= data.draw(st.integers(1, 255))
        elif op == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=64))
        elif raw:
            raw[at : at + 64] = bytes(min(64, len(raw) - at))
    try:
        articles, warnings = read_bytes_report(bytes(raw), name)
    except ReadError as err:
        assert str(err).startswith(f"{name}: ") and err.problem
        return
    assert articles and all(a.text.strip() for a in articles)
    assert all(isinstance(w, ReadError) for w in warnings)


def test_zip_members_with_hostile_paths_are_just_refused_or_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("../../evil.xml", "<x/>")
        zf.writestr("word/document.xml", "<not-word/>")
    with pytest.raises(ReadError, match=r"^evil\.docx: "):
        read_bytes_report(buffer.getvalue(), "evil.docx")


# ---- quotation finder: the fast versions equal the plain definitions ------------------------
def _covering_plain(bounds, qs, qe):
    return tuple(i for i, (s, e) in enumerate(bounds) if s < qe + 1 and e > qs - 1)


def _shares_plain(spans, quote_spans):
    out = []
    for sp in spans:
        s, e = sp.start, sp.end
        inside = sum(max(0, min(e, qe) - max(s, q)) for q, qe in quote_spans)
        out.append(0.0 if e <= s else min(1.0, inside / (e - s)))
    return out


def _single_plain(text, taken):
    """The original scan: from each opening mark to the paragraph end."""
    spans = []
    inside = [False] * (len(text) + 1)
    for s, e in taken:
        for k in range(max(s - 1, 0), min(e + 1, len(text))):
            inside[k] = True
    for p_start, p_end in qm._paragraphs(text):
        i = p_start
        while i < p_end:
            ch = text[i]
            if ch in qm._SINGLE_OPEN and not inside[i] and qm._is_single_open(text, i):
                closer = qm._SINGLE_OPEN[ch]
                j, found = i + 1, -1
                while j < p_end and not inside[j]:
                    if text[j] == closer and qm._is_single_close(text, j):
                        found = j
                        break
                    j += 1
                if found > 0:
                    if len(text[i + 1 : found].split()) >= qm.MIN_SINGLE_WORDS:
                        spans.append((i + 1, found))
                    i = found + 1
                    continue
            i += 1
    return spans


QUOTE_TEXT = st.lists(
    st.sampled_from(["a", "b c", " ", "\n", "\n\n", ".", "He said ", *QUOTE_MARKS, "it's "]),
    max_size=80,
).map("".join)


@settings(FUZZ, max_examples=300)
@given(text=QUOTE_TEXT | st.text(max_size=200))
def test_quote_finder_equals_plain_definitions(text: str) -> None:
    doubles = qm._double_spans(text)
    assert qm._single_spans(text, doubles) == _single_plain(text, doubles)
    spans = split_sentences(text)
    qspans = fq.find_quote_spans(text)
    assert fq.quote_shares(spans, qspans) == _shares_plain(spans, qspans)
    bounds = [(s.start, s.end) for s in spans]
    for q in fq.find_quotes(text, spans):
        assert text[q.start : q.end] == q.text
        expected = _covering_plain(bounds, q.start, q.end)
        if expected:
            assert q.sent_ids == expected


def test_long_lines_are_cut_into_bounded_sentences() -> None:
    """A 1 MB line without a full stop: pieces of at most MAX_SENTENCE_CHARS, nothing lost."""
    text = "Headline\n" + " ".join(["reportedly", "brutal", "said"] * 100_000) + "x" * 5000
    spans = split_sentences(text)
    assert max(s.end - s.start for s in spans) <= MAX_SENTENCE_CHARS
    kept = "".join(text[s.start : s.end] for s in spans)
    assert "".join(kept.split()) == "".join(text.split())
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start
