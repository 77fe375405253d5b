"""User text inside Streamlit markdown: escape it so names like ``*Daily* _Mail_`` show as typed.

Streamlit never renders raw HTML from ``st.markdown`` unless asked, so this is about
fidelity (markdown syntax, ``$`` for LaTeX, ``:emoji:`` shortcodes), not script injection;
HTML goes through :mod:`framing.render`, which escapes.
"""

from __future__ import annotations

import re

__all__ = ["md"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """``text`` with every markdown-active character backslash-escaped.

    Examples
    --------
    >>> print(md("*Daily* $5"))
    \\*Daily\\* \\$5
    """
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
