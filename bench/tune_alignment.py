"""Choose the alignment threshold on hand-matched sentence pairs of the sample story.

Usage::

    python bench/tune_alignment.py

Runs the real pipeline on data/sample/ (two articles framing the same meeting in opposite
ways), aligns the outlets at a range of thresholds and prints, for each, how many of the
hand-matched pairs below are found (recall), how many matches are not in the list
(precision), and whether Putin's "unprovoked aggression" remark is aligned. Pairs are named
by the opening words of each sentence, so a change of sentence splitter does not break them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.clusters import DEFAULT_THRESHOLD, cluster_story  # noqa: E402
from framing.ingest import load_sample  # noqa: E402
from framing.pipeline import analyze  # noqa: E402

# (opening of the sentence in "000 · Steps In", opening of the one in "003 · Keeps Distance")
REMARK = {
    ("Following the devastating US airstrikes", "Russian President Vladimir Putin on Monday"),
    ("Following the devastating US airstrikes", "“This absolutely unprovoked aggression"),
    ('The "unprovoked aggression" of the US', "“This absolutely unprovoked aggression"),
    ('The "unprovoked aggression" of the US', "Russian President Vladimir Putin on Monday"),
}
SAME_FACT = REMARK | {
    ("Putin's pledge that Russia is", "Putin reiterated that Russia was"),
    ("According to Russia's state TASS", "Putin made the comments during"),
    ("Foreign Minister Araghchi, ahead of", "For his part, Foreign Minister Araghchi"),
    ("Following the devastating US airstrikes", "His remarks follow U.S. airstrikes"),
    ("The recent US-led airstrikes against", "His remarks follow U.S. airstrikes"),
    ("- Protecting its geopolitical investments", "While Moscow has a history"),
    ("Iran's Supreme Leader Ayatollah Ali Khamenei", "Last week, the Russian leader also revealed"),
    ("For Iran, Russia represents", "“Russia has been a partner"),
    ("Foreign Minister Araghchi, ahead of", "“Russia has been a partner"),
}
FACTS = 1 + len(SAME_FACT - REMARK)  # the remark counts once, whichever versions are matched


def _is(pair: tuple[str, str], a: str, b: str) -> bool:
    return a.startswith(pair[0]) and b.startswith(pair[1])


def main() -> None:
    analysis = analyze(load_sample())
    print(f"default threshold {DEFAULT_THRESHOLD}")
    print("threshold  matches  same-fact  facts found  precision  recall  remark")
    for threshold in (0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.56):
        result = cluster_story(analysis.sentences, analysis.cues, threshold=threshold)
        al = result.alignments
        matched = al[al["similarity"].notna()]
        pairs = list(zip(matched["text_a"], matched["text_b"], strict=True))
        good = [p for p in pairs if any(_is(g, *p) for g in SAME_FACT)]
        remark = any(_is(g, *p) for g in REMARK for p in pairs)
        facts = len([p for p in good if not any(_is(g, *p) for g in REMARK)]) + int(remark)
        precision = len(good) / len(pairs) if pairs else float("nan")
        print(
            f"{threshold:9.2f}  {len(pairs):7d}  {len(good):9d}  {facts:11d}  "
            f"{precision:9.2f}  {facts / FACTS:6.2f}  {'yes' if remark else 'no'}"
        )


if __name__ == "__main__":
    main()
