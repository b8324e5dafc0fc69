"""Core values -> LSP types, and LSP positions -> core positions. The only place that knows
LSP is 0-based and counts columns in the negotiated encoding (UTF-16 by default)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path
from pygls.workspace.position_codec import PositionCodec

from claimledger.editor.hover import Completion, Target
from claimledger.editor.quickfix import Fix
from claimledger.model.diagnostics import Diagnostic, Severity

Lines = Sequence[str]
LinesOf = Callable[[str], Lines]

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def uri_of(path: str) -> str:
    return Path(path).as_uri()


def path_of(uri: str) -> str:
    return Path(to_fs_path(uri) or uri).as_posix()


def _line_text(lines: Lines, line: int) -> str:
    return lines[line - 1].rstrip("\r\n") if 0 < line <= len(lines) else ""


def position(codec: PositionCodec, lines: Lines, line: int, column: int) -> types.Position:
    """1-based line and code-point column -> LSP position in client units."""
    if not lines:
        return types.Position(line=max(line - 1, 0), character=max(column - 1, 0))
    row = min(max(line, 1), len(lines))
    col = min(max(column, 1), len(_line_text(lines, row)) + 1)
    return codec.position_to_client_units(lines, types.Position(line=row - 1, character=col - 1))


def core_position(codec: PositionCodec, lines: Lines, pos: types.Position) -> tuple[int, int]:
    """LSP position -> 1-based line and code-point column."""
    if not lines or pos.line >= len(lines):
        return pos.line + 1, pos.character + 1
    server = codec.position_from_client_units(lines, pos)
    return server.line + 1, server.character + 1


def span(codec: PositionCodec, lines: Lines, start: tuple[int, int], end: tuple[int, int] | None):
    """A range; without an end, to the end of the start line (the value written there)."""
    if end is None:
        end = (start[0], len(_line_text(lines, start[0])) + 1)
    return types.Range(start=position(codec, lines, *start), end=position(codec, lines, *end))


def diagnostic(d: Diagnostic, codec: PositionCodec, lines_of: LinesOf) -> types.Diagnostic:
    """A core diagnostic with its related locations, in the client's units."""
    end = (d.end_line or d.line, d.end_column) if d.end_column is not None else None
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=uri_of(r.file),
                range=span(codec, lines_of(r.file), (r.line, r.column), None),
            ),
            message=r.message,
        )
        for r in d.related
    ]
    return types.Diagnostic(
        range=span(codec, lines_of(d.file), (d.line, d.column), end),
        severity=SEVERITIES[d.severity],
        code=d.code,
        source="claims",
        message=d.message + (f"\nhint: {d.hint}" if d.hint else ""),
        related_information=related or None,
    )


def location(target: Target, codec: PositionCodec, lines_of: LinesOf) -> types.Location:
    lines = lines_of(target.file)
    pos = position(codec, lines, target.line, target.column)
    return types.Location(uri=uri_of(target.file), range=types.Range(start=pos, end=pos))


def completion_item(c: Completion) -> types.CompletionItem:
    kind = types.CompletionItemKind.Reference if c.kind == "id" else types.CompletionItemKind.Field
    insert = c.label if c.kind == "id" else f"{c.label} = "
    return types.CompletionItem(label=c.label, detail=c.detail, kind=kind, insert_text=insert)


def workspace_edit(fix: Fix, codec: PositionCodec, lines_of: LinesOf) -> types.WorkspaceEdit:
    """Insertions as one edit; files that do not exist yet are created first."""
    changes: list = []
    for ins in fix.insertions:
        uri = uri_of(ins.file)
        if ins.create:
            changes.append(
                types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True))
            )
        lines = lines_of(ins.file)
        pos = types.Position(line=ins.line - 1, character=0)
        if lines and ins.line - 1 < len(lines):
            pos = position(codec, lines, ins.line, 1)
        edit = types.TextEdit(range=types.Range(start=pos, end=pos), new_text=ins.text)
        changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                edits=[edit],
            )
        )
    return types.WorkspaceEdit(document_changes=changes)


def code_action(fix: Fix, codec: PositionCodec, lines_of: LinesOf, diagnostics) -> types.CodeAction:
    return types.CodeAction(
        title=fix.title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=diagnostics or None,
        edit=workspace_edit(fix, codec, lines_of),
    )
