"""Every hostile file in ONE batch with good files: no exception escapes, one error per bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import EXPECTED_PROBLEM, UPLOAD_NAMES, XSS, generate, uploads

from framing.ingest import load_articles, read_bytes_report, safe_name
from framing.models import ReadError

GOOD = {
    "good-one.txt": "Good Headline One\nThe minister said the talks went well. Both sides agreed to meet again.",
    "good-two.md": "# Good Headline Two\n\nOfficials described the meeting as constructive and calm.",
}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    directory = tmp_path_factory.mktemp("hostile")
    expected = generate(directory)
    for name, text in GOOD.items():
        (directory / name).write_text(text, encoding="utf-8")
        expected[name] = "ok"
    return directory, expected


def _by_file(articles, errors) -> tuple[dict[str, list], dict[str, list[ReadError]]]:
    arts: dict[str, list] = {}
    for art in articles:
        arts.setdefault(art.source.split("#")[0], []).append(art)
    errs: dict[str, list[ReadError]] = {}
    for err in errors:
        errs.setdefault(err.source, []).append(err)
    return arts, errs


def test_generator_writes_enough_cases(hostile_dir) -> None:
    _, expected = hostile_dir
    assert len(expected) >= 27
    assert set(expected.values()) == {"ok", "error", "partial"}
    assert set(EXPECTED_PROBLEM) <= set(expected)


@pytest.fixture(scope="module", params=["paths", "uploads"])
def batch(
    request: pytest.FixtureRequest, hostile_dir
) -> tuple[dict[str, str], list, list[ReadError]]:
    """One load_articles call over every file; returns (shown name -> file name, articles, errors)."""
    directory, expected = hostile_dir
    if request.param == "uploads":
        items = uploads(directory, expected)
        names = {safe_name(UPLOAD_NAMES.get(n, n)): n for n in expected}
    else:
        items = [directory / name for name in expected]
        names = {n: n for n in expected}
    articles, errors = load_articles(items)  # must not raise
    return names, articles, errors


def test_one_batch(hostile_dir, batch) -> None:
    _, expected = hostile_dir
    names, articles, errors = batch
    arts, errs = _by_file(articles, errors)
    assert set(arts) | set(errs) <= set(names), "every message names its (sanitised) file"
    for shown, name in names.items():
        kind = expected[name]
        got = errs.get(shown, [])
        if kind == "ok":
            assert not got, f"{name}: {got}"
            assert arts.get(shown), f"{name} did not load"
        else:
            assert len(got) == 1, f"{name}: expected one error, got {got}"
            assert str(got[0]).startswith(f"{shown}: ")
            assert EXPECTED_PROBLEM[name] in got[0].problem, got[0].problem
            assert bool(arts.get(shown)) == (kind == "partial"), name


def test_names_in_messages_are_sanitised(batch) -> None:
    _, articles, errors = batch
    for text in [a.source for a in articles] + [str(e) for e in errors]:
        shown = text.split(": ")[0]
        assert "/" not in shown and "\\" not in shown and ".." not in shown
        assert "\x00" not in text and "\x1b" not in text
    sources = {a.source for a in articles}
    assert "sneaky.name.txt" in sources or "sneaky-name.txt" in sources


def test_xss_is_kept_literally(hostile_dir) -> None:
    directory, _ = hostile_dir
    articles, errors = load_articles([directory / "xss.csv", directory / "xss.html"])
    assert not errors
    row = next(a for a in articles if a.source.startswith("xss.csv"))
    assert (row.outlet, row.title, row.text) == (XSS["outlet"], XSS["title"], XSS["text"])
    page = next(a for a in articles if a.source == "xss.html")
    assert "<script>alert(2)</script> stays as text" in page.text
    assert "alert('run')" not in page.text  # a real <script> element is page code, not article


def test_beta_repaired_and_noted(hostile_dir) -> None:
    directory, _ = hostile_dir
    (art,) = load_articles([directory / "beta-mojibake.txt"])[0]
    assert "nation’s leader spoke — briefly — to" in art.text
    assert any(n.startswith("Repaired 3 characters") for n in art.notes)


def test_size_is_checked_before_decoding(hostile_dir, monkeypatch: pytest.MonkeyPatch) -> None:
    directory, _ = hostile_dir
    from framing.ingest import bundles, documents

    def boom(*_args, **_kwargs):
        raise AssertionError("decoded an oversized file")

    for module in (bundles, documents):  # every reader that decodes
        monkeypatch.setattr(module, "decode_bytes", boom)
    data = (directory / "huge.txt").read_bytes()
    with pytest.raises(ReadError, match=r"50\.0 MB; the limit is 25 MB"):
        read_bytes_report(data, "huge.txt")
