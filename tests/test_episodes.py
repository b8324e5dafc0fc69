"""Conflict engine v2: episodes of time-varying subjects, positions from the value line,
one finding per conflict, supersede chains, the timeline, and scan at the sentence's date.

Each of the failures found on a real story (an earthquake's death toll from many outlets
over weeks) is reproduced here first."""

import itertools
import json

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.checks.scan import scan_text
from claimledger.cli.main import cli
from claimledger.conflicts.compare import values_disagree
from claimledger.conflicts.groups import find_conflicts
from claimledger.conflicts.relations import relations_of
from claimledger.conflicts.sweep import common_point_sets, connected_runs
from claimledger.model.diagnostics import Severity
from claimledger.render.conflicts_json import group_json

from .conftest import TODAY, check_of, store_of, write_tree

OUTLETS = "".join(
    f"""
[[source]]
id = "{name}"
title = "Live report"
publisher = "{name.upper()}"
published = 2023-02-07
reliability = "{rel}"
"""
    for name, rel in (("bbc", "B"), ("tabloid", "E"), ("reuters", "A"), ("ap", "A"), ("afad", "B"))
)
TOLL = """
[[subject]]
id = "quake/deaths"
description = "How many people died in the earthquake in Turkey?"
kind = "quantity"
unit = "people"
time_varying = true
aliases = ["death toll in Turkey"]
"""


def toll(cid: str, value: str, source: str, as_of: str, confidence: str = "moderate") -> str:
    return f"""
[[claim]]
id = "{cid}"
subject = "quake/deaths"
value = "{value}"
source = "{source}"
as_of = {as_of}
quote = "The toll was {value}."
confidence = "{confidence}"
"""


STORY = (
    OUTLETS
    + TOLL
    + toll("afad-06", "2,300", "afad", "2023-02-06")
    + toll("bbc-07", ">7,800", "bbc", "2023-02-07")
    + toll("tabloid-07", "3,000–5,000", "tabloid", "2023-02-07", "low")
    + toll("reuters-07", "more than 7,800", "reuters", "2023-02-07")
    + toll("ap-20", ">47,000", "ap", "2023-02-20")
    + toll("reuters-24", "50,096", "reuters", "2023-02-24")
    + toll("afad-24", "50,096", "afad", "2023-02-24")
)


def ids(claims) -> list[str]:
    return [c.id for c in claims]


# ---------------------------------------------------------------- 1. positions mix times


def test_positions_use_only_the_episodes_claims():
    (group,) = find_conflicts(store_of({"quake.toml": STORY}), TODAY)
    assert group.episode_label == "2023-02-07"
    assert ids(group.claims) == ["bbc-07", "reuters-07", "tabloid-07"]
    # the tabloid stands alone: claims as of 6, 20 and 24 February are not folded in
    assert [(ids(p.claims), p.sources, p.value) for p in group.positions] == [
        (["tabloid-07"], 1, "3,000–5,000"),
        (["bbc-07", "reuters-07"], 2, "(7800, ∞)"),
    ]
    assert group.reason == "[3000, 5000] and (7800, ∞) do not overlap"
    # ">47,000 as of 20 February" is in no position of this group, and counts nowhere twice
    assert "ap-20" not in {c.id for p in group.positions for c in p.claims}


def test_each_disputed_episode_is_its_own_group_in_date_order():
    story = STORY + toll("tabloid-24", "about 20,000", "tabloid", "2023-02-24", "low")
    groups = find_conflicts(store_of({"quake.toml": story}), TODAY)
    assert [(g.episode_label, sorted(g.conflicting_ids)) for g in groups] == [
        ("2023-02-07", ["bbc-07", "reuters-07", "tabloid-07"]),
        ("2023-02-24", ["afad-24", "reuters-24", "tabloid-24"]),
    ]
    # each group carries the whole timeline: five episodes, two disputed
    assert [(r.label, r.disputed) for r in groups[0].timeline] == [
        ("6 February 2023", False),
        ("7 February 2023", True),
        ("20 February 2023", False),
        ("24 February 2023", True),
    ]


