"""Tests for claimledger.conflicts.resolutions and `claims resolve`: fingerprints, staleness,
validation, and the judgment written to disk."""

import datetime
import shutil
from pathlib import Path

from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.conflicts.groups import find_conflicts
from claimledger.conflicts.resolutions import fingerprint
from claimledger.model.diagnostics import Severity

from .conftest import SOURCE, SUBJECT, TODAY, check_of, claim, dedent, store_of, write_tree

HERALD = SOURCE.replace('"gazette"', '"herald"').replace('"Gazette"', '"Herald"')
CLAIMS = (
    SOURCE
    + HERALD
    + SUBJECT
    + claim("a", '"up to 30"')
    + claim("b", '"nearly 70"', source="herald")
)
SHIPPED = Path(__file__).resolve().parents[1] / "claims"


def resolution(*claim_ids: str, **extra: str) -> str:
    fields = {
        "id": '"r1"',
        "claims": "[" + ", ".join(f'"{c}"' for c in claim_ids) + "]",
        "verdict": '"scope-mismatch"',
        "note": '"different populations"',
        **extra,
    }
    return "\n[[resolution]]\n" + "".join(f"{k} = {v}\n" for k, v in fields.items())


def prints_of(text: str) -> str:
    store = store_of({"c.toml": text})
    items = ", ".join(f'{c} = "{fingerprint(store.claims[c])}"' for c in ("a", "b"))
    return "{ " + items + " }"


def group_of(text: str, today: datetime.date = TODAY):
    (group,) = find_conflicts(store_of({"c.toml": text}), today)
    return group


def conflict_codes(text: str) -> list[tuple[str, str]]:
    return [
        (d.code, d.message.rsplit("[", 1)[-1])
        for d in check_of({"c.toml": text}, strict=True)
        if d.code.startswith("conflict")
    ]


def test_fingerprint_is_stable_and_ignores_notes_tags_and_locator():
    store = store_of({"c.toml": CLAIMS})
    assert fingerprint(store.claims["a"]) == "f9a1495eb3582467"
    noted = CLAIMS.replace('"Quote for a."', '"Quote for a."\nnotes = "x"\ntags = ["t"]')
    assert fingerprint(store_of({"c.toml": noted}).claims["a"]) == "f9a1495eb3582467"
    requoted = CLAIMS.replace('"Quote for a."', '"Quote for A."')
    assert fingerprint(store_of({"c.toml": requoted}).claims["a"]) != "f9a1495eb3582467"


def test_a_resolved_group_is_resolved_and_silent_in_check():
    text = CLAIMS + resolution("a", "b", fingerprints=prints_of(CLAIMS))
    group = group_of(text)
    assert (group.status, group.resolution.id, group.stale_reasons) == ("resolved", "r1", ())
    assert conflict_codes(text) == []


def test_without_fingerprints_a_resolution_still_resolves():
    assert group_of(CLAIMS + resolution("a", "b")).status == "resolved"


def test_editing_a_claim_value_makes_it_stale():
    text = CLAIMS + resolution("a", "b", fingerprints=prints_of(CLAIMS))
    edited = text.replace('value = "nearly 70"', 'value = "about 75"')
    group = group_of(edited)
    assert (group.status, group.stale_reasons) == (
        "stale",
        ("claim b changed since the resolution",),
    )
    assert conflict_codes(edited) == [
        ("conflict-stale", "resolution r1 is stale: claim b changed since the resolution]"),
    ]


def test_editing_notes_does_not_make_it_stale():
    text = CLAIMS + resolution("a", "b", fingerprints=prints_of(CLAIMS))
    edited = text.replace('"Quote for b."', '"Quote for b."\nnotes = "checked again"')
    assert group_of(edited).status == "resolved"


def test_a_new_disagreeing_claim_makes_it_stale():
    text = CLAIMS + claim("c", '"about 90"') + resolution("a", "b", fingerprints=prints_of(CLAIMS))
    group = group_of(text)
    assert (group.status, group.stale_reasons) == (
        "stale",
        ("new claim joined the conflict: c",),
    )
    assert sorted(group.conflicting_ids) == ["a", "b", "c"]


