"""`claims lsp`: the language server (pygls 2, stdio). Handlers are thin: get the document,
call the core (workspace, scan, hover, quickfix), convert at the edge, publish.

Run with `claims lsp` (or `python -m claimledger lsp`).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from claimledger import __version__
from claimledger.disk.files import find_store
from claimledger.disk.session import (
    archive_folders,
    make_archive_reader,
    read_settings,
    today_date,
)
from claimledger.editor import convert
from claimledger.editor.hover import completions, definition, hover_text, record_at
from claimledger.editor.quickfix import conflict_fixes
from claimledger.editor.workspace import Workspace, absolute
from claimledger.errors import ClaimsError
from claimledger.model.diagnostics import Diagnostic
from claimledger.model.records import Claim

log = logging.getLogger("claimledger.editor")
PROSE_SUFFIXES = (".md", ".markdown", ".txt", ".text")
DEBOUNCE_SECONDS = float(os.environ.get("CLAIMS_LSP_DEBOUNCE", "0.3"))


class ClaimsServer(LanguageServer):
    """The pygls server plus our state: the workspace and what was last published."""

    def __init__(self) -> None:
        super().__init__("claims", __version__)
        self.claims: Workspace | None = None
        self.published: dict[str, list[Diagnostic]] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}


server = ClaimsServer()


def guarded(handler):  # type: ignore[no-untyped-def]
    """A failing handler logs and answers nothing; the server keeps serving."""

    @functools.wraps(handler)
    def wrapper(*args):  # type: ignore[no-untyped-def]
        try:
            return handler(*args)
        except Exception:
            log.exception("claims lsp: %s failed", handler.__name__)
            return None

    return wrapper


def open_workspace(ls: ClaimsServer, start: str | None) -> Workspace | None:
    """The store for a folder (or CLAIMS_STORE); None when there is none yet."""
    if ls.claims is not None:
        return ls.claims
    try:
        root = find_store(Path(start or os.getcwd()), os.environ.get("CLAIMS_STORE"))
    except ClaimsError as exc:
        log.info("claims lsp: %s", exc)
        return None
    settings, _, _ = read_settings(root, str(root))  # its findings are `claims check`'s
    configured = settings.archive_folders if settings else ()
    reader = make_archive_reader(archive_folders(root, (), configured))
    today = today_date(settings.today if settings else None)
    language = settings.language if settings else None
    ls.claims = Workspace(root, today, reader, default_language=language)
    return ls.claims


def text_of(ls: ClaimsServer, path: str) -> str:
    """A file as the editor sees it: the open buffer, else the disk."""
    doc = ls.workspace.text_documents.get(convert.uri_of(path))
    if doc is not None:
        return doc.source
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def lines_of(ls: ClaimsServer, path: str) -> list[str]:
    return text_of(ls, path).splitlines(keepends=True)


def publish(
    ls: ClaimsServer, found: dict[str, list[Diagnostic]], prose: bool = False, force: str = ""
) -> None:
    """Send diagnostics for files whose findings changed (and clear vanished files); `force`
    names a file published regardless (the document just opened or saved)."""
    if not prose:
        for path in set(ls.published) - set(found):
            if not path.endswith(PROSE_SUFFIXES):
                found = {**found, path: []}
    codec = ls.workspace.position_codec
    for path, diags in found.items():
        before = ls.published.get(path)
        if path != force and before is not None and (before is diags or before == diags):
            continue  # the workspace hands back the same list for every file an edit left alone
        ls.published[path] = diags
        items = [convert.diagnostic(d, codec, lambda p: lines_of(ls, p)) for d in diags]
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=convert.uri_of(path), diagnostics=items)
        )


def is_prose(path: str) -> bool:
    return path.lower().endswith(PROSE_SUFFIXES)


def rescan_prose(ls: ClaimsServer) -> None:
    """Open drafts are judged against the store; re-judge them when the store changes."""
    if ls.claims is None:
        return
    for uri, doc in list(ls.workspace.text_documents.items()):
        path = convert.path_of(uri)
        if is_prose(path):
            publish(ls, {path: ls.claims.scan(path, doc.source)}, prose=True)


def diagnose(ls: ClaimsServer, uri: str, force: bool = False) -> None:
    """Re-diagnose one document from its current buffer."""
    path = convert.path_of(uri)
    doc = ls.workspace.get_text_document(uri)
    ws = open_workspace(ls, str(Path(path).parent))
    if ws is None:
        return
    forced = path if force else ""
    if is_prose(path):
        publish(ls, {path: ws.scan(path, doc.source)}, prose=True, force=forced)
    elif ws.contains(path):
        publish(ls, ws.update(path, doc.source), force=forced)
        rescan_prose(ls)


@server.feature(types.INITIALIZED)
@guarded
def initialized(ls: ClaimsServer, params: types.InitializedParams) -> None:
    ws = open_workspace(ls, ls.workspace.root_path)
    caps = ls.client_capabilities.workspace
    watch = caps.did_change_watched_files if caps else None
    if watch and watch.dynamic_registration:
        watcher = types.FileSystemWatcher(glob_pattern="**/*.toml")
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers=[watcher])
        registration = types.Registration(
            id="claims-watch",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        ls.client_register_capability(types.RegistrationParams(registrations=[registration]))
    if ws is not None:
        publish(ls, ws.diagnostics())


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded
def did_open(ls: ClaimsServer, params: types.DidOpenTextDocumentParams) -> None:
    diagnose(ls, params.text_document.uri, force=True)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: ClaimsServer, params: types.DidChangeTextDocumentParams) -> None:
    # Debounced: typing produces a change per key; diagnose once the typing pauses.
    uri = params.text_document.uri
    previous = ls.pending.pop(uri, None)
    if previous is not None:
        previous.cancel()
    ls.pending[uri] = asyncio.ensure_future(_later(ls, uri))


async def _later(ls: ClaimsServer, uri: str) -> None:
    await asyncio.sleep(DEBOUNCE_SECONDS)
    ls.pending.pop(uri, None)
    guarded(diagnose)(ls, uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
@guarded
def did_save(ls: ClaimsServer, params: types.DidSaveTextDocumentParams) -> None:
    diagnose(ls, params.text_document.uri, force=True)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded
def did_close(ls: ClaimsServer, params: types.DidCloseTextDocumentParams) -> None:
    path = convert.path_of(params.text_document.uri)
    if is_prose(path):
        publish(ls, {path: []}, prose=True)
    elif ls.claims is not None and ls.claims.contains(path):
        publish(ls, ls.claims.close(path))
        rescan_prose(ls)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded
def watched(ls: ClaimsServer, params: types.DidChangeWatchedFilesParams) -> None:
    ws = ls.claims
    if ws is None:
        return
    found = ws.diagnostics()
    for change in params.changes:
        path = convert.path_of(change.uri)
        if ws.contains(path):
            found = ws.reload(path)
    publish(ls, found)
    rescan_prose(ls)


def _claim_here(ls: ClaimsServer, uri: str, pos: types.Position):
    """(workspace, path, 1-based line, column, line text) for a position in a claim file."""
    ws = ls.claims
    path = convert.path_of(uri)
    if ws is None or not ws.contains(path):
        return None
    doc = ls.workspace.get_text_document(uri)
    line, column = convert.core_position(ls.workspace.position_codec, doc.lines, pos)
    text = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    return ws, absolute(path), line, column, text.rstrip("\r\n")


@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded
def hover(ls: ClaimsServer, params: types.HoverParams) -> types.Hover | None:
    here = _claim_here(ls, params.text_document.uri, params.position)
    if here is None:
        return None
    ws, path, line, _, _ = here
    text = hover_text(ws.store, path, line, ws.context.today)
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@guarded
def goto_definition(ls: ClaimsServer, params: types.DefinitionParams):
    here = _claim_here(ls, params.text_document.uri, params.position)
    if here is None:
        return None
    ws, _, _, column, text = here
    target = definition(ws.store, text, column)
    if target is None:
        return None
    return convert.location(target, ls.workspace.position_codec, lambda p: lines_of(ls, p))


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=['"', "'"])
)
@guarded
def complete(ls: ClaimsServer, params: types.CompletionParams):
    here = _claim_here(ls, params.text_document.uri, params.position)
    if here is None:
        return None
    ws, path, line, column, text = here
    items = [convert.completion_item(c) for c in completions(ws.store, path, line, text, column)]
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
@guarded
def code_actions(ls: ClaimsServer, params: types.CodeActionParams):
    here = _claim_here(ls, params.text_document.uri, params.range.start)
    if here is None:
        return None
    ws, path, line, _, _ = here
    claim = record_at(ws.store, path, line)
    if not isinstance(claim, Claim):
        return None
    codec = ls.workspace.position_codec

    def line_count(p: str) -> int | None:
        exists = p in ws.parsed or Path(p).exists()
        return len(lines_of(ls, p)) if exists else None

    related = [d for d in params.context.diagnostics if d.code in ("conflict", "conflict-stale")]
    fixes = conflict_fixes(ws.store, claim, ws.context.today, line_count)
    return [convert.code_action(f, codec, lambda p: lines_of(ls, p), related) for f in fixes]


MAX_MESSAGE = 64 * 1024 * 1024


class BoundedStdin:
    """stdin for pygls that refuses an absurd Content-Length instead of allocating it.

    pygls reads a declared length in one allocation, so a hostile header would kill the
    server with MemoryError; a non-JSON body makes it log the frame and read the next header."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def readline(self) -> bytes:
        return bytes(self.raw.readline())

    def read(self, n: int) -> bytes:
        if n > MAX_MESSAGE:
            log.error("ignored a message declaring %d bytes (limit %d)", n, MAX_MESSAGE)
            return b" "
        return bytes(self.raw.read(n))


def main() -> None:
    # stderr is the editor's server log: our messages, not every JSON-RPC frame.
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    log.setLevel(logging.INFO)
    server.start_io(stdin=BoundedStdin(sys.stdin.buffer))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
