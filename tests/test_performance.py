"""The fast paths give what the plain ones give: a store checked by two processes, records
built without their `__init__`, key positions scanned line by line; and progress reporting
(a callback in the core, a bar on a terminal's stderr only)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.checks.validation import CheckContext, run_checks
from claimledger.cli import progress as progress_mod
from claimledger.cli.main import cli
from claimledger.disk import parallel_check
from claimledger.disk.files import read_folder
from claimledger.disk.parallel_check import fork_call
from claimledger.disk.snapshot import load_store, snapshot
from claimledger.model.records import RECORD_BUILDERS, RECORD_TYPES, KeyPos, Origin
from claimledger.tomlstore import positions as locate
from claimledger.tomlstore.store import load_texts

from .conftest import TODAY

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from generate import write_store


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("perf") / "claims"
    write_store(root, 600)
    return root


def _store(root: Path):
    texts, _ = read_folder(root)
    return load_texts(texts, root=root.as_posix())


def _rows(found):
    return [repr(d) for d in found]


def _checked_in_one_process(root: Path, ctx: CheckContext) -> list[str]:
    return _rows(run_checks(load_store(snapshot(root, None)), ctx))


@pytest.fixture
def cores(monkeypatch):
    monkeypatch.setattr(parallel_check, "usable_cores", lambda: 4)


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated store plus what crosses the shares: a duplicate id in the first and last
    file, a broken file, and a claim at the end on a subject whose others sit at the start."""
    root = tmp_path_factory.mktemp("awkward") / "claims"
    write_store(root, 600)
    first = sorted(root.rglob("src*.toml"))[0]
    claim = next(iter(load_texts({"f": first.read_bytes()}).claims.values()))
    (root / "zz-late.toml").write_text(
        f'[[claim]]\nid = "{claim.id}"\nsubject = "{claim.subject}"\nvalue = "999999"\n'
        f'source = "{claim.source}"\nquote = "q"\n\n'
        f'[[claim]]\nid = "late-1"\nsubject = "{claim.subject}"\nvalue = "12"\n'
        f'source = "{claim.source}"\nquote = "q"\ndate = 2099-01-01\n',
        encoding="utf-8",
    )
    (root / "zz-broken.toml").write_text("[[claim]]\nid = \n", encoding="utf-8")
    return root


@pytest.mark.parametrize("strict", [False, True])
def test_several_processes_find_what_one_finds(awkward, cores, monkeypatch, strict) -> None:
    ctx = CheckContext(TODAY, lambda name: None, strict)
    plain = _checked_in_one_process(awkward, ctx)
    codes = {row.split("code=")[1].split(",")[0] for row in plain}
    assert {"'duplicate-id'", "'toml-syntax'", "'future-date'", "'conflict'"} <= codes
    sent: list[int] = []  # each fork's findings, counted as they arrive

    def counted(compute):
        wait = fork_call(compute)
        return lambda: (rows := wait(), sent.append(len(rows)))[0]

    monkeypatch.setattr(parallel_check, "fork_call", counted)
    for jobs, weight in ((2, 0.67), (2, 0.0), (2, 5.0), (3, 0.67), (4, 1.0)):
        monkeypatch.setattr(parallel_check, "FIRST_WEIGHT", weight)
        sent.clear()
        store, found = parallel_check.load_and_check(snapshot(awkward, None), ctx, jobs=jobs)
        assert _rows(found) == plain
        assert len(store.claims) == 601  # the whole store, as one process loads it
        assert len(sent) == jobs - 1 and all(0 < n < len(plain) for n in sent)


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_shares_split_files_and_subjects_in_runs(awkward, count) -> None:
    store = load_store(snapshot(awkward, None))
    subjects = sorted({c.subject for c in store.claims.values()})
    split = parallel_check.shares(store, count)
    assert len(split) == count
    assert [f for s in split for f in sorted(s.files)] == list(store.files)  # runs, in order
    assert [t for s in split for t in s.subjects] == subjects
    records = sum(len(p.records) for p in store.files.values())
    for share in split:  # near-equal parts of the records; the first one smaller
        part = sum(len(store.files[f].records) for f in share.files) / records
        weight = parallel_check.FIRST_WEIGHT if share is split[0] else 1.0
        assert part == pytest.approx(weight / (parallel_check.FIRST_WEIGHT + count - 1), abs=0.05)


