"""rich views for people: claim tables, one claim in full, sources and subjects."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from claimledger.checks.reviews import reputable
from claimledger.checks.track_record import TrackRecord
from claimledger.conflicts.provenance import chain_label
from claimledger.model.claim_value import (
    asserted_on,
    claim_value,
    date_span,
    describe,
    holds_as_of,
)
from claimledger.model.records import Claim, Review, Source
from claimledger.model.values import plain
from claimledger.tomlstore.store import Store


def _s(value: object) -> str:
    value = plain(value)
    return "" if value is None else str(value)


def _date(raw: object) -> str:
    """A date normalised for a table ("6. Februar 2023" -> 2023-02-06), else as written."""
    span = date_span(raw) if isinstance(raw, str) else None
    return span.short() if span is not None else _s(raw)


# Below this many columns a claim is a block of lines, not a table row: nine columns in 80
# left the id a narrow column wrapped over nine lines.
NARROW = 110
_COLUMNS = ("subject", "value", "parsed", "source", "date", "as of", "confidence", "status")
_STYLES = {"subject": "cyan", "parsed": "dim", "source": "magenta"}


def _cells(c: Claim, store: Store, language: str | None = None) -> dict[str, str]:
    subject = store.subjects.get(c.subject)
    source = store.sources.get(c.source)
    return {
        "subject": c.subject,
        "value": _s(c.value),
        "parsed": describe(claim_value(c, subject, source, language)),
        "source": c.source,
        "date": _date(asserted_on(c, source)),
        "as of": _date(holds_as_of(c, source)),
        "confidence": _s(c.confidence),
        "status": c.status,
    }


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def claims_table(
    claims: list[Claim], store: Store, width: int = 200, language: str | None = None
) -> Table:
    """One row per claim, or on a terminal narrower than NARROW one block of lines per claim.
    An id never wraps (the other columns do); `as of` and `status` show a superseded or
    retracted claim for what it is (a claim that is not active is dimmed)."""
    if width < NARROW:
        return _claim_blocks(claims, store, language)
    table = Table(show_lines=False, expand=False)
    table.add_column("id", style="bold", no_wrap=True)
    for name in _COLUMNS:
        table.add_column(name, style=_STYLES.get(name, ""), overflow="fold")
    for c in claims:
        cells = _cells(c, store, language)
        table.add_row(
            c.id, *(cells[n] for n in _COLUMNS), style=None if c.status == "active" else "dim"
        )
    return table


def _claim_blocks(claims: list[Claim], store: Store, language: str | None = None) -> Table:
    grid = Table.grid(padding=(0, 0))
    grid.add_column(overflow="fold")
    for i, c in enumerate(claims):
        cells = _cells(c, store, language)
        dim = "" if c.status == "active" else " dim"
        parsed = cells["parsed"]
        same = _letters(parsed) == _letters(cells["value"])  # text read as itself
        shown = "" if same else f"  ({parsed})"
        when = cells["date"]
        if cells["as of"] != when:
            when += f", as of {cells['as of']}"
        lines = (
            Text.assemble((cells["subject"], "cyan"), " = ", cells["value"], (shown, "dim")),
            Text.assemble((cells["source"], "magenta"), f", {when}, {cells['confidence']}"),
        )
        if i:
            grid.add_row("")
        grid.add_row(Text.assemble((c.id, "bold" + dim), ("  " + c.status, "dim" + dim)))
        for line in lines:
            grid.add_row(Padding(line, (0, 0, 0, 2)))
    return grid


def claim_panel(claim: Claim, store: Store, language: str | None = None) -> Panel:
    """One claim in full; `language`: the store's default for sources that declare none."""
    subject = store.subjects.get(claim.subject)
    source = store.sources.get(claim.source)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    rows = [
        (
            "subject",
            f"{claim.subject}" + (f" — {subject.description}" if subject else " (unknown)"),
        ),
        ("value", _s(claim.value)),
        ("parsed", describe(claim_value(claim, subject, source, language))),
        ("unit", _s(claim.unit or (subject.unit if subject else None))),
        ("scope", _s(claim.scope)),
        ("source", _source_line(source, claim.source)),
        ("claimant", _s(claim.claimant)),
        ("chain", chain_label(store, claim)),
        ("date", _s(asserted_on(claim, source))),
        ("as of", _s(holds_as_of(claim, source))),
        ("confidence", _s(claim.confidence)),
        ("quote", f"“{claim.quote}”" + _translated(claim, source)),
        ("original", f"“{claim.quote_original}”" if claim.quote_original else ""),
        ("locator", _s(claim.locator)),
        ("tags", ", ".join(claim.tags)),
        ("status", claim.status),
        ("reaffirmed", _s(claim.reaffirmed)),
        ("notes", _s(claim.notes)),
        ("file", f"{claim.origin.file}:{claim.origin.line}"),
    ]
    for key, value in rows:
        if value:
            grid.add_row(key, value)
    return Panel(grid, title=f"claim {claim.id}", title_align="left")


