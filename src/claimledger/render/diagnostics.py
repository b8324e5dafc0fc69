"""Renderers of diagnostics for machines and editors: pure functions returning text.

Written plainly to stdout by the CLI (never through rich, which would wrap lines).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from claimledger.model.diagnostics import Diagnostic, count_by_severity

INLINE_RELATED = 5  # related locations shown under a finding in text; JSON and SARIF list all


def render_gcc(diagnostics: Sequence[Diagnostic]) -> str:
    """`file:line:col: severity: message [code]`, one per line (vim, emacs, VS Code)."""
    return "".join(
        f"{d.file}:{d.line}:{d.column}: {d.severity.value}: {d.message} [{d.code}]\n"
        for d in diagnostics
    )


def summary_line(diagnostics: Sequence[Diagnostic], files: int) -> str:
    counts = count_by_severity(list(diagnostics))
    parts = [
        _plural(counts["error"], "error"),
        _plural(counts["warning"], "warning"),
        _plural(counts["info"], "info"),
    ]
    return f"{', '.join(parts)} in {_plural(files, 'file')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 or word == "info" else "s")


def render_text(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """gcc lines with hints and related locations indented below, then a summary line."""
    out = []
    for d in diagnostics:
        out.append(f"{d.file}:{d.line}:{d.column}: {d.severity.value}: {d.message} [{d.code}]\n")
        if d.hint:
            out.append(f"    hint: {d.hint}\n")
        for r in d.related[:INLINE_RELATED]:
            out.append(f"    see {r.file}:{r.line}:{r.column}: {r.message}\n")
        if len(d.related) > INLINE_RELATED:
            more = len(d.related) - INLINE_RELATED
            out.append(f"    and {more} more (every one in --format json or sarif)\n")
    out.append(summary_line(diagnostics, files) + "\n")
    return "".join(out)


def diagnostic_json(d: Diagnostic) -> dict[str, object]:
    return {
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line if d.end_line is not None else d.line,
        "end_column": d.end_column if d.end_column is not None else d.column,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
        "hint": d.hint,
        "related": [
            {"file": r.file, "line": r.line, "column": r.column, "message": r.message}
            for r in d.related
        ],
    }


def render_json(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """One JSON document: diagnostics and a summary."""
    counts = count_by_severity(list(diagnostics))
    doc = {
        "diagnostics": [diagnostic_json(d) for d in diagnostics],
        "summary": {
            "files": files,
            "errors": counts["error"],
            "warnings": counts["warning"],
            "infos": counts["info"],
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def render_github(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """GitHub Actions workflow commands, escaped as actions/toolkit does."""
    out = []
    for d in diagnostics:
        props = [f"file={_escape_property(d.file)}", f"line={d.line}", f"col={d.column}"]
        if d.end_line is not None:
            props.append(f"endLine={d.end_line}")
        if d.end_column is not None:
            props.append(f"endColumn={d.end_column}")
        props.append(f"title={_escape_property(f'claims {d.code}')}")
        message = d.message + (f"\n{d.hint}" if d.hint else "")
        out.append(
            f"::{GITHUB_LEVELS[d.severity.value]} {','.join(props)}::{_escape_data(message)}\n"
        )
    counts = count_by_severity(list(diagnostics))
    hidden = [
        f"{n - 10} {level}s"
        for level, n in (("error", counts["error"]), ("warning", counts["warning"]))
        if n > 10
    ]
    if hidden:
        out.append(
            f"GitHub shows 10 annotations of each level per step; {' and '.join(hidden)} are "
            "only in this log\n"
        )
    out.append(summary_line(diagnostics, files) + "\n")
    return "".join(out)


def render(fmt: str, diagnostics: Sequence[Diagnostic], files: int) -> str:
    """Dispatch to the renderer named `fmt` (text, gcc, json, sarif, github)."""
    if fmt == "gcc":
        return render_gcc(diagnostics)
    if fmt == "json":
        return render_json(diagnostics, files)
    if fmt == "github":
        return render_github(diagnostics, files)
    if fmt == "sarif":
        from claimledger.render.sarif import render_sarif  # 6 ms of imports, for SARIF only

        return render_sarif(diagnostics)
    return render_text(diagnostics, files)
