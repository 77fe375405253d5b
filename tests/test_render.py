"""HTML rendering: text round-trips exactly, tags nest, only our elements, everything escaped."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import render
from framing.render import CATEGORIES, CLASSES, HighlightSpan, highlight_html, spans_html

try:
    from tests import fixtures_tables as F
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    import fixtures_tables as F

OUR_CLASSES = {"cue"} | {cls for cls, _, _ in CLASSES.values()} | {
    "article", "sentence-card", "pair", "similarity", "cue-legend", "cue-help",
}  # fmt: skip
OUR_TAGS = {"mark", "br", "div", "figure", "figcaption", "blockquote", "span"}


class Audit(HTMLParser):
    """Collects text (entities decoded) and checks every element is one of ours, nested."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.titles: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in OUR_TAGS:
            self.problems.append(f"tag {tag}")
        for name, value in attrs:
            if name == "class":
                bad = set((value or "").split()) - OUR_CLASSES
                if bad:
                    self.problems.append(f"class {bad}")
            elif name == "title":
                self.titles.append(value or "")
            else:
                self.problems.append(f"attribute {name}")
        if tag != "br":
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"misnested </{tag}>")

    def handle_data(self, data):
        self.text.append(data)


def audit(fragment: str) -> Audit:
    parser = Audit()
    parser.feed(fragment)
    parser.close()
    assert parser.problems == []
    assert parser.stack == []
    return parser


def strip_tags(fragment: str) -> str:
    return "".join(audit(fragment).text)


# ---- the boundary sweep -------------------------------------------------------------------

CATS = sorted(CLASSES)


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet=st.sampled_from("ab <>&\"'\n\té—"), max_size=60))
    n = len(text)
    spans = draw(
        st.lists(
            st.builds(
                lambda a, b, cat, title: HighlightSpan(min(a, b), max(a, b), cat, title),
                st.integers(-3, n + 3),
                st.integers(-3, n + 3),
                st.sampled_from(CATS),
                st.text(max_size=12),
            ),
            max_size=8,
        )
    )
    return text, spans


@settings(max_examples=300, deadline=None)
@given(text_and_spans())
def test_sweep_round_trips_text_and_nests_tags(case):
    text, spans = case
    out = spans_html(text, spans)
    assert strip_tags(out) == text
    # every non-empty in-range span covers its text inside at least one mark of its class
    assert out.count("<mark") == out.count("</mark>")


@settings(max_examples=100, deadline=None)
@given(text_and_spans())
def test_titles_round_trip_escaped(case):
    text, spans = case
    parser = audit(spans_html(text, spans))
    valid = {s.title for s in spans if min(len(text), s.end) > max(0, s.start)}
    assert set(parser.titles) == valid


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("abc", [], "abc"),
        ("abcdef", [HighlightSpan(1, 3, "hedging", "h")],
         'a<mark class="cue cue-hedging" title="h">bc</mark>def'),
        # a cue inside a quote: nested, not duplicated
        ("abcdef", [HighlightSpan(0, 6, "quote", "q"), HighlightSpan(2, 4, "intensity", "i")],
         '<mark class="cue cue-quote" title="q">ab<mark class="cue cue-intensity" title="i">cd'
         "</mark>ef</mark>"),
        # two crossing cues: the second is closed and reopened around the boundary
        ("abcdef", [HighlightSpan(0, 4, "hedging", "h"), HighlightSpan(2, 6, "stance", "s")],
         '<mark class="cue cue-hedging" title="h">ab<mark class="cue cue-stance" title="s">cd'
         '</mark></mark><mark class="cue cue-stance" title="s">ef</mark>'),
        # out of range and empty spans are ignored / clipped
        ("ab", [HighlightSpan(-5, 1, "hedging", "h"), HighlightSpan(1, 1, "stance", "s")],
         '<mark class="cue cue-hedging" title="h">a</mark>b'),
        ("a\nb", [], "a<br>\nb"),
        ("<b>&", [], "&lt;b&gt;&amp;"),
        # unknown category falls back to a fixed class, never the data
        ("ab", [HighlightSpan(0, 1, "evil\" onclick=\"x", "t")],
         '<mark class="cue cue-other" title="t">a</mark>b'),
    ],
)  # fmt: skip
def test_spans_html_table(text, spans, expected):
    assert spans_html(text, spans) == expected


# ---- from tables --------------------------------------------------------------------------


