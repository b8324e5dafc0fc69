"""Tests for claimledger.conflicts (groups, findings): groups, positions, kinds,
reasons, severity, which claims take part, and what `check` reports on each claim."""

from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.conflicts.groups import Contrast, Section, find_conflicts
from claimledger.conflicts.relations import conflicting_claim_ids, relations_of
from claimledger.model.diagnostics import Related, Severity

from .conftest import SOURCE, SUBJECT, TODAY, check_of, claim, store_of, write_tree

HERALD = """
[[source]]
id = "herald"
title = "Counting the city"
publisher = "Herald"
published = "2025-01"
reliability = "C"
"""
HERALD_2 = HERALD.replace('"herald"', '"herald-2"').replace("Counting", "Recounting")
BLOG = """
[[source]]
id = "blog"
title = "A blog post"
publisher = "Blogger"
published = "2025-01"
reliability = "E"
"""
ALL_SOURCES = SOURCE + HERALD + HERALD_2 + BLOG


def groups_of(*claims: str, sources: str = ALL_SOURCES, subject: str = SUBJECT):
    return find_conflicts(store_of({"c.toml": sources + subject + "".join(claims)}), TODAY)


def ids(claims) -> list[str]:
    return [c.id for c in claims]


def test_one_group_per_subject_with_positions_and_independent_sources():
    (group,) = groups_of(
        claim("up-to-30", '"up to 30"'),
        claim("nearly-70", '"nearly 70"', source="herald"),
        claim("about-67", '"about 67"', source="herald-2"),
        claim("more-than-60", '"more than 60"', source="blog"),
    )
    assert group.subject == "city/population"
    assert group.kind == "quantity"
    assert group.status == "open"
    assert ids(group.claims) == ["about-67", "more-than-60", "nearly-70", "up-to-30"]
    # not n² pairs: two positions on the value line, one reason between them, told by the
    # claims nearest the gap
    assert group.contrasts == (Contrast((1, 2), "[0, 30] and (60, ∞) do not overlap"),)
    assert group.reason == "[0, 30] and (60, ∞) do not overlap"
    # two Herald articles are one voice: three claims, two independent sources
    assert [(ids(p.claims), p.sources, p.value) for p in group.positions] == [
        (["up-to-30"], 1, "up to 30"),
        (["about-67", "more-than-60", "nearly-70"], 2, "[63, 70)"),
    ]
    assert group.sections == (Section(None, None, (1, 2)),)
    assert group.episode is None  # not time-varying: one episode, time does not matter
    assert group.conflicting_ids == {"up-to-30", "nearly-70", "about-67", "more-than-60"}


def test_a_claim_compatible_with_both_sides_stands_in_each_position_whatever_its_id():
    (group,) = groups_of(
        claim("b-up-to-30", '"up to 30"'),
        claim("c-nearly-70", '"nearly 70"', source="herald"),
        claim("a-dozens", '"dozens"', source="blog"),
    )
    assert [(ids(p.claims), p.sources, p.value) for p in group.positions] == [
        (["a-dozens", "b-up-to-30"], 2, "[24, 30]"),
        (["a-dozens", "c-nearly-70"], 2, "[63, 70)"),
    ]
    assert group.conflicting_ids == {"b-up-to-30", "c-nearly-70"}


def test_claims_with_another_unit_or_an_unreadable_value_are_left_out():
    (group,) = groups_of(
        claim("a", '"up to 30"'),
        claim("b", '"nearly 70"', source="herald"),
        claim("c", "70", source="herald", unit='"households"'),
        claim("d", '"a great many"', source="blog"),
    )
    assert ids(group.claims) == ["a", "b"]


def test_agreeing_claims_make_no_group():
    assert groups_of(claim("a", '"about 67"'), claim("b", '"nearly 70"', source="herald")) == []


def test_claims_on_different_subjects_are_not_compared():
    other = SUBJECT.replace('"city/population"', '"town/population"')
    assert (
        groups_of(
            claim("a", '"up to 30"'),
            claim("b", '"nearly 70"', subject="town/population"),
            subject=SUBJECT + other,
        )
        == []
    )


def test_retracted_withdrawn_and_superseded_claims_take_no_part():
    base = [claim("a", '"up to 30"')]
    for extra in (
        claim("b", '"nearly 70"', source="herald", status='"retracted"'),
        claim("b", '"nearly 70"', source="herald", status='"withdrawn"'),
        claim("b", '"nearly 70"', source="herald")
        + claim("b2", '"about 25"', source="herald", supersedes='"b"'),
    ):
        assert groups_of(*base, extra) == []


