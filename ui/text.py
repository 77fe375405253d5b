"""User text inside Streamlit markdown: escape it so names like ``*Daily* _Mail_`` show as typed.

Streamlit never renders raw HTML from ``st.markdown`` unless asked, so this is about
fidelity (markdown syntax, ``$`` for LaTeX, ``:emoji:`` shortcodes, a file name such as
``bbc_news_2024.html`` turning italic), not script injection; HTML goes through
:mod:`framing.render`, which escapes.
"""

from __future__ import annotations

import re

__all__ = ["md", "unique_labels"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>~$:|!])")
_LEADING = re.compile(r"^(\s*)(#+|>|[-+=]|\d+(?=[.)]))")  # block syntax at the start only


def md(text: object) -> str:
    """``text`` with markdown-active characters backslash-escaped, on one line.

    Examples
    --------
    >>> print(md("*Daily* $5"))
    \\*Daily\\* \\$5
    >>> print(md("bbc_news-2024.html"))
    bbc\\_news-2024.html
    >>> print(md("# 1 - one"))
    \\# 1 - one
    >>> print(md("1. one"))
    1\\. one
    """
    out = _SPECIAL.sub(r"\\\1", str(text)).replace("\r", " ").replace("\n", " ")
    match = _LEADING.match(out)
    if match:
        head, rest = match.group(2), out[match.end() :]
        if head[0].isdigit():  # "1." opens an ordered list; "1)" is already escaped
            out = match.group(1) + head + ("\\" + rest if rest.startswith(".") else rest)
        else:
            out = match.group(1) + "\\" + head + rest
    return out


def unique_labels(labels: dict[str, str]) -> dict[str, str]:
    """The same labels, with the key's first characters added where two labels are equal.

    Streamlit matches a picked option by its displayed label, so two options with the same
    label would both select the first one (removing or showing the wrong article).

    Examples
    --------
    >>> unique_labels({"a1b2c3d4": "Wire — Talks", "ffee0011": "Wire — Talks", "x": "BBC"})
    {'a1b2c3d4': 'Wire — Talks (a1b2c3)', 'ffee0011': 'Wire — Talks (ffee00)', 'x': 'BBC'}
    """
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    out = {k: (f"{v} ({k[:6]})" if counts[v] > 1 else v) for k, v in labels.items()}
    if len(set(out.values())) < len(out):  # ids sharing a prefix: use them whole
        out = {k: (f"{v} ({k})" if counts[v] > 1 else v) for k, v in labels.items()}
    return out
