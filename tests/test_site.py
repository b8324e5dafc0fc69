"""`claims site`: the pages, their links and accessibility rules, incremental rebuilds that
give byte for byte what a full build gives, history from a real git repository, contrast."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .gitrepo import Repo, claims

HERE = Path(__file__).resolve().parent.parent
SHIPPED = HERE / "claims"
CSS = HERE / "src" / "claimledger" / "render" / "site_templates" / "site.css"

QUAKE = {
    "claims/subjects/quake.toml": """
        [[subject]]
        id = "quake/deaths"
        description = "How many people died in the earthquake?"
        kind = "quantity"
        unit = "people"
        time_varying = true
    """,
    "claims/sources/afad.toml": """
        [[source]]
        id = "afad"
        title = "AFAD bulletin"
        publisher = "AFAD"
        published = 2023-02-07
        reliability = "B"

        [[claim]]
        id = "afad-early"
        subject = "quake/deaths"
        value = 2300
        as_of = 2023-02-06
        quote = "2,300 people died."
        confidence = "high"

        [[claim]]
        id = "afad-late"
        subject = "quake/deaths"
        value = 50096
        as_of = 2023-03-20
        quote = "50,096 people died."
        confidence = "high"
    """,
    "claims/sources/wire.toml": """
        [[source]]
        id = "wire"
        title = "Wire report"
        publisher = "Wire"
        published = 2023-02-07
        reliability = "C"

        [[claim]]
        id = "wire-early"
        subject = "quake/deaths"
        value = 5000
        as_of = 2023-02-06
        quote = "5,000 people died."
        confidence = "moderate"
    """,
}


class Page(HTMLParser):
    """Links, scripts, headings and table headers of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.requests: list[str] = []
        self.headings: list[int] = []
        self.th_without_scope = 0
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag in ("script", "img") and a.get("src"):
            self.requests.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.requests.append(a["href"] or "")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "th" and a.get("scope") not in ("col", "row"):
            self.th_without_scope += 1


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def pages_of(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != ".claims-site.json"
    }


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    """The shipped fact base in a git repository of its own."""
    repo = Repo(tmp_path / "repo")
    shutil.copytree(SHIPPED, repo.path / "claims")
    repo.commit("The shipped fact base")
    monkeypatch.chdir(repo.path)
    return repo


def test_the_shipped_fact_base_as_a_site(shipped, tmp_path):
    out = tmp_path / "site"
    result = claims("site", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}: 116 pages written, 0 unchanged, 0 removed (full build)\n"
    index = (out / "index.html").read_text()
    assert "5 subjects with open conflicts" in index
    first = re.search(r'href="(subjects/[^"]+)"', index).group(1)  # open conflicts first
    assert first == "subjects/iran/iraqi-proxies/activation-posture.html"
    subject = (out / first).read_text()
    assert '<span class="status status-open">open</span>' in subject
    assert "Position 1:" in subject and "Position 2:" in subject
    claim = (out / "claims/alhurra-militia-count.html").read_text()
    assert "The shipped fact base" in claim  # its file's history from git
    assert "2026-01-01 · Ada Lovelace" in claim
    source = (out / "sources/alhurra-2026-02-iran-last-card.html").read_text()
    assert "<h2>Track record</h2>" in source


def test_links_resolve_and_nothing_leaves_the_folder(shipped, tmp_path):
    out = tmp_path / "site"
    claims("site", str(out))
    for path in out.rglob("*.html"):
        page = parse(path)
        for ref in page.requests:
            assert "//" not in ref, f"{path}: requests {ref}"
            assert (path.parent / ref).resolve().is_file(), f"{path}: {ref}"
        for link in page.links:
            if link.startswith("https://"):
                continue  # none: a source's address is shown as text, not requested
            target, _, anchor = link.partition("#")
            found = (path.parent / target).resolve() if target else path
            assert found.is_file(), f"{path}: broken link {link}"
            if anchor:
                assert anchor in parse(found).ids, f"{path}: no #{anchor} in {target}"


def test_headings_in_order_and_table_headers_scoped(shipped, tmp_path):
    out = tmp_path / "site"
    claims("site", str(out))
    for path in out.rglob("*.html"):
        page = parse(path)
        assert page.headings[0] == 1, path
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, f"{path}: h{before} then h{after}"
        assert page.th_without_scope == 0, path


