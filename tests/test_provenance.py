"""Origins, independence, circular reporting, cycles, retractions and their reach."""

from __future__ import annotations

import json

from click.testing import CliRunner

from claimledger.checks.changes import record_changes
from claimledger.checks.track_record import track_records
from claimledger.checks.validation import CheckContext, run_checks
from claimledger.cli.main import cli
from claimledger.conflicts.groups import find_conflicts, independent_sources, subject_timeline
from claimledger.conflicts.provenance import chain_of, corroboration
from claimledger.editor.hover import claim_table, completions
from claimledger.editor.workspace import Workspace
from claimledger.git.review import review
from claimledger.model.diagnostics import Severity
from claimledger.tomlstore.store import load_texts

from .conftest import TODAY, check_of, store_of, write_tree
from .gitrepo import Repo

SOURCES = """
[[source]]
id = "afad-bulletin"
title = "Bulletin"
publisher = "AFAD"
reliability = "B"

[[source]]
id = "reuters-quake"
title = "Death toll rises"
publisher = "Reuters"
reliability = "B"

[[source]]
id = "ap-quake"
title = "Quake toll"
publisher = "AP"
reliability = "B"

[[source]]
id = "who-report"
title = "Situation report"
publisher = "WHO"
reliability = "A"

[[subject]]
id = "quake/deaths"
description = "Deaths in the earthquake"
kind = "quantity"
unit = "people"
"""


def claim(cid: str, source: str, value: str, extra: str = "", confidence: str = "moderate") -> str:
    return f"""
[[claim]]
id = "{cid}"
subject = "quake/deaths"
value = "{value}"
source = "{source}"
quote = "Q."
confidence = "{confidence}"
{extra}
"""


RELAYED = (
    SOURCES
    + claim("afad", "afad-bulletin", "50096")
    + claim("reuters", "reuters-quake", "50096", 'via = "afad-bulletin"')
    + claim("ap", "ap-quake", "50096", 'claimant = "AFAD"')
)


def test_a_chain_follows_via_and_a_claimant_naming_a_known_source():
    store = store_of({"q.toml": RELAYED})
    assert chain_of(store, store.claims["reuters"]).sources == ("reuters-quake", "afad-bulletin")
    assert chain_of(store, store.claims["ap"]).sources == ("ap-quake", "afad-bulletin")
    assert chain_of(store, store.claims["afad"]).sources == ("afad-bulletin",)


def test_three_outlets_relaying_one_agency_are_one_origin():
    store = store_of({"q.toml": RELAYED})
    backing = corroboration(store, store.claims.values())
    assert (backing.outlets, backing.origins) == (3, 1)
    assert backing.label() == "3 outlets, 1 origin (AFAD)"
    assert independent_sources(store, store.claims.values()) == 1


def test_a_claimant_naming_no_source_is_the_origin():
    files = {
        "q.toml": SOURCES
        + claim("r", "reuters-quake", "100", 'claimant = "Professor X"')
        + claim("a", "ap-quake", "100", 'claimant = "professor  x"')
    }
    store = store_of(files)
    assert corroboration(store, store.claims.values()).label() == (
        "2 outlets, 1 origin (Professor X)"
    )


def test_circular_reporting_is_info_and_a_warning_under_high_confidence():
    (d,) = [d for d in check_of({"q.toml": RELAYED}) if d.code == "circular-reporting"]
    assert d.severity == Severity.INFO
    assert d.message == (
        "claims afad, ap, reuters look corroborated but trace to one origin:"
        " 3 outlets, 1 origin (AFAD)"
    )
    high = RELAYED.replace(
        'id = "ap"\nsubject = "quake/deaths"\nvalue = "50096"\nsource = "ap-quake"\n'
        'quote = "Q."\nconfidence = "moderate"',
        'id = "ap"\nsubject = "quake/deaths"\nvalue = "50096"\nsource = "ap-quake"\n'
        'quote = "Q."\nconfidence = "high"',
    )
    (d,) = [d for d in check_of({"q.toml": high}) if d.code == "circular-reporting"]
    assert d.severity == Severity.WARNING


def test_an_independent_origin_is_corroboration_not_circular_reporting():
    files = {"q.toml": RELAYED + claim("who", "who-report", "50096")}
    assert [d for d in check_of(files) if d.code == "circular-reporting"] == []
    store = store_of(files)
    assert corroboration(store, store.claims.values()).label() == (
        "4 outlets, 2 origins (AFAD, WHO)"
    )


