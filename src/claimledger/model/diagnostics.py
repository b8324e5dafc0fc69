"""Problems in user data, as values: file, 1-based line/column, severity, code, message.

Every check returns these; renderers (text, gcc, json, sarif, github, LSP) only format them.
Columns count Unicode code points, 1-based; converters at the edges (LSP: UTF-16) translate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

SEVERITIES = ("info", "warning", "error")  # least to most severe


class Severity(StrEnum):
    """How bad a finding is; ordered error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return SEVERITIES.index(self.value) + 1


@dataclass(frozen=True)
class Related:
    """Another place involved in a finding (the other claims of a conflict, a first definition)."""

    file: str
    line: int
    column: int
    message: str


class Located(Protocol):
    """Where a record was written (`model.Origin`): its file and each key's position."""

    file: str

    def at(self, key: str) -> tuple[int, int]: ...


@dataclass(frozen=True)
class Diagnostic:
    """One finding. `records` names the records involved (``kind:id``) so a finding keeps its
    identity when text moves (``check --since`` compares by code and records, not by line)."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""
    end_line: int | None = None
    end_column: int | None = None
    related: tuple[Related, ...] = ()
    records: tuple[str, ...] = field(default=(), compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def identity(self) -> tuple[str, str, tuple[str, ...]]:
        """What makes a finding 'the same' across revisions: its code, file-free record ids,
        and (for file-level findings without records) the file and message."""
        if self.records:
            return (self.code, "", tuple(sorted(self.records)))
        return (self.code, self.file, (self.message,))


def at_key(
    origin: Located,
    key: str,
    severity: Severity,
    code: str,
    message: str,
    hint: str = "",
    *,
    related: tuple[Related, ...] = (),
    records: tuple[str, ...] = (),
) -> Diagnostic:
    """A finding at the value of `key` in a record (at its header when the key is absent)."""
    line, col = origin.at(key)
    return Diagnostic(
        origin.file, line, col, severity, code, message, hint, related=related, records=records
    )


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: d.sort_key)


def count_by_severity(diagnostics: list[Diagnostic]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for d in diagnostics:
        counts[d.severity.value] += 1
    return counts


# The registry of codes: stable kebab-case ids with a short and a full description.
# Renderers (SARIF rules, docs) read it; a test asserts every emitted code is listed here.
CODES: dict[str, tuple[str, str]] = {
    "toml-syntax": ("TOML syntax error", "The file is not valid TOML; nothing in it was loaded."),
    "encoding": ("File is not UTF-8", "Claim files must be UTF-8 text without NUL bytes."),
    "file-too-large": (
        "File over the size limit",
        "A claim file is larger than 16 MiB; it is not parsed (split it).",
    ),
    "key-too-deep": (
        "Dotted key too deep",
        "A dotted key has more than 100 levels; the file is not parsed.",
    ),
    "unknown-setting": (
        "Unknown setting",
        "The store's settings file (.claims.toml) has a key it does not define.",
    ),
    "bad-setting": (
        "Setting cannot be used",
        "A value in the store's settings file (.claims.toml) has the wrong kind; it is ignored.",
    ),
    "unreadable": ("File cannot be read", "The file exists but could not be read."),
    "not-a-file": ("Not a regular file", "A path ending in .toml is a folder or special file."),
    "symlink-outside": (
        "Symlink leaves the store",
        "A symlink points outside the store; it is not followed for reading or writing.",
    ),
    "merge-conflict": (
        "Git merge-conflict markers",
        "The file contains <<<<<<< / ======= / >>>>>>> markers left by a merge.",
    ),
    "empty-file": ("Empty file", "The file holds no records."),
    "unknown-table": (
        "Unknown record kind",
        "Top-level tables must be [[source]], [[subject]], [[claim]] or [[resolution]].",
    ),
    "not-array-of-tables": (
        "Record kind is not an array of tables",
        "Records are written as [[kind]] array-of-tables entries.",
    ),
    "missing-field": ("Required field missing", "A record lacks a required field."),
    "unknown-field": ("Unknown field", "A record has a field the format does not define."),
    "wrong-type": ("Wrong type", "A field has a value of the wrong TOML type."),
    "bad-enum": ("Value not allowed", "A field's value is not one of the allowed words."),
    "bad-id": ("Malformed id", "Ids are lowercase [a-z0-9][a-z0-9._-]* (subjects may use /)."),
    "duplicate-id": ("Duplicate id", "Two records of the same kind share an id."),
    "dangling-reference": (
        "Unknown id referenced",
        "A record refers to an id that does not exist.",
    ),
    "reviewed-false": (
        "Claim rated false by a reputable fact-checker",
        "A [[review]] by a reviewer the store rates A or B calls the claim false.",
    ),
    "self-reference": (
        "Record refers to itself",
        "A claim contradicts, supports or supersedes itself.",
    ),
    "supersede-cycle": (
        "Claims supersede each other in a cycle",
        "Claims whose `supersedes` links form a loop: none of them replaces the others.",
    ),
    "provenance-cycle": (
        "Sources cite each other in a cycle",
        "Sources whose `cites` links form a loop, or a claim whose `via` chain returns to its"
        " own source: none of them is an origin.",
    ),
    "retracted-source": (
        "Claim rests on a retracted source",
        "A claim relays (`via`) a source that is retracted or discredited.",
    ),
    "corrected-source": (
        "Source corrected since the claim was checked",
        "A claim's source (or one it relays) was corrected and the claim was not re-affirmed"
        " (`reaffirmed`) since.",
    ),
    "circular-reporting": (
        "Corroboration traces to one origin",
        "Claims from several outlets that agree all relay one origin: they are one source, not"
        " several (a warning when a claim among them is at high confidence).",
    ),
    "overconfident-claim": (
        "High confidence without independent corroboration",
        "A claim at high confidence from a source rated D-F that no independent origin"
        " corroborates.",
    ),
    "underconfident-claim": (
        "Low confidence despite strong corroboration",
        "A claim at low confidence that three or more independent origins rated A-B agree with.",
    ),
    "reliability-contradicted": (
        "Rating contradicted by the track record",
        "A source rated A or B whose claims lost most of the disputes resolved about them.",
    ),
    "bad-value": ("Value cannot be read", "A claim's value cannot be read as the subject's kind."),
    "bad-quantity": ("Impossible quantity", "A quantity is negative, NaN or infinite."),
    "bad-date": ("Impossible date", "A date does not exist in the calendar."),
    "future-date": ("Date in the future", "A date lies after today."),
    "unit-mismatch": (
        "Unit is not the subject's",
        "A claim's count noun is neither the subject's unit nor one of its unit_aliases "
        "(units of measure of one dimension convert instead).",
    ),
    "unit-dimension": (
        "Unit does not convert",
        "A claim's unit measures another dimension than the subject's (miles on a subject "
        "counted in people, km on a km² subject), or the value and `unit` disagree.",
    ),
    "ambiguous-number": (
        "Figure depends on the language",
        'A figure reads differently by language ("50.096") and the source declares no '
        "language, or its language and translated_from read it differently.",
    ),
    "projection": (
        "Value is a projection",
        'A forecast ("could reach 100,000") is shown but not compared with counts.',
    ),
    "empty-quote": ("Empty quote", "A claim's quote is empty; quote the source verbatim."),
    "quote-too-short": (
        "Quote too short to verify",
        "A quote checked against an archive has fewer than 3 words and 12 characters.",
    ),
    "quote-not-found": (
        "Quote not in archive",
        "The quote does not appear in the source's archived text "
        "(whitespace- and quote-insensitive).",
    ),
    "archive-missing": (
        "Archive not found",
        "The source names an archive file that is in none of the archive folders.",
    ),
    "bad-confidence": ("Confidence out of range", "Confidence is low, moderate, high or 0-100."),
    "conflict": ("Claims disagree", "Active claims on one subject disagree."),
    "conflict-stale": (
        "Resolution is stale",
        "A resolution no longer matches its claims: a claim changed, a new claim joined "
        "the conflict, or its revisit date passed.",
    ),
    "drift": ("Value changed over time", "A time-varying subject has different values over time."),
    "bad-resolution": ("Resolution is inconsistent", "A resolution's verdict or ids do not fit."),
    "unfinished-resolution": (
        "Resolution without a real note",
        "A resolution whose note is empty or a placeholder (TODO) does not resolve a conflict.",
    ),
    "prose-conflict": (
        "Draft contradicts the fact base",
        "A figure in prose disagrees with stored claims on the subject it mentions.",
    ),
    "prose-reviewed": (
        "Draft repeats a reviewed claim",
        "A sentence repeats a claim a published fact-check rated (a warning when rated false).",
    ),
    "prose-disputed": (
        "Draft takes a side in an open dispute",
        "A figure in prose agrees with one position of an open conflict.",
    ),
}


def encode_diagnostic(d: Diagnostic) -> list[Any]:
    related = [[r.file, r.line, r.column, r.message] for r in d.related]
    head = [d.file, d.line, d.column, d.severity.value, d.code, d.message, d.hint]
    return [*head, d.end_line, d.end_column, related, list(d.records)]


def row_identity(row: list[Any]) -> tuple[str, str, tuple[str, ...]]:
    """`decode_diagnostic(row).identity()` without building the diagnostic (`check --since`
    compares thousands of cached rows and decodes only the new ones)."""
    file, code, message, records = row[0], row[4], row[5], row[10]
    if records:
        return (code, "", tuple(sorted(records)))
    return (code, file, (message,))


def decode_diagnostic(row: list[Any]) -> Diagnostic:
    file, line, column, severity, code, message, hint, end_line, end_col, related, records = row
    return Diagnostic(
        file,
        line,
        column,
        Severity(severity),
        code,
        message,
        hint,
        end_line,
        end_col,
        tuple(Related(*r) for r in related),
        tuple(records),
    )
