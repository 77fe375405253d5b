"""``python -m framing …``: see :mod:`framing.cli`."""

from __future__ import annotations

import sys

from framing.cli import main

if __name__ == "__main__":
    sys.exit(main())
