"""Security promises: nothing from the data leaves the store, symlinks are not followed, git
never sees a revision as an option, nothing read is executed, and the language server
survives hostile messages and files."""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.disk.adding import conventional_path
from claimledger.disk.atomic import atomic_write, file_lock
from claimledger.disk.session import make_archive_reader
from claimledger.errors import StoreError
from claimledger.tomlstore.store import load_texts

from .test_crash import make_store

SRC = Path(__file__).resolve().parent.parent / "src" / "claimledger"
MAIN = "from claimledger.cli.main import main; main()"


def invoke(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--store", str(root / "claims"), *args])


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".lock")}


# -- ids and file names never produce a path outside the store -------------------------------

CLAIM_ARGS = [
    "--subject",
    "city/population",
    "--source",
    "gazette",
    "--value",
    "120",
    "--quote",
    "About 120.",
    "--confidence",
    "low",
]


@pytest.mark.parametrize(
    "args",
    [
        ["add", "source", "--id", "../../escaped", "--title", "T", "--publisher", "P"],
        ["add", "source", "--id", "/tmp/escaped", "--title", "T", "--publisher", "P"],
        ["add", "subject", "--id", "../escaped", "--description", "D", "--kind", "text"],
        ["add", "subject", "--id", "../../x/y", "--description", "D", "--kind", "text"],
        ["add", "claim", "--id", "../../escaped", *CLAIM_ARGS],
    ],
)
def test_ids_never_leave_the_store(tmp_path, args):
    make_store(tmp_path)
    before = files_under(tmp_path)
    result = invoke(tmp_path, *args)
    assert result.exit_code == 2
    assert "not written" in result.output
    assert files_under(tmp_path) == before


def test_resolution_file_stays_in_the_store_whatever_the_subject(tmp_path):
    """A resolution file is named after a claim's subject: a hostile subject cannot escape."""
    path = make_store(tmp_path)
    with path.open("a") as f:
        for cid in ("a", "b"):
            f.write(
                f'\n[[claim]]\nid = "{cid}"\nsubject = "../../../../escaped/x"\nsource = "gazette"\n'
                f'value = "{cid}"\nquote = "Q."\nconfidence = "low"\n'
            )
    before = files_under(tmp_path)
    result = invoke(tmp_path, "resolve", "a", "b", "--verdict", "both-plausible", "--note", "n")
    # no such subject: no conflict to judge, nothing written anywhere
    assert result.exit_code == 2, result.output
    assert files_under(tmp_path) == before
    # and the file a resolution of theirs would go to is inside the store
    store = load_texts({path.as_posix(): path.read_bytes()}, (tmp_path / "claims").as_posix())
    table = {"claims": ["a", "b"]}
    where = conventional_path(tmp_path / "claims", store, "resolution", table)
    assert where.resolve().is_relative_to((tmp_path / "claims").resolve())


def test_symlinked_folder_out_of_the_store_is_not_written_through(tmp_path):
    make_store(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "claims/sources/gazette.toml").rename(tmp_path / "claims/gazette.toml")
    (tmp_path / "claims/sources").rmdir()
    (tmp_path / "claims/sources").symlink_to(outside, target_is_directory=True)
    result = invoke(
        tmp_path, "add", "source", "--id", "herald", "--title", "T", "--publisher", "Herald"
    )
    assert result.exit_code == 2
    assert "outside the store" in result.output
    assert list(outside.iterdir()) == []