def test_a_rebuild_after_no_change_writes_nothing(shipped, tmp_path):
    out = tmp_path / "site"
    claims("site", str(out))
    result = claims("site", str(out))
    assert result.output == f"{out}: 0 pages written, 7 unchanged, 0 removed (incremental build)\n"
    result = claims("site", str(out), "--full")  # every page rendered, none rewritten
    assert result.output == f"{out}: 0 pages written, 116 unchanged, 0 removed (full build)\n"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_incremental_rebuild_equals_a_full_build(shipped, tmp_path):
    out = tmp_path / "site"
    claims("site", str(out))
    sources = shipped.path / "claims/sources"
    replace_in(sources / "alhurra-2026-02-iran-last-card.toml", '"nearly 70"', '"nearly 75"')
    result = claims("site", str(out))
    # Rendered: the pages of the changed file's records and of what names its source (73 of
    # 116); written: the claim, its subject, its source, subjects.html, the search index.
    assert result.output == f"{out}: 5 pages written, 68 unchanged, 0 removed (incremental build)\n"
    claims("site", str(tmp_path / "fresh"))
    assert pages_of(out) == pages_of(tmp_path / "fresh")
    web = sources / "web-2025-06-unmasking-iran-backed-militias.toml"
    replace_in(web, 'publisher = "', 'publisher = "The ')  # every page naming it
    assert "(incremental build)" in claims("site", str(out)).output
    claims("site", str(tmp_path / "fresh2"))
    assert pages_of(out) == pages_of(tmp_path / "fresh2")


