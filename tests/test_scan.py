"""Prose scanning: figures in drafts judged against the fact base."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from claimledger.checks.prose import alias_regex, sentences
from claimledger.checks.scan import scan_text
from claimledger.cli.main import cli

from .conftest import SOURCE, SUBJECT, TODAY, claim, dedent, store_of

REPO = Path(__file__).resolve().parent.parent

DRAFT = """\
# Iraq's militias

Officials in Baghdad say that around 40 Iran-backed militias operate in Iraq today.

Some estimates suggest there are nearly 70 armed factions under the PMF umbrella.
For example, three drones targeted Ain al-Assad airbase in western Iraq.
Iraqi militias fired 12 rockets at the base in 2024, and the militias held 3 meetings.
"""


def _scan(tmp_path, monkeypatch, text: str, *args: str):
    draft = tmp_path / "draft.md"
    draft.write_text(text, encoding="utf-8")
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["scan", str(draft), "--format", "gcc", *args])
    return result.exit_code, result.output.replace(str(draft), "draft.md")


def test_contradicting_figure_flagged_at_its_line_and_column(tmp_path, monkeypatch):
    code, out = _scan(tmp_path, monkeypatch, DRAFT)
    assert code == 1
    assert out.splitlines() == [
        "draft.md:3:31: warning: “around 40” ([36, 44]) contradicts the fact base on "
        "iraq/iran-backed-militias/count: alhurra-militia-count “nearly 70” (Alhurra (Middle "
        "East Broadcasting Networks, MBN), reliability C); unmasking-militia-count “up to "
        "thirty” (unknown (anonymous web article; no named outlet), reliability E) "
        "[prose-conflict]",
        "draft.md:5:34: info: “nearly 70” ([63, 70)) takes a side in the open dispute on "
        "iraq/iran-backed-militias/count: agrees with alhurra-militia-count “nearly 70” "
        "(Alhurra (Middle East Broadcasting Networks, MBN), reliability C); disagrees with "
        "unmasking-militia-count “up to thirty” (unknown (anonymous web article; no named "
        "outlet), reliability E) [prose-disputed]",
    ]


def test_faithful_restatements_are_silent(tmp_path, monkeypatch):
    text = (
        "The Associated Press reported that three drones targeted Ain al-Assad airbase.\n\n"
        "Dozens of IRGC commanders were killed, officials said.\n\n"
        "Since seizing power in 1979, the Islamic Republic has armed factions abroad.\n"
    )
    code, out = _scan(tmp_path, monkeypatch, text)
    assert (code, out) == (0, "")


def test_numbers_about_something_else_are_silent(tmp_path, monkeypatch):
    text = (
        "Iraqi militias fired 12 rockets at the base.\n\n"
        "In 2019, Iran-backed militias met in Baghdad.\n\n"
        "The twelve-day war ended with 3 ceasefires.\n"
    )
    code, out = _scan(tmp_path, monkeypatch, text)
    assert (code, out) == (0, "")


def test_contradicting_date(tmp_path, monkeypatch):
    code, out = _scan(tmp_path, monkeypatch, "The Islamic Republic seized power in 1978.\n")
    assert code == 1
    assert out.startswith(
        "draft.md:1:38: warning: “1978” (1978) contradicts the fact base on "
        "iran/islamic-republic/seizure-of-power-year: alhurra-iran-seized-power-1979 “1979”"
    )


def test_preferred_claim_is_named(tmp_path):
    files = {
        "s.toml": SOURCE
        + SUBJECT.replace(
            'kind = "quantity"', 'kind = "quantity"\naliases = ["population of the city"]'
        ),
        "c.toml": claim("a", '"about 100,000"') + claim("b", '"about 150,000"'),
        "r.toml": """
            [[resolution]]
            id = "r1"
            claims = ["a", "b"]
            verdict = "prefer"
            preferred = "b"
            note = "census"
            """,
    }
    store = store_of(files)
    (d,) = scan_text("d.txt", "The population of the city is 90,000.", store, TODAY)
    assert d.code == "prose-conflict"
    assert (d.line, d.column, d.end_column) == (1, 31, 37)
    assert d.message.endswith("; resolution r1 prefers b “about 150,000” (Gazette, reliability B)")
    assert scan_text("d.txt", "The population of the city is 150,000.", store, TODAY) == []


def test_alias_matching_is_whole_word_plural_and_hyphen_tolerant():
    pattern = alias_regex("Iran-backed militias")
    assert pattern.search("an Iran backed militia")
    assert pattern.search("IRAN-BACKED MILITIAS")
    assert not pattern.search("Iran-backed militiaman")
    assert alias_regex("Kata'ib Hezbollah").search("Kata’ib Hezbollah")


def test_sentences_respect_abbreviations_and_blocks():
    text = dedent(
        """
        The U.S. Embassy said 3 things. Then it stopped.
        - a list item
        """
    )
    assert [text[a:b].strip() for a, b in sentences(text)] == [
        "The U.S. Embassy said 3 things.",
        "Then it stopped.",
        "- a list item",
    ]


def test_code_blocks_are_not_prose(tmp_path, monkeypatch):
    text = "```\nAround 40 Iran-backed militias operate in Iraq.\n```\n"
    assert _scan(tmp_path, monkeypatch, text) == (0, "")


PEAK = """
[[subject]]
id = "alps/zugspitze-height"
description = "How high is the Zugspitze?"
kind = "quantity"
unit = "m"
aliases = ["Zugspitze"]
"""


def test_a_draft_is_read_in_its_language(tmp_path):
    store = store_of(
        {
            "s.toml": SOURCE + claim("c1", '"about 2,962"', subject="alps/zugspitze-height"),
            "p.toml": PEAK,
        }
    )
    german = "Die Zugspitze ist 2.962 Meter hoch.\n"
    assert scan_text("d.md", german, store, TODAY, "de") == []
    (d,) = scan_text("d.md", "Die Zugspitze ist 4.478 Meter hoch.\n", store, TODAY, "de")
    assert d.code == "prose-conflict" and d.message.startswith("“4.478” ([4478, 4478]) contradicts")
    front = "---\nlanguage: de\n---\nDie Zugspitze ist 4.478 Meter hoch.\n"
    assert [d.code for d in scan_text("d.md", front, store, TODAY)] == ["prose-conflict"]
    feet = "The Zugspitze is 9,718 feet high.\n"  # 2,962.04 m
    assert scan_text("d.md", feet, store, TODAY) == []
    (d,) = scan_text("d.md", "The Zugspitze is 5,000 feet high.\n", store, TODAY)
    assert d.message.startswith("“5,000” (5,000 feet = [1,524 m]) contradicts")