def _translated(claim: Claim, source: Source | None) -> str:
    """ " (translated from tr)" when the quote is a translation."""
    original = source.translated_from if source else None
    if not (claim.quote_original or original):
        return ""
    return f" (translated from {original})" if original else " (translated)"


def _source_line(source: Source | None, source_id: str) -> str:
    if source is None:
        return f"{source_id} (unknown)"
    parts = [source.publisher, f"“{source.title}”", _s(source.published), _s(source.language)]
    rel = f"reliability {source.reliability}" if source.reliability else ""
    return f"{source.id}: " + ", ".join(p for p in [*parts, rel] if p)


def sources_table(store: Store, counts: dict[str, int]) -> Table:
    table = Table()
    for name in ("id", "publisher", "title", "published", "reliability", "claims"):
        table.add_column(name, overflow="fold", justify="right" if name == "claims" else "left")
    for s in sorted(store.sources.values(), key=lambda s: s.id):
        table.add_row(
            s.id, s.publisher, s.title, _s(s.published), _s(s.reliability), str(counts.get(s.id, 0))
        )
    return table


def track_record_table(records: Sequence[TrackRecord], by: str = "source") -> Table:
    """Each source's (or origin's) history of reliability beside the rating given."""
    table = Table(
        box=box.SIMPLE_HEAD,
        padding=(0, 0, 0, 1),
        pad_edge=False,
        caption="sugg: the rating the record suggests; corr / ctr: claims corroborated /"
        " contradicted by independent origins",
    )
    names = (by, "given", "sugg", "won", "lost", "corr", "ctr")
    for name in names:
        if name == by:
            table.add_column(name, no_wrap=True)  # ids never wrap
        else:
            table.add_column(name, justify="right")
    for r in records:
        table.add_row(
            r.source,
            r.given or "",
            r.suggested,
            *(str(n) for n in (r.won, r.lost, r.corroborated, r.contradicted)),
        )
    return table


def subjects_table(store: Store, counts: dict[str, int]) -> Table:
    table = Table()
    for name in ("id", "kind", "unit", "description", "claims"):
        table.add_column(name, overflow="fold", justify="right" if name == "claims" else "left")
    for s in sorted(store.subjects.values(), key=lambda s: s.id):
        table.add_row(s.id, s.kind, _s(s.unit), s.description, str(counts.get(s.id, 0)))
    return table


def relations_table(
    title: str, claims: tuple[Claim, ...], store: Store, language: str | None = None
) -> Table:
    """Claims that agree or conflict with the one shown, with their sources."""
    table = Table(title=title, title_justify="left", title_style="bold")
    for name in ("claim", "value", "parsed", "source", "rel.", "date", "confidence"):
        # ids, dates and ratings never wrap; values and sources do
        wraps = name in ("value", "parsed", "source")
        table.add_column(name, overflow="fold" if wraps else "ellipsis", no_wrap=not wraps)
    for c in claims:
        source = store.sources.get(c.source)
        table.add_row(
            c.id,
            _s(c.value),
            describe(claim_value(c, store.subjects.get(c.subject), source, language)),
            source.publisher if source else c.source,
            _s(source.reliability if source else None),
            _date(asserted_on(c, source)),
            _s(c.confidence),
        )
    return table


def reviews_table(reviews: Sequence[Review], store: Store) -> Table:
    """Published fact-checks of the claim shown: who rated it how, when, and where."""
    table = Table(title="reviewed by", title_justify="left", title_style="bold")
    for name in ("reviewer", "rating", "date", "url"):
        table.add_column(name, overflow="fold", no_wrap=name in ("rating", "date"))
    for r in reviews:
        who = r.reviewer + (" (reputable)" if reputable(store, r) else "")
        table.add_row(who, r.rating, _s(r.date), _s(r.url))
    return table
