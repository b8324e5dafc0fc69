"""`claims import`: spreadsheet rows -> claims (and the sources they name), validated all
together before anything is written.

Every row becomes a claim; a row's source is an existing source id, or the source described
by its source columns (found by URL, else by title and publisher, else created with a readable
id). The planned records are checked as the store would check them (values, dates, units,
references); an error is reported at the row's line and the column of the cell behind the
field. A row with the same subject, source, value and quote as a stored claim (or an earlier
row) is a duplicate: skipped and reported.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.checks.validation import CheckContext, check_share
from claimledger.disk.adding import conventional_path, generate_id
from claimledger.ingest.columns import SOURCE_FIELDS, map_headers
from claimledger.ingest.table_rows import Row, RowProblem, Table
from claimledger.model.records import Claim
from claimledger.tomlstore.parse import parse_file
from claimledger.tomlstore.store import Store, build_store
from claimledger.tomlstore.writer import render_record


@dataclass
class ImportPlan:
    """What an import writes: records appended per file; duplicates skipped; problems."""

    appends: dict[Path, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)
    skipped: list[RowProblem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for records in self.appends.values() for k, _ in records if k == kind)


@dataclass
class _Planned:
    row: Row
    fields: dict[str, tuple[int, str]]  # field -> (column, text)
    claim: dict[str, Any]
    source: dict[str, Any] | None  # the source this row creates, if it is the first to


def plan_import(
    root: Path, store: Store, ctx: CheckContext, table: Table, maps: dict[str, str]
) -> ImportPlan:
    """The records a table becomes, or the problems that stop it (nothing is planned then)."""
    plan = ImportPlan()
    if not table.headers:
        plan.problems.extend(table.problems)  # nothing read: not UTF-8, or empty
        return plan
    mapped, unknown = map_headers(table.headers, maps)
    for header in unknown:
        column = table.headers.index(header) + 1
        plan.problems.append(
            RowProblem(
                1,
                column,
                f"column {header!r} maps to no field; name it as a field, or "
                f"--map '{header}=FIELD' (--map '{header}=-' leaves it out)",
            )
        )
    seen: dict[str, str] = {}
    for header, name in mapped.items():
        if name in seen:
            plan.problems.append(
                RowProblem(
                    1,
                    table.headers.index(header) + 1,
                    f"column {header!r} and column {seen[name]!r} both map to {name}",
                )
            )
        seen[name] = header
    if plan.problems:  # a header problem: the rows cannot be read as fields
        return plan
    plan.problems.extend(table.problems)
    planned = _plan_rows(store, table, mapped, plan)
    plan.problems.extend(_check_planned(store, ctx, planned))
    plan.problems.sort(key=lambda p: (p.line, p.column))
    if plan.problems:
        return plan
    for item in planned:
        if item.source is not None:
            path = root / "sources" / f"{item.source['id']}.toml"
            plan.appends.setdefault(path, []).append(("source", item.source))
    for item in planned:
        path = _claim_path(root, store, item)
        plan.appends.setdefault(path, []).append(("claim", item.claim))
    return plan


def _claim_path(root: Path, store: Store, item: _Planned) -> Path:
    if item.claim["source"] in store.sources:
        return conventional_path(root, store, "claim", item.claim)
    return root / "sources" / f"{item.claim['source']}.toml"


def _plan_rows(
    store: Store, table: Table, mapped: dict[str, str], plan: ImportPlan
) -> list[_Planned]:
    planned: list[_Planned] = []
    claim_ids, source_ids = set(store.claims), set(store.sources)
    made: dict[str, str] = {}  # source key (url, or title and publisher) -> id
    keys = {_duplicate_key(c.subject, c.source, c.value, c.quote): c.id for c in _claims(store)}
    for row in table.rows:
        fields = {mapped[h]: cell for h, cell in row.cells.items() if h in mapped and cell[1]}
        source_table, problem = _source_of(store, row, fields, made, source_ids)
        if problem:
            plan.problems.append(problem)
            continue
        claim = _claim_table(fields)
        claim["source"] = source_table["id"] if source_table else fields["source"][1]
        key = _duplicate_key(
            claim.get("subject"), claim["source"], claim.get("value"), claim.get("quote", "")
        )
        if key in keys:
            plan.skipped.append(RowProblem(row.line, 1, f"duplicate of claim {keys[key]}"))
            continue
        if "id" not in claim and "subject" in claim:
            claim = {"id": generate_id("claim", claim, claim_ids), **claim}
        claim_ids.add(str(claim.get("id")))
        keys[key] = str(claim.get("id"))
        planned.append(_Planned(row, fields, claim, source_table))
    return planned


def _claims(store: Store) -> list[Claim]:
    return list(store.claims.values())


def _duplicate_key(subject: Any, source: Any, value: Any, quote: Any) -> str:
    def norm(x: Any) -> str:
        return re.sub(r"\s+", " ", str(x if x is not None else "")).strip().lower()

    return "\x1f".join(norm(x) for x in (subject, source, value, quote))


def _source_of(
    store: Store,
    row: Row,
    fields: dict[str, tuple[int, str]],
    made: dict[str, str],
    source_ids: set[str],
) -> tuple[dict[str, Any] | None, RowProblem | None]:
    """(the new source table this row creates or None, a problem or None)."""
    described = {f: fields[f][1] for f in SOURCE_FIELDS if f in fields}
    if "source" in fields:
        sid = fields["source"][1]
        if sid in store.sources or sid in made.values() or not described:
            return None, None  # an unknown id without source columns: the check reports it
        described["id"] = sid
    if not described:
        return None, RowProblem(
            row.line, 1, "no source: give a source id column, or the source's title and publisher"
        )
    key = described.get("url") or f"{described.get('title')}\x1f{described.get('publisher')}"
    if key in made:
        fields["source"] = (0, made[key])
        return None, None
    for source in store.sources.values():
        if described.get("url") and source.url == described["url"]:
            made[key] = source.id
            fields["source"] = (0, source.id)
            return None, None
    table = {**described}
    if "id" not in table:
        table["id"] = generate_id("source", table, source_ids)
    source_ids.add(table["id"])
    made[key] = table["id"]
    return table, None


def _claim_table(fields: dict[str, tuple[int, str]]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for name, (_, text) in fields.items():
        if name in SOURCE_FIELDS or name == "source":
            continue
        if name == "tags":
            table[name] = [t.strip() for t in re.split(r"[;,]", text) if t.strip()]
        elif name == "confidence" and text.isdigit():
            table[name] = int(text)
        elif name in ("min", "max"):
            table[name] = _number(text)
        else:
            table[name] = text
    return table


def _number(text: str) -> Any:
    try:
        return int(text.replace(",", ""))
    except ValueError:
        try:
            return float(text.replace(",", ""))
        except ValueError:
            return text  # the check says what is wrong with it


def _check_planned(store: Store, ctx: CheckContext, planned: list[_Planned]) -> list[RowProblem]:
    """Each row's records checked in the store as it would be; errors at row and cell."""
    probes = {}
    for item in planned:
        name = f"<row {item.row.line}>"
        parts = []
        if item.source is not None:
            parts.append(render_record("source", item.source))
        parts.append(render_record("claim", {"id": "new-claim", **item.claim}))
        probes[name] = (item, parse_file(name, "\n".join(parts)))
    trial = build_store({**store.files, **{n: p for n, (_, p) in probes.items()}})
    own = dataclasses.replace(ctx, files=frozenset(probes))
    problems = []
    findings = [*(d for _, p in probes.values() for d in p.diagnostics)]
    findings += check_share(trial, own, store_wide=False)
    for d in findings:
        if d.severity.value != "error" or d.file not in probes:
            continue
        item, probe = probes[d.file]
        column = _column_at(item, probe, d.line)
        message = re.sub(r"^(claim|source) '[^']*' ", "", d.message)
        hint = f" ({d.hint})" if d.hint else ""
        problems.append(RowProblem(item.row.line, column, message + hint))
    return sorted(set(problems), key=lambda p: (p.line, p.column, p.message))


def _column_at(item: _Planned, probe: Any, line: int) -> int:
    """The column of the cell behind the field on `line` of the probe (1 when none is)."""
    for record in probe.records:
        for key, pos in record.origin.keys.items():
            if pos.line == line and key in item.fields and item.fields[key][0]:
                return int(item.fields[key][0])
    return 1