def test_a_superseding_claim_that_is_itself_retracted_does_not_hide_the_old_one():
    (group,) = groups_of(
        claim("a", '"up to 30"'),
        claim("b", '"nearly 70"', source="herald"),
        claim("b2", '"about 25"', source="herald", supersedes='"b"', status='"retracted"'),
    )
    assert ids(group.claims) == ["a", "b"]


# ---------------------------------------------------------------------------- severity


def test_error_when_two_weighty_claims_with_the_same_scope_disagree():
    (group,) = groups_of(claim("a", '"up to 30"'), claim("b", '"nearly 70"', source="herald"))
    assert group.severity == "error"
    assert (group.scope_differs, group.scopes) == (False, ("",))


def test_warning_when_a_source_is_rated_below_c():
    (group,) = groups_of(claim("a", '"up to 30"'), claim("b", '"nearly 70"', source="blog"))
    assert group.severity == "warning"


def test_warning_when_a_claim_has_low_confidence():
    low = claim("b", '"nearly 70"', source="herald").replace('"moderate"', '"low"')
    assert groups_of(claim("a", '"up to 30"'), low)[0].severity == "warning"
    numeric = claim("b", '"nearly 70"', source="herald").replace('"moderate"', "49")
    assert groups_of(claim("a", '"up to 30"'), numeric)[0].severity == "warning"
    numeric = claim("b", '"nearly 70"', source="herald").replace('"moderate"', "50")
    assert groups_of(claim("a", '"up to 30"'), numeric)[0].severity == "error"


def test_different_scopes_are_still_a_conflict_marked_scope_differs_and_a_warning():
    (group,) = groups_of(
        claim("a", '"up to 30"', scope='"adults"'),
        claim("b", '"nearly 70"', source="herald", scope='"all residents"'),
    )
    assert group.status == "open"
    assert (group.severity, group.scope_differs, group.scopes) == (
        "warning",
        True,
        ("adults", "all residents"),
    )


def test_scopes_differing_only_in_case_and_spacing_are_the_same_scope():
    (group,) = groups_of(
        claim("a", '"up to 30"', scope='"PMF  factions"'),
        claim("b", '"nearly 70"', source="herald", scope='"pmf factions"'),
    )
    assert (group.severity, group.scope_differs) == ("error", False)


def test_one_weighty_pair_with_matching_scopes_makes_the_group_an_error():
    (group,) = groups_of(
        claim("a", '"up to 30"'),
        claim("b", '"nearly 70"', source="herald"),
        claim("c", '"about 67"', source="blog", scope='"adults"'),
    )
    assert (group.severity, group.scope_differs) == ("error", True)


def test_drift_on_a_time_varying_subject_is_info():
    subject = SUBJECT + "time_varying = true\n"
    (group,) = groups_of(
        claim("a", '"up to 30"', as_of='"2020"'),
        claim("b", '"nearly 70"', source="herald", as_of='"2024-06"'),
        subject=subject,
    )
    assert (group.kind, group.status, group.severity) == ("quantity", "drift", "info")
    assert group.reason == (
        "changed over time in 2 episodes: up to 30 as of 2020 → nearly 70 as of June 2024"
    )
    assert group.conflicting_ids == frozenset()
    assert group.positions == ()  # nobody takes sides: the timeline tells the change
    assert [(r.label, r.values, r.disputed) for r in group.timeline] == [
        ("2020", (("up to 30", 1),), False),
        ("June 2024", (("nearly 70", 1),), False),
    ]


def test_a_time_varying_subject_ignores_nothing_when_times_overlap():
    subject = SUBJECT + "time_varying = true\n"
    (group,) = groups_of(
        claim("a", '"up to 30"', as_of='"2024"'),
        claim("b", '"nearly 70"', source="herald", as_of='"2024-06"'),
        subject=subject,
    )
    assert (group.status, group.severity) == ("open", "error")


# ---------------------------------------------------------------------------- kinds


DATE_SUBJECT = """
[[subject]]
id = "pmf/formed"
description = "When was the PMF formed?"
kind = "date"
"""
NAME_SUBJECT = """
[[subject]]
id = "pmf/name"
description = "Its other name"
kind = "text"
"""
BOOL_SUBJECT = """
[[subject]]
id = "pmf/state"
description = "Is it part of the state?"
kind = "boolean"
"""


def test_date_kind_and_reason():
    (group,) = groups_of(
        claim("a", '"3 June 2014"', subject="pmf/formed"),
        claim("b", '"13 June 2014"', source="herald", subject="pmf/formed"),
        claim("c", '"June 2014"', source="blog", subject="pmf/formed"),
        subject=DATE_SUBJECT,
    )
    assert (group.kind, group.reason) == ("date", "13 June 2014 is 10 days after 3 June 2014")
    assert [(ids(p.claims), p.sources) for p in group.positions] == [
        (["a", "c"], 2),
        (["b", "c"], 2),
    ]


