"""Store at A vs Store at B: records added, removed and changed field by field, and the
conflict groups the change opens, closes, resolves or makes stale. Pure: no git here.

Records are matched by kind and id, never by file, so a record moved to another file is
unchanged; only files that changed are looked at for record changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from claimledger.conflicts.groups import ConflictGroup, find_conflicts
from claimledger.model.claim_value import claim_value, describe
from claimledger.model.dates import parse_date
from claimledger.model.records import (
    FIELD_NAMES,
    FIELDS,
    KINDS,
    Claim,
    Record,
    Resolution,
    Review,
    Source,
    Subject,
    record_kind,
)
from claimledger.model.values import plain
from claimledger.tomlstore.store import Store

_DATE_FIELDS = {(k, f.name) for k, specs in FIELDS.items() for f in specs if f.type == "date"}
_VALUE_FIELDS = ("value", "min", "max")


@dataclass(frozen=True)
class FieldChange:
    """One field of one record: old and new values (None when absent) and their parsed forms."""

    name: str
    old: Any
    new: Any
    old_parsed: str = ""
    new_parsed: str = ""


@dataclass(frozen=True)
class RecordChange:
    """A record added, removed or changed; `subject` is the subject it is shown under."""

    kind: str
    id: str
    change: str  # added | removed | changed
    subject: str
    old: Record | None
    new: Record | None
    fields: tuple[FieldChange, ...]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


def parsed_field(
    record: Record, name: str, subject: Subject | None, source: Source | None = None
) -> str:
    """The parsed form of a field people want next to it: a claim's interval (converted
    figures show both: "11 miles = [17.7 km]"), a date's span."""
    raw = record.table.get(name)
    if raw is None:
        return ""
    if isinstance(record, Claim) and name in _VALUE_FIELDS and subject is not None:
        return describe(claim_value(record, subject, source))
    if (record_kind(record), name) in _DATE_FIELDS:
        return describe(parse_date(raw))
    return ""


def field_order(kind: str, *tables: dict[str, Any]) -> list[str]:
    """The format's field order, then unknown fields sorted."""
    names = set().union(*tables)
    known = [n for n in FIELD_NAMES[kind] if n in names]
    return known + sorted(names - set(known))


def field_changes(
    old: Record | None,
    new: Record | None,
    old_subjects: Mapping[str, Subject],
    new_subjects: Mapping[str, Subject],
    old_sources: Mapping[str, Source] | None = None,
    new_sources: Mapping[str, Source] | None = None,
) -> tuple[FieldChange, ...]:
    """Every field that differs (added and removed records: every field present).

    The subjects give claim values their meaning (an interval, a date span); the sources
    their language ("50.096" in tr)."""
    old_t = dict(old.table) if old else {}
    new_t = dict(new.table) if new else {}
    kind = record_kind(old or new)  # type: ignore[arg-type]
    changes = []
    for name in field_order(kind, old_t, new_t):
        a, b = plain(old_t.get(name)), plain(new_t.get(name))
        if a == b and old and new:
            continue
        changes.append(
            FieldChange(
                name,
                a,
                b,
                _parsed(old, name, old_subjects, old_sources),
                _parsed(new, name, new_subjects, new_sources),
            )
        )
    return tuple(changes)


def _subject_of(record: Record, subjects: Mapping[str, Subject]) -> Subject | None:
    return subjects.get(record.subject) if isinstance(record, Claim) else None


def _parsed(
    record: Record | None,
    name: str,
    subjects: Mapping[str, Subject],
    sources: Mapping[str, Source] | None,
) -> str:
    if record is None:
        return ""
    if isinstance(record, Claim) and name == "via" and record.via and sources is not None:
        relayed = sources.get(record.via)  # the origin a reviewer weighs: "AFAD (retracted)"
        if relayed is None:
            return "unknown source"
        status = f" ({relayed.status})" if relayed.status else ""
        return f"relays {relayed.publisher or relayed.id}{status}"
    return parsed_field(record, name, _subject_of(record, subjects), _source_of(record, sources))


def _source_of(record: Record, sources: Mapping[str, Source] | None) -> Source | None:
    return sources.get(record.source) if sources and isinstance(record, Claim) else None


def record_changes(old: Store, new: Store, paths: Iterable[str]) -> list[RecordChange]:
    """Records whose table differs between the stores, looking only at records in `paths`."""
    keys: set[tuple[str, str]] = set()
    for path in paths:
        for store in (old, new):
            parsed = store.files.get(path)
            keys.update((record_kind(r), r.id) for r in (parsed.records if parsed else ()))
    found = []
    for kind, rid in sorted(keys, key=lambda k: (KINDS.index(k[0]), k[1])):
        a, b = old.index(kind).get(rid), new.index(kind).get(rid)
        if a is not None and b is not None and plain(dict(a.table)) == plain(dict(b.table)):
            continue  # unchanged, perhaps moved to another file
        change = "added" if a is None else "removed" if b is None else "changed"
        subject = _shown_under(b or a, new, old)  # type: ignore[arg-type]
        found.append(
            RecordChange(
                kind,
                rid,
                change,
                subject,
                a,
                b,
                field_changes(a, b, old.subjects, new.subjects, old.sources, new.sources),
            )
        )
    return found


