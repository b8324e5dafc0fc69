"""The explicit list of checks: Store -> diagnostics. Each check is a plain function.

Conflict checks live in `conflicts/`; `run_checks` calls them last so `check` reports
everything in one sorted list.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from claimledger.checks.quotes import (
    MIN_CHARS,
    MIN_WORDS,
    closest_passage,
    normalise_passage,
    passages,
    quote_in,
    too_short,
)
from claimledger.checks.reviews import check_reviews as reviews_findings
from claimledger.checks.standing import record_findings, store_findings
from claimledger.conflicts.supersede import supersede_cycles
from claimledger.model.claim_value import claim_value, unit_ok
from claimledger.model.dates import parse_date
from claimledger.model.diagnostics import Diagnostic, Related, Severity, at_key
from claimledger.model.records import CONFIDENCE_WORDS, Claim, Record, Subject, record_kind
from claimledger.model.values import DaySpan, Quantity, ValueProblem
from claimledger.tomlstore.store import Store

ArchiveReader = Callable[[str], str | None]
R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class CheckContext:
    """What checks need from outside the store: today's date and the archive texts."""

    today: datetime.date
    read_archive: ArchiveReader | None = None
    strict: bool = False  # conflicts are errors, not warnings
    # A share of the work (see disk/parallel_check.py): per-record checks look only at records
    # written in these files. None: at every record.
    files: frozenset[str] | None = None
    # The language of sources that declare none (BCP 47); the seam for a store-wide default.
    default_language: str | None = None
    # Problems of the store's settings file (tomlstore/settings.py), reported with the store's.
    setting_problems: tuple[Diagnostic, ...] = ()


def own(records: Iterable[R], ctx: CheckContext) -> Iterable[R]:
    """The records of `records` that are this share's to check."""
    files = ctx.files
    return records if files is None else [r for r in records if r.origin.file in files]


def diag(
    record: Record,
    key: str,
    severity: Severity,
    code: str,
    message: str,
    hint: str = "",
    related: tuple = (),
    extra: tuple[str, ...] = (),
) -> Diagnostic:
    """A diagnostic at `key` of `record`, naming the record (and any `extra` records)."""
    records = (f"{record_kind(record)}:{record.id}", *extra)
    return at_key(
        record.origin, key, severity, code, message, hint, related=related, records=records
    )


def check_references(store: Store, ctx: CheckContext) -> Iterator[Diagnostic]:
    for claim in own(store.claims.values(), ctx):
        if claim.subject and claim.subject not in store.subjects:
            found = _dangling(claim, "subject", claim.subject, store.subjects)
            if claim.status == "draft":  # a proposed subject: to add before accepting
                found = dataclasses.replace(found, severity=Severity.INFO)
            yield found
        if claim.source and claim.source not in store.sources:
            yield _dangling(claim, "source", claim.source, store.sources)
        for key in ("supersedes", "contradicts", "supports"):
            raw = getattr(claim, key)
            for ref in (raw,) if isinstance(raw, str) else (raw or ()):
                if ref == claim.id:
                    yield diag(
                        claim,
                        key,
                        Severity.ERROR,
                        "self-reference",
                        f"claim {claim.id!r} {key} itself",
                        f"remove {claim.id!r} from {key}",
                    )
                elif ref not in store.claims:
                    yield _dangling(claim, key, ref, store.claims, "claim")


def _dangling(
    record: Record, key: str, ref: str, index: dict, kind: str | None = None
) -> Diagnostic:
    kind = kind or key
    close = difflib.get_close_matches(ref, list(index), n=1, cutoff=0.6)
    hint = (
        f"did you mean {close[0]!r}?"
        if close
        else f"add a [[{kind}]] with id = {ref!r}, or fix the id"
    )
    return diag(
        record,
        key,
        Severity.ERROR,
        "dangling-reference",
        f"{record_kind(record)} {record.id!r} refers to unknown {kind} {ref!r}",
        hint,
    )


def check_values(store: Store, ctx: CheckContext) -> Iterator[Diagnostic]:
    for claim in own(store.claims.values(), ctx):
        subject = store.subjects.get(claim.subject)
        if subject is None:
            continue
        source = store.sources.get(claim.source)
        value = claim_value(claim, subject, source, ctx.default_language)
        key = "value" if "value" in claim.table else ("min" if "min" in claim.table else "max")
        raw = claim.table.get(key)
        if isinstance(raw, float) and not math.isfinite(raw):
            yield diag(
                claim,
                key,
                Severity.ERROR,
                "bad-quantity",
                f"{key} {raw} is not a finite number",
                "write a finite number, or a hedge such as 'more than 1000'",
            )
        elif (
            isinstance(value, ValueProblem)
            and getattr(claim, key) is not None
            and not (value.code == "unit-dimension" and claim.unit and not unit_ok(claim, subject))
        ):  # (a `unit` field of another dimension is one unit-mismatch finding, below)
            # (None: the field had the wrong TOML type, already reported by the loader)
            yield diag(
                claim,
                key,
                Severity.ERROR,
                value.code,
                f"{subject.kind} subject {subject.id!r}: {value.message}",
                value.hint,
            )
        elif isinstance(value, Quantity):
            yield from _check_quantity(claim, value, key)
        if claim.unit is not None and subject.kind == "quantity" and not unit_ok(claim, subject):
            yield _unit_mismatch(claim, subject, value)