def test_text_and_boolean_kinds():
    (text,) = groups_of(
        claim("a", '"Hashd al-Shaabi"', subject="pmf/name"),
        claim("b", '"Hashd al Shaabi"', source="herald", subject="pmf/name"),
        claim("c", '"Popular Mobilization Units"', source="herald", subject="pmf/name"),
        subject=NAME_SUBJECT,
    )
    assert (text.kind, text.reason) == (
        "text",
        "“Hashd al-Shaabi” differs from “Popular Mobilization Units”",
    )
    assert [(ids(p.claims), p.sources) for p in text.positions] == [(["a", "b"], 2), (["c"], 1)]
    (boolean,) = groups_of(
        claim("a", "true", subject="pmf/state"),
        claim("b", "false", source="herald", subject="pmf/state"),
        subject=BOOL_SUBJECT,
    )
    assert (boolean.kind, boolean.reason, boolean.severity) == ("boolean", "true vs false", "error")


def test_supports_silences_a_text_difference():
    assert (
        groups_of(
            claim("a", '"Hashd"', subject="pmf/name", supports='["b"]'),
            claim("b", '"Popular Mobilization Units"', source="herald", subject="pmf/name"),
            subject=NAME_SUBJECT,
        )
        == []
    )


def test_asserted_contradictions():
    many = NAME_SUBJECT.replace('kind = "text"', 'kind = "text"\ncardinality = "many"')
    (group,) = groups_of(
        claim("a", '"weakened"', subject="pmf/name", contradicts='["b"]'),
        claim("b", '"formidable"', source="herald", subject="pmf/name", contradicts='["a"]'),
        claim("c", '"political"', source="blog", subject="pmf/name"),
        subject=many,
    )
    assert (group.kind, group.severity) == ("asserted", "error")
    assert group.reason == "a and b are judged contradictory by the curator"
    assert [(p.a.id, p.b.id) for p in group.asserted] == [("a", "b")]
    assert group.contrasts == ()  # many-valued texts: only the link disagrees
    assert [ids(p.claims) for p in group.positions] == [["a", "c"], ["b", "c"]]


def test_an_asserted_contradiction_that_the_values_already_show_is_one_pair():
    (group,) = groups_of(
        claim("a", '"up to 30"', contradicts='["b"]'),
        claim("b", '"nearly 70"', source="herald"),
    )
    assert group.kind == "quantity"
    assert group.contrasts == (Contrast((1, 2), "[0, 30] and [63, 70) do not overlap"),)
    assert [ids(p.claims) for p in group.positions] == [["a"], ["b"]]  # not split twice


def test_asserted_contradictions_with_inactive_claims_are_ignored():
    assert (
        groups_of(
            claim("a", '"up to 30"', contradicts='["b"]'),
            claim("b", '"about 30"', source="herald", status='"withdrawn"'),
        )
        == []
    )


def test_contradicts_and_supports_are_validated():
    diags = check_of(
        {"c.toml": ALL_SOURCES + SUBJECT + claim("a", "30", contradicts='["a", "zz"]')}
    )
    assert [(d.line, d.column, d.severity, d.code, d.message) for d in diags] == [
        (43, 15, Severity.ERROR, "dangling-reference", "claim 'a' refers to unknown claim 'zz'"),
        (43, 15, Severity.ERROR, "self-reference", "claim 'a' contradicts itself"),
    ]


# ---------------------------------------------------------------------------- relations


def test_relations_of_a_claim():
    store = store_of(
        {
            "c.toml": ALL_SOURCES
            + SUBJECT
            + claim("a", '"up to 30"')
            + claim("b", '"nearly 70"', source="herald")
            + claim("c", '"about 67"', source="blog")
            + claim("d", '"dozens"', source="blog")
        }
    )
    rel = relations_of(store, store.claims["b"], TODAY)
    assert (ids(rel.agrees), ids(rel.conflicts)) == (["c", "d"], ["a"])
    rel = relations_of(store, store.claims["d"], TODAY)
    assert (ids(rel.agrees), ids(rel.conflicts)) == (["a", "b", "c"], [])
    assert conflicting_claim_ids(store, TODAY) == {"a", "b", "c"}