def test_symlinked_file_is_reported_not_read(tmp_path, monkeypatch):
    make_store(tmp_path)
    secret = tmp_path / "secret.toml"
    secret.write_text('[[source]]\nid = "secret-source"\ntitle = "T"\npublisher = "P"\n')
    (tmp_path / "claims/linked.toml").symlink_to(secret)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    codes = [(d["file"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert codes == [("claims/linked.toml", "symlink-outside")]
    listed = CliRunner().invoke(cli, ["sources", "--format", "json"])
    assert "secret-source" not in listed.stdout


def test_writes_never_follow_a_symlink(tmp_path, monkeypatch):
    make_store(tmp_path)
    target = tmp_path / "target.toml"
    target.write_text("# not to be touched\n[[source]]\nid='x'\ntitle='T'\npublisher='P'\n")
    link = tmp_path / "claims/link.toml"
    link.symlink_to(target)
    with pytest.raises(StoreError, match="symlink"):
        atomic_write(link, "overwritten")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["fmt", "claims/link.toml"])
    assert "symlink" in result.output
    assert target.read_text().startswith("# not to be touched")


def test_lock_file_symlink_is_not_followed(tmp_path):
    path = make_store(tmp_path)
    victim = tmp_path / "victim"
    (path.parent / f".{path.name}.lock").symlink_to(victim)
    with pytest.raises(OSError), file_lock(path, timeout=0.1):
        pass
    assert not victim.exists()


@pytest.mark.parametrize("name", ["../secret.txt", "/etc/passwd", "..", "a/../../secret.txt"])
def test_archive_names_never_leave_their_folder(tmp_path, name):
    (tmp_path / "secret.txt").write_text("secret")
    store = tmp_path / "claims"
    store.mkdir()
    assert make_archive_reader([store])(name) is None


# -- git: argument lists, revisions validated ------------------------------------------------


@pytest.fixture
def repo(tmp_path):
    """A git repository with a committed store, and a `git` on PATH that logs every call."""
    if not _which("git"):
        pytest.skip("git is not installed")
    work = tmp_path / "repo"
    work.mkdir()
    make_store(work)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "init"],
    ):
        subprocess.run(["git", *args], cwd=work, env=env, check=True)
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "git-calls.log"
    (fake / "git").write_text(
        f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done >> "{log}"\n'
        f'printf "%s\\n" "----" >> "{log}"\nexec "{_which("git")}" "$@"\n'
    )
    (fake / "git").chmod(0o755)
    env["PATH"] = f"{fake}{os.pathsep}{env['PATH']}"
    env["CLAIMS_TODAY"] = "2026-11-21"
    return work, env, log


def _which(name: str) -> str | None:
    import shutil

    return shutil.which(name)


HOSTILE = [
    ["diff", "--output={x}"],
    ["diff", "--", "--output={x}"],
    ["diff", "--", "HEAD", "--output={x}"],
    ["diff", "--", "HEAD...--output={x}"],
    ["diff", "--", "--output={x}..HEAD"],
    ["diff", "--", "--output={x}...HEAD"],
    ["check", "--since=--output={x}"],
    ["check", "--since", "--output={x}"],
    ["check", "--since", "-o{x}"],
    ["check", "--since", "HEAD\n--output={x}"],
]


