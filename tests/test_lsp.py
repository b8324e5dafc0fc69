"""The language server over stdio, driven by a real LSP client (pytest-lsp)."""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(tempfile.mkdtemp(prefix="claims-lsp-"))
atexit.register(shutil.rmtree, ROOT, True)
STORE = ROOT / "claims"
shutil.copytree(REPO / "claims", STORE)
ALHURRA = STORE / "sources" / "alhurra-2026-02-iran-last-card.toml"
UNMASKING = STORE / "sources" / "web-2025-06-unmasking-iran-backed-militias.toml"
ENV = {**os.environ, "CLAIMS_TODAY": "2026-11-21", "CLAIMS_LSP_DEBOUNCE": "0.05"}
ENV.pop("CLAIMS_STORE", None)


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "claimledger", "lsp"], server_env=ENV
    ),
)
async def client(lsp_client: LanguageClient):
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def _register(params):  # pytest-lsp does not answer registrations itself
        return None

    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=ROOT.as_uri()
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def _line_of(path: Path, needle: str) -> int:
    """0-based line of the first line containing `needle`."""
    return next(i for i, line in enumerate(path.read_text().splitlines()) if needle in line)


async def _open(client: LanguageClient, path: Path, language: str = "toml", text=None) -> str:
    uri = path.as_uri()
    item = types.TextDocumentItem(
        uri=uri, language_id=language, version=1, text=text or path.read_text()
    )
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


async def _until(predicate, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


@pytest.mark.asyncio(loop_scope="module")
async def test_conflict_on_each_claim_with_related_information(client: LanguageClient):
    uri = await _open(client, ALHURRA)
    line = _line_of(ALHURRA, 'value = "nearly 70"')
    count = [
        d
        for d in client.diagnostics[uri]
        if d.code == "conflict" and "iraq/iran-backed-militias/count" in d.message
    ]
    assert len(count) == 1
    d = count[0]
    assert d.range.start == types.Position(line=line, character=8)
    assert d.severity == types.DiagnosticSeverity.Warning
    assert d.source == "claims"
    (related,) = d.related_information
    assert related.location.uri == UNMASKING.as_uri()
    assert related.location.range.start.line == _line_of(UNMASKING, 'value = "up to thirty"')
    assert related.message.startswith("position 1: unmasking-militia-count")
    await _until(lambda: UNMASKING.as_uri() in client.diagnostics)
    other = client.diagnostics[UNMASKING.as_uri()]
    assert any(x.code == "conflict" and "alhurra-militia-count" in x.message for x in other)


@pytest.mark.asyncio(loop_scope="module")
async def test_hover_shows_side_by_side_table(client: LanguageClient):
    uri = await _open(client, ALHURRA)
    line = _line_of(ALHURRA, 'id = "alhurra-militia-count"')
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=3),
        )
    )
    text = hover.contents.value
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert (
        "| | this claim: `alhurra-militia-count` | conflicts: `unmasking-militia-count` |" in text
    )
    assert "| value | nearly 70 | up to thirty |" in text
    assert "| interval | [63, 70) | [0, 30] |" in text
    assert "| reliability | C | E |" in text
    value_line = _line_of(ALHURRA, 'value = "nearly 70"')
    on_value = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=value_line, character=12),
        )
    )
    assert on_value.contents.value == "`nearly 70` → interval **[63, 70)** groups (nearly)"


@pytest.mark.asyncio(loop_scope="module")
async def test_definition_of_a_subject_id(client: LanguageClient):
    uri = await _open(client, ALHURRA)
    line = _line_of(ALHURRA, 'subject = "iraq/iran-backed-militias/count"')
    result = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=15),
        )
    )
    iraq = STORE / "subjects" / "iraq.toml"
    assert result.uri == iraq.as_uri()
    assert result.range.start.line == _line_of(iraq, 'id = "iraq/iran-backed-militias/count"')


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_of_source_ids_and_field_names(client: LanguageClient):
    uri = await _open(client, ALHURRA)
    line = _line_of(ALHURRA, 'source = "alhurra-2026-02-iran-last-card"')
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=10),
        )
    )
    labels = [item.label for item in result.items]
    assert labels == [
        "alhurra-2026-02-iran-last-card",
        "web-2025-06-unmasking-iran-backed-militias",
    ]