def test_removed_and_added_files_and_commits(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.write(QUAKE)
    repo.commit("Quake figures")
    monkeypatch.chdir(repo.path)
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    claims("site", str(out))
    assert (out / "sources/wire.html").is_file()
    repo.remove("claims/sources/wire.toml")
    repo.write({"claims/sources/later.toml": QUAKE["claims/sources/wire.toml"].replace(
        "wire", "later").replace("5000", "6000")})  # fmt: skip
    repo.commit("Wire withdrawn, a later report")
    result = claims("site", str(out))
    assert "(incremental build)" in result.output
    assert not (out / "sources/wire.html").exists()
    assert not (out / "claims/wire-early.html").exists()
    claims("site", str(fresh))
    assert pages_of(out) == pages_of(fresh)
    assert "Wire withdrawn, a later report" in (out / "claims/later-early.html").read_text()
    assert "Wire withdrawn" not in (out / "claims/afad-early.html").read_text()


def test_text_from_the_records_is_escaped_on_every_page(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    hostile = "<script>alert(1)</script> & \"quoted\" 'single'"
    files = dict(QUAKE)
    files["claims/sources/wire.toml"] = (
        files["claims/sources/wire.toml"]
        .replace('title = "Wire report"', "title = '<b>Wire</b> & co'")
        .replace('quote = "5,000 people died."', "quote = '''" + hostile + "'''")
    )
    repo.write(files)
    monkeypatch.chdir(repo.path)
    out = tmp_path / "site"
    assert claims("site", str(out)).exit_code == 0
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quoted&#34; &#39;single&#39;"
    claim = (out / "claims/wire-early.html").read_text()
    assert f"<blockquote><p>{escaped}</p>" in claim
    assert "&lt;b&gt;Wire&lt;/b&gt; &amp; co</a>" in claim  # the source's title, linked
    for page in ("claims/wire-early.html", "sources/wire.html", "sources.html", "search.html"):
        text = (out / page).read_text()
        assert "<b>Wire" not in text and "<script>alert" not in text, page
    assert "&lt;b&gt;Wire&lt;/b&gt;" in (out / "sources.html").read_text()
    # The search index is JSON in a script: "</" cannot close it early.
    index = (out / "search-index.js").read_text()
    assert "<\\/script>" in index and "</script>" not in index


def test_list_pages_are_rendered_only_when_their_rows_change(shipped, tmp_path, monkeypatch):
    from claimledger.render import site_pages

    out = tmp_path / "site"
    claims("site", str(out))
    made: list[str] = []
    for name in ("index_page", "subjects_page", "sources_page", "search_index"):
        real = getattr(site_pages, name)

        def spy(*args, _real=real, _name=name):
            made.append(_name)
            return _real(*args)

        monkeypatch.setattr(site_pages, name, spy)
    source = shipped.path / "claims/sources/alhurra-2026-02-iran-last-card.toml"
    # A quote: its claim page and the search index change, no subject's or source's row.
    replace_in(source, 'quote = "', 'quote = "Now: ')
    assert "(incremental build)" in claims("site", str(out)).output
    assert made == ["search_index"]
    made.clear()
    # A source's title: its row on sources.html and its search text.
    replace_in(source, 'title = "', 'title = "The ')
    assert "(incremental build)" in claims("site", str(out)).output
    assert made == ["sources_page", "search_index"]
    claims("site", str(tmp_path / "fresh"))
    assert pages_of(out) == pages_of(tmp_path / "fresh")


REVIEW = """
    [[review]]
    id = "checkers-wire-early"
    claim = "wire-early"
    reviewer = "Checkers"
    rating = "False"
    rating_value = 1
    best_rating = 5
    worst_rating = 1
    url = "https://checkers.example/quake-5000"
    date = 2023-02-10
"""


def test_a_claim_page_lists_its_fact_checks_and_rebuilds_when_they_change(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.write({**QUAKE, "claims/reviews/checkers.toml": REVIEW})
    repo.commit("Quake figures, a fact-check")
    monkeypatch.chdir(repo.path)
    out = tmp_path / "site"
    assert claims("site", str(out)).exit_code == 0
    page = (out / "claims/wire-early.html").read_text()
    assert "<h2>Fact-checks</h2>" in page
    assert (
        "<li><strong>Rated False</strong> (1 of 5) by Checkers, 2023-02-10<br>"
        '<span class="url">https://checkers.example/quake-5000</span></li>'
    ) in page
    assert "Fact-checks" not in (out / "claims/afad-early.html").read_text()
    repo.write({"claims/reviews/checkers.toml": REVIEW.replace('"False"', '"Mostly true"')})
    said = claims("site", str(out)).output
    # Rendered: the subject, its 3 claims, their 2 sources and the 7 pages of every record.
    assert said == f"{out}: 1 page written, 12 unchanged, 0 removed (incremental build)\n"
    assert "Rated Mostly true (1 of 5) by Checkers" in (out / "claims/wire-early.html").read_text()
    claims("site", str(tmp_path / "fresh"))
    assert pages_of(out) == pages_of(tmp_path / "fresh")
    repo.remove("claims/reviews/checkers.toml")
    assert "(incremental build)" in claims("site", str(out)).output
    assert "Fact-checks" not in (out / "claims/wire-early.html").read_text()
    claims("site", str(tmp_path / "fresh2"))
    assert pages_of(out) == pages_of(tmp_path / "fresh2")


def test_a_new_day_renders_only_the_subjects_whose_revisit_date_it_passes(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.write(QUAKE)
    monkeypatch.chdir(repo.path)
    monkeypatch.setenv("CLAIMS_TODAY", "2023-02-20")
    resolved = claims(
        "resolve", "afad-early", "wire-early", "--verdict", "both-plausible",
        "--note", "early counts differ", "--by", "ana", "--revisit", "2023-03-01",
    )  # fmt: skip
    assert resolved.exit_code == 0, resolved.output
    repo.commit("Quake figures, judged")
    out = tmp_path / "site"
    claims("site", str(out))
    page = out / "subjects/quake/deaths.html"
    assert "status-resolved" in page.read_text() and "has passed" not in page.read_text()
    monkeypatch.setenv("CLAIMS_TODAY", "2023-02-25")  # before the revisit date: nothing moves
    said = claims("site", str(out)).output
    assert said == f"{out}: 0 pages written, 7 unchanged, 0 removed (incremental build)\n"
    monkeypatch.setenv("CLAIMS_TODAY", "2023-03-05")  # past it: the subject's pages again
    said = claims("site", str(out)).output
    assert "(incremental build)" in said and " 0 pages written" not in said
    assert "revisit date 1 March 2023 has passed" in page.read_text(), said
    claims("site", str(tmp_path / "fresh"))
    assert pages_of(out) == pages_of(tmp_path / "fresh")


def test_quotes_are_marked_with_their_source_language(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    afad = QUAKE["claims/sources/afad.toml"].replace(
        'reliability = "B"', 'reliability = "B"\n        language = "tr"'
    )
    afad = afad.replace(
        'quote = "50,096 people died."',
        'quote = "50,096 people died."\n        quote_original = "50.096 kişi hayatını kaybetti."',
    )
    repo.write({**QUAKE, "claims/sources/afad.toml": afad})
    monkeypatch.chdir(repo.path)
    out = tmp_path / "site"
    assert claims("site", str(out)).exit_code == 0
    early = (out / "claims/afad-early.html").read_text()
    assert '<blockquote><p lang="tr">2,300 people died.</p></blockquote>' in early
    late = (out / "claims/afad-late.html").read_text()
    assert (
        "<blockquote><p>50,096 people died.</p>"
        '<p lang="tr" class="original">50.096 kişi hayatını kaybetti.</p></blockquote>'
    ) in late
    wire = (out / "claims/wire-early.html").read_text()  # no language given: the page's
    assert "<blockquote><p>5,000 people died.</p></blockquote>" in wire


def test_a_time_varying_subject_has_its_timeline_drawn_to_scale(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.write(QUAKE)
    monkeypatch.chdir(repo.path)  # not committed: pages say so
    out = tmp_path / "site"
    assert claims("site", str(out)).exit_code == 0
    page = (out / "subjects/quake/deaths.html").read_text()
    svg = page[page.index("<svg") : page.index("</svg>")]
    bars = re.findall(r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)"', svg)
    assert len(bars) == 3  # two positions disputed in February, one value in March
    assert float(bars[-1][0]) > float(bars[0][0])  # 50,096 lies right of 2,300
    assert "(disputed)" in svg and 'fill="url(#hatch)"' in svg
    assert "Not committed to git yet" in (out / "claims/afad-early.html").read_text()


def test_a_broken_file_is_named_and_exits_1(shipped, tmp_path):
    (shipped.path / "claims/sources/broken.toml").write_text('[[claim]]\nid = "x\n')
    result = claims("site", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert "claims: could not read claims/sources/broken.toml:2:" in result.output
    assert "run `claims check`" in result.output
    again = claims("site", str(tmp_path / "site"))  # told again, though not re-read
    assert again.exit_code == 1 and "broken.toml:2:" in again.output


def test_refuses_a_folder_it_did_not_build(shipped, tmp_path):
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "notes.txt").write_text("mine")
    result = claims("site", str(tmp_path / "project"))
    assert result.exit_code == 2
    assert "a folder with other files in it" in result.output


def test_a_build_cut_short_is_finished_by_the_next_run(shipped, tmp_path, monkeypatch):
    from claimledger.render import site_pages

    out = tmp_path / "site"
    real = site_pages.claim_page

    def crashed(view):
        raise RuntimeError("the machine went down")  # in the middle of the first build

    monkeypatch.setattr(site_pages, "claim_page", crashed)
    with pytest.raises(RuntimeError):
        claims("site", str(out))
    assert (out / "subjects").is_dir() and not (out / "index.html").exists()
    monkeypatch.setattr(site_pages, "claim_page", real)
    result = claims("site", str(out))
    assert result.exit_code == 0, result.output
    assert "(full build)" in result.output
    claims("site", str(tmp_path / "fresh"))
    assert pages_of(out) == pages_of(tmp_path / "fresh")


def relative_luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_of_every_text_colour_on_its_background():
    """WCAG AA: 4.5:1 for text. A rule naming a colour without a background is read on the
    page's white."""
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body)
        bg = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6})", body)
        if fg:
            pairs.append((selector.strip(), fg.group(1), bg.group(1) if bg else "#ffffff"))
    assert len(pairs) > 20
    low = [(s, f, b, round(contrast(f, b), 2)) for s, f, b in pairs if contrast(f, b) < 4.5]
    assert low == []
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0  # the formula, checked against
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # WCAG's known values


def test_version_and_check_do_not_import_jinja2(store):
    code = (
        "import sys\n"
        "from claimledger.cli.main import cli\n"
        "for args in (['--version'], ['check']):\n"
        "    try:\n"
        "        cli(args, prog_name='claims')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'markupsafe')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"