def test_a_new_agreeing_claim_leaves_it_resolved():
    text = CLAIMS + claim("c", '"about 67"') + resolution("a", "b", fingerprints=prints_of(CLAIMS))
    assert group_of(text).status == "stale"  # c conflicts with a ("up to 30")
    text = CLAIMS + claim("c", '"dozens"') + resolution("a", "b", fingerprints=prints_of(CLAIMS))
    assert group_of(text).status == "resolved"


def test_a_passed_revisit_date_makes_it_stale():
    text = CLAIMS + resolution("a", "b", revisit='"2026-10"')
    assert group_of(text, datetime.date(2026, 10, 31)).status == "resolved"
    group = group_of(text, datetime.date(2026, 11, 1))
    assert (group.status, group.stale_reasons) == (
        "stale",
        ("revisit date October 2026 has passed",),
    )


def test_dangling_ids_and_bad_prefer_are_errors():
    text = CLAIMS + resolution("a", "zz", verdict='"prefer"', preferred='"b"')
    diags = [
        d for d in check_of({"c.toml": text}) if d.code in ("dangling-reference", "bad-resolution")
    ]
    assert [(d.line, d.column, d.severity, d.code, d.message) for d in diags] == [
        (40, 10, Severity.ERROR, "dangling-reference", "resolution 'r1' names unknown claim 'zz'"),
        (
            43,
            13,
            Severity.ERROR,
            "bad-resolution",
            "preferred claim 'b' is not among the resolution's claims",
        ),
    ]
    text = CLAIMS + resolution("a", "b", verdict='"prefer"')
    diags = [d for d in check_of({"c.toml": text}) if d.code == "bad-resolution"]
    assert [(d.line, d.message) for d in diags] == [
        (41, "resolution 'r1' has verdict prefer but no preferred claim")
    ]


# ---------------------------------------------------------------------------- claims resolve


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_resolve_writes_canonical_toml_with_fingerprints(tmp_path, monkeypatch):
    write_tree(tmp_path, {"claims/c.toml": CLAIMS})
    monkeypatch.chdir(tmp_path)
    result = run(
        "resolve", "a", "b", "--verdict", "prefer", "--prefer", "b",
        "--note", 'the census "says" 70', "--by", "ana", "--revisit", "2027-06",
    )  # fmt: skip
    path = tmp_path / "claims" / "resolutions" / "city.toml"
    assert result.exit_code == 0
    assert result.output == "added resolution resolve-a-b to claims/resolutions/city.toml\n"
    assert path.read_text() == (
        "[[resolution]]\n"
        'id = "resolve-a-b"\n'
        'claims = ["a", "b"]\n'
        'verdict = "prefer"\n'
        'preferred = "b"\n'
        'note = "the census \\"says\\" 70"\n'
        'by = "ana"\n'
        "on = 2026-11-21\n"
        'revisit = "2027-06"\n'
        'fingerprints = { a = "f9a1495eb3582467", b = "5721d18a1f1da9d9" }\n'
        'judged = { a = { value = "up to 30", confidence = "moderate" }, '
        'b = { value = "nearly 70", confidence = "moderate" } }\n'
    )
    assert run("conflicts", "--format", "json").output.count('"status"') == 0
    assert run("check", "--strict").exit_code == 0
    assert run("fmt", "--check").exit_code == 0