def test_a_claim_spanning_days_joins_them_into_one_episode_compared_day_by_day():
    story = (
        OUTLETS
        + TOLL
        + toll("a-06", "2,300", "afad", "2023-02-06")
        + toll("a-07", "5,434", "afad", "2023-02-07")
        + toll("r-06", "more than 2,000", "reuters", "2023-02-06")
        + toll("t-month", "more than 40,000", "tabloid", '"February 2023"', "low")
    )
    (group,) = find_conflicts(store_of({"quake.toml": story}), TODAY)
    # the daily figures differ, but never at one time: only the month-long claim conflicts
    assert group.episode_label == "2023-02-01 – 2023-02-28"
    assert [(s.start.isoformat(), s.positions) for s in group.sections] == [
        ("2023-02-06", (1, 2)),
        ("2023-02-07", (3, 4)),
    ]
    # "more than 2,000" fits both sides on the 6th: it stands in each and conflicts with none
    assert [ids(p.claims) for p in group.positions] == [
        ["a-06", "r-06"],
        ["r-06", "t-month"],
        ["a-07"],
        ["t-month"],
    ]
    assert group.conflicting_ids == {"a-06", "t-month", "a-07"}
    assert ids(relations_of(store_of({"q.toml": story}), group.claims[0], TODAY).conflicts) == [
        "t-month"
    ]


# ------------------------------------------------------------ 2. output proportional


def _day_of(n: int) -> str:
    """`n` outlets on one day: most agree, one in ten is far off."""
    claims = "".join(
        toll(f"c{i:04d}", "3,000–5,000" if i % 10 == 0 else "more than 7,800", "bbc", "2023-02-07")
        for i in range(n)
    )
    return OUTLETS + TOLL + claims


def test_output_grows_with_the_claims_not_their_pairs():
    sizes = {}
    for n in (100, 400):
        (group,) = find_conflicts(store_of({"q.toml": _day_of(n)}), TODAY)
        assert len(group.positions) == 2 and len(group.contrasts) == 1
        sizes[n] = len(json.dumps(group_json(group)))
    assert 3 < sizes[400] / sizes[100] < 4.5  # four times the claims: not sixteen times
    (d,) = [d for d in check_of({"q.toml": _day_of(400)}) if d.code == "conflict"]
    assert len(d.related) == 399  # every other claim, once


# ------------------------------------------------------------- 3. scan at a time


DRAFT = "The death toll in Turkey was 5,434 on 7 February 2023.\n"


def _scan_store(extra: str = ""):
    return store_of(
        {
            "q.toml": OUTLETS
            + TOLL
            + toll("afad-07", "5,434", "afad", "2023-02-07")
            + toll("afad-24", "50,096", "afad", "2023-02-24")
            + extra
        }
    )


def test_scan_compares_a_figure_with_the_claims_of_its_sentences_date():
    assert scan_text("draft.md", DRAFT, _scan_store(), TODAY) == []
    (d,) = scan_text("draft.md", DRAFT.replace("5,434", "9,000"), _scan_store(), TODAY)
    assert d.code == "prose-conflict" and "afad-07" in d.message and "afad-24" not in d.message


def test_scan_without_a_date_uses_the_drafts_then_the_latest_known():
    plain = "The death toll in Turkey was 5,434.\n"
    (d,) = scan_text("draft.md", plain, _scan_store(), TODAY)  # today: the latest, 24 Feb
    assert "afad-24" in d.message
    dated = "---\ntitle: Day two\ndate: 2023-02-07\n---\n" + plain
    assert scan_text("draft.md", dated, _scan_store(), TODAY) == []


def test_the_longest_alias_wins_where_aliases_of_two_subjects_overlap():
    other = TOLL.replace("quake/deaths", "quake/all-deaths").replace(
        '["death toll in Turkey"]', '["death toll"]'
    )
    store = _scan_store(
        other
        + toll("x-07", "9,000", "bbc", "2023-02-07").replace(
            'subject = "quake/deaths"', 'subject = "quake/all-deaths"'
        )
    )
    # "death toll" of quake/all-deaths lies inside "death toll in Turkey": no second report
    assert scan_text("draft.md", DRAFT, store, TODAY) == []


# ------------------------------------------------- 4. one finding, one severity


def test_check_reports_each_conflict_once_with_the_severity_conflicts_shows():
    story = STORY.replace('source = "tabloid"', 'source = "ap"').replace(
        'confidence = "low"', 'confidence = "moderate"'
    )
    (group,) = find_conflicts(store_of({"q.toml": story}), TODAY)
    assert group.severity == "error"
    found = [d for d in check_of({"q.toml": story}) if d.code == "conflict"]
    assert [(d.severity, d.records) for d in found] == [
        (
            Severity.ERROR,
            (
                "subject:quake/deaths",
                "episode:2023-02-07",
                "claim:bbc-07",
                "claim:reuters-07",
                "claim:tabloid-07",
            ),
        )
    ]
    assert len(found[0].message) < 300


def test_check_text_lists_five_related_claims_then_says_how_many_more(tmp_path, monkeypatch):
    write_tree(tmp_path, {"claims/q.toml": _day_of(12)})
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(cli, ["check"]).output.splitlines()
    assert sum(line.startswith("    see ") for line in out) == 5
    assert "    and 6 more (every one in --format json or sarif)" in out


