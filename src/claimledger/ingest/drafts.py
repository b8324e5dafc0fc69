"""Draft claims from `claims extract`: written beside their source, accepted into the fact
base (status removed: active) or rejected (removed). Every id is checked before any file
changes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from claimledger.disk.adding import (
    append_all,
    conventional_path,
    generate_id,
    record_path,
    remove_record,
    replace_record,
)
from claimledger.errors import ClaimsError
from claimledger.ingest.extracting import Candidate
from claimledger.model.records import Claim
from claimledger.tomlstore.store import Store


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def new_candidates(store: Store, source_id: str, candidates: list[Candidate]) -> list[Candidate]:
    """Candidates whose sentence is not already the quote of one of the source's claims
    (drafts included): extracting again adds nothing twice."""
    quoted = {_norm(c.quote) for c in store.claims.values() if c.source == source_id}
    return [c for c in candidates if _norm(c.quote) not in quoted]


def draft_tables(store: Store, source_id: str, candidates: list[Candidate]) -> list[dict[str, Any]]:
    """The draft claims, with readable ids (source and subject) unique in the store."""
    taken = set(store.claims)
    tables = []
    for candidate in candidates:
        table = candidate.as_table(source_id)
        table = {"id": generate_id("claim", table, taken), **table}
        taken.add(table["id"])
        tables.append(table)
    return tables


def write_drafts(root: Path, store: Store, tables: list[dict[str, Any]]) -> Path:
    """Append the drafts to their source's file; the file written."""
    path = conventional_path(root, store, "claim", tables[0])
    append_all({path: [("claim", t) for t in tables]})
    return path


def drafts_named(store: Store, claim_ids: tuple[str, ...]) -> list[Claim]:
    """The draft claims named, or ClaimsError naming every id that is not one."""
    unknown = [c for c in claim_ids if c not in store.claims]
    if unknown:
        raise ClaimsError(f"unknown claim id(s): {', '.join(unknown)}")
    active = [c for c in claim_ids if store.claims[c].status != "draft"]
    if active:
        raise ClaimsError(f"not draft claims: {', '.join(active)} (nothing changed)")
    return [store.claims[c] for c in dict.fromkeys(claim_ids)]


def accept_drafts(
    root: Path, store: Store, claim_ids: tuple[str, ...], confidence: str | int | None
) -> list[Claim]:
    """Make drafts active claims: their status removed, a confidence given to those without.
    A draft whose subject does not exist yet, or without a confidence when none is given,
    stops all of them."""
    drafts = drafts_named(store, claim_ids)
    problems = []
    for claim in drafts:
        if claim.subject not in store.subjects:
            problems.append(
                f"{claim.id}: subject {claim.subject!r} does not exist; add it "
                f"(claims add subject --id {claim.subject} ...) or edit the claim's subject"
            )
        if claim.confidence is None and confidence is None:
            problems.append(f"{claim.id}: no confidence; give --confidence low|moderate|high")
    if problems:
        raise ClaimsError("nothing accepted:\n  " + "\n  ".join(problems))
    for claim in drafts:
        table = {k: v for k, v in claim.table.items() if k != "status"}
        if claim.confidence is None:
            table["confidence"] = confidence
        replace_record(record_path(root, store, claim.origin.file), "claim", claim.id, table)
    return drafts


def reject_drafts(root: Path, store: Store, claim_ids: tuple[str, ...]) -> list[Claim]:
    """Remove drafts from their files."""
    drafts = drafts_named(store, claim_ids)
    for claim in drafts:
        remove_record(record_path(root, store, claim.origin.file), "claim", claim.id)
    return drafts
