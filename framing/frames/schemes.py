"""Frame schemes by name and the frames lexicon (``data/lexicons/frames.csv``).

Two schemes: ``policy``, the 14 frames of the Policy Frames Codebook (Boydstun et al. 2014) as
used in SemEval-2023 Task 3 subtask 2, and ``generic``, the 5 generic news frames of Semetko &
Valkenburg (2000) as annotated by Frermann et al. (2023). The lexicon has one row per term:
``term, frame, scheme, weight, source``; ``source`` names the definition the term was written
from. Term syntax is the project's (see :mod:`framing.lexicon`).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from framing.models import ReadError

__all__ = [
    "FRAMES_LEXICON",
    "FRAMES_LEXICON_COLUMNS",
    "MODEL_COLUMNS",
    "SCHEMES",
    "frame_label",
    "matcher_entries",
    "read_frames_csv",
    "read_model_csv",
]

#: Frames of each scheme, in codebook order.
SCHEMES: dict[str, tuple[str, ...]] = {
    "policy": (
        "Economic",
        "Capacity and resources",
        "Morality",
        "Fairness and equality",
        "Legality, constitutionality and jurisprudence",
        "Policy prescription and evaluation",
        "Crime and punishment",
        "Security and defense",
        "Health and safety",
        "Quality of life",
        "Cultural identity",
        "Public opinion",
        "Political",
        "External regulation and reputation",
    ),
    "generic": ("Conflict", "Economic", "Human interest", "Moral", "Resolution"),
}

FRAMES_LEXICON = Path(__file__).resolve().parents[2] / "data" / "lexicons" / "frames.csv"
FRAMES_LEXICON_COLUMNS = ["term", "frame", "scheme", "weight", "source"]

_LABELS = {
    "legality_constitutionality_and_jurisprudence": "Legality, constitutionality and jurisprudence"
}


def frame_label(raw: str) -> str:
    """The frame's name as in :data:`SCHEMES` from a data set's spelling.

    Examples
    --------
    >>> frame_label("Legality_Constitutionality_and_jurisprudence")
    'Legality, constitutionality and jurisprudence'
    >>> frame_label("Security_and_defense")
    'Security and defense'
    """
    key = str(raw).strip().lower()
    if key in _LABELS:
        return _LABELS[key]
    text = key.replace("_", " ")
    return text[:1].upper() + text[1:]


def read_frames_csv(data: str | bytes | Path = FRAMES_LEXICON, *, name: str = "") -> pd.DataFrame:
    """Read and validate a frames lexicon (``term, frame, scheme, weight, source``).

    Parameters
    ----------
    data : str, bytes or Path
        A path, or the CSV as text or bytes.
    name : str
        Shown in error messages (defaults to the file name).

    Returns
    -------
    DataFrame
        Columns :data:`FRAMES_LEXICON_COLUMNS`, weights float, terms stripped.

    Raises
    ------
    ReadError
        Missing column, unknown scheme or frame, non-numeric weight, or a term listed twice in
        one scheme.

    Examples
    --------
    >>> lex = read_frames_csv()
    >>> sorted(lex["scheme"].unique())
    ['generic', 'policy']
    """
    label = name or (data.name if isinstance(data, Path) else "frames.csv")
    try:
        if isinstance(data, Path):
            df = pd.read_csv(data, dtype=str, keep_default_na=False)
        else:
            raw = data.decode("utf-8-sig") if isinstance(data, bytes) else data
            df = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False)
    except (OSError, ValueError, pd.errors.ParserError) as err:
        raise ReadError(label, f"cannot read ({err})") from err
    df.columns = [str(c).strip().lower() for c in df.columns]
    for column in FRAMES_LEXICON_COLUMNS:
        if column not in df.columns:
            raise ReadError(label, f"missing column {column!r}")
    df = df[FRAMES_LEXICON_COLUMNS].copy()
    df["term"] = df["term"].str.strip().str.split().str.join(" ")
    df = df[df["term"] != ""]
    for column in ("frame", "scheme"):
        df[column] = df[column].str.strip()
    weights = pd.to_numeric(df["weight"], errors="coerce")
    if weights.isna().any():
        raise ReadError(label, f"non-numeric weight for {df['term'][weights.isna()].iloc[0]!r}")
    df["weight"] = weights.astype(float)
    for row in df.itertuples(index=False):
        if row.scheme not in SCHEMES:
            raise ReadError(label, f"unknown scheme {row.scheme!r} (term {row.term!r})")
        if row.frame not in SCHEMES[row.scheme]:
            raise ReadError(label, f"unknown {row.scheme} frame {row.frame!r}")
    twice = df.duplicated(["scheme", "term"])
    if twice.any():
        raise ReadError(label, f"term {df['term'][twice].iloc[0]!r} listed twice in a scheme")
    return df.reset_index(drop=True)


def matcher_entries(lexicon: pd.DataFrame, *, scheme: str) -> pd.DataFrame:
    """One scheme's rows as :class:`framing.lexicon.Matcher` entries (lexicon ``frames``).

    ``category`` is ``"<scheme>:<frame>"``.

    Examples
    --------
    >>> e = matcher_entries(read_frames_csv(), scheme="generic")
    >>> e.iloc[0]["category"], e.iloc[0]["lexicon"]
    ('generic:Conflict', 'frames')
    """
    part = lexicon[lexicon["scheme"] == scheme]
    return pd.DataFrame(
        {
            "term": part["term"].to_numpy(),
            "category": (scheme + ":" + part["frame"]).to_numpy(),
            "weight": part["weight"].to_numpy(),
            "source": part["source"].to_numpy(),
            "lexicon": "frames",
        }
    )


#: Columns of a shipped model file (``data/frames_model_<scheme>.csv``).
MODEL_COLUMNS = ["scheme", "frame", "kind", "term", "coefficient"]


def read_model_csv(path: Path) -> pd.DataFrame:
    """Read a shipped model CSV (:data:`MODEL_COLUMNS`), coefficients as floats."""
    df = pd.read_csv(path, dtype={"term": str}, keep_default_na=False)
    missing = [c for c in MODEL_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {missing}")
    df["coefficient"] = df["coefficient"].astype(float)
    return df[MODEL_COLUMNS]