def test_resolve_appends_and_leaves_the_rest_of_the_file_untouched(tmp_path, monkeypatch):
    existing = (
        b"# Judgments on city figures.\n\n"
        b"[[resolution]]\n"
        b'id = "older"   # kept as written\n'
        b'claims = ["a", "c"]\n'
        b'verdict = "both-plausible"\n'
        b'note = "old"\n'
    )
    claims = CLAIMS + claim("c", '"about 20"', source="herald")
    write_tree(tmp_path, {"claims/c.toml": claims, "claims/resolutions/city.toml": existing})
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMS_USER", raising=False)
    monkeypatch.setenv("USER", "bob")
    result = run("resolve", "a", "b", "--verdict", "source-error", "--note", "n", "--id", "r2")
    assert result.exit_code == 0, result.output
    written = (tmp_path / "claims" / "resolutions" / "city.toml").read_bytes()
    assert written.startswith(existing)
    assert written[len(existing) :].decode() == (
        "\n[[resolution]]\n"
        'id = "r2"\n'
        'claims = ["a", "b"]\n'
        'verdict = "source-error"\n'
        'note = "n"\n'
        'by = "bob"\n'
        "on = 2026-11-21\n"
        'fingerprints = { a = "f9a1495eb3582467", b = "5721d18a1f1da9d9" }\n'
        'judged = { a = { value = "up to 30", confidence = "moderate" }, '
        'b = { value = "nearly 70", confidence = "moderate" } }\n'
    )


def test_resolving_the_same_claims_again_reaffirms_in_place(tmp_path, monkeypatch):
    existing = (
        "# Judgments on city figures.\n\n"
        "[[resolution]]\n"
        'id = "older"   # kept as written\n'
        'claims = ["b", "a"]\n'
        "# why, in short:\n"
        'verdict = "both-plausible"\n'
        'note = "old"\n'
        "\n# the end\n"
    )
    write_tree(tmp_path, {"claims/c.toml": CLAIMS, "claims/resolutions/city.toml": existing})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMS_USER", "ana")
    for _ in range(2):  # twice: the same record, never "-2", "-3"
        result = run("resolve", "a", "b", "--verdict", "source-error", "--note", "checked")
        assert result.exit_code == 0, result.output
        assert result.output == "re-affirmed resolution older in claims/resolutions/city.toml\n"
    assert (tmp_path / "claims" / "resolutions" / "city.toml").read_text() == (
        "# Judgments on city figures.\n\n"
        "[[resolution]]\n"
        'id = "older"  # kept as written\n'
        'claims = ["a", "b"]\n'
        "# why, in short:\n"
        'verdict = "source-error"\n'
        'note = "checked"\n'
        'by = "ana"\n'
        "on = 2026-11-21\n"
        'fingerprints = { a = "f9a1495eb3582467", b = "5721d18a1f1da9d9" }\n'
        'judged = { a = { value = "up to 30", confidence = "moderate" }, '
        'b = { value = "nearly 70", confidence = "moderate" } }\n'
        "\n# the end\n"
    )
    assert run("check").exit_code == 0


def test_a_stale_resolution_says_which_field_changed_from_what_to_what(tmp_path, monkeypatch):
    write_tree(tmp_path, {"claims/c.toml": CLAIMS})
    monkeypatch.chdir(tmp_path)
    assert run("resolve", "a", "b", "--verdict", "both-plausible", "--note", "n").exit_code == 0
    path = tmp_path / "claims" / "c.toml"
    edited = path.read_text().replace('value = "nearly 70"', 'value = "about 75"')
    path.write_text(edited.replace('id = "b"', 'id = "b"\nas_of = "2025-03"', 1))
    (group,) = find_conflicts(
        store_of({"c.toml": path.read_text(), **_resolutions(tmp_path)}), TODAY
    )
    assert group.stale_reasons == (
        'claim b changed since the resolution: value "nearly 70" -> "about 75"; '
        'as_of (none) -> "2025-03"',
    )


def _resolutions(root):
    folder = root / "claims" / "resolutions"
    return {f"resolutions/{p.name}": p.read_text() for p in folder.iterdir()}


def test_a_placeholder_note_does_not_resolve(tmp_path, monkeypatch):
    text = CLAIMS + resolution("a", "b", note='"TODO: say why"', fingerprints=prints_of(CLAIMS))
    assert group_of(text).status == "open"
    (d,) = [d for d in check_of({"c.toml": text}) if d.code == "unfinished-resolution"]
    lines = dedent(text).splitlines()
    assert (d.severity, d.line) == (Severity.WARNING, lines.index('note = "TODO: say why"') + 1)
    assert "does not resolve the conflict until it says why" in d.message
    write_tree(tmp_path, {"claims/c.toml": CLAIMS})
    monkeypatch.chdir(tmp_path)
    refused = run("resolve", "a", "b", "--verdict", "both-plausible", "--note", "TODO")
    assert (refused.exit_code, refused.output) == (
        2,
        "Error: --note 'TODO' says nothing yet: write why, for the next reviewer\n",
    )


