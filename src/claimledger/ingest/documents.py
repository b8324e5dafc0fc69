"""An archived document's text and what it says about itself: a web page's main text and
metadata (trafilatura, htmldate), a PDF's text layer (pypdf), or plain text as it is.

Paragraphs are separated by blank lines, as `extract` and the quote check read them."""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field

from claimledger.errors import ClaimsError


@dataclass(frozen=True)
class Document:
    """Text to archive and the source fields it suggests (title, publisher, url, ...)."""

    text: str
    kind: str  # html | pdf | text
    fields: dict[str, str] = field(default_factory=dict)


def kind_of(data: bytes, name: str, media_type: str = "") -> str:
    """html, pdf or text: by content first, then by the media type or the file name."""
    head = data[:2048].lstrip().lower()
    if data.startswith(b"%PDF-") or media_type == "application/pdf":
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head:
        return "html"
    if media_type in ("text/html", "application/xhtml+xml"):
        return "html"
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return "html"
    return "text"


def read_document(data: bytes, name: str, url: str | None = None, media_type: str = "") -> Document:
    """The document's text and metadata; a page without article text or a PDF without a text
    layer raises ClaimsError (nothing to archive)."""
    kind = kind_of(data, name, media_type)
    if kind == "pdf":
        return _pdf(data, name)
    if kind == "html":
        return _html(data.decode("utf-8", errors="replace"), name, url)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise ClaimsError(
            f"{name}: not UTF-8 text; save it as UTF-8 and archive it again"
        ) from None
    if not text.strip():
        raise ClaimsError(f"{name}: empty; nothing to archive")
    return Document(_normal_paragraphs(text), "text", {"url": url} if url else {})


def _normal_paragraphs(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _html(page: str, name: str, url: str | None) -> Document:
    # Imported here: trafilatura (with lxml and htmldate) costs 220-320 ms; `archive` only.
    import trafilatura

    with warnings.catch_warnings():  # lxml's FutureWarnings inside trafilatura
        warnings.simplefilter("ignore")
        body = trafilatura.extract(
            page, url=url, output_format="txt", include_comments=False, include_tables=True
        )
        meta = trafilatura.extract_metadata(page, default_url=url)
    lines = [line.strip() for line in (body or "").splitlines() if line.strip()]
    if sum(len(line) for line in lines) < 80:
        raise ClaimsError(
            f"{name}: no article text found (a page of links, a log-in wall, or text drawn by "
            "scripts?); save the article's text as a .txt file and archive that"
        )
    fields = {}
    if meta is not None:
        for ours, theirs in (
            ("title", "title"),
            ("publisher", "sitename"),
            ("author", "author"),
            ("published", "date"),
            ("url", "url"),
        ):
            value = getattr(meta, theirs, None)
            if value:
                fields[ours] = str(value)
        if "publisher" not in fields and getattr(meta, "hostname", None):
            fields["publisher"] = str(meta.hostname)
    language = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)", page, re.I)
    if language:
        fields["language"] = language.group(1)
    if url and "url" not in fields:
        fields["url"] = url
    return Document("\n\n".join(lines) + "\n", "html", fields)


def _pdf(data: bytes, name: str) -> Document:
    # Imported here: pypdf costs ~180 ms; `archive` of a PDF only.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ClaimsError(f"{name}: the PDF is encrypted; save an unlocked copy and archive it")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        meta = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ClaimsError(f"{name}: not a readable PDF ({exc})") from None
    if not any(pages):
        raise ClaimsError(
            f"{name}: the PDF has no text layer (a scanned document?); it needs OCR, which "
            "claimledger does not do: run OCR (e.g. ocrmypdf) and archive the result"
        )
    fields = {}
    if meta is not None:
        if meta.title:
            fields["title"] = str(meta.title)
        if meta.author:
            fields["author"] = str(meta.author)
    return Document("\n\n".join(p for p in pages if p) + "\n", "pdf", fields)
