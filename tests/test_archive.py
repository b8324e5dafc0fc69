"""`claims archive`: saved pages, URLs from a real local server, PDFs and text, each into the
archive folder with a drafted source; bad input is one clear message with nothing written."""

from __future__ import annotations

import http.server
import shutil
import socket
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli

from .pdfs import pdf_with_text, pdf_without_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"  # beside the repository
ALHURRA = SEEDS / "003_fbda28e532f9d5ad.txt"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed texts live beside the repository")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def news_page(text: str, title: str = "Iran Plays Its Last Card in the Region") -> str:
    """An article page as news sites build them: navigation, a cookie banner, share buttons,
    related stories, comments and a footer around the article's paragraphs."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs(text)[1:])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Alhurra</title>
<meta property="og:site_name" content="Alhurra">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2026-02-03T10:00:00Z">
<link rel="canonical" href="https://alhurra.example/en/12939"></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/iraq">Iraq</a></li><li><a href="/video">Video</a></li></ul></nav></header>
<div class="cookie-banner" id="cookie-consent">We use cookies to improve your experience.
<button>Accept all</button> <button>Manage settings</button></div>
<main><article><h1>{title}</h1>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
{body}
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/en/1">Militias parade missiles in Baghdad</a></li>
<li><a href="/en/2">What the twelve-day war changed</a></li></ul></aside>
<section id="comments" class="comments"><h2>Comments</h2>
<div class="comment"><p>Great article, totally agree with the author here!</p></div></section>
</main>
<footer><p>© MBN 2026. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""


class Handler(http.server.BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[int, str, bytes, dict[str, str]]]] = {}

    def do_GET(self) -> None:
        if self.path == "/stream":  # no Content-Length: the cap must hold while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
            except ConnectionError:  # the client stops reading at its cap: as it should
                pass
            return
        status, media, body, headers = self.pages.get(self.path, (404, "text/plain", b"", {}))
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", headers.pop("Content-Length", str(len(body))))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.pages = {}
    yield f"http://127.0.0.1:{httpd.server_address[1]}", Handler.pages
    httpd.shutdown()
    httpd.server_close()


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@needs_seeds
def test_a_saved_page_is_archived_without_boilerplate_and_quotes_check_against_it(store, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(news_page(ALHURRA.read_text()), encoding="utf-8")
    result = run("archive", str(page), "--id", "alhurra-last-card")
    assert (result.exit_code, result.output) == (
        0,
        "archived archives/alhurra-last-card.txt (html); drafted source alhurra-last-card in "
        "claims/sources/alhurra-last-card.toml\nnext: claims extract alhurra-last-card\n",
    )
    text = (store / "archives" / "alhurra-last-card.txt").read_text()
    assert paragraphs(text) == [
        "Iran Plays Its Last Card in the Region",
        *paragraphs(ALHURRA.read_text())[1:],
    ]
    for noise in (
        "cookies",
        "Related stories",
        "Great article",
        "All rights",
        "Privacy",
        "Share on",
    ):
        assert noise not in text
    import hashlib

    digest = hashlib.sha256(text.encode()).hexdigest()
    assert (store / "sources" / "alhurra-last-card.toml").read_text() == (
        "[[source]]\n"
        'id = "alhurra-last-card"\n'
        'title = "Iran Plays Its Last Card in the Region"\n'
        'publisher = "Alhurra"\n'
        'url = "https://alhurra.example/en/12939"\n'
        'published = "2026-02-03"\n'
        'accessed = "2026-11-21"\n'
        'language = "en"\n'
        'archive = "archives/alhurra-last-card.txt"\n'
        f'archive_sha256 = "{digest}"\n'
    )
    assert run("check").exit_code == 0


@needs_seeds
def test_the_shipped_quotes_verify_against_the_archived_page(tmp_path, monkeypatch):
    """Quote verification works on an archived page as on the shipped archive."""
    store = tmp_path / "claims"
    shutil.copytree(ROOT / "claims" / "subjects", store / "subjects")
    (store / "sources").mkdir()
    shipped = ROOT / "claims" / "sources" / "alhurra-2026-02-iran-last-card.toml"
    (store / "sources" / shipped.name).write_text(
        shipped.read_text().replace(
            'archive = "003_fbda28e532f9d5ad.txt"', 'archive = "archives/alhurra.txt"'
        )
    )
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "page.html"
    page.write_text(news_page(ALHURRA.read_text()), encoding="utf-8")
    assert run("archive", str(page), "--id", "alhurra").exit_code == 0
    checked = run("check", "--format", "json")
    assert "quote-not-found" not in checked.output
    assert "archive-missing" not in checked.output


@needs_seeds
def test_archiving_again_keeps_both_versions_and_reports_the_change(store, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(news_page(ALHURRA.read_text()), encoding="utf-8")
    assert run("archive", str(page), "--id", "alhurra").exit_code == 0
    same = run("archive", str(page), "--id", "alhurra")
    assert same.output == "alhurra: the text is unchanged since 2026-11-21; nothing written\n"
    edited = ALHURRA.read_text().replace("near-total collapse", "total collapse")
    edited = edited.replace("Even so, the regime", "Even so, the government")
    page.write_text(news_page(edited + "\n\nA paragraph added later.\n"), encoding="utf-8")
    changed = run("archive", str(page), "--id", "alhurra")
    assert (changed.exit_code, changed.output) == (
        0,
        "alhurra: the text changed since 2026-11-21: 1 paragraph edited, 1 paragraph added\n"
        "  kept both versions; the source now points to archives/alhurra.2026-11-21.txt\n",
    )
    assert sorted(p.name for p in (store / "archives").iterdir()) == [
        "alhurra.2026-11-21.txt",
        "alhurra.txt",
    ]
    assert "near-total collapse" in (store / "archives" / "alhurra.txt").read_text()
    source = (store / "sources" / "alhurra.toml").read_text()
    assert 'archive = "archives/alhurra.2026-11-21.txt"' in source
    assert run("check").exit_code == 0


@needs_seeds
def test_a_url_is_fetched_through_redirects(store, server):
    base, pages = server
    html = news_page(ALHURRA.read_text()).encode()
    pages["/en/12939"] = (200, "text/html", html, {})
    pages["/short"] = (302, "text/html", b"", {"Location": "/en/12939"})
    result = run("archive", base + "/short")
    assert result.exit_code == 0
    assert result.output.startswith("archived archives/alhurra-2026-02-iran-plays-its-last.txt")
    source = (store / "sources" / "alhurra-2026-02-iran-plays-its-last.toml").read_text()
    assert 'url = "https://alhurra.example/en/12939"' in source  # the canonical URL


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "{url}: the server answered 404 Not Found"),
        ("/loop", "{url}: redirected more than 5 times (a redirect loop?)"),
        (
            "/huge",
            "{url}: larger than 1 MiB; not an article page "
            "(raise the cap with --max-size MIB if it really is)",
        ),
        (
            "/stream",
            "{url}: larger than 1 MiB; not an article page "
            "(raise the cap with --max-size MIB if it really is)",
        ),
        (
            "/links",
            "{url}: no article text found (a page of links, a log-in wall, or text drawn by "
            "scripts?); save the article's text as a .txt file and archive that",
        ),
    ],
)
def test_each_failed_download_is_one_clear_message(store, server, path, message):
    base, pages = server
    pages["/loop"] = (302, "text/html", b"", {"Location": "/loop"})
    pages["/huge"] = (200, "text/html", b"", {"Content-Length": str(500 << 20)})
    pages["/links"] = (
        200,
        "text/html",
        b"<html><body><nav><a href='/a'>Home</a> <a href='/b'>World</a></nav></body></html>",
        {},
    )
    before = files_of(store)
    result = run("archive", base + path, "--max-size", "1")
    assert (result.exit_code, result.output) == (
        2,
        "Error: " + message.format(url=base + path) + "\n",
    )
    assert files_of(store) == before


def test_an_unreachable_server(store):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    url = f"http://127.0.0.1:{port}/page"
    result = run("archive", url)
    assert (result.exit_code, result.output) == (
        2,
        f"Error: {url}: could not reach the server (connection refused)\n",
    )


def test_a_pdf_report_and_a_pdf_without_a_text_layer(store, tmp_path, server):
    base, pages = server
    lines = ["Annual report on displacement.", "Nearly 70 militias operate in Iraq, it said."]
    pages["/report.pdf"] = (200, "application/pdf", pdf_with_text(lines, "Displacement"), {})
    result = run("archive", base + "/report.pdf", "--id", "ngo-report")
    assert result.exit_code == 0, result.output
    assert (store / "archives" / "ngo-report.txt").read_text() == "\n".join(lines) + "\n"
    source = (store / "sources" / "ngo-report.toml").read_text()
    assert 'title = "Displacement"' in source
    assert "the publisher was not found: correct it in claims/sources/ngo-report.toml" in (
        result.output
    )
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_without_text())
    before = files_of(store)
    refused = run("archive", str(scan))
    assert (refused.exit_code, refused.output) == (
        2,
        f"Error: {scan}: the PDF has no text layer (a scanned document?); it needs OCR, which "
        "claimledger does not do: run OCR (e.g. ocrmypdf) and archive the result\n",
    )
    assert files_of(store) == before


def test_plain_text_is_archived_as_it_is(store, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("First paragraph.\r\n\r\n\r\nSecond one.\r\n", encoding="utf-8")
    result = run("archive", str(text), "--id", "field-notes")
    assert result.exit_code == 0
    assert (store / "archives" / "field-notes.txt").read_text() == (
        "First paragraph.\n\nSecond one.\n"
    )
    assert run("archive", str(tmp_path / "nope.txt")).exit_code == 2


HEAVY = ("trafilatura", "htmldate", "pypdf", "rapidfuzz", "pysbd", "lxml")


@pytest.mark.parametrize("args", [["--version"], ["check"], ["import", "--help"]])
def test_version_and_check_load_no_intake_library(store, args):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from claimledger.cli.main import cli\n"
        "try:\n"
        f"    cli({args!r}, prog_name='claims')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"


def test_a_server_that_never_answers(store):
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(1)  # connections wait in the backlog; nothing ever answers
        url = f"http://127.0.0.1:{listening.getsockname()[1]}/slow"
        result = run("archive", url, "--timeout", "0.5")
    assert (result.exit_code, result.output) == (2, f"Error: {url}: no answer within 0.5 s\n")
