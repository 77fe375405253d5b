"""PDFs: encrypted without a password (RC4 and AES) read; with one, a clear message; a PDF
that takes too long to read gives one error and the rest of the batch loads."""

from __future__ import annotations

import io

import pytest
from hostile import make_pdf
from pypdf import PdfReader, PdfWriter

from framing.ingest import documents, load_articles, read_bytes
from framing.models import ReadError

LINES = ["Officials said the talks may resume next week.", "Critics slammed the plan."]


def _encrypted(algorithm: str, *, user: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(LINES, title="Talks"))))
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_encrypted_without_a_user_password_reads(algorithm: str) -> None:
    (article,) = read_bytes(_encrypted(algorithm, user=""), "locked.pdf")
    assert "talks may resume" in article.text
    assert any("encrypted without a password" in n for n in article.notes)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_password_protected_gives_a_clear_message(algorithm: str) -> None:
    with pytest.raises(ReadError) as err:
        read_bytes(_encrypted(algorithm, user="secret"), "locked.pdf")
    assert str(err.value) == (
        "locked.pdf: the PDF is encrypted (password protected); save an unprotected copy"
    )


def test_a_pdf_too_slow_to_read_is_skipped_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(documents, "MAX_PDF_SECONDS", 0.05)
    real = documents._page_text

    def slow_page(page):  # a page that takes longer than the whole budget
        import time

        time.sleep(0.1)
        return real(page)

    monkeypatch.setattr(documents, "_page_text", slow_page)
    many = make_pdf([f"Page line {i}: officials said talks may resume." for i in range(3)])
    slow = PdfWriter()
    for _ in range(3):
        slow.append(PdfReader(io.BytesIO(many)))
    buf = io.BytesIO()
    slow.write(buf)
    batch = [("slow.pdf", buf.getvalue()), ("fine.txt", b"Headline\n\nThe talks went well.")]
    articles, errors = load_articles(batch)
    assert [a.source for a in articles] == ["fine.txt"]
    (error,) = errors
    assert str(error).startswith("slow.pdf: reading the PDF took too long (over 0.05 s")
    assert "the file is skipped" in str(error)
