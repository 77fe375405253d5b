"""Read articles from the files people have: text, Markdown, HTML, PDF, Word, and bundles.

One file gives one :class:`~framing.models.Article`, except bundles (``.csv``, ``.tsv``,
``.xlsx``, ``.jsonl``, ``.json``) which give one article per row. Text is decoded from any
common encoding, mojibake is repaired (ftfy plus a context rule for a ``β`` that stands for a
dash or an apostrophe), and every repair or doubt is written into ``Article.notes`` as a
sentence a reporter understands.

A file that cannot be read raises :class:`~framing.models.ReadError` whose message starts with
the (sanitised) file name, e.g. ``"report.pdf: the PDF is encrypted (password protected)"``.
Nothing else escapes: unexpected failures inside a parser become a ``ReadError`` too.

One concept per module; every public name is importable from ``framing.ingest``:

========================  ==================================================================
:mod:`.names`             file names safe to show, outlet from a file name, the size limit
:mod:`.decode`            bytes → text (byte-order marks, UTF-8, charset guesses)
:mod:`.clean`             text normalisation and repair (mojibake, the β rule, furniture)
:mod:`.sniff`             which reader a file needs (content first); zip-bomb checks
:mod:`.documents`         single documents: txt, md, html, pdf, docx
:mod:`.bundles`           csv/tsv, xlsx, jsonl/json: one article per row
:mod:`.metadata`          outlet, title, date and link made safe; the Article built
:mod:`.read`              entry points: bytes, a file, a batch of uploads
:mod:`.manifest`          folders on disk with a ``manifest.csv``; the sample story
========================  ==================================================================

Examples
--------
>>> from framing.ingest import read_bytes
>>> [a.title for a in read_bytes(b"Big News Today\\nIt happened.", "paper.txt")]
['Big News Today']
"""

from __future__ import annotations

import logging

from framing.ingest.clean import REPAIR_NOTE_PREFIX, clean_text, guess_title, repair_beta
from framing.ingest.decode import decode_bytes
from framing.ingest.documents import MAX_PDF_PAGES, MAX_PDF_SECONDS
from framing.ingest.manifest import (
    MANIFEST_NAME,
    READABLE_EXT,
    SAMPLE_DIR,
    expand_folders,
    load_paths,
    load_sample,
    read_listed_file,
    read_manifest,
)
from framing.ingest.names import MAX_BYTES, outlet_from_name, safe_name
from framing.ingest.read import load_articles, read_bytes, read_bytes_report, read_file
from framing.ingest.sniff import MAX_UNZIPPED_BYTES, MAX_ZIP_MEMBERS, MAX_ZIP_RATIO

__all__ = [
    "MANIFEST_NAME",
    "MAX_BYTES",
    "MAX_PDF_PAGES",
    "MAX_PDF_SECONDS",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_RATIO",
    "READABLE_EXT",
    "REPAIR_NOTE_PREFIX",
    "SAMPLE_DIR",
    "clean_text",
    "decode_bytes",
    "expand_folders",
    "guess_title",
    "load_articles",
    "load_paths",
    "load_sample",
    "outlet_from_name",
    "read_bytes",
    "read_bytes_report",
    "read_file",
    "read_listed_file",
    "read_manifest",
    "repair_beta",
    "safe_name",
]

for _noisy in ("trafilatura", "htmldate", "courlan", "pypdf", "charset_normalizer"):
    logging.getLogger(_noisy).addHandler(logging.NullHandler())