def _unit_mismatch(claim: Claim, subject: Subject, value: object) -> Diagnostic:
    if isinstance(value, ValueProblem) and value.code == "unit-dimension":
        message, hint = value.message, value.hint  # a unit of measure of another dimension
    else:
        message = (
            f"unit {claim.unit!r} is not the unit of {subject.id!r}"
            f" ({subject.unit or 'none declared'})"
        )
        hint = (
            f"if {claim.unit!r} is another spelling of {subject.unit or 'the unit'!r}, add it"
            " to the subject's unit_aliases; units of measure (km, mi, ft, ha, ...) convert"
            " without aliases, and different count nouns never compare"
        )
    return diag(claim, "unit", Severity.ERROR, "unit-mismatch", message, hint)


def _check_quantity(claim: Claim, value: Quantity, key: str) -> Iterator[Diagnostic]:
    if value.projection:
        yield diag(
            claim,
            key,
            Severity.INFO,
            "projection",
            f"{value.text!r} is a projection: shown, but not compared with the subject's counts",
            "record the figure reached, when it is reported, as its own claim",
        )
    iv = value.interval
    if not (math.isfinite(iv.low) and (math.isfinite(iv.high) or iv.high == math.inf)):
        yield diag(
            claim,
            key,
            Severity.ERROR,
            "bad-quantity",
            "quantity is not a finite number",
            "write a finite number",
        )
    elif iv.low < 0:
        yield diag(
            claim,
            key,
            Severity.ERROR,
            "bad-quantity",
            f"negative quantity {value.text!r}",
            "counts and amounts are not negative; record a change as its own subject",
        )


_META_DATES = {
    "source": ("published", "accessed", "status_date"),
    "claim": ("date", "as_of", "reaffirmed"),
    "resolution": ("on", "revisit"),
    "review": ("date",),
}


def check_dates(store: Store, ctx: CheckContext) -> Iterator[Diagnostic]:
    for record in own(store.records(), ctx):
        kind = record_kind(record)
        for key in _META_DATES.get(kind, ()):
            raw = getattr(record, key, None)
            if raw is None:
                continue
            span = parse_date(raw)
            if isinstance(span, ValueProblem):
                code = "bad-date" if "not a real date" in span.message else "bad-value"
                yield diag(record, key, Severity.ERROR, code, f"{key}: {span.message}", span.hint)
            elif key != "revisit" and span.start > ctx.today:
                yield diag(
                    record,
                    key,
                    Severity.ERROR,
                    "future-date",
                    f"{key} {span.label()} is in the future (today is {ctx.today.isoformat()})",
                    "check the year; a date a source asserted cannot lie ahead",
                )
    for claim in own(store.claims.values(), ctx):
        subject = store.subjects.get(claim.subject)
        if subject is not None and subject.kind == "date" and _datelike(claim.value):
            source = store.sources.get(claim.source)  # its language: "6. Februar 2023"
            span = claim_value(claim, subject, source, ctx.default_language)
            if isinstance(span, DaySpan) and span.start.year > ctx.today.year + 100:
                yield diag(
                    claim,
                    "value",
                    Severity.ERROR,
                    "future-date",
                    f"date {span.label()} is implausibly far in the future",
                    "check the year",
                )


def _datelike(value: object) -> bool:
    # a TOML date literal (9999-01-01) is as implausible as the string "9999-01-01"
    return isinstance(value, str | datetime.date)


def check_confidence(store: Store, ctx: CheckContext) -> Iterator[Diagnostic]:
    for claim in own(store.claims.values(), ctx):
        c = claim.confidence
        if c is None:
            continue
        ok = (isinstance(c, int) and 0 <= c <= 100) or (
            isinstance(c, str) and c in CONFIDENCE_WORDS
        )
        if not ok:
            yield diag(
                claim,
                "confidence",
                Severity.ERROR,
                "bad-confidence",
                f"confidence {c!r} is not low, moderate, high or 0-100",
                'write confidence = "low" | "moderate" | "high", or an integer 0-100 (STIX)',
            )


