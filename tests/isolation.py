"""Where the real home and the suite's session folder are (shared by conftest and tests).

Imported once per test session, before any test changes ``HOME``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

REAL_HOME = Path(os.path.expanduser("~"))
#: The user's real workspace folder: the suite must never create or change anything in it.
REAL_DATA = REAL_HOME / ".local" / "share" / "framing"
#: The session's temporary HOME / FRAMING_HOME live under this folder.
SESSION_ROOT = Path(tempfile.mkdtemp(prefix="framing-tests-"))