def test_positions_count_independent_origins():
    files = {"q.toml": RELAYED + claim("who", "who-report", "30000")}
    (group,) = find_conflicts(store_of(files), TODAY)
    assert [(p.value, p.sources) for p in group.positions] == [("30000", 1), ("50096", 1)]
    assert group.positions[1].backing.label() == "3 outlets, 1 origin (AFAD)"


def _flat(found: dict) -> list:
    return sorted((d for ds in found.values() for d in ds), key=lambda d: d.sort_key)


def test_the_editor_follows_via_edits_and_retractions_as_a_full_check(tmp_path):
    root = tmp_path / "claims"
    root.mkdir()
    sources, claims = root / "sources.toml", root / "claims.toml"
    sources.write_text(SOURCES)
    body = (
        claim("afad", "afad-bulletin", "50096")
        + claim("reuters", "reuters-quake", "50096")
        + claim("who", "who-report", "30000")
    )
    claims.write_text(body)
    ws = Workspace(root, TODAY)

    def full(overlay: dict[str, str]) -> list:
        texts = {p.as_posix(): p.read_bytes() for p in root.rglob("*.toml")}
        texts.update(overlay)
        return run_checks(load_texts(texts, root.as_posix()), CheckContext(TODAY), each_claim=True)

    assert _flat(ws.diagnostics()) == full({})
    relayed = body.replace(
        'source = "reuters-quake"', 'source = "reuters-quake"\nvia = "afad-bulletin"'
    )
    found = _flat(ws.update(claims.as_posix(), relayed))
    assert found == full({claims.as_posix(): relayed})
    assert "circular-reporting" in {d.code for d in found}
    retracted = SOURCES.replace(
        'publisher = "AFAD"', 'publisher = "AFAD"\nstatus = "retracted"\nstatus_date = 2026-03-01'
    )
    overlay = {claims.as_posix(): relayed, sources.as_posix(): retracted}
    found = _flat(ws.update(sources.as_posix(), retracted))
    assert found == full(overlay)
    assert [(d.code, d.records) for d in found if d.code == "retracted-source"] == [
        ("retracted-source", ("claim:reuters",))
    ]
    named = relayed.replace('source = "who-report"', 'source = "who-report"\nclaimant = "afad"')
    overlay[claims.as_posix()] = named
    found = _flat(ws.update(claims.as_posix(), named))  # a claimant naming a publisher
    assert found == full(overlay)
    assert [d.records for d in found if d.code == "retracted-source"] == [
        ("claim:reuters",),
        ("claim:who",),
    ]


RETRACTED = RELAYED.replace(
    'publisher = "AFAD"',
    'publisher = "AFAD"\nstatus = "retracted"\nstatus_date = 2026-03-01\nstatus_note = "recount"',
) + claim("who", "who-report", "30000")
PREFER_AFAD = """
[[resolution]]
id = "toll"
claims = ["afad", "who"]
verdict = "prefer"
preferred = "afad"
note = "AFAD counts bodies."
"""


def test_a_retracted_source_silences_its_claims_and_warns_on_those_relaying_it():
    found = check_of({"q.toml": RETRACTED})
    assert [(d.code, d.records) for d in found if d.code == "retracted-source"] == [
        ("retracted-source", ("claim:reuters",)),
        ("retracted-source", ("claim:ap",)),
    ]
    assert found[0].message == "claim 'reuters' rests on source 'afad-bulletin', retracted: recount"
    (group,) = find_conflicts(store_of({"q.toml": RETRACTED}), TODAY)
    assert sorted(group.ids) == ["ap", "reuters", "who"]  # afad's own claim is inactive


def test_a_resolution_preferring_a_retracted_claim_goes_stale_saying_why():
    (group,) = find_conflicts(store_of({"q.toml": RETRACTED + PREFER_AFAD}), TODAY)
    assert group.status == "stale"
    assert group.stale_reasons[-1] == (
        "preferred claim afad rests on source afad-bulletin, retracted 1 March 2026"
    )


