"""The frames stage: per sentence frame cues, per article a score for every frame.

For each scheme (``policy``, ``generic``) the shipped model ``data/frames_model_<scheme>.csv``
gives every frame a logit ``intercept + Σ coefficient × feature value`` over the article's
features (:mod:`framing.frames.features`). Each feature's contribution is split over the
places in the text that produced it, so the logit is exactly the intercept plus the sum of
the ``frame_cues`` rows' weights: every frame score traces to cue rows, and a sentence's
score for a frame is the sum of its rows. ``score`` is ``1 / (1 + exp(-(logit - threshold)))``:
0.5 at the frame's threshold, and ``predicted`` is ``score >= 0.5``.

Articles that do not look like English (:func:`framing.quality.english_ratio` below
:data:`framing.quality.ENGLISH_MIN_RATIO`, the ``non_english`` quality flag) are set aside:
they get no frames rows. Measured on the SemEval-2023 French, German, Italian, Polish and
Russian articles, the English model scores them no better than predicting the commonest
English frames (``docs/frames.md``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd

from framing.frames.schemes import (
    FRAMES_LEXICON,
    SCHEMES,
    matcher_entries,
    read_frames_csv,
    read_model_csv,
)
from framing.frames.scoring import score_article
from framing.lexicon import Matcher
from framing.models import CUE_COLUMNS, FRAME_COLUMNS
from framing.quality import ENGLISH_MIN_RATIO, ENGLISH_MIN_WORDS, english_ratio
from framing.sentences import _WORD_RE

__all__ = [
    "DEFAULT_SCHEMES",
    "FRAME_COLUMNS",
    "FRAME_CUE_COLUMNS",
    "MODEL_DIR",
    "FrameScorer",
    "frame_cue_table",
    "frame_table",
    "highlight_cues",
    "is_english",
    "load_scorer",
    "score_frames",
    "scorers_for",
    "sentence_frames",
    "text_frames",
    "user_frame_terms",
]

MODEL_DIR = Path(__file__).resolve().parents[2] / "data"
DEFAULT_SCHEMES = ("policy", "generic")
#: frame_cues: the cue table's columns; lexicon "frames", category "<scheme>:<frame>",
#: weight the contribution to that frame's logit (negative: speaks against the frame).
FRAME_CUE_COLUMNS = CUE_COLUMNS


@dataclass(frozen=True)
class FrameScorer:
    """One scheme's model, ready to score: coefficients by feature, frames in order."""

    scheme: str
    frames: tuple[str, ...]
    coef: dict[str, np.ndarray]  # feature ("w:<gram>" / "lex:<frame>") -> one value per frame
    intercept: np.ndarray
    threshold: np.ndarray
    matcher: Matcher
    vocabulary: frozenset[str]
    ngrams: bool
    dropped: frozenset[tuple[str, str]] = frozenset()  # (frame, lexicon term) pruned


def _scorer(table: pd.DataFrame, lexicon: pd.DataFrame, scheme: str) -> FrameScorer:
    frames = SCHEMES[scheme]
    part = table[table["scheme"] == scheme]
    index = {f: i for i, f in enumerate(frames)}
    intercept = np.zeros(len(frames))
    threshold = np.zeros(len(frames))
    coef: dict[str, np.ndarray] = {}
    dropped = set()
    for row in part.itertuples(index=False):
        i = index[row.frame]
        if row.kind == "dropped":
            dropped.add((row.frame, str(row.term)))
        elif row.kind == "intercept":
            intercept[i] = row.coefficient
        elif row.kind == "threshold":
            threshold[i] = row.coefficient
        else:
            feature = ("lex:" if row.kind == "lexicon" else "w:") + str(row.term)
            coef.setdefault(feature, np.zeros(len(frames)))[i] = row.coefficient
    grams = frozenset(f[2:] for f in coef if f.startswith("w:"))
    return FrameScorer(
        scheme=scheme,
        frames=frames,
        coef=coef,
        intercept=intercept,
        threshold=threshold,
        matcher=Matcher(matcher_entries(lexicon, scheme=scheme)),
        vocabulary=grams,
        ngrams=bool(grams),
        dropped=frozenset(dropped),
    )