# ------------------------------------------------------------ 5. supersede chains


CITY = """
[[source]]
id = "gazette"
title = "T"
publisher = "G"
published = "2025-01"
reliability = "B"

[[subject]]
id = "city/population"
description = "How many?"
kind = "quantity"
unit = "people"
"""


def c(cid: str, value: str, extra: str = "") -> str:
    return f"""
[[claim]]
id = "{cid}"
subject = "city/population"
value = "{value}"
source = "gazette"
quote = "Q."
confidence = "moderate"
{extra}
"""


def test_a_supersede_cycle_is_an_error_naming_every_claim_and_drops_none():
    files = {
        "c.toml": CITY
        + c("a", "100", 'supersedes = "c"')
        + c("b", "200", 'supersedes = "a"')
        + c("c", "300", 'supersedes = "b"')
    }
    (d,) = [d for d in check_of(files) if d.code == "supersede-cycle"]
    assert d.severity == Severity.ERROR
    assert d.message == (
        "claims supersede each other in a cycle: a -> c -> b -> a; none of them is replaced"
    )
    assert [r.message for r in d.related] == ["c supersedes b", "b supersedes a"]
    (group,) = find_conflicts(store_of(files), TODAY)
    assert ids(group.claims) == ["a", "b", "c"]


def test_a_supersede_chain_is_followed_to_its_end():
    files = {
        "c.toml": CITY
        + c("old", "100")
        + c("mid", "200", 'supersedes = "old"\nstatus = "retracted"')
        + c("new", "300", 'supersedes = "mid"')
        + c("other", "300")
    }
    # "new" replaced "mid", and with it mid's replacement of "old": nothing disagrees
    assert find_conflicts(store_of(files), TODAY) == []


# --------------------------------------------------------------- 6. the timeline


def test_drift_names_every_time_in_date_order_and_is_in_conflicts_json(tmp_path, monkeypatch):
    story = (
        OUTLETS
        + TOLL
        + toll("d24", "50,096", "afad", "2023-02-24")
        + toll("d06", "2,300", "afad", "2023-02-06")
        + toll("d20", ">47,000", "ap", "2023-02-20")
        + toll("d07", "5,434", "afad", "2023-02-07")
    )
    (group,) = find_conflicts(store_of({"q.toml": story}), TODAY)
    assert group.status == "drift"
    assert group.reason == (
        "changed over time in 4 episodes: 2,300 as of 6 February 2023 → 5,434 as of "
        "7 February 2023 → >47,000 as of 20 February 2023 → 50,096 as of 24 February 2023"
    )
    write_tree(tmp_path, {"claims/q.toml": story})
    monkeypatch.chdir(tmp_path)
    doc = json.loads(CliRunner().invoke(cli, ["conflicts", "--format", "json"]).output)
    (line,) = doc["timelines"]
    assert [(e["start"], e["status"], e["values"]) for e in line["episodes"]] == [
        ("2023-02-06", "agreed", [{"value": "2,300", "sources": 1}]),
        ("2023-02-07", "agreed", [{"value": "5,434", "sources": 1}]),
        ("2023-02-20", "agreed", [{"value": ">47,000", "sources": 1}]),
        ("2023-02-24", "agreed", [{"value": "50,096", "sources": 1}]),
    ]


def test_timeline_command_text_and_json(tmp_path, monkeypatch):
    write_tree(tmp_path, {"claims/q.toml": STORY})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    text = CliRunner().invoke(cli, ["timeline", "quake/deaths"])
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[:2] == [
        "quake/deaths — How many people died in the earthquake in Turkey?",
        "4 episodes, 1 disputed",
    ]
    (seventh,) = [x for x in lines if x.lstrip().startswith("7 February 2023")]
    assert "3,000–5,000 vs (7800, ∞)" in seventh and "1 / 2" in seventh
    doc = json.loads(
        CliRunner().invoke(cli, ["timeline", "quake/deaths", "--format", "json"]).output
    )
    assert [(e["label"], e["status"], e["sources"]) for e in doc["episodes"]] == [
        ("6 February 2023", "agreed", 1),
        ("7 February 2023", "disputed", 3),
        ("20 February 2023", "agreed", 1),
        ("24 February 2023", "agreed", 2),
    ]


def test_timeline_refuses_an_unknown_or_timeless_subject(tmp_path, monkeypatch):
    write_tree(
        tmp_path, {"claims/q.toml": STORY + CITY.split("[[subject]]")[1].join(["[[subject]]", ""])}
    )
    monkeypatch.chdir(tmp_path)
    unknown = CliRunner().invoke(cli, ["timeline", "quake/death"])
    assert unknown.exit_code == 2
    assert "unknown subject 'quake/death'; did you mean quake/deaths?" in unknown.output
    timeless = CliRunner().invoke(cli, ["timeline", "city/population"])
    assert timeless.exit_code == 2
    assert "is not time-varying" in timeless.output