def test_highlight_article_marks_each_category_and_keeps_text():
    quotes = pd.DataFrame(
        {"start": [F.TEXT_A.index('"')], "end": [F.TEXT_A.index("claimed") - 5],
         "speaker": ["the minister"], "verb": ["claimed"]}
    )  # fmt: skip
    out = highlight_html(F.TEXT_A, F.cues_table(), quotes, categories=CATEGORIES)
    assert strip_tags(out) == F.TEXT_A
    for cls in ("cue-hedging", "cue-intensity", "cue-reporting-loaded", "cue-stance", "cue-quote"):
        assert f"cue {cls}" in out
    assert 'title="hedging · adverb: reportedly"' in out
    assert 'title="quote · the minister (claimed)"' in out
    assert "<br>" in out  # the paragraph break survives


@pytest.mark.parametrize(
    ("categories", "present", "absent"),
    [
        (["hedging"], {"cue-hedging"}, {"cue-intensity", "cue-stance", "cue-reporting-loaded"}),
        (["reporting"], {"cue-reporting-loaded"}, {"cue-hedging"}),
        ([], set(), {"cue-hedging", "cue-intensity"}),
    ],
)
def test_categories_switch_highlights(categories, present, absent):
    out = highlight_html(F.TEXT_A, F.cues_table(), None, categories=categories)
    assert strip_tags(out) == F.TEXT_A
    assert all(f"cue {c}" in out for c in present)
    assert not any(f'cue {c}"' in out for c in absent)


def test_article_id_filters_rows():
    cues = F.cues_table()
    assert "<mark" not in highlight_html(F.TEXT_A, cues, None, article_id="other")
    assert "<mark" in highlight_html(F.TEXT_A, cues, None, article_id="a1")


def test_hostile_text_and_titles_are_escaped():
    text = '<script>alert(1)</script> "quoted" <img src=x onerror=alert(2)>'
    cues = pd.DataFrame(
        {"start": [0], "end": [8], "lexicon": ["hedging"],
         "category": ['"><script>alert(3)</script>'], "text": ["<script>"]}
    )  # fmt: skip
    out = highlight_html(text, cues, None)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;</mark>alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(2)&gt;" in out
    parser = audit(out)
    assert "".join(parser.text) == text
    assert parser.titles == ['hedging · "><script>alert(3)</script>: <script>']


def test_sentence_card_shifts_offsets_and_escapes_caption():
    text = F.TEXT_A
    start = text.index("The brutal")
    sentence = text[start:]
    out = render.sentence_card_html(
        sentence, F.cues_table(), offset=start, outlet="<b>A</b>", caption="lede"
    )
    assert strip_tags(out).startswith(sentence)
    assert '<mark class="cue cue-intensity" title="intensity · loaded: brutal">brutal</mark>' in out
    assert "reportedly" not in out  # a cue outside the sentence is dropped
    assert "&lt;b&gt;A&lt;/b&gt; · lede" in out


def test_legend_lists_fixed_classes_in_order():
    out = render.legend_html(["quote", "hedging", "reporting"])
    audit(out)
    found = re.findall(r'class="cue (cue-[a-z-]+)"', out)
    assert found == ["cue-hedging", "cue-reporting", "cue-reporting-loaded", "cue-quote"]


def test_css_styles_every_class_with_more_than_colour():
    for cls, _, _ in CLASSES.values():
        rule = re.search(rf"mark\.{cls} \{{([^}}]*)\}}", render.CSS)
        assert rule, cls
        assert re.search(r"border|text-decoration|outline|font-style|box-shadow", rule.group(1)), (
            cls
        )


def test_alignment_pairs_pick_differing_cues_and_render_cards():
    sentences = F.sentences_table()
    alignments = pd.DataFrame(
        [
            [F.A, F.B, "a1", "b1", 2, 0, "x", "y", 0.4, "brutal; devastated", "may", 1],
            [F.A, F.B, "a1", "b1", 0, 1, "x", "y", 0.9, "", "", 0],
            [F.A, F.B, "a1", "", 1, float("nan"), "x", "", float("nan"), "", "", 2],
        ],
        columns=["outlet_a", "outlet_b", "article_a", "article_b", "sent_a", "sent_b",
                 "text_a", "text_b", "similarity", "cues_only_a", "cues_only_b", "cluster"],
    )  # fmt: skip
    pairs = render.alignment_pairs_html(alignments, sentences, F.cues_table(), limit=1)
    assert len(pairs) == 1
    audit(pairs[0])
    assert "brutal</mark>" in pairs[0] and "similarity 0.40" in pairs[0]
    assert html.escape(F.B) in pairs[0]
    assert render.alignment_pairs_html(alignments.iloc[:0], sentences, None) == []


def test_docstring_examples_run():
    import doctest

    result = doctest.testmod(render)
    assert result.attempted > 0 and result.failed == 0