def test_jobs_are_capped_by_usable_cores(awkward, monkeypatch) -> None:
    monkeypatch.setattr(parallel_check, "usable_cores", lambda: 1)
    monkeypatch.setattr(parallel_check, "fork_call", lambda compute: pytest.fail("forked"))
    ctx = CheckContext(TODAY)
    found = parallel_check.load_and_check(snapshot(awkward, None), ctx, jobs=8)[1]
    assert _rows(found) == _checked_in_one_process(awkward, ctx)


def test_a_failed_fork_is_replaced_by_local_work(awkward, cores, monkeypatch) -> None:
    ctx = CheckContext(TODAY)
    plain = _checked_in_one_process(awkward, ctx)

    def broken() -> list:
        raise RuntimeError("the fork fails")

    real = parallel_check.fork_call
    monkeypatch.setattr(parallel_check, "fork_call", lambda compute: real(broken))
    found = parallel_check.load_and_check(snapshot(awkward, None), ctx, jobs=3)[1]
    assert _rows(found) == plain


def test_check_with_jobs_prints_what_one_job_prints(awkward, cores, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMS_NO_CACHE", "1")
    monkeypatch.setenv("CLAIMS_STORE", str(awkward))
    one = CliRunner().invoke(cli, ["check", "--format", "json"])
    two = CliRunner().invoke(cli, ["check", "--format", "json", "--jobs", "2"])
    assert two.exit_code == one.exit_code == 1
    assert two.stdout == one.stdout and '"duplicate-id"' in one.stdout
    bad = CliRunner().invoke(cli, ["check", "--jobs", "0"])
    assert bad.exit_code == 2 and "--jobs" in bad.output


def test_fork_call_returns_the_result_or_none() -> None:
    assert fork_call(lambda: {"a": [1, "é"]})() == {"a": [1, "é"]}
    assert fork_call(lambda: 1 / 0)() is None


def test_records_built_fast_equal_records_built_by_init() -> None:
    origin = Origin("f.toml", 3)
    values = {"id": "c1", "subject": "s", "value": "nearly 70", "tags": ("a",)}
    table = {"id": "c1", "subject": "s", "value": "nearly 70", "tags": ["a"]}
    for kind, cls in RECORD_TYPES.items():
        fast = RECORD_BUILDERS[kind]({"id": "x1"}, origin, {"id": "x1"})
        slow = cls(id="x1", origin=origin, table={"id": "x1"})
        assert fast == slow and repr(fast) == repr(slow) and vars(fast) == vars(slow)
        assert list(vars(fast)) == list(vars(slow))  # same field order
    fast = RECORD_BUILDERS["claim"](values, origin, table)
    slow = RECORD_TYPES["claim"](**values, origin=origin, table=table)
    assert vars(fast) == vars(slow) and list(vars(fast)) == list(vars(slow))
    one = RECORD_BUILDERS["resolution"]({"id": "r1"}, origin, {})
    two = RECORD_BUILDERS["resolution"]({"id": "r2"}, origin, {})
    assert one.fingerprints == {} and one.fingerprints is not two.fingerprints


def _scan_keys_reference(text, kind, line, bounds, regions):
    """The scan as it was: one `finditer` over the record's text."""
    keys = {}
    counted, sub_table = bounds[0], False
    for m in locate._BODY.finditer(text, *bounds):
        offset = m.start()
        if regions and locate._inside(regions, offset):
            continue
        line += text.count("\n", counted, offset)
        counted = offset
        if m.start(1) >= 0:
            name = m.group(2).strip()
            sub_table = True
            if name.startswith(kind + "."):
                whole = m.group(0)
                col = len(whole) - len(whole.lstrip()) + 1
                sub = name[len(kind) + 1 :].split(".")[0].strip("\"'")
                keys.setdefault(sub, KeyPos(line, col, col))
        elif not sub_table:
            key = m.group(locate._KEY_GROUP + 2).strip("\"'")
            indent = len(m.group(locate._KEY_GROUP + 1))
            keys.setdefault(key, KeyPos(line, indent + 1, m.end() - offset + 1))
    return keys


ODD = [
    '[[claim]]\nid = "a"\nquote = """\nkey = 1\n[[claim]]\n"""\n[claim.x]\ny = 2\n',
    '  [[claim]]  # c\r\n  "id" = "a"\r\n\'q k\' = 1\r\nv.w = 2\r\n[claim.sub.deep]\nz=1\n',
    "[[source]]\nid='s'\n\n\n[[source]]\nid = 's2'\ntitle = '''x\n[[source]]\n'''\nurl = 1\n",
    "[[claim]]\nid = 1",
]


def test_line_scan_finds_what_finditer_finds(generated) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(generated.rglob("*.toml"))]
    corpus = Path(__file__).parent / "corpus"
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in corpus.rglob("*.toml")]
    for text in texts + ODD:
        for span in locate.locate_records(text):
            where = span.keys._where  # type: ignore[attr-defined]
            want = _scan_keys_reference(*where)
            got = locate._scan_keys(*where)
            assert got == want and list(got) == list(want)