def test_impact_of_a_retraction_end_to_end(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(
        tmp_path, {"claims/q.toml": RELAYED + claim("who", "who-report", "30000") + PREFER_AFAD}
    )
    result = CliRunner().invoke(cli, ["impact", "afad-bulletin"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "impact of source:afad-bulletin\n"
        "3 claims rest on it:\n  afad\n  ap\n  reuters\n"
        "positions left without support:\n  quake/deaths: 50096\n"
        "resolutions that preferred them:\n  toll\n"
        "conflicts without them:\n  quake/deaths: stale, 2 positions -> no conflict\n"
    )
    result = CliRunner().invoke(cli, ["impact", "afad-bulletin", "--format", "json"])
    assert json.loads(result.output)["conflicts"] == [
        {"subject": "quake/deaths", "episode": "", "before": "stale, 2 positions", "after": None}
    ]
    result = CliRunner().invoke(cli, ["impact", "nope"])
    assert result.exit_code == 2
    assert "no source or claim with id 'nope'" in result.output


def test_a_corrected_source_is_info_until_the_claim_is_reaffirmed():
    corrected = RELAYED.replace(
        'publisher = "AP"', 'publisher = "AP"\nstatus = "corrected"\nstatus_date = 2026-03-01'
    )
    (d,) = [d for d in check_of({"q.toml": corrected}) if d.code == "corrected-source"]
    assert (d.severity, d.records, d.message) == (
        Severity.INFO,
        ("claim:ap",),
        "source 'ap-quake' was corrected on 1 March 2026",
    )
    later = corrected.replace('claimant = "AFAD"', 'claimant = "AFAD"\nreaffirmed = 2026-03-02')
    assert [d for d in check_of({"q.toml": later}) if d.code == "corrected-source"] == []
    earlier = corrected.replace('claimant = "AFAD"', 'claimant = "AFAD"\nreaffirmed = 2026-02-02')
    assert [d.code for d in check_of({"q.toml": earlier}) if d.code == "corrected-source"] == [
        "corrected-source"
    ]


def test_a_cites_cycle_is_an_error_naming_every_source():
    cyclic = SOURCES.replace('publisher = "Reuters"', 'publisher = "Reuters"\ncites = ["ap-quake"]')
    cyclic = cyclic.replace('publisher = "AP"', 'publisher = "AP"\ncites = ["reuters-quake"]')
    files = {"q.toml": cyclic + claim("r", "reuters-quake", "100")}
    (d,) = [d for d in check_of(files) if d.code == "provenance-cycle"]
    assert d.severity == Severity.ERROR
    assert d.message == (
        "sources cite each other in a cycle: ap-quake -> reuters-quake -> ap-quake;"
        " none of them is an origin"
    )
    assert d.records == ("source:ap-quake", "source:reuters-quake")
    store = store_of(files)
    assert chain_of(store, store.claims["r"]).sources == ("reuters-quake", "ap-quake")


def test_a_via_chain_back_to_its_own_source_is_an_error_naming_the_claim():
    looped = SOURCES.replace('publisher = "AP"', 'publisher = "AP"\ncites = ["reuters-quake"]')
    files = {"q.toml": looped + claim("r", "reuters-quake", "100", 'via = "ap-quake"')}
    (d,) = [d for d in check_of(files) if d.code == "provenance-cycle"]
    assert d.message == (
        "claim 'r' comes via a cycle: reuters-quake -> ap-quake -> reuters-quake; it has no origin"
    )


def test_unknown_via_and_cites_are_dangling_references():
    files = {
        "q.toml": SOURCES.replace('publisher = "AP"', 'publisher = "AP"\ncites = ["afp"]')
        + claim("r", "reuters-quake", "100", 'via = "afad"')
    }
    assert sorted(d.message for d in check_of(files) if d.code == "dangling-reference") == [
        "claim 'r' refers to unknown source 'afad'",
        "source 'ap-quake' cites unknown source 'afp'",
    ]


def test_credibility_lint_high_on_a_weak_origin_and_low_against_strong_ones():
    weak = SOURCES.replace(
        'publisher = "AP"\nreliability = "B"', 'publisher = "AP"\nreliability = "E"'
    )
    files = {"q.toml": weak + claim("ap", "ap-quake", "100", confidence="high")}
    (d,) = [d for d in check_of(files) if d.code == "overconfident-claim"]
    assert d.message == "high confidence on one origin rated E, with no independent corroboration"
    strong = SOURCES + "".join(
        f'\n[[source]]\nid = "s{i}"\ntitle = "T"\npublisher = "P{i}"\nreliability = "A"\n'
        for i in range(3)
    )
    files = {
        "q.toml": strong
        + claim("low", "ap-quake", "100", confidence="low")
        + "".join(claim(f"c{i}", f"s{i}", "100") for i in range(3))
    }
    (d,) = [d for d in check_of(files) if d.code == "underconfident-claim"]
    assert (d.records, d.message) == (
        ("claim:low",),
        "low confidence, yet 3 independent origins rated A-B agree",
    )


def test_track_record_counts_disputes_won_and_lost_and_suggests_a_rating():
    files = {
        "q.toml": SOURCES
        + claim("a1", "ap-quake", "100")
        + claim("w1", "who-report", "200")
        + claim("a2", "ap-quake", "300")
        + """
[[resolution]]
id = "r1"
claims = ["a1", "w1"]
verdict = "prefer"
preferred = "w1"
note = "WHO counted."

[[resolution]]
id = "r2"
claims = ["a2", "w1"]
verdict = "source-error"
preferred = "w1"
note = "AP misread."
"""
    }
    store = store_of(files)
    records = {r.source: r for r in track_records(store)}
    assert (records["ap-quake"].won, records["ap-quake"].lost) == (0, 2)
    assert (records["who-report"].won, records["who-report"].lost) == (1, 0)
    assert records["ap-quake"].suggested == "E"
    (d,) = [d for d in check_of(files) if d.code == "reliability-contradicted"]
    assert d.message == "rated B, yet its claims lost 2 of 2 resolved disputes"


def test_sources_track_record_as_csv(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = RELAYED + claim("who", "who-report", "30000") + PREFER_AFAD
    write_tree(tmp_path, {"claims/q.toml": text})
    result = CliRunner().invoke(cli, ["sources", "--track-record", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "source,given,suggested,won,lost,corroborated,contradicted\n"
        "afad-bulletin,B,D,1,0,0,1\n"
        "ap-quake,B,F,0,0,0,1\n"
        "reuters-quake,B,F,0,0,0,1\n"
        "who-report,A,E,0,1,0,1\n"
    )


def test_show_gives_the_claimant_and_the_chain_to_the_origin(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {"claims/q.toml": RETRACTED})
    result = CliRunner().invoke(cli, ["show", "ap"])
    assert "│ claimant    AFAD" in result.output
    assert "│ chain       ap-quake → afad-bulletin (retracted) (origin: AFAD)" in result.output


def test_hover_names_the_origin():
    store = store_of({"q.toml": RELAYED})
    text = claim_table(store, store.claims["reuters"], TODAY)
    assert "Origin: reuters-quake → afad-bulletin (origin: AFAD)" in text


def test_completion_offers_source_ids_after_via_and_cites():
    store = store_of({"q.toml": RELAYED})
    for line in ('via = "', 'cites = ["'):
        found = completions(store, "q.toml", 1, line, len(line) + 1)
        assert [c.label for c in found] == [
            "afad-bulletin",
            "ap-quake",
            "reuters-quake",
            "who-report",
        ]
    fields = [c.label for c in completions(store, "q.toml", 999, "", 1)]
    assert {"via", "reaffirmed"} <= set(fields)  # the last claim (ap) names its claimant


def test_severity_weighs_a_relayed_claim_by_its_origin_rating():
    weak_origin = SOURCES.replace(
        'publisher = "AFAD"\nreliability = "B"', 'publisher = "AFAD"\nreliability = "E"'
    )
    files = {
        "q.toml": weak_origin
        + claim("reuters", "reuters-quake", "50096", 'via = "afad-bulletin"')
        + claim("who", "who-report", "30000")
    }
    (group,) = find_conflicts(store_of(files), TODAY)
    assert group.severity == "warning"
    direct = {"q.toml": files["q.toml"].replace('via = "afad-bulletin"', "")}
    (group,) = find_conflicts(store_of(direct), TODAY)
    assert group.severity == "error"


def test_diff_of_a_retraction_shows_the_claims_it_takes_out_of_conflicts(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.write(
        {
            "claims/sources.toml": SOURCES,
            "claims/quake.toml": claim("afad", "afad-bulletin", "50096")
            + claim("reuters", "reuters-quake", "50096", 'via = "afad-bulletin"')
            + claim("who", "who-report", "30000"),
        }
    )
    repo.commit("base")
    monkeypatch.chdir(repo.path)
    repo.write({"claims/sources.toml": SOURCES.replace('"AFAD"', '"AFAD"\nstatus = "retracted"')})
    result = review(repo.path / "claims", None, None, TODAY)
    assert [(r.kind, r.id, r.change) for r in result.records] == [
        ("source", "afad-bulletin", "changed")
    ]
    assert [(c.subject, c.change, c.closed) for c in result.conflicts] == [
        ("quake/deaths", "still-open", ("afad",))
    ]


def test_a_claim_contradicted_only_by_its_own_origin_is_not_counted_as_contradicted():
    files = {
        "q.toml": SOURCES
        + claim("r1", "reuters-quake", "100")
        + claim("r2", "reuters-quake", "200")
        + claim("a1", "ap-quake", "300", 'claimant = "Reuters"')
    }
    store = store_of(files)
    groups = find_conflicts(store, TODAY)
    records = {r.source: r for r in track_records(store, groups)}
    assert (records["reuters-quake"].contradicted, records["ap-quake"].contradicted) == (0, 0)


def test_track_record_by_origin_joins_the_outlets_relaying_one_agency(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = RELAYED + claim("who", "who-report", "30000") + PREFER_AFAD
    write_tree(tmp_path, {"claims/q.toml": text})
    result = CliRunner().invoke(
        cli, ["sources", "--track-record", "--by-origin", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        "origin,given,suggested,won,lost,corroborated,contradicted\n"
        "AFAD,B,E,1,0,0,3\n"
        "WHO,A,E,0,1,0,1\n"
    )


def test_impact_finds_drafts_quoting_the_claims_across_wrapped_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    quoted = RELAYED.replace('quote = "Q."', 'quote = "The death toll has risen to 50,096 people."')
    write_tree(
        tmp_path,
        {
            "claims/q.toml": quoted,
            "draft.md": "# Quake\n\nAs Reuters put it, the death toll has risen\nto 50,096 people.\n",
        },
    )
    result = CliRunner().invoke(
        cli, ["impact", "afad-bulletin", "--draft", "draft.md", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["drafts"] == [
        "draft.md:3: quotes claim afad",
        "draft.md:3: quotes claim ap",
        "draft.md:3: quotes claim reuters",
    ]


def test_show_json_gives_the_chain_origin_and_corroboration(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {"claims/q.toml": RELAYED})
    doc = json.loads(CliRunner().invoke(cli, ["show", "reuters", "--format", "json"]).output)
    assert (doc["chain"], doc["origin"], doc["corroboration"]) == (
        ["reuters-quake", "afad-bulletin"],
        "AFAD",
        {"outlets": 3, "origins": 1},
    )
    text = CliRunner().invoke(cli, ["show", "reuters"]).output
    assert "agrees with — together 3 outlets, 1 origin (AFAD)" in text


def test_a_change_adding_via_names_the_origin_it_relays():
    before = store_of({"q.toml": SOURCES + claim("r", "reuters-quake", "100")})
    after = store_of(
        {"q.toml": SOURCES + claim("r", "reuters-quake", "100", 'via = "afad-bulletin"')}
    )
    (change,) = record_changes(before, after, ["q.toml"])
    (field,) = change.fields
    assert (field.name, field.old, field.new, field.new_parsed) == (
        "via",
        None,
        "afad-bulletin",
        "relays AFAD",
    )


def test_timeline_rows_count_origins():
    varying = SOURCES.replace('unit = "people"', 'unit = "people"\ntime_varying = true')
    files = {
        "q.toml": varying
        + claim("afad", "afad-bulletin", "50096", "as_of = 2023-03-01")
        + claim("reuters", "reuters-quake", "50096", 'as_of = 2023-03-01\nvia = "afad-bulletin"')
        + claim("who", "who-report", "50096", "as_of = 2023-03-01")
    }
    store = store_of(files)
    (row,) = subject_timeline(store, store.subjects["quake/deaths"])
    assert (row.sources, row.values) == (2, (("50096", 2),))


def test_densely_citing_sources_are_one_loop_naming_them_all():
    # Every source cites every other: listing each cycle would never end (exponential); the
    # loop is found once, as a strongly connected group.
    ids = [f"s{i:02d}" for i in range(40)]
    sources = "".join(
        f'\n[[source]]\nid = "{sid}"\ntitle = "T"\npublisher = "P{sid}"\n'
        f"cites = [{', '.join(repr(o).replace(chr(39), chr(34)) for o in ids if o != sid)}]\n"
        for sid in ids
    )
    (d,) = [d for d in check_of({"s.toml": sources}) if d.code == "provenance-cycle"]
    assert d.message.startswith("sources cite each other in a cycle: s00 -> s01 -> s00 (and ")
    assert d.message.endswith(", s39 in the same loop); none of them is an origin")
    assert d.records == tuple(f"source:{sid}" for sid in ids)