def _shown_under(record: Record, *stores: Store) -> str:
    if isinstance(record, Claim):
        return record.subject
    if isinstance(record, Subject):
        return record.id
    named = record.claims if isinstance(record, Resolution) else ()
    if isinstance(record, Review):
        named = (record.claim,)
    for cid in named:
        for store in stores:
            if cid in store.claims:
                return store.claims[cid].subject
    return ""


def touched_subjects(changes: Iterable[RecordChange], old: Store, new: Store) -> set[str]:
    """Subjects whose claims, definition, resolutions or sources the change edits."""
    touched: set[str] = set()
    sources: set[str] = set()
    for ch in changes:
        for rec in (ch.old, ch.new):
            if isinstance(rec, Claim):
                touched.add(rec.subject)
            elif isinstance(rec, Resolution):
                touched.update(_shown_under(rec, s) for s in (old, new))
            elif rec is not None and ch.kind == "source":
                sources.add(rec.id)
        if ch.kind == "subject":
            touched.add(ch.id)
    for store in (old, new):
        touched.update(
            c.subject for c in store.claims.values() if c.source in sources or c.via in sources
        )
    return touched - {""}


def affected_subjects(changes: Iterable[RecordChange], old: Store, new: Store) -> set[str]:
    """Every subject whose conflict group the change can alter, so the conflict engine runs
    on those only: touched subjects, and the subjects of claims linked to a changed claim
    (contradicts, supports, supersedes, either direction) or judged with it in a resolution."""
    changes = list(changes)
    ids: set[str] = set()
    sources = {ch.id for ch in changes if ch.kind == "source"}
    for ch in changes:
        for rec in (ch.old, ch.new):
            if isinstance(rec, Claim):
                ids.add(rec.id)
            elif isinstance(rec, Resolution):
                ids.update(rec.claims)
    for store in (old, new):
        ids.update(c.id for c in store.claims.values() if c.source in sources or c.via in sources)
    linked = set(ids)
    for store in (old, new):
        for c in store.claims.values():
            refs = {*c.contradicts, *c.supports, *((c.supersedes,) if c.supersedes else ())}
            if c.id in ids or refs & ids:
                linked.update(refs | {c.id})
        for r in store.resolutions.values():
            if ids.intersection(r.claims):
                linked.update(r.claims)
    found = touched_subjects(changes, old, new)
    for store in (old, new):
        found.update(store.claims[c].subject for c in linked if c in store.claims)
    return found


@dataclass(frozen=True)
class ConflictChange:
    """What the change does to one subject's conflict group."""

    subject: str
    change: str  # opened | widened | stale | still-open | resolved | closed
    old: ConflictGroup | None
    new: ConflictGroup | None
    opened: tuple[str, ...] = ()  # claims newly in conflict
    closed: tuple[str, ...] = ()  # claims no longer in conflict


CHANGE_ORDER = ("opened", "widened", "stale", "still-open", "resolved", "closed")


def _state(group: ConflictGroup | None) -> str:
    return "none" if group is None or group.status == "drift" else group.status


def classify(old: ConflictGroup | None, new: ConflictGroup | None, grew: bool) -> str | None:
    """How a subject's group changed, or None when there is nothing to say.

    widened: the group was open and the change adds disagreements to it."""
    before, after = _state(old), _state(new)
    if after == "open":
        if before in ("none", "resolved"):
            return "opened"
        return "widened" if grew else "still-open"
    if after == "stale":
        return "stale" if before != "stale" else ("widened" if grew else "still-open")
    if after == "resolved":
        return "resolved" if before != "resolved" else None
    return "closed" if before in ("open", "stale") else None


def conflict_changes(
    old: Store,
    new: Store,
    today: datetime.date,
    touched: set[str],
    subjects: set[str] | None = None,
) -> list[ConflictChange]:
    """Run the conflict engine on both stores (on `subjects` only, when given); keep status
    changes anywhere and groups still open on touched subjects."""
    before = _by_subject(find_conflicts(old, today, subjects))
    after = _by_subject(find_conflicts(new, today, subjects))
    found = []
    for subject in sorted(set(before) | set(after)):
        olds, news = before.get(subject, []), after.get(subject, [])
        opened = sorted(_conflicting(news) - _conflicting(olds))
        closed = sorted(_conflicting(olds) - _conflicting(news))
        a, b = _main(olds), _main(news)
        change = classify(a, b, bool(opened))
        if change is None or (change == "still-open" and subject not in touched and not closed):
            continue
        found.append(ConflictChange(subject, change, a, b, tuple(opened), tuple(closed)))
    return found


def _by_subject(groups: Iterable[ConflictGroup]) -> dict[str, list[ConflictGroup]]:
    found: dict[str, list[ConflictGroup]] = {}
    for g in groups:
        found.setdefault(g.subject, []).append(g)
    return found


_RANK = {"open": 0, "stale": 1, "resolved": 2, "drift": 3}


def _main(groups: list[ConflictGroup]) -> ConflictGroup | None:
    """The group that speaks for a subject in a diff: the most pressing of its episodes
    (open before stale before resolved; errors first; the latest episode)."""
    if not groups:
        return None
    return min(reversed(groups), key=lambda g: (_RANK[g.status], g.severity != "error"))


def _conflicting(groups: list[ConflictGroup]) -> set[str]:
    """Claims in conflict in any of a subject's groups (drift is not conflict)."""
    return {cid for g in groups if g.status != "drift" for cid in g.conflicting_ids}