def test_progress_callbacks_report_loading_and_checking(generated) -> None:
    calls: list[tuple[str, int, int]] = []
    store = load_store(snapshot(generated, None), lambda *a: calls.append(a))
    files = len(store.files)
    loading = [c for c in calls if c[0] == "loading"]
    assert loading[-1] == ("loading", files, files)
    assert [c[1] for c in loading] == sorted(c[1] for c in loading)
    calls.clear()
    run_checks(store, CheckContext(TODAY), lambda *a: calls.append(a))
    assert calls[-1][0] == "checking" and calls[-1][1] == calls[-1][2]
    assert [c[1] for c in calls] == sorted(c[1] for c in calls)


def test_no_bar_when_stderr_is_not_a_terminal() -> None:
    with progress_mod.progress_bar(io.StringIO()) as callback:
        assert callback is None


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_waits_half_a_second_on_a_terminal(monkeypatch) -> None:
    now = [0.0]
    stream = _Terminal()
    bar = progress_mod._Bar(stream, clock=lambda: now[0])
    bar("loading", 1, 10)
    assert bar.progress is None and stream.getvalue() == ""  # quick work: nothing drawn
    now[0] = 0.6
    bar("loading", 5, 10)
    bar("checking", 1, 8)
    assert bar.progress is not None
    assert [t.description for t in bar.progress.tasks] == ["Loading claim files", "Checking"]
    bar.close()


def test_check_prints_nothing_extra_when_piped(generated, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMS_NO_CACHE", "1")
    monkeypatch.setenv("CLAIMS_STORE", str(generated))
    monkeypatch.setattr(progress_mod, "DELAY", 0.0)  # even "slow" work draws no bar
    result = CliRunner().invoke(cli, ["check", "--format", "gcc"])
    assert result.exit_code in (0, 1), result.output
    assert result.stderr == ""
    assert result.stdout


def test_fast_records_share_their_keys_like_init_ones() -> None:
    origin = Origin("f.toml", 3)
    fast = RECORD_BUILDERS["claim"]({"id": "c1", "quote": "q"}, origin, {})
    slow = RECORD_TYPES["claim"](id="c1", quote="q", origin=origin, table={})
    assert sys.getsizeof(vars(fast)) == sys.getsizeof(vars(slow))


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, 2.5, {"x": (1, 2)}], "b": {1: 2}, "c": [[["é", None, True, 1e300]]] * 3},
        {"k": {"k2": {"k3": {"k4": [1, {"k5": "“q”"}]}}}},
        [],
        {},
        "s",
        [[[[[[1]]]]]],
        [[i, "é", {"k": [i] * 3}] for i in range(1300)],  # chunks of a large list
        {f"f{i}.toml": [[i, 2], "h"] for i in range(1100)},  # ... and of a large dict
        {"key": 1, "value": [7, [[i, "r"] for i in range(2000)]]},  # a large list inside
        [list(range(600)), {str(i): i for i in range(700)}] * 300,  # large inside large
    ],
)
def test_cache_blobs_read_back_as_json_would(value, tmp_path) -> None:
    """Blobs are written by orjson (by json where orjson refuses, as for int keys): either
    way what is read back is what json would give."""
    import json

    from claimledger.disk.cache import read_blob, write_blob

    write_blob(tmp_path, "v.json", value)
    assert read_blob(tmp_path, "v.json") == json.loads(json.dumps(value))