def test_resolve_refuses_bad_input(tmp_path, monkeypatch):
    write_tree(tmp_path, {"claims/c.toml": CLAIMS})
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    cases = [
        (["a", "zz"], "Error: unknown claim id(s): zz\n"),
        (["a", "a"], "Error: name at least two claims whose disagreement you judge\n"),
        (["a", "b", "--verdict", "prefer"], "Error: --verdict prefer needs --prefer ID\n"),
        (
            ["a", "b", "--prefer", "zz"],
            "Error: --prefer only goes with --verdict prefer (not both-plausible)\n",
        ),
        (
            ["a", "b", "--verdict", "prefer", "--prefer", "zz"],
            "Error: --prefer 'zz' is not among the claims given\n",
        ),
        (
            ["a", "--verdict", "prefer"],
            "Error: name at least two claims whose disagreement you judge\n",
        ),
    ]
    for args, message in cases:
        full = ["resolve", *args, "--note", "n"]
        if "--verdict" not in args:
            full += ["--verdict", "both-plausible"]
        result = runner.invoke(cli, full)
        assert (result.exit_code, result.output) == (2, message)
    assert not (tmp_path / "claims" / "resolutions").exists()


def test_done_when_on_the_shipped_store(tmp_path, monkeypatch):
    shutil.copytree(SHIPPED, tmp_path / "claims")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("USER", "reviewer")
    subject = "iraq/iran-backed-militias/count"
    assert "open · quantity" in run("conflicts", subject).output
    strict = run("check", "--strict")
    assert strict.exit_code == 1
    assert "quantity conflict on iraq/iran-backed-militias/count" in strict.output

    result = run(
        "resolve", "alhurra-militia-count", "unmasking-militia-count",
        "--verdict", "scope-mismatch",
        "--note", "one counts all PMF factions, the other Iran-backed militias",
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    shown = run("conflicts")
    assert subject not in shown.output
    assert shown.output.splitlines()[-1] == (
        "5 subjects in conflict: 4 open, 1 resolved (hidden; --all shows them), 0 stale"
    )
    everything = run("conflicts", "--all", subject).output
    assert "resolved · quantity · severity warning · scope differs" in everything
    assert (
        "resolution resolve-alhurra-militia-count-unmasking-militia-count: scope-mismatch — "
        "one counts all PMF factions, the other Iran-backed militias"
    ) in everything
    assert "iran-backed-militias/count" not in run("check", "--strict").output

    source = tmp_path / "claims" / "sources" / "alhurra-2026-02-iran-last-card.toml"
    source.write_text(source.read_text().replace('value = "nearly 70"', 'value = "about 70"'))
    stale = run("conflicts", subject).output
    assert "stale · quantity" in stale
    assert (
        'stale: claim alhurra-militia-count changed since the resolution: value "nearly 70" '
        '-> "about 70"'
    ) in stale.replace("\n", " ")
    again = run("check", "--strict", "--format", "gcc")
    assert again.exit_code == 1
    assert (
        "[resolution resolve-alhurra-militia-count-unmasking-militia-count is stale: "
        'claim alhurra-militia-count changed since the resolution: value "nearly 70" -> '
        '"about 70"] [conflict-stale]'
    ) in again.output


def test_resolving_claims_that_do_not_conflict_is_refused(tmp_path, monkeypatch):
    write_tree(tmp_path, {"claims/c.toml": CLAIMS + claim("c", '"about 25"', source="herald")})
    monkeypatch.chdir(tmp_path)
    result = run("resolve", "a", "c", "--verdict", "both-plausible", "--note", "agree anyway")
    assert (result.exit_code, result.output) == (
        2,
        "Error: a, c are not in conflict together: nothing to resolve "
        "(`claims conflicts city/population` shows the conflicts and their claims)\n",
    )
    assert not (tmp_path / "claims" / "resolutions").exists()
