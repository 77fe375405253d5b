"""Bundles as people have them: only outlet and text required, titles derived from the text,
column names in any case and common aliases, one readable message per file for bad rows."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hostile import make_xlsx

from framing.ingest import read_bytes, read_bytes_report
from framing.ingest.bundles import column_key
from framing.ingest.metadata import TITLE_FROM_FIRST_LINE, TITLE_FROM_FIRST_WORDS, derive_title
from framing.models import ReadError

LEDE = "The minister said on Monday that the talks would continue next week in Geneva."
MORE = "Officials described the meeting as constructive, though no date was set."


def _csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _jsonl(rows: list[list[object]]) -> bytes:
    header, *body = rows
    return "\n".join(json.dumps(dict(zip(header, row, strict=True))) for row in body).encode()


def _xlsx(rows: list[list[object]]) -> bytes:
    return make_xlsx(rows)


BUILDERS = {"csv": _csv, "jsonl": _jsonl, "xlsx": _xlsx}


# ---- every format, the same table ---------------------------------------------------------

NO_TITLE = [
    ["outlet", "text", "url", "published"],
    ["Daily A", f"Talks Go On\n\n{LEDE} {MORE}", "https://a.example/1", "2024-05-01"],
    ["Daily B", f"{LEDE}\n{MORE}", "https://b.example/2", "2 May 2024"],
    ["Daily C", "Officials met in Geneva.", "", ""],
]


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_a_bundle_without_titles_loads_every_row(fmt: str) -> None:
    arts, warns = read_bytes_report(BUILDERS[fmt](NO_TITLE), f"story.{fmt}")
    assert warns == []
    assert [a.outlet for a in arts] == ["Daily A", "Daily B", "Daily C"]
    assert [a.title for a in arts] == [
        "Talks Go On",
        "The minister said on Monday that the talks would continue…",
        "Officials met in Geneva",
    ]
    assert [a.notes[-1] for a in arts] == [
        TITLE_FROM_FIRST_LINE,
        TITLE_FROM_FIRST_WORDS,
        TITLE_FROM_FIRST_WORDS,
    ]
    assert arts[0].text == f"{LEDE} {MORE}"  # the headline line is not read twice
    assert arts[1].text == f"{LEDE}\n{MORE}"  # nothing taken out
    assert [a.url for a in arts] == ["https://a.example/1", "https://b.example/2", ""]
    assert [a.published for a in arts] == ["2024-05-01", "2024-05-02", ""]


ALIASES = [  # outlet, text and title columns as people name them
    ["OUTLET", "TEXT", "TITLE"],
    ["  Source ", "Body", "Headline"],
    ["Publication", "Content", "Heading"],
    ["site", "Article", "headline"],
    ["Publisher", "article_text", "Title"],
    ["Outlet Name", "Full Text", "HEADLINE"],
    ["outlet-name", "full_text", "title"],
]


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
@pytest.mark.parametrize("header", ALIASES, ids=[" | ".join(h) for h in ALIASES])
def test_headers_in_any_case_and_aliases(fmt: str, header: list[str]) -> None:
    rows = [[*header, "Date", "Link"], ["Wire", LEDE, "Talks resume", "2024-05-01", "http://w/1"]]
    (art,) = read_bytes(BUILDERS[fmt](rows), f"b.{fmt}")
    assert (art.outlet, art.text, art.title) == ("Wire", LEDE, "Talks resume")
    assert (art.published, art.url) == ("2024-05-01", "http://w/1")
    assert not any(n.startswith("Title derived") for n in art.notes)


@pytest.mark.parametrize(
    ("published", "url"),
    [("published_at", "href"), ("PubDate", "article_url"), ("publish date", "LINK")],
)
def test_date_and_link_aliases(published: str, url: str) -> None:
    rows = [["outlet", "text", published, url], ["Wire", LEDE, "2024-05-01", "https://w/1"]]
    (art,) = read_bytes(_csv(rows), "b.csv")
    assert (art.published, art.url) == ("2024-05-01", "https://w/1")


def test_the_canonical_name_wins_over_an_alias() -> None:
    rows = [["body", "outlet", "text", "source"], ["not this", "Wire", LEDE, "nor this"]]
    (art,) = read_bytes(_csv(rows), "b.csv")
    assert (art.outlet, art.text) == ("Wire", LEDE)


@pytest.mark.parametrize(
    ("name", "key"),
    [("  Full-Text ", "full_text"), ("\ufeffOUTLET", "outlet"), ("Published  At", "published_at")],
)
def test_column_key(name: str, key: str) -> None:
    assert column_key(name) == key


# ---- deriving a title ---------------------------------------------------------------------

DERIVED = [
    # text, title, text kept, note
    (f"Talks Go On\n{LEDE}", "Talks Go On", LEDE, TITLE_FROM_FIRST_LINE),
    (f"# Talks Go On\n\n{LEDE}", "Talks Go On", LEDE, TITLE_FROM_FIRST_LINE),
    (f"Will the talks go on?\n{LEDE}", "Will the talks go on?", LEDE, TITLE_FROM_FIRST_LINE),
    (
        f"{LEDE}\n{MORE}",
        "The minister said on Monday that the talks would continue…",
        f"{LEDE}\n{MORE}",
        TITLE_FROM_FIRST_WORDS,
    ),
    (  # a first line ending in a full stop is a sentence, not a headline
        f"Talks go on.\n{LEDE}",
        "Talks go on",
        f"Talks go on.\n{LEDE}",
        TITLE_FROM_FIRST_WORDS,
    ),
    (  # a headline-like text with nothing after it stays the text
        "Talks Go On",
        "Talks Go On",
        "Talks Go On",
        TITLE_FROM_FIRST_WORDS,
    ),
    (  # too long for a headline: the first ten words, punctuation before "…" dropped
        "One, two, three, four, five, six, seven, eight, nine, ten, eleven and twelve",
        "One, two, three, four, five, six, seven, eight, nine, ten…",
        "One, two, three, four, five, six, seven, eight, nine, ten, eleven and twelve",
        TITLE_FROM_FIRST_WORDS,
    ),
]


@pytest.mark.parametrize(("text", "title", "kept", "note"), DERIVED)
def test_derive_title(text: str, title: str, kept: str, note: str) -> None:
    assert derive_title(text) == (title, kept, note)


@pytest.mark.parametrize("title", ["", "   ", "\x00"])
def test_an_empty_title_cell_is_derived(title: str) -> None:
    rows = [["outlet", "title", "text"], ["Wire", title, f"Talks Go On\n{LEDE}"]]
    (art,) = read_bytes(_csv(rows), "b.csv")
    assert (art.title, art.text) == ("Talks Go On", LEDE)
    assert TITLE_FROM_FIRST_LINE in art.notes


def test_a_given_title_is_kept_and_the_text_untouched() -> None:
    rows = [["outlet", "title", "text"], ["Wire", "Own title", f"Talks Go On\n{LEDE}"]]
    (art,) = read_bytes(_csv(rows), "b.csv")
    assert (art.title, art.text) == ("Own title", f"Talks Go On\n{LEDE}")
    assert not any(n.startswith("Title derived") for n in art.notes)


# ---- rows that lack what they need ---------------------------------------------------------

BAD_ROWS = [
    ["outlet", "text"],
    ["A", LEDE],
    ["B", ""],  # no text: skipped
    ["", MORE],  # no outlet: loaded under the file name
    ["D", LEDE + " Again."],
]


@pytest.mark.parametrize(("fmt", "second"), [("csv", "row"), ("xlsx", "row"), ("jsonl", "line")])
def test_a_row_without_text_or_outlet_gets_one_message(fmt: str, second: str) -> None:
    arts, warns = read_bytes_report(BUILDERS[fmt](BAD_ROWS), f"my_feed.{fmt}")
    first = {"row": 3, "line": 2}[second]
    assert [a.outlet for a in arts] == ["A", "my feed", "D"]
    assert "No outlet given in this row; used the file name" in arts[1].notes
    assert [str(w) for w in warns] == [
        f"my_feed.{fmt}: {second} {first} has no text (skipped; 3 other articles loaded); "
        f"{second} {first + 1} has no outlet (loaded under the outlet 'my feed', from the "
        "file name; rename it to compare outlets)"
    ]


def test_json_lines_missing_a_field_name_it_and_the_fields_found() -> None:
    data = "\n".join(
        [
            json.dumps({"outlet": "A", "text": LEDE}),
            json.dumps({"outlet": "B", "title": "No body", "summary": "x"}),
            json.dumps({"publisher_name": "C", "body": MORE}),
        ]
    ).encode()
    arts, warns = read_bytes_report(data, "feed.jsonl")
    assert [a.outlet for a in arts] == ["A"]
    assert [str(w) for w in warns] == [
        "feed.jsonl: line 2 has no field 'text' (its fields: outlet, title, summary); "
        "line 3 has no field 'outlet' (its fields: publisher_name, body) "
        "(skipped; 1 other article loaded)"
    ]


def test_json_lines_without_any_outlet_are_refused_with_the_reason() -> None:
    data = "\n".join(json.dumps({"text": f"{LEDE} {i}"}) for i in range(40)).encode()
    with pytest.raises(ReadError) as err:
        read_bytes(data, "feed.jsonl")
    assert str(err.value) == (  # the fields are named once
        "feed.jsonl: no article could be read: line 1 has no field 'outlet' (its fields: text); "
        "line 2 has no field 'outlet'; line 3 has no field 'outlet'; line 4 has no field "
        "'outlet'; line 5 has no field 'outlet'; and 35 more"
    )


def test_an_outlet_given_for_the_file_makes_the_column_optional() -> None:
    data = "\n".join(json.dumps({"text": f"{LEDE} {i}"}) for i in range(3)).encode()
    arts, warns = read_bytes_report(data, "feed.jsonl", outlet="Wire")
    assert ([a.outlet for a in arts], warns) == (["Wire"] * 3, [])
    (art,) = read_bytes(_csv([["text"], [LEDE]]), "b.csv", outlet="Wire")
    assert art.outlet == "Wire"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["outlet", "headline", "words"], "missing column 'text' (found columns: outlet, "),
        (["name", "text"], "missing column 'outlet' (found columns: name, text)"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_header_without_a_required_column_is_refused(
    fmt: str, header: list[str], message: str
) -> None:
    with pytest.raises(ReadError) as err:
        read_bytes(BUILDERS[fmt]([header, ["a", "b", "c"][: len(header)]]), f"b.{fmt}")
    assert str(err.value).startswith(f"b.{fmt}: {message}")


def test_forty_outlets_as_a_scraper_exports_them() -> None:
    """The reported case: JSON lines with outlet, text, url, published and no title."""
    rows = [
        {
            "outlet": f"Outlet {i}",
            "text": f"Story headline number {i}\n\n{LEDE} Paragraph {i}. {MORE}",
            "url": f"https://outlet{i}.example/story",
            "published": "2024-05-01T09:30:00Z",
        }
        for i in range(39)
    ]
    data = "\n".join(json.dumps(r) for r in rows).encode()
    arts, warns = read_bytes_report(data, "story.jsonl")
    assert (len(arts), warns) == (39, [])
    assert arts[7].title == "Story headline number 7"
    assert arts[7].text.startswith(LEDE)
    assert arts[7].published == "2024-05-01T09:30:00+00:00"


def test_in_a_batch_bad_rows_are_one_message_and_the_other_files_load() -> None:
    from framing.ingest import load_articles

    files = [
        ("my_feed.jsonl", _jsonl(BAD_ROWS)),
        ("story.csv", _csv(NO_TITLE)),
        ("empty.csv", b"outlet,text\n"),
    ]
    arts, errors = load_articles(files)
    assert len(arts) == 3 + 3
    assert [e.source for e in errors] == ["my_feed.jsonl", "empty.csv"]
    assert str(errors[0]).startswith("my_feed.jsonl: line 2 has no text (skipped;")
    assert str(errors[1]) == "empty.csv: no articles: the file has a header but no rows"


def test_a_repeated_row_without_an_outlet_is_named_once() -> None:
    rows = [["outlet", "text"], ["", LEDE], ["", LEDE], ["B", MORE]]
    arts, warns = read_bytes_report(_csv(rows), "feed.csv")
    assert [a.outlet for a in arts] == ["feed", "B"]
    assert [str(w) for w in warns] == [
        "feed.csv: row 3 repeats row 2 (same outlet and text) (skipped; 2 other articles "
        "loaded); row 2 has no outlet (loaded under the outlet 'feed', from the file name; "
        "rename it to compare outlets)"
    ]
