"""Tests for framing.store: CRUD, WAL, persistence, concurrency, data directory."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from framing.models import Actor, Article, AxisTerm
from framing.store import DB_NAME, ENV_HOME, SAMPLE_STORY, Store, data_dir, default_path

SAMPLE = (
    Article(outlet="Seed A", title="One", text="First sample text.", story="The sample"),
    Article(outlet="Seed B", title="Two", text="Second sample text.", story="The sample"),
)


def _art(outlet: str, text: str, **kw: object) -> Article:
    return Article(outlet=outlet, title=f"{outlet} title", text=text, **kw)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "ws.sqlite3", seed=False)


# ---- data directory ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ("{tmp}/home", "{tmp}/home"),
        ("", "{user}/.local/share/framing"),
        ("   ", "{user}/.local/share/framing"),
        (None, "{user}/.local/share/framing"),
    ],
)
def test_data_dir_follows_env(
    env: str | None, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "user"
    monkeypatch.setenv("HOME", str(user))
    if env is None:
        monkeypatch.delenv(ENV_HOME, raising=False)
    else:
        monkeypatch.setenv(ENV_HOME, env.format(tmp=tmp_path))
    want = Path(expected.format(tmp=tmp_path, user=user))
    assert data_dir() == want
    assert default_path() == want / DB_NAME


def test_default_store_is_created_in_framing_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "nested" / "home"))
    s = Store(seed=False)
    assert s.path == tmp_path / "nested" / "home" / DB_NAME
    assert s.path.exists()


# ---- pragmas and persistence ----------------------------------------------------------------
def test_wal_mode_is_on(store: Store) -> None:
    assert store.journal_mode() == "wal"
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_contents_persist_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    s = Store(path, seed=False)
    a = _art("Daily", "Text one.", url="http://x", published="2025-01-01", notes=("repaired",))
    s.add_articles("Story", [a])
    s.rename_outlet("Story", "Daily", "The Daily")
    s.set_actors("Story", [Actor("Putin", ("Vladimir Putin",), "person")])
    s.add_lexicon("mine", "term,category,weight,source\nfoo,hedge,1,me\n")
    del s
    again = Store(path, seed=False)
    (got,) = again.articles("Story")
    assert got == replace(a, outlet="The Daily", story="Story")
    assert again.get_actors("Story") == (Actor("Putin", ("Vladimir Putin",), "person"),)
    assert again.lexicons("Story") == (("mine", "term,category,weight,source\nfoo,hedge,1,me\n"),)


# ---- sample seeding --------------------------------------------------------------------------
def test_sample_is_seeded_once_and_deletion_is_respected(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    calls: list[int] = []

    def sample() -> tuple[Article, ...]:
        calls.append(1)
        return SAMPLE

    s = Store(path, sample=sample)
    assert s.stories() == ["The sample"]
    assert [a.outlet for a in s.articles("The sample")] == ["Seed A", "Seed B"]
    Store(path, sample=sample)
    assert len(calls) == 1
    assert s.delete_story("The sample")
    assert Store(path, sample=sample).stories() == []


def test_sample_without_story_name_gets_default_name(tmp_path: Path) -> None:
    s = Store(tmp_path / "ws.sqlite3", sample=lambda: [_art("X", "Some text.")])
    assert s.stories() == [SAMPLE_STORY]
    assert s.story_info()[0].is_sample


def test_real_sample_seeds_two_outlets(tmp_path: Path) -> None:
    s = Store(tmp_path / "ws.sqlite3")
    (story,) = s.stories()
    assert len(s.outlets(story)) == 2


# ---- CRUD ------------------------------------------------------------------------------------
def test_add_dedupes_by_id(store: Store) -> None:
    a, b = _art("A", "alpha."), _art("B", "beta.")
    assert store.add_articles("S", [a, b, a]) == 2
    assert store.add_articles("S", [b]) == 0
    assert store.add_articles("Other", [b]) == 1  # ids are per story
    assert [x.id for x in store.articles("S")] == [a.id, b.id]
    assert all(x.story == "S" for x in store.articles("S"))


@pytest.mark.parametrize(
    ("old", "new", "n", "outlets"),
    [
        ("A", "Alpha", 2, ["Alpha", "B"]),
        ("A", "B", 2, ["B"]),  # merge into an existing outlet
        ("missing", "X", 0, ["A", "B"]),
    ],
)
def test_rename_outlet(store: Store, old: str, new: str, n: int, outlets: list[str]) -> None:
    arts = [_art("A", "one."), _art("B", "two."), _art("A", "three.")]
    store.add_articles("S", arts)
    assert store.rename_outlet("S", old, new) == n
    assert store.outlets("S") == outlets
    # ids survive the rename and the inferred name is kept
    assert [x.id for x in store.articles("S")] == [x.id for x in arts]
    assert store.original_outlets("S") == {x.id: x.outlet for x in arts}


def test_rename_refuses_empty_name(store: Store) -> None:
    store.add_articles("S", [_art("A", "one.")])
    with pytest.raises(ValueError, match="name"):
        store.rename_outlet("S", "A", "  ")


def test_set_article_outlet(store: Store) -> None:
    a, b = _art("A", "one."), _art("A", "two.")
    store.add_articles("S", [a, b])
    assert store.set_article_outlet("S", b.id, "Other")
    assert not store.set_article_outlet("S", "nope", "Other")
    assert [x.outlet for x in store.articles("S")] == ["A", "Other"]


def test_remove_article(store: Store) -> None:
    a, b = _art("A", "one."), _art("B", "two.")
    store.add_articles("S", [a, b])
    assert store.remove_article("S", a.id)
    assert not store.remove_article("S", a.id)
    assert store.articles("S") == (replace(b, story="S"),)
    # removed article can be re-added
    assert store.add_articles("S", [a]) == 1


def test_stories_create_delete_and_info(store: Store) -> None:
    assert store.create_story("One")
    assert not store.create_story("One")
    store.add_articles("Two", [_art("A", "x."), _art("B", "y."), _art("B", "z.")])
    assert store.stories() == ["One", "Two"]
    assert [tuple(i) for i in store.story_info()] == [("One", 0, 0, False), ("Two", 3, 2, False)]
    store.set_actors("Two", [Actor("X")])
    store.add_lexicon("lex", "csv", story="Two")
    assert store.delete_story("Two")
    assert not store.delete_story("Two")
    assert store.stories() == ["One"]
    assert store.articles("Two") == ()
    assert store.get_actors("Two") is None
    assert store.lexicons("Two") == ()


@pytest.mark.parametrize("name", ["", "   "])
def test_story_needs_a_name(store: Store, name: str) -> None:
    with pytest.raises(ValueError):
        store.add_articles(name, [_art("A", "x.")])


# ---- edits -----------------------------------------------------------------------------------
ACTORS = (Actor("Vladimir Putin", ("Putin", "Kremlin"), "person"), Actor("Iran", (), "country"))
AXES = (
    AxisTerm("Russia's role", -1, "keeps distance", "cautious", "me"),
    AxisTerm("Russia's role", 1, "steps in", "mediate"),
)


@pytest.mark.parametrize(
    ("setter", "getter", "value"),
    [("set_actors", "get_actors", ACTORS), ("set_axes", "get_axes", AXES)],
)
def test_edits_story_then_global_then_default(
    store: Store, setter: str, getter: str, value: tuple[object, ...]
) -> None:
    assert getattr(store, getter)("S") is None
    getattr(store, setter)("", value[:1])
    assert getattr(store, getter)("S") == value[:1]  # falls back to global
    getattr(store, setter)("S", value)
    assert getattr(store, getter)("S") == value
    assert getattr(store, getter)("T") == value[:1]
    getattr(store, setter)("S", None)
    assert getattr(store, getter)("S") == value[:1]
    getattr(store, setter)("S", ())
    assert getattr(store, getter)("S") == ()  # an explicit empty list is kept


def test_lexicons_global_then_story_with_override(store: Store) -> None:
    store.add_lexicon("g", "global csv")
    store.add_lexicon("shared", "global version")
    store.add_lexicon("shared", "story version", story="S")
    store.add_lexicon("own", "own csv", story="S")
    assert store.lexicons("S") == (
        ("g", "global csv"),
        ("shared", "story version"),
        ("own", "own csv"),
    )
    assert store.lexicons("T") == (("g", "global csv"), ("shared", "global version"))
    store.add_lexicon("g", "replaced")
    assert store.lexicons("T")[0] == ("g", "replaced")
    assert store.remove_lexicon("shared", story="S")
    assert not store.remove_lexicon("shared", story="S")
    assert dict(store.lexicons("S"))["shared"] == "global version"
    with pytest.raises(ValueError):
        store.add_lexicon(" ", "x")


# ---- concurrency -----------------------------------------------------------------------------
def _worker(store: Store, w: int, n: int, barrier: threading.Barrier) -> None:
    barrier.wait()
    story = "Shared"
    for i in range(n):
        store.add_articles(story, [_art(f"w{w}", f"text {w}-{i}.")])
        store.add_articles(f"Own {w}", [_art(f"w{w}", f"own {w}-{i}.")])
    # remove every third article of our own, then rename our outlet
    for i in range(0, n, 3):
        assert store.remove_article(story, _art(f"w{w}", f"text {w}-{i}.").id)
    assert store.rename_outlet(story, f"w{w}", f"writer {w}") == n - len(range(0, n, 3))
    store.set_actors(f"Own {w}", [Actor(f"actor {w}")])
    store.add_lexicon(f"lex {w}", f"csv {w}")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("writers", [2, 8])
@pytest.mark.parametrize("shared_instance", [True, False])
def test_concurrent_writers_lose_nothing(
    tmp_path: Path, writers: int, shared_instance: bool
) -> None:
    path = tmp_path / "ws.sqlite3"
    n = 12
    first = Store(path, seed=False)
    stores = [first if shared_instance else Store(path, seed=False) for _ in range(writers)]
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def run(w: int) -> None:
        try:
            _worker(stores[w], w, n, barrier)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=50)
    assert not errors, errors
    assert not any(t.is_alive() for t in threads)

    check = Store(path, seed=False)
    kept = {i for i in range(n) if i % 3}
    got = {(a.outlet, a.text) for a in check.articles("Shared")}
    want = {(f"writer {w}", f"text {w}-{i}.") for w in range(writers) for i in kept}
    assert got == want
    assert sorted(check.stories()) == sorted(["Shared", *(f"Own {w}" for w in range(writers))])
    for w in range(writers):
        assert [a.text for a in check.articles(f"Own {w}")] == [f"own {w}-{i}." for i in range(n)]
        assert check.get_actors(f"Own {w}") == (Actor(f"actor {w}"),)
    assert dict(check.lexicons()) == {f"lex {w}": f"csv {w}" for w in range(writers)}


@pytest.mark.timeout(60)
def test_concurrent_first_open_seeds_once(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            Store(path, sample=lambda: SAMPLE)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=50)
    assert not errors, errors
    s = Store(path, seed=False)
    assert s.stories() == ["The sample"]
    assert len(s.articles("The sample")) == 2