def check_quotes(store: Store, ctx: CheckContext) -> Iterator[Diagnostic]:
    archives: dict[str, tuple[str, str] | None] = {}  # name -> (passages, whole text)
    for claim in own(store.claims.values(), ctx):
        if isinstance(claim.table.get("quote"), str) and not claim.quote.strip():
            yield diag(
                claim,
                "quote",
                Severity.ERROR,
                "empty-quote",
                "quote is empty",
                "copy the sentence verbatim from the source",
            )
            continue
        source = store.sources.get(claim.source)
        if not claim.quote or source is None or not source.archive or ctx.read_archive is None:
            continue
        if source.archive not in archives:
            text = ctx.read_archive(source.archive)
            archives[source.archive] = (
                (passages(text), normalise_passage(text)) if text is not None else None
            )
        archive = archives[source.archive]
        if archive is None:
            continue
        # A translated quote is verified through its original (the archive keeps the source
        # as published); either one found is enough.
        quotes = (claim.quote, *([claim.quote_original] if claim.quote_original else []))
        if all(too_short(q) for q in quotes):
            yield diag(
                claim,
                "quote",
                Severity.ERROR,
                "quote-too-short",
                f"quote {claim.quote!r} is too short to verify against archive {source.archive!r}",
                f"quote the whole sentence: at least {MIN_WORDS} words (or {MIN_CHARS} characters)",
            )
        elif not any(quote_in(q, archive[0]) for q in quotes if not too_short(q)):
            yield diag(
                claim,
                "quote",
                Severity.ERROR,
                "quote-not-found",
                f"quote not found in archive {source.archive!r} of source {source.id!r}"
                + (" (nor quote_original)" if claim.quote_original else ""),
                closest_passage(claim.quote_original or claim.quote, archive[1]),
            )


def check_archives(store: Store, ctx: CheckContext) -> Iterator[Diagnostic]:
    if ctx.read_archive is None:
        return
    for source in own(store.sources.values(), ctx):
        if source.archive and ctx.read_archive(source.archive) is None:
            yield diag(
                source,
                "archive",
                Severity.INFO,
                "archive-missing",
                f"archive {source.archive!r} not found; quotes of {source.id!r} not verified",
                "put the file in the store, list its folder in the store's .claims.toml "
                "(archive_folders), or pass --archive-path / set CLAIMS_ARCHIVE_PATH",
            )


def check_reviews(store: Store, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Reviews naming unknown claims; claims a reputable reviewer rated false."""
    return reviews_findings(store, ctx.files)


def check_standing(store: Store, ctx: CheckContext) -> list[Diagnostic]:
    """Provenance of each record: `via` and `cites` ids, retracted and corrected sources."""
    return record_findings(store, ctx.files)


CHECKS = (
    check_references,
    check_values,
    check_dates,
    check_confidence,
    check_quotes,
    check_archives,
    check_standing,
    check_reviews,
)


def check_supersede_cycles(store: Store) -> Iterator[Diagnostic]:
    """One error per cycle of `supersedes` links, at its first claim, naming every claim."""
    for cycle in supersede_cycles(store.claims):
        if len(cycle) < 2:
            continue  # a claim superseding itself is a self-reference, reported as such
        first, *rest = (store.claims[c] for c in cycle)
        loop = " -> ".join((*cycle, cycle[0]))
        related = []
        for c in rest:
            line, col = c.origin.at("supersedes")
            related.append(Related(c.origin.file, line, col, f"{c.id} supersedes {c.supersedes}"))
        yield at_key(
            first.origin,
            "supersedes",
            Severity.ERROR,
            "supersede-cycle",
            f"claims supersede each other in a cycle: {loop}; none of them is replaced",
            "remove the `supersedes` of the claim that is not the newer one",
            related=tuple(related),
            records=tuple(f"claim:{c}" for c in cycle),
        )


# A progress callback: (stage, done, total); the CLI draws it, the core never prints.
Progress = Callable[[str, int, int], None]


def run_checks(
    store: Store, ctx: CheckContext, progress: Progress | None = None, each_claim: bool = False
) -> list[Diagnostic]:
    """Load-time problems plus every check, sorted by file and line. `each_claim`: a conflict
    is marked on every claim involved (what the language server publishes), not once."""
    found = check_share(store, ctx, progress, each_claim=each_claim)
    return sorted(found, key=lambda d: d.sort_key)


def check_share(
    store: Store,
    ctx: CheckContext,
    progress: Progress | None = None,
    subjects: list[str] | None = None,
    store_wide: bool = True,
    each_claim: bool = False,
) -> list[Diagnostic]:
    """`run_checks`' findings in the order found; or a share of them (see disk/parallel_check.py):
    `ctx.files` limits the per-record checks, `subjects` the conflict groups, and without
    `store_wide` what belongs to no file's share (load-time problems, resolutions) is left out.
    """
    # Imported here: commands that build a CheckContext without checking (the warm answers,
    # `list`) skip the conflict engine, 28 ms of imports.
    from claimledger.checks.provenance import provenance_findings
    from claimledger.conflicts.findings import group_diagnostics
    from claimledger.conflicts.groups import find_conflicts
    from claimledger.conflicts.resolutions import check_resolutions

    steps = len(CHECKS) + 1
    found = [*store.diagnostics, *ctx.setting_problems] if store_wide else []
    for i, check in enumerate(CHECKS):
        found.extend(check(store, ctx))
        if progress:
            progress("checking", i + 1, steps)
    if store_wide:  # resolution problems first, then the conflict groups by subject id
        found.extend(check_supersede_cycles(store))
        found.extend(check_resolutions(store, ctx.today))
        found.extend(store_findings(store))
    groups = find_conflicts(store, ctx.today, subjects)
    for group in groups:
        found.extend(group_diagnostics(group, store, ctx.strict, each_claim))
    found.extend(provenance_findings(store, groups, subjects))
    if progress:
        progress("checking", steps, steps)
    return found
