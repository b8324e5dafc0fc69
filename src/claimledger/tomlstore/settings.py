"""A store's settings file (`.claims.toml` at the root of the store folder, `disk/files.py`
names it): its bytes -> `Settings` and findings.

The loader never reads it as a record file, and it travels with the store. Every key is
optional; an unknown key or a value of the wrong kind is a finding of `claims check`, and the
setting is then ignored:

    archive_folders = ["archives", "../press"]  # folders of archived texts, from the store
    language = "en"                             # of sources that declare none
    cache_limit_mib = 256                       # this store's cache folder, at most
    today = 2026-11-21                          # pins "today" (CLAIMS_TODAY wins)
    reviewer = "Fact Desk"                      # who publishes our ClaimReviews
    reviewer_url = "https://factdesk.example"   # its home page
    review_url = "https://factdesk.example/checks/{claim}"  # a review's page ({claim},
                                                # {resolution}, {subject} filled in)
"""

from __future__ import annotations

import contextlib
import datetime
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from claimledger.model.diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class Settings:
    archive_folders: tuple[str, ...] = ()
    language: str | None = None
    cache_limit_mib: int | None = None
    today: datetime.date | None = None
    reviewer: str | None = None
    reviewer_url: str | None = None
    review_url: str | None = None


# key -> what it holds (the hint of a finding)
KEYS = {
    "archive_folders": 'folders holding archived texts, relative to the store: ["archives"]',
    "language": 'the BCP 47 language of sources that declare none: "en"',
    "cache_limit_mib": "the most this store's cache may hold, in MiB: 256",
    "today": "the date taken as today: 2026-11-21",
    "reviewer": 'the organisation publishing ClaimReviews: "Fact Desk"',
    "reviewer_url": 'its home page: "https://factdesk.example"',
    "review_url": 'a review\'s page, {claim} filled in: "https://factdesk.example/checks/{claim}"',
}
_PLACEHOLDERS = re.compile(r"\{(\w*)\}")
_URL = re.compile(r"https?://[^\s/]+\S*\Z")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")


def parse_settings(path: str, data: bytes) -> tuple[Settings, list[Diagnostic]]:
    """The settings in a file's bytes, and its problems (each ignores only its own setting)."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
        table = tomllib.loads(text)
    except UnicodeDecodeError:
        return Settings(), [_finding(path, 1, 1, "encoding", "not UTF-8", "save it as UTF-8")]
    except tomllib.TOMLDecodeError as exc:
        # Imported here: decode pulls in the positions and the record model (40 ms), which a
        # warm command reading a valid settings file never needs.
        from claimledger.tomlstore.decode import syntax_error

        return Settings(), [syntax_error(path, exc, text)]
    values: dict[str, Any] = {}
    problems = []
    for key, raw in table.items():
        line = _line_of(text, key)
        if key not in KEYS:
            known = ", ".join(KEYS)
            message = f"unknown setting {key!r}"
            problems.append(_finding(path, line, 1, "unknown-setting", message, f"known: {known}"))
            continue
        value, problem = _read(key, raw)
        if problem:
            problems.append(_finding(path, line, 1, "bad-setting", problem, KEYS[key]))
        else:
            values[key] = value
    return Settings(**values), problems


def _read(key: str, raw: Any) -> tuple[Any, str]:
    if key == "archive_folders":
        if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
            return None, "archive_folders must be an array of folder names"
        if any(x.startswith(("/", "\\")) or ":" in x for x in raw):
            return None, "archive_folders are relative to the store folder"
        return tuple(raw), ""
    if key == "language":
        ok = isinstance(raw, str) and _LANGUAGE.match(raw)
        return (raw, "") if ok else (None, f"language must be a BCP 47 code, not {raw!r}")
    if key == "cache_limit_mib":
        ok = isinstance(raw, int) and not isinstance(raw, bool) and raw > 0
        return (raw, "") if ok else (None, "cache_limit_mib must be a positive integer")
    if key in ("reviewer", "reviewer_url", "review_url"):
        return _read_publishing(key, raw)
    # today
    if isinstance(raw, str):
        with contextlib.suppress(ValueError):
            raw = datetime.date.fromisoformat(raw)
    if type(raw) is datetime.date:
        return raw, ""
    return None, f"today must be a date (2026-11-21), not {raw!r}"


def _read_publishing(key: str, raw: Any) -> tuple[Any, str]:
    if not isinstance(raw, str) or not raw.strip():
        return None, f"{key} must be a non-empty string"
    if key != "reviewer" and not _URL.match(raw):
        return None, f"{key} must be an http(s) URL, not {raw!r}"
    unknown = set(_PLACEHOLDERS.findall(raw)) - {"claim", "resolution", "subject"}
    if key == "review_url" and unknown:
        return (
            None,
            f"review_url knows {{claim}}, {{resolution}}, {{subject}}, not {{{min(unknown)}}}",
        )
    return raw, ""


def _line_of(text: str, key: str) -> int:
    m = re.search(rf"""^[ \t]*["']?{re.escape(key)}["']?[ \t]*[=.]""", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _finding(path: str, line: int, col: int, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.ERROR, code, message, hint)
