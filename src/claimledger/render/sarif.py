"""Diagnostics as one SARIF 2.1.0 log, ready for GitHub code scanning.

Rules come from the `CODES` registry; paths stay relative (GitHub resolves them against the
checkout); the other claims of a conflict become `relatedLocations`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from claimledger import __version__
from claimledger.model.diagnostics import CODES, Diagnostic, Related

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A file path as a URI reference: relative stays relative, absolute becomes file://."""
    posix = path.replace("\\", "/")
    encoded = quote(posix, safe="/")
    return f"file://{encoded}" if PurePosixPath(posix).is_absolute() else encoded


def sarif_rules() -> list[dict[str, Any]]:
    """One reportingDescriptor per registered code, in registry order."""
    rules = []
    for code, (short, full) in CODES.items():
        rules.append(
            {
                "id": code,
                "name": "".join(part.capitalize() for part in code.split("-")),
                "shortDescription": {"text": short},
                "fullDescription": {"text": full},
                "help": {
                    "text": f"{full} Run `claims check` to list every finding of this kind.",
                    "markdown": f"**{short}** (`{code}`): {full}",
                },
                "defaultConfiguration": {"level": _default_level(code)},
            }
        )
    return rules


def _default_level(code: str) -> str:
    if code in ("drift", "archive-missing", "prose-disputed"):
        return "note"
    if code in ("conflict", "conflict-stale", "empty-file", "not-a-file", "prose-conflict"):
        return "warning"
    return "error"


def _physical(file: str, line: int, column: int, end: tuple[int | None, int | None]):
    region: dict[str, int] = {"startLine": line, "startColumn": max(column, 1)}
    end_line, end_column = end
    if end_line is not None:
        region["endLine"] = end_line
    if end_column is not None:
        region["endColumn"] = max(end_column, 1)
    return {"artifactLocation": {"uri": artifact_uri(file)}, "region": region}


def _related(n: int, r: Related) -> dict[str, Any]:
    return {
        "id": n,
        "physicalLocation": _physical(r.file, r.line, r.column, (None, None)),
        "message": {"text": r.message},
    }


def _fingerprint(d: Diagnostic) -> str:
    # Stable across line moves (code and records, see Diagnostic.identity), and distinct per
    # file so the one-per-claim results of a conflict stay separate alerts.
    blob = json.dumps([d.file, d.identity()], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def sarif_result(d: Diagnostic, rule_index: dict[str, int]) -> dict[str, Any]:
    """One diagnostic as a SARIF result."""
    text = d.message + (f" (hint: {d.hint})" if d.hint else "")
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": LEVELS[d.severity.value],
        "message": {"text": text},
        "locations": [
            {"physicalLocation": _physical(d.file, d.line, d.column, (d.end_line, d.end_column))}
        ],
        "partialFingerprints": {"claimsIdentity/v1": _fingerprint(d)},
    }
    if d.code in rule_index:
        result["ruleIndex"] = rule_index[d.code]
    related = _unique(d.related)
    if related:
        result["relatedLocations"] = [_related(n, r) for n, r in enumerate(related, 1)]
    return result


def _unique(related: Sequence[Related]) -> list[Related]:
    # The schema requires relatedLocations to be unique items.
    seen: list[Related] = []
    for r in related:
        if r not in seen:
            seen.append(r)
    return seen


def sarif_log(diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """The whole log as plain data."""
    rules = sarif_rules()
    rule_index = {rule["id"]: n for n, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "claims",
                        "fullName": "claimledger claims",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [sarif_result(d, rule_index) for d in diagnostics],
            }
        ],
    }


def render_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    """One SARIF 2.1.0 JSON document (ends with a newline)."""
    return json.dumps(sarif_log(diagnostics), ensure_ascii=False, indent=2) + "\n"