@cache
def _load(scheme: str, model_dir: Path, lexicon_path: Path, stamp: tuple) -> FrameScorer:
    table = read_model_csv(model_dir / f"frames_model_{scheme}.csv")
    return _scorer(table, read_frames_csv(lexicon_path), scheme)


def load_scorer(
    scheme: str, *, model_dir: Path = MODEL_DIR, lexicon_path: Path = FRAMES_LEXICON
) -> FrameScorer:
    """The shipped model of ``scheme`` (cached; reloaded when a file changes).

    Examples
    --------
    >>> load_scorer("generic").frames
    ('Conflict', 'Economic', 'Human interest', 'Moral', 'Resolution')
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown frame scheme {scheme!r}; choose from {list(SCHEMES)}")
    files = (model_dir / f"frames_model_{scheme}.csv", lexicon_path)
    stamp = tuple((f.stat().st_size, f.stat().st_mtime_ns) for f in files)
    return _load(scheme, model_dir, lexicon_path, stamp)


def user_frame_terms(lexicon: pd.DataFrame | None) -> pd.DataFrame:
    """Rows of users' lexicons that name a frame: ``category`` ``"<scheme>:<frame>"``.

    A user adds terms to a frame with an ordinary lexicon file (``term,category,weight,
    source``) whose category names the frame, e.g. ``sanctions relief,policy:Economic,1,me``.
    Returned as frames-lexicon rows (:data:`framing.frames.schemes.FRAMES_LEXICON_COLUMNS`);
    rows of the bundled lexicons and categories that name no known frame are ignored.

    Examples
    --------
    >>> lex = pd.DataFrame({"term": ["sanctions relief", "maybe"], "lexicon": ["mine", "mine"],
    ...     "category": ["policy:Economic", "hedge"], "weight": [1.0, 1.0], "source": ["me", ""]})
    >>> user_frame_terms(lex)[["term", "frame", "scheme"]].values.tolist()
    [['sanctions relief', 'Economic', 'policy']]
    """
    if lexicon is None or not len(lexicon) or "category" not in lexicon:
        return pd.DataFrame(columns=["term", "frame", "scheme", "weight", "source"])
    bundled = {"hedging", "intensity", "reporting", "stance", "frames"}
    rows = []
    for term, category, weight, source, name in zip(
        lexicon["term"], lexicon["category"], lexicon["weight"],
        lexicon.get("source", pd.Series([""] * len(lexicon))), lexicon["lexicon"], strict=True,
    ):  # fmt: skip
        scheme, _, frame = str(category).partition(":")
        if str(name) in bundled or frame not in SCHEMES.get(scheme.strip(), ()):
            continue
        rows.append((str(term), frame, scheme.strip(), float(weight), f"{name}: {source}"))
    return pd.DataFrame(rows, columns=["term", "frame", "scheme", "weight", "source"])


@cache
def _with_user_terms(scheme: str, base_id: int, extra: tuple) -> FrameScorer:
    # base_id: the shipped scorer's identity, so a reloaded model file makes a new entry
    lexicon = read_frames_csv(FRAMES_LEXICON)
    user = pd.DataFrame(list(extra), columns=list(lexicon.columns))
    merged = pd.concat([lexicon[~lexicon["term"].isin(set(user["term"]))], user])
    table = read_model_csv(MODEL_DIR / f"frames_model_{scheme}.csv")
    return _scorer(table, merged.reset_index(drop=True), scheme)


def scorers_for(lexicon: pd.DataFrame | None = None) -> list[FrameScorer]:
    """The shipped scorers of :data:`DEFAULT_SCHEMES`, with users' frame terms added.

    ``lexicon`` is the lexicon in force (``Analysis.lexicon``); its rows that name a frame
    (:func:`user_frame_terms`) feed that frame's lexicon feature, with the shipped model's
    coefficients, and replace a shipped term of the same spelling.
    """
    extra = user_frame_terms(lexicon)
    out = []
    for scheme in DEFAULT_SCHEMES:
        base = load_scorer(scheme)
        mine = extra[extra["scheme"] == scheme]
        if len(mine):
            rows = tuple(mine.itertuples(index=False, name=None))
            base = _with_user_terms(scheme, id(base), rows)
        out.append(base)
    return out


def is_english(text: str) -> bool:
    """Whether the frames stage scores a text (the ``non_english`` flag's rule, inverted).

    Examples
    --------
    >>> is_english("The court ruled on Tuesday that the law was unconstitutional.")
    True
    >>> is_english(" ".join(["Le gouvernement a annoncé des mesures contre la crise."] * 3))
    False
    """
    if next(islice(_WORD_RE.finditer(text), ENGLISH_MIN_WORDS - 1, None), None) is None:
        return True  # count_words(text) < ENGLISH_MIN_WORDS, counted no further
    return english_ratio(text) >= ENGLISH_MIN_RATIO


def score_frames(
    sentences: pd.DataFrame,
    *,
    schemes: Sequence[str] = DEFAULT_SCHEMES,
    scorers: Sequence[FrameScorer] | None = None,
    english_only: bool = True,
    skip: Collection[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Frames of every article in ``sentences``.

    Parameters
    ----------
    sentences
        Needs ``article_id, sent_id, start, end, text`` (``outlet`` when present), as the
        ``sentences`` table of :func:`framing.analyze`; ``start`` indexes the article text.
    schemes
        Schemes to score, by name (see :data:`framing.frames.schemes.SCHEMES`).
    scorers
        Models to use instead of the shipped ones (``schemes`` is then ignored).

    english_only
        Set aside articles failing :func:`is_english` (no rows); ``False`` scores them
        anyway (how the evaluation measures what scoring them would give).
    skip
        The articles to set aside, when already known (:func:`framing.analyze` passes those
        with the ``non_english`` quality flag, the same rule): no :func:`is_english` test then.

    Returns
    -------
    frames, frame_cues : DataFrame
        :data:`FRAME_COLUMNS` (one row per article, scheme and frame) and
        :data:`FRAME_CUE_COLUMNS` (one row per place and frame it feeds).

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": ["a"], "outlet": ["Daily"], "sent_id": [0],
    ...     "start": [0], "end": [43], "text": ["Troops and missiles massed at the border."]})
    >>> frames, cues = score_frames(s, schemes=["policy"])
    >>> frames.set_index("frame").loc["Security and defense", "predicted"]
    np.True_
    >>> sorted(set(cues[cues["category"] == "policy:Security and defense"]["term"]))
    ['border', 'missiles', 'troops']
    """
    scorers = list(scorers) if scorers is not None else [load_scorer(s) for s in schemes]
    frames, cues = _score(sentences, scorers, english_only=english_only, skip=skip, cues=True)
    assert cues is not None
    return frames, cues


def frame_table(
    sentences: pd.DataFrame,
    *,
    scorers: Sequence[FrameScorer],
    skip: Collection[str] | None = None,
) -> pd.DataFrame:
    """The frames table of :func:`score_frames` alone (the same rows, faster: no cue rows)."""
    return _score(sentences, list(scorers), english_only=True, skip=skip, cues=False)[0]


def frame_cue_table(
    sentences: pd.DataFrame,
    *,
    lexicon: pd.DataFrame | None = None,
    skip: Collection[str] | None = None,
) -> pd.DataFrame:
    """The cue table of :func:`score_frames`, with the scorers of :func:`scorers_for`
    ``(lexicon)``: what ``Analysis.frame_cues`` builds when first read."""
    return score_frames(sentences, scorers=scorers_for(lexicon), skip=skip)[1]


def _score(
    sentences: pd.DataFrame,
    scorers: list[FrameScorer],
    *,
    english_only: bool,
    skip: Collection[str] | None,
    cues: bool,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    frame_rows: list[tuple] = []
    cols: list[list] = [[] for _ in range(7)]  # scoring.CueColumns of every article
    ids: list[str] = []
    outlet_ids: list[str] = []
    lengths: list[int] = []
    skipped = None if skip is None else {str(a) for a in skip}
    if len(sentences):
        outlets = sentences["outlet"].tolist() if "outlet" in sentences.columns else None
        sids = [int(x) for x in sentences["sent_id"].tolist()]
        starts = [int(x) for x in sentences["start"].tolist()]
        texts = [str(x) for x in sentences["text"].tolist()]
        for aid, rows in _groups(sentences["article_id"].tolist()).items():
            outlet = str(outlets[rows[0]]) if outlets is not None else ""
            mine = [texts[i] for i in rows]
            if skipped is not None:
                if str(aid) in skipped:
                    continue
            elif english_only and not is_english(" ".join(mine)):
                continue
            for f_rows, c_cols in score_article(
                str(aid), outlet, [sids[i] for i in rows], [starts[i] for i in rows], mine,
                scorers, cues=cues,
            ):  # fmt: skip
                frame_rows.extend(f_rows)
                if c_cols is None:
                    continue
                for whole, part in zip(cols, c_cols, strict=True):
                    whole.extend(part)
                ids.append(str(aid))
                outlet_ids.append(outlet)
                lengths.append(len(c_cols[0]))
    frames = pd.DataFrame(frame_rows, columns=FRAME_COLUMNS).reset_index(drop=True)
    if not cues:
        return frames, None
    table = _cue_frame(ids, outlet_ids, lengths, cols)
    if len(table):
        table = table.sort_values(["article_id", "start", "category"], kind="stable")
    return frames, table.reset_index(drop=True)


_STR = pd.DataFrame([("x",)]).dtypes.iloc[0]  # the dtype pandas gives a column of str


def _cue_frame(
    ids: list[str], outlets: list[str], lengths: list[int], cols: list[list]
) -> pd.DataFrame:
    """The cue table, column by column: what ``pd.DataFrame(rows)`` infers, built faster."""
    n = len(cols[0])
    if not n:
        return pd.DataFrame([], columns=FRAME_CUE_COLUMNS)
    sid, start, end, text, term, category, weight = cols
    each = np.asarray(lengths, dtype=np.intp)
    data = {
        "article_id": pd.array(np.repeat(np.asarray(ids, dtype=object), each), dtype=_STR),
        "outlet": pd.array(np.repeat(np.asarray(outlets, dtype=object), each), dtype=_STR),
        "sent_id": np.asarray(sid, dtype=np.int64),
        "start": np.asarray(start, dtype=np.int64),
        "end": np.asarray(end, dtype=np.int64),
        "text": pd.array(text, dtype=_STR),
        "term": pd.array(term, dtype=_STR),
        "lexicon": pd.array(["frames"] * n, dtype=_STR),
        "category": pd.array(category, dtype=_STR),
        "weight": np.asarray(weight, dtype=np.float64),
        "negated": np.zeros(n, dtype=bool),
    }
    return pd.DataFrame({c: data[c] for c in FRAME_CUE_COLUMNS})


def _groups(keys: list) -> dict:
    """Row positions by key, keys in order of first appearance (``groupby(sort=False)``;
    missing keys dropped, as ``groupby`` drops them)."""
    out: dict = {}
    for i, key in enumerate(keys):
        if key is None or key is pd.NA or (isinstance(key, float) and key != key):
            continue
        rows = out.get(key)
        if rows is None:
            out[key] = [i]
        else:
            rows.append(i)
    return out


def sentence_frames(frame_cues: pd.DataFrame, *, k: int = 3) -> pd.Series:
    """Per ``(article_id, sent_id)``: the ``k`` frames the sentence pushes most, as text.

    ``"policy:Security and defense 0.42; generic:Conflict 0.18"`` (sums of the sentence's
    positive-and-negative contributions; only frames with a positive sum).

    Examples
    --------
    >>> c = pd.DataFrame({"article_id": ["a", "a"], "sent_id": [0, 0],
    ...     "category": ["policy:Political", "policy:Economic"], "weight": [0.5, -0.1]})
    >>> sentence_frames(c).tolist()
    ['policy:Political 0.50']
    """
    if not len(frame_cues):
        return pd.Series(dtype=str)
    sums = frame_cues.groupby(["article_id", "sent_id", "category"], sort=False)["weight"].sum()
    sums = sums[sums > 0].reset_index()
    sums = sums.sort_values(["article_id", "sent_id", "weight"], ascending=[True, True, False])
    return _join_top(sums, k)


def text_frames(texts: Sequence[str], *, k: int = 3) -> list[dict[str, float]]:
    """Per free-standing text: the ``k`` frames its words push up most, ``{"<scheme>:<frame>":
    summed contribution}`` (positive sums only, largest first; ``{}`` when none).

    Used by the command line's ``sentences``; each text is scored as a one-sentence article.

    Examples
    --------
    >>> text_frames(["Troops massed at the border.", "Hello."])[1]
    {}
    >>> next(iter(text_frames(["Troops massed at the border."])[0]))
    'policy:Security and defense'
    """
    if not texts:
        return []
    sents = pd.DataFrame(
        {
            "article_id": [str(i) for i in range(len(texts))],
            "sent_id": 0,
            "start": 0,
            "end": [len(t) for t in texts],
            "text": list(texts),
        }
    )
    _, cues = score_frames(sents)
    out: list[dict[str, float]] = [{} for _ in texts]
    if len(cues):
        sums = cues.groupby(["article_id", "category"], sort=False)["weight"].sum()
        for (aid, category), weight in sums[sums > 0].items():
            out[int(aid)][str(category)] = round(float(weight), 4)
    return [dict(sorted(d.items(), key=lambda kv: -kv[1])[:k]) for d in out]


def highlight_cues(
    frame_cues: pd.DataFrame, *, scheme: str | None = None, frame: str | None = None
) -> pd.DataFrame:
    """One cue row per place: the frame it pushes up most (positive contributions only).

    For highlighting: ``frame_cues`` has a row per place *and* frame it feeds; this keeps,
    for each place, the frame with the largest positive weight (of ``scheme``, or of the one
    ``frame`` named as ``"<scheme>:<frame>"``).

    Examples
    --------
    >>> c = pd.DataFrame({"article_id": ["a"] * 3, "start": [0] * 3, "end": [4] * 3,
    ...     "category": ["policy:Political", "policy:Economic", "generic:Conflict"],
    ...     "weight": [0.2, 0.5, 0.9]})
    >>> highlight_cues(c, scheme="policy")["category"].tolist()
    ['policy:Economic']
    """
    if frame_cues is None or not len(frame_cues):
        return pd.DataFrame(columns=FRAME_CUE_COLUMNS)
    df = frame_cues[frame_cues["weight"] > 0]
    if frame is not None:
        df = df[df["category"] == frame]
    elif scheme is not None:
        df = df[df["category"].str.startswith(scheme + ":")]
    df = df.sort_values(["article_id", "start", "weight"], ascending=[True, True, False])
    return df.drop_duplicates(["article_id", "start", "end"]).reset_index(drop=True)


def _join_top(sums: pd.DataFrame, k: int) -> pd.Series:
    out: dict[tuple[str, int], str] = {}
    for (aid, sid), g in sums.groupby(["article_id", "sent_id"], sort=False):
        out[(str(aid), int(sid))] = "; ".join(
            f"{c} {w:.2f}" for c, w in list(zip(g["category"], g["weight"], strict=True))[:k]
        )
    series = pd.Series(out, name="frames", dtype=str)
    series.index.names = ["article_id", "sent_id"]
    return series