@pytest.mark.parametrize("args", HOSTILE, ids=[" ".join(a) for a in HOSTILE])
def test_revision_can_never_become_a_git_option(repo, tmp_path, args):
    work, env, log = repo
    pwned = tmp_path / "pwned"
    argv = [a.format(x=pwned) for a in args]
    done = subprocess.run(
        [sys.executable, "-c", MAIN, *argv], cwd=work, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert not pwned.exists()
    calls = log.read_text() if log.exists() else ""
    assert str(pwned) not in calls  # the hostile name never reached git at all


def test_git_is_called_with_argument_lists_only():
    for path in SRC.rglob("*.py"):
        text = path.read_text()
        assert "shell=True" not in text, path
        assert not re.search(r"os\.(system|popen)\(", text), path


# -- nothing read is executed or unpickled ---------------------------------------------------

DANGEROUS = re.compile(
    r"\b(pickle|cPickle|marshal|shelve|dill|yaml\.load|yaml\.unsafe_load|jsonpickle)\b"
    r"|\beval\(|\bexec\(|__import__\(|importlib\.import_module\((?!f\"claimledger)"
)


def test_no_code_runs_from_data():
    """Store, cache and drafts are read with tomllib / json / plain text only."""
    for path in SRC.rglob("*.py"):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            assert not DANGEROUS.search(code), f"{path.name}:{n}: {line.strip()}"


def test_cli_imports_only_its_own_command_modules():
    """Command names come from a fixed table, not from input: an unknown name imports nothing,
    and every known one resolves to a module under claimledger.cli.commands."""
    import click

    from claimledger.cli.main import COMMANDS, cli

    ctx = click.Context(cli)
    before = set(sys.modules)
    for name in ("os", "os.system", "../../etc/passwd", "__init__", "claimledger.cli.main"):
        assert cli.get_command(ctx, name) is None
    assert set(sys.modules) == before
    for name, (module, _) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name
        assert command.callback.__module__ == f"claimledger.cli.commands.{module}"


# -- the language server survives malformed messages and files ------------------------------


class RawClient:
    """`claims lsp` as a subprocess, spoken to in raw bytes."""

    def __init__(self, cwd: Path, stderr: Path) -> None:
        env = {**os.environ, "CLAIMS_TODAY": "2026-11-21", "CLAIMS_LSP_DEBOUNCE": "0"}
        self.err = stderr.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", MAIN, "lsp"],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.err,
        )
        self.inbox: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if length is not None:
                self.inbox.put(json.loads(out.read(length)))

    def raw(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def wait_for(self, match, timeout: float = 20.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = self.inbox.get(timeout=0.2)
            except queue.Empty:
                assert self.proc.poll() is None, "the language server died"
                continue
            if match(message):
                return message
        raise AssertionError("no such message from the language server")

    def request(self, rid: int, method: str, params: object = None) -> dict:
        message = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.wait_for(lambda m: m.get("id") == rid and "method" not in m)

    def notify(self, method: str, params: object) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.err.close()


MALFORMED_MESSAGES = [
    b"Content-Length: 9\r\n\r\n{not json",
    b"Content-Length: 2\r\n\r\n[]",
    b"Content-Length: 4\r\n\r\nnull",
    b'Content-Length: 5\r\n\r\n"str"',
    b'Content-Length: 17\r\n\r\n{"jsonrpc":"2.0"}',
    b'Content-Length: 31\r\n\r\n{"jsonrpc":"2.0","method":null}',
    b"Content-Length: 6\r\n\r\n\xff\xfe\x00\x01\x02\x03",
    b"Content-Length: abc\r\n\r\n",
    b"Content-Length: -5\r\n\r\n",
    b"a header line without a colon\r\n\r\n",
    b"\r\n\r\n\r\n",
]


def _open(client: RawClient, uri: str, text: str, version: int = 1) -> None:
    item = {"uri": uri, "languageId": "toml", "version": version, "text": text}
    client.notify("textDocument/didOpen", {"textDocument": item})


def _diagnostics_for(uri: str):
    return lambda m: (
        m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    )


@pytest.mark.skipif(sys.platform == "win32", reason="raw pipes")
def test_language_server_survives_malformed_messages_and_files(tmp_path):
    make_store(tmp_path)
    client = RawClient(tmp_path, tmp_path / "lsp-stderr.log")
    try:
        init = client.request(
            1, "initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}
        )
        assert "capabilities" in init["result"]
        client.notify("initialized", {})
        for n, junk in enumerate(MALFORMED_MESSAGES):
            client.raw(junk)
            # still serving: an unknown method gets its error answer
            reply = client.request(100 + n, "claims/no-such-method", {})
            assert reply["error"]["code"] == -32601
        # pygls logs a request whose params do not fit and does not answer it; it keeps serving
        client.send({"jsonrpc": "2.0", "id": 200, "method": "textDocument/hover", "params": {}})
        assert client.request(201, "claims/no-such-method", {})["error"]["code"] == -32601
        client.notify("textDocument/didOpen", {"nonsense": True})
        client.notify("textDocument/didChange", None)

        hostile = {
            "nul.toml": '[[claim]]\nid = "a\x00b"\n',
            "deep.toml": "x = " + "[" * 3000 + "]" * 3000 + "\n",
            "huge-int.toml": "x = " + "9" * 5000 + "\n",
            "syntax.toml": '[[claim]\nid = "',
            "bidi.toml": '[[claim]]\nid = "\u202egnp.exe"\nquote = "عربي\u0301" x\n',
            "merge.toml": "<<<<<<< HEAD\n[[claim]]\n=======\n>>>>>>> b\n",
        }
        for name, text in hostile.items():
            path = tmp_path / "claims" / name
            path.write_text(text)
            uri = path.as_uri()
            _open(client, uri, text)
            published = client.wait_for(_diagnostics_for(uri))
            assert published["params"]["diagnostics"], name
        for uri in ("untitled:Untitled-1", "file:///nonexistent/claims/x.toml", "http://x/y"):
            _open(client, uri, '[[claim]]\nid = "x"\n')
        edit = {
            "range": {"start": {"line": 99, "character": 5}, "end": {"line": 0, "character": 0}}
        }
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": (tmp_path / "claims/nul.toml").as_uri(), "version": 2},
                "contentChanges": [{**edit, "text": "\udcff"}, {"text": "x = [[[[["}],
            },
        )
        good = (tmp_path / "claims/sources/gazette.toml").as_uri()
        _open(client, good, (tmp_path / "claims/sources/gazette.toml").read_text())
        hover = client.request(
            300,
            "textDocument/hover",
            {"textDocument": {"uri": good}, "position": {"line": 2, "character": 6}},
        )
        assert "error" not in hover
        assert "result" in client.request(400, "shutdown")
        client.notify("exit", None)
        assert client.proc.wait(timeout=20) == 0
    finally:
        client.close()


def test_language_server_survives_an_absurd_content_length(tmp_path):
    make_store(tmp_path)
    client = RawClient(tmp_path, tmp_path / "lsp-stderr.log")
    try:
        client.request(
            1, "initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}
        )
        client.raw(b"Content-Length: 99999999999\r\n\r\n")
        assert client.request(2, "claims/no-such-method", {})["error"]["code"] == -32601
    finally:
        client.close()
