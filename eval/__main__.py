"""``python -m eval DATA_DIR [--limit N] [--out DIR] [--only SECTIONS]``."""

from eval.run import main

raise SystemExit(main())