def test_relations_drift_is_not_agreement_and_many_values_are_unrelated():
    subject = SUBJECT + "time_varying = true\n"
    store = store_of(
        {
            "c.toml": ALL_SOURCES
            + subject
            + claim("a", '"30"', as_of='"2020"')
            + claim("b", '"70"', source="herald", as_of='"2024"')
        }
    )
    assert relations_of(store, store.claims["a"], TODAY).agrees == ()


# ---------------------------------------------------------------------------- check


FILES = {
    "c.toml": ALL_SOURCES
    + SUBJECT
    + claim("a", '"up to 30"')
    + claim("b", '"nearly 70"', source="herald")
    + claim("c", '"about 67"', source="blog")
}


def test_check_reports_a_conflict_once_with_every_other_claim_related():
    (d,) = [d for d in check_of(FILES) if d.code == "conflict"]
    # gazette (B) and herald (C) at moderate confidence stand in different positions: the
    # group is an error in `conflicts`, so it is one in `check` too
    assert (d.file, d.line, d.column, d.severity) == ("c.toml", 39, 9, Severity.ERROR)
    assert d.message == (
        "quantity conflict on city/population: [0, 30] and [60.3, 73.7] do not overlap; "
        "2 positions: up to 30 (1 claim, 1 source) vs [63, 70) (2 claims, 2 sources)"
    )
    assert d.hint == (
        "see `claims conflicts city/population`; record a judgment with "
        "`claims resolve a b c --verdict ... --note ...`"
    )
    assert d.related == (
        Related(
            "c.toml",
            47,
            9,
            "position 2: b “nearly 70” (herald, reliability C, moderate confidence)",
        ),
        Related(
            "c.toml", 55, 9, "position 2: c “about 67” (blog, reliability E, moderate confidence)"
        ),
    )
    assert d.records == ("subject:city/population", "episode:", "claim:a", "claim:b", "claim:c")


WEAK = {"c.toml": FILES["c.toml"].replace('source = "herald"', 'source = "blog"')}


def test_a_conflict_without_two_weighty_sides_is_a_warning_and_an_error_with_strict():
    (plain,) = [d for d in check_of(WEAK) if d.code == "conflict"]
    assert plain.severity == Severity.WARNING
    (strict,) = [d for d in check_of(WEAK, strict=True) if d.code == "conflict"]
    assert strict.severity == Severity.ERROR


def test_check_reports_drift_as_info():
    subject = SUBJECT + "time_varying = true\n"
    files = {
        "c.toml": ALL_SOURCES
        + subject
        + claim("a", '"30"', as_of='"2020"')
        + claim("b", '"70"', source="herald", as_of='"2024"')
    }
    diags = check_of(files, strict=True)
    assert [(d.line, d.severity, d.code, d.message) for d in diags] == [
        (
            40,
            Severity.INFO,
            "drift",
            "city/population changed over time in 2 episodes: 30 as of 2020 → 70 as of 2024",
        ),
    ]
    assert [r.message for r in diags[0].related] == [
        "claim at another time b “70” (herald, reliability C, moderate confidence)"
    ]


def test_check_cli_exit_codes(tmp_path, monkeypatch):
    write_tree(tmp_path, {"claims/c.toml": FILES["c.toml"]})
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    plain = runner.invoke(cli, ["check"])
    assert plain.exit_code == 1, plain.output  # an unresolved error-severity conflict
    assert plain.output.splitlines()[-1] == "1 error, 0 warnings, 0 info in 1 file"
    assert plain.output.splitlines()[0].startswith(
        "claims/c.toml:39:9: error: quantity conflict on city/population: "
    )
    assert "    see claims/c.toml:47:9: position 2: b “nearly 70” " in plain.output
    write_tree(tmp_path, {"claims/c.toml": WEAK["c.toml"]})
    weak = runner.invoke(cli, ["check"])
    assert weak.exit_code == 0, weak.output
    assert weak.output.splitlines()[-1] == "0 errors, 1 warning, 0 info in 1 file"
    strict = runner.invoke(cli, ["check", "--strict"])
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1] == "1 error, 0 warnings, 0 info in 1 file"


def test_list_conflicting_and_show(tmp_path, monkeypatch):
    write_tree(tmp_path, {"claims/c.toml": FILES["c.toml"]})
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    listed = runner.invoke(cli, ["list", "--conflicting", "--format", "csv"])
    assert listed.exit_code == 0
    assert [line.split(",")[0] for line in listed.output.splitlines()[1:]] == ["a", "b", "c"]
    shown = runner.invoke(cli, ["show", "b", "--format", "json"])
    assert shown.exit_code == 0
    assert '"conflicts_with": [\n    "a"\n  ]' in shown.output
    assert '"agrees_with": [\n    "c"\n  ]' in shown.output