@pytest.mark.asyncio(loop_scope="module")
async def test_code_action_resolve_applied(client: LanguageClient):
    uri = await _open(client, ALHURRA)
    line = _line_of(ALHURRA, 'value = "nearly 70"')
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(
                start=types.Position(line=line, character=8),
                end=types.Position(line=line, character=8),
            ),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    titles = [a.title for a in actions]
    assert titles == [
        "Resolve as prefer (prefer alhurra-militia-count)",
        "Resolve as scope-mismatch",
        "Resolve as both-plausible",
        "Resolve as superseded",
        "Resolve as source-error",
        "Mark alhurra-militia-count as superseded by unmasking-militia-count",
    ]
    scope = actions[1].edit.document_changes
    created, edit = scope
    target = STORE / "resolutions" / "iraq.toml"
    assert created.uri == target.as_uri()
    text = edit.edits[0].new_text
    assert text.startswith(
        '[[resolution]]\nid = "resolve-alhurra-militia-count-unmasking-militia-count"'
    )
    assert 'verdict = "scope-mismatch"' in text
    assert "fingerprints = { alhurra-militia-count = " in text
    # Apply it as an editor would (the file is new) and tell the server the file appeared.
    target.parent.mkdir(exist_ok=True)
    target.write_text(text.replace("TODO: say why", "different definitions"))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=target.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    await _until(
        lambda: not any("iran-backed-militias/count" in d.message for d in client.diagnostics[uri])
    )


@pytest.mark.asyncio(loop_scope="module")
async def test_file_changed_on_disk_is_picked_up(client: LanguageClient):
    extra = STORE / "sources" / "extra.toml"
    extra.write_text('[[source]]\nid = "extra"\ntitle = "T"\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=extra.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    await _until(lambda: extra.as_uri() in client.diagnostics)
    (missing,) = client.diagnostics[extra.as_uri()]
    assert missing.code == "missing-field"
    assert missing.message == (
        "[[source]] has no 'publisher'\n"
        "hint: add `publisher = ...`: Outlet or organisation that published it."
    )
    extra.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=extra.as_uri(), type=types.FileChangeType.Deleted)]
        )
    )
    await _until(lambda: not client.diagnostics[extra.as_uri()])


@pytest.mark.asyncio(loop_scope="module")
async def test_unsaved_edit_is_diagnosed_and_malformed_file_survives(client: LanguageClient):
    uri = await _open(client, UNMASKING)
    broken = "[[claim]\nid = 'x'\n"
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=broken)],
        )
    )
    await _until(lambda: [d.code for d in client.diagnostics.get(uri, [])] == ["toml-syntax"])
    # The server still answers after a malformed buffer.
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=0),
        )
    )
    assert hover is None
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await _until(lambda: "toml-syntax" not in [d.code for d in client.diagnostics[uri]])


@pytest.mark.asyncio(loop_scope="module")
async def test_prose_draft_flagged_at_utf16_column(client: LanguageClient):
    draft = ROOT / "draft.md"
    text = "# Draft\n\n🙂 «الحشد» Around 40 Iran-backed militias operate in Iraq.\n"
    draft.write_text(text)
    uri = await _open(client, draft, "markdown", text)
    (d,) = client.diagnostics[uri]
    assert d.code == "prose-conflict"
    # 🙂 is two UTF-16 code units: "Around" starts at code point 10, UTF-16 unit 11.
    assert d.range == types.Range(
        start=types.Position(line=2, character=11), end=types.Position(line=2, character=20)
    )
    assert "alhurra-militia-count" in d.message and "unmasking-militia-count" in d.message


def test_server_survives_malformed_json_rpc():
    import json
    import select
    import subprocess
    import time

    def frame(body: bytes) -> bytes:
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimledger", "lsp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=ENV,
    )
    try:
        proc.stdin.write(frame(b"{not json"))
        proc.stdin.write(frame(b'{"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover"}'))
        proc.stdin.write(frame(json.dumps(init).encode()))
        proc.stdin.flush()
        out, deadline = b"", time.time() + 20
        while b'"id": 1,' not in out and time.time() < deadline:
            if select.select([proc.stdout], [], [], 0.2)[0]:
                out += os.read(proc.stdout.fileno(), 65536)
        assert b'"serverInfo": {"name": "claims"' in out
    finally:
        proc.kill()
        proc.wait()