# ------------------------------------------------------------------ properties


segments = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 8)).map(lambda t: (t[0], t[0] + t[1])),
    min_size=1,
    max_size=9,
)


def _oracle(items: list[tuple[int, int]]) -> set[frozenset[int]]:
    """Maximal sets of pairwise-overlapping segments, by brute force over every subset."""
    n = len(items)
    ok = [
        frozenset(i for i in range(n) if mask >> i & 1)
        for mask in range(1, 1 << n)
        if all(
            max(items[i][0], items[j][0]) <= min(items[i][1], items[j][1])
            for i in range(n)
            for j in range(n)
            if mask >> i & 1 and mask >> j & 1
        )
    ]
    return {s for s in ok if not any(s < t for t in ok)}


@settings(max_examples=300, deadline=None)
@given(segments)
def test_the_sweep_finds_exactly_the_maximal_compatible_sets(items):
    found = common_point_sets([(a, b, i) for i, (a, b) in enumerate(items)])
    assert {frozenset(s) for _, s in found} == _oracle(items)
    assert len(found) <= len(items)  # output proportional to the input


@settings(max_examples=200, deadline=None)
@given(segments)
def test_connected_runs_partition_the_segments_and_never_touch_each_other(items):
    runs = connected_runs([(a, b, i) for i, (a, b) in enumerate(items)])
    assert sorted(i for run in runs for i in run) == list(range(len(items)))
    for left, right in itertools.pairwise(runs):
        assert max(items[i][1] for i in left) < min(items[i][0] for i in right)


figures = st.lists(
    st.tuples(
        st.sampled_from(["{}", "about {}", "more than {}", "up to {}", "nearly {}"]),
        st.integers(1, 12).map(lambda x: x * 10),
        st.integers(0, 3),
    ),
    min_size=2,
    max_size=7,
)


def _story(rows) -> str:
    return (
        OUTLETS
        + TOLL
        + "".join(
            toll(f"c{i}", fmt.format(n), "bbc", f"2023-02-0{6 + day}")
            for i, (fmt, n, day) in enumerate(rows)
        )
    )


@settings(max_examples=120, deadline=None)
@given(figures)
def test_positions_are_maximal_and_pairwise_compatible_within_one_time(rows):
    store = store_of({"q.toml": _story(rows)})
    subject = store.subjects["quake/deaths"]
    from claimledger.model.claim_value import claim_value

    for group in find_conflicts(store, TODAY):
        if group.status == "drift":
            continue
        for section in group.sections:
            members = {c.id for n in section.positions for c in group.positions[n - 1].claims}
            for n in section.positions:
                pos = group.positions[n - 1].claims
                values = [claim_value(x, subject) for x in pos]
                assert all(values_disagree(a, b) is None for a in values for b in values)
                outside = [store.claims[i] for i in members - {x.id for x in pos}]
                # maximal: every claim of the moment left out disagrees with one inside
                for other in outside:
                    v = claim_value(other, subject)
                    assert any(values_disagree(v, w) is not None for w in values)


@settings(max_examples=80, deadline=None)
@given(figures, figures)
def test_claims_of_other_times_never_change_an_episodes_positions(rows, elsewhere):
    store = store_of({"q.toml": _story([(f, n, 0) for f, n, _ in rows])})
    alone = [[ids(p.claims) for p in g.positions] for g in find_conflicts(store, TODAY)]
    later = [(f, n, 3) for f, n, _ in elsewhere]  # 9 February: another episode
    mixed = _story([(f, n, 0) for f, n, _ in rows] + later)
    both = store_of({"q.toml": mixed})
    first = [g for g in find_conflicts(both, TODAY) if g.episode_label == "2023-02-06"]
    assert [[ids(p.claims) for p in g.positions] for g in first] == alone


def test_summary_counts_conflicts_and_subjects_apart(tmp_path, monkeypatch):
    story = STORY + toll("tabloid-24", "about 20,000", "tabloid", "2023-02-24", "low")
    write_tree(tmp_path, {"claims/q.toml": story})
    monkeypatch.chdir(tmp_path)
    text = CliRunner().invoke(cli, ["conflicts"]).output.splitlines()
    assert text[-1] == "2 conflicts on 1 subject: 2 open, 0 resolved, 0 stale"
    doc = json.loads(CliRunner().invoke(cli, ["conflicts", "--format", "json"]).output)
    assert doc["summary"] == {
        "subjects": 1,
        "groups": 2,
        "open": 2,
        "resolved": 0,
        "stale": 0,
        "drift": 0,
    }
