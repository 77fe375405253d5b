"""A many-outlet story for tests: up to 40 articles on one topic from the development data.

The development data (``eval-data``, see its README) is never copied into the repository; this
module reads it where it lies. It is found from ``$FRAMING_EVAL_DATA``, else
``<repo>/../shared/eval-data``, else ``/work/shared/eval-data``. Tests that need it call
:func:`require_story40` (or use the ``story40`` helpers) and skip with a clear reason when the
folder is absent.

What :func:`story40` builds (``n=40``):

* 36 AllSides excerpts (``allsides_dev/articles.jsonl``, news only, at least 90 words): the
  "Coronavirus" stories first, then the next topics, one article per outlet, until 35 outlets;
  plus a second article of the chosen outlet with the most articles in the data (New York
  Times: an outlet with two articles, told apart by date and headline). One excerpt (NPR) is
  under the quality check's 80 words and is flagged ``very_short``;
* a Portuguese and a Spanish article (written for these tests, ``fixtures/story40/``): flagged
  ``non_english``;
* one wire story under two outlet names (``fixtures/story40/wire.txt``): flagged
  ``near_duplicate``.

So 40 articles from 39 outlets. Smaller ``n`` keep what is meaningful at that size:

* ``n=2``: two AllSides articles of one story, different outlets;
* ``n=5``: three AllSides articles plus the wire pair;
* ``n=12``: nine AllSides articles (one outlet twice) plus the wire pair and the Portuguese one;
* other ``n``: the specials of the largest of these sizes ≤ ``n``, and AllSides articles to fill.

The order of the list is stable (the same ``n`` gives the same articles in the same order).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

from framing.models import Article
from framing.sentences import count_words

__all__ = ["STORY", "eval_data", "require_story40", "story40"]

STORY = "Covid-19 vaccines and mandates (combined AllSides stories)"
_FIXTURES = Path(__file__).parent / "fixtures" / "story40"
_MIN_WORDS = 90
_N_ALLSIDES_OUTLETS = 35
# opinion columns and AllSides' own writers are not news outlets
_NOT_OUTLETS = ("(Opinion)", "AllSides", "Guest Writer", "Rich Lowry", "Matt Lewis")


def eval_data() -> Path | None:
    """The development-data folder, or None when it is not on this machine."""
    env = os.environ.get("FRAMING_EVAL_DATA")
    repo = Path(__file__).resolve().parent.parent
    for candidate in (env, repo.parent / "shared" / "eval-data", "/work/shared/eval-data"):
        if candidate and (Path(candidate) / "allsides_dev" / "articles.jsonl").is_file():
            return Path(candidate)
    return None


def require_story40() -> None:
    """Skip the calling test when the development data is absent (it is present in CI)."""
    if eval_data() is None:
        pytest.skip(
            "development data not found: set FRAMING_EVAL_DATA to the eval-data folder "
            "(needs allsides_dev/articles.jsonl)"
        )


def _fixture(name: str) -> tuple[str, str]:
    text = (_FIXTURES / name).read_text(encoding="utf-8").strip()
    title, _, body = text.partition("\n\n")
    return title.strip(), body.strip()


@functools.lru_cache(maxsize=1)
def _allsides() -> tuple[list[Article], Article]:
    """(one article per outlet, in order; the second article of the repeated outlet)."""
    root = eval_data()
    if root is None:
        raise FileNotFoundError("development data not found (see tests/story40.py)")
    rows = []
    with open(root / "allsides_dev" / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("opinion_tag") or any(x in r["outlet"] for x in _NOT_OUTLETS):
                continue
            if count_words(r["text"]) < _MIN_WORDS:
                continue
            rows.append(r)
    topics: dict[str, int] = {}
    for r in rows:
        topics[r["topic"]] = topics.get(r["topic"], 0) + 1
    topic_order = sorted(topics, key=lambda t: (t != "Coronavirus", -topics[t], t))
    rows.sort(key=lambda r: (topic_order.index(r["topic"]), r["cluster"], r["outlet"]))

    def article(r: dict) -> Article:
        title = r.get("title") or r["story_title"]
        text = r["text"]
        if text.startswith(title):
            text = text[len(title) :].lstrip()
        return Article(
            outlet=r["outlet"],
            title=title,
            text=text,
            url=r.get("url") or "",
            published=(r.get("date") or "")[:10],
            story=STORY,
            source=f"allsides_dev#{r['cluster']}",
        )

    chosen: list[Article] = []
    seen: set[str] = set()
    for r in rows:
        if r["outlet"] in seen:
            continue
        seen.add(r["outlet"])
        chosen.append(article(r))
        if len(chosen) == _N_ALLSIDES_OUTLETS:
            break
    # the outlet with the most articles among the chosen topic gets a second one
    first = {a.outlet: a for a in chosen}
    counts: dict[str, int] = {}
    for r in rows:
        if r["outlet"] in first:
            counts[r["outlet"]] = counts.get(r["outlet"], 0) + 1
    twice = max(sorted(counts), key=lambda o: counts[o])
    second = next(
        article(r) for r in rows if r["outlet"] == twice and article(r).id != first[twice].id
    )
    return chosen, second


def _specials() -> dict[str, list[Article]]:
    pt_title, pt = _fixture("pt_diario.txt")
    es_title, es = _fixture("es_observador.txt")
    wire_title, wire = _fixture("wire.txt")
    return {
        "wire": [
            Article(
                outlet="Metro Ledger",
                title=wire_title,
                text=wire,
                published="2021-11-12",
                story=STORY,
                source="wire.txt",
            ),
            Article(
                outlet="Valley Herald",
                title="Court keeps workplace vaccine rule in place",
                text=wire,
                published="2021-11-13",
                story=STORY,
                source="wire.txt",
            ),
        ],
        "pt": [
            Article(
                outlet="Diário do Interior",
                title=pt_title,
                text=pt,
                published="2021-11-08",
                story=STORY,
                source="pt_diario.txt",
            )
        ],
        "es": [
            Article(
                outlet="El Observador",
                title=es_title,
                text=es,
                published="2021-11-09",
                story=STORY,
                source="es_observador.txt",
            )
        ],
    }


def story40(n: int = 40) -> list[Article]:
    """``n`` articles (2 ≤ n ≤ 40) of one combined story; see the module docstring.

    Parameters
    ----------
    n : int
        Number of articles.

    Returns
    -------
    list of Article
        Stable order; outlets unique except the one outlet with two articles (``n ≥ 12``)
        and the wire pair (two outlets, one text).
    """
    if not 2 <= n <= 40:
        raise ValueError(f"n must be between 2 and 40, not {n}")
    chosen, second = _allsides()
    special = _specials()
    extra: list[Article] = []
    twice: list[Article] = []
    if n >= 40:
        extra = [*special["wire"], *special["pt"], *special["es"]]
        twice = [second]
    elif n >= 12:
        extra = [*special["wire"], *special["pt"]]
        twice = [second]
    elif n >= 5:
        extra = list(special["wire"])
    k = n - len(extra) - len(twice)
    base = chosen[:k]
    if twice and not any(a.outlet == second.outlet for a in base):
        base = [*base[:-1], next(a for a in chosen if a.outlet == second.outlet)]
    return [*base, *twice, *extra]
