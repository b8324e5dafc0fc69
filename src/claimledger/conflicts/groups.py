"""Conflict groups: one per disputed episode of a subject, with its positions, the reasons
between them, a severity, and a status after resolutions; one drift group for a time-varying
subject whose value changed without a dispute; and the timeline of time-varying subjects.

Only active claims take part: not retracted or withdrawn, not published by a retracted or
discredited source, not superseded by an active claim (supersede.py), with a readable value in
the subject's unit. Sources are counted as independent origins (provenance.py). How claims
are laid out in time and on the value line is episodes.py; this module names what it finds.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from claimledger.conflicts.compare import CONFLICT, values_disagree
from claimledger.conflicts.episodes import (
    Entry,
    Moment,
    all_share_a_point,
    episodes,
    key_of,
    moments,
    shared_value,
    value_segment,
)
from claimledger.conflicts.provenance import (
    Corroboration,
    chain_of,
    corroboration,
    independent_origins,
    withdrawn_source,
)
from claimledger.conflicts.resolutions import resolution_status
from claimledger.conflicts.supersede import superseded_ids
from claimledger.model.claim_value import (
    claim_value,
    date_span,
    holds_as_of,
    unit_ok,
)
from claimledger.model.records import Claim, Resolution, Subject, confidence_score
from claimledger.model.values import DaySpan, Quantity, ValueProblem, plain
from claimledger.tomlstore.store import Store

TRUSTED_RELIABILITY = frozenset("ABC")
INLINE_EPISODES = 5  # a drift reason names this many time points, then "…"


@dataclass(frozen=True)
class Pair:
    """A `contradicts` link a curator declared between two claims."""

    a: Claim
    b: Claim
    relation: str
    reason: str
    asserted: bool = True


@dataclass(frozen=True)
class Position:
    """Claims that can all be true together: the value they share and how many independent
    sources stand behind them."""

    claims: tuple[Claim, ...]
    sources: int
    value: str = ""
    backing: Corroboration | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Contrast:
    """Why two positions (1-based numbers) cannot both be true."""

    positions: tuple[int, int]
    reason: str


@dataclass(frozen=True)
class Section:
    """A disputed moment: when (None: time does not matter) and its positions (1-based)."""

    start: datetime.date | None
    end: datetime.date | None
    positions: tuple[int, ...]


@dataclass(frozen=True)
class EpisodeSummary:
    """One row of a subject's timeline: an episode, its claims and sources, and the value
    agreed on (one entry) or the positions disputed (several), each with its sources."""

    start: datetime.date | None
    end: datetime.date | None
    claims: tuple[str, ...]
    sources: int
    disputed: bool
    values: tuple[tuple[str, int], ...]
    label: str  # the time as people say it: "7 February 2023", "2023-02-06 – 2023-02-09"
    extents: tuple[tuple[float, float], ...] = ()  # each value on the line (figures, dates)


@dataclass
class ConflictGroup:
    subject: str
    description: str
    kind: str  # quantity | date | text | boolean | asserted
    severity: str  # error | warning | info
    reason: str
    status: str  # open | resolved | stale | drift
    claims: tuple[Claim, ...]
    positions: tuple[Position, ...]
    contrasts: tuple[Contrast, ...] = ()
    asserted: tuple[Pair, ...] = ()
    sections: tuple[Section, ...] = ()
    episode: tuple[datetime.date, datetime.date] | None = None
    timeline: tuple[EpisodeSummary, ...] = ()
    conflicting_ids: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()  # the ids of `claims`, for lookups
    scopes: tuple[str, ...] = ()
    resolution: Resolution | None = None
    stale_reasons: tuple[str, ...] = ()

    @property
    def scope_differs(self) -> bool:
        return len(set(self.scopes)) > 1

    @property
    def is_drift(self) -> bool:
        return self.status == "drift"

    @property
    def episode_label(self) -> str:
        """ "2023-02-07", "2023-02-06 – 2023-02-09", or "" when time does not matter."""
        if self.episode is None:
            return ""
        start, end = self.episode
        return start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"


def active_claims(store: Store, claims: Iterable[Claim]) -> list[Claim]:
    """Claims that speak now: active, their source not withdrawn, and not superseded by an
    active claim's chain."""
    superseded = superseded_ids(store.claims)
    return [
        c
        for c in claims
        if c.active and c.id not in superseded and withdrawn_source(store, c) is None
    ]


def _asserted_pairs(store: Store, active: set[str]) -> dict[str, list[Pair]]:
    """`contradicts` links between active claims, filed under the declaring claim's subject."""
    found: dict[str, list[Pair]] = {}
    seen: set[frozenset[str]] = set()
    for a in store.claims.values():
        for other in a.contradicts:
            b = store.claims.get(other)
            key = frozenset((a.id, other))
            if (
                b is None
                or a.id not in active
                or other not in active
                or key in seen
                or a.id == other
            ):
                continue
            seen.add(key)
            found.setdefault(a.subject, []).append(asserted_pair(a, b))
    return found


def asserted_pair(a: Claim, b: Claim) -> Pair:
    """The conflict a curator declared with `contradicts`."""
    reason = f"{a.id} and {b.id} are judged contradictory by the curator"
    return Pair(a, b, CONFLICT, reason)


def find_conflicts(
    store: Store, today: datetime.date, subjects: Iterable[str] | None = None
) -> list[ConflictGroup]:
    """Every disputed episode (and drift) of the subjects, by subject id then date."""
    active_all = active_claims(store, store.claims.values())
    active_ids = {c.id for c in active_all}
    asserted = _asserted_pairs(store, active_ids)
    by_subject: dict[str, list[Claim]] = {}
    for c in active_all:
        by_subject.setdefault(c.subject, []).append(c)
    wanted = set(subjects) if subjects is not None else set(by_subject) | set(asserted)
    by_claim = resolutions_by_claim(store)
    groups = []
    for subject_id in sorted(wanted):
        subject = store.subjects.get(subject_id)
        if subject is None:
            continue
        active = by_subject.get(subject_id, [])
        groups += subject_groups(
            store, subject, active, asserted.get(subject_id, []), by_claim, today
        )
    return groups


def resolutions_by_claim(store: Store) -> dict[str, list[Resolution]]:
    index: dict[str, list[Resolution]] = {}
    for r in store.resolutions.values():
        for cid in r.claims:
            index.setdefault(cid, []).append(r)
    return index


def typed_value(store: Store, claim: Claim, subject: Subject) -> object:
    """A claim's typed value as the engine reads it: in the language of its source (else the
    store's), converted to the subject's unit."""
    source = store.sources.get(claim.source)
    return claim_value(claim, subject, source, store.default_language)


def takes_part(value: object) -> bool:
    """Whether a typed value is compared: readable, and not a projection (a forecast does
    not contradict a count)."""
    if isinstance(value, ValueProblem):
        return False
    return not (isinstance(value, Quantity) and value.projection)


def comparable(store: Store, claim: Claim, subject: Subject) -> bool:
    """Whether a claim takes part in comparison: a readable value in the subject's unit."""
    return unit_ok(claim, subject) and takes_part(typed_value(store, claim, subject))


# What the editor keeps between edits: each episode's group (before resolutions) and its
# timeline row, by the ids of its claims; and each claim's reading (None: not compared).
EpisodeMemo = dict[frozenset[str], tuple["ConflictGroup | None", "EpisodeSummary"]]
KnownEntries = dict[str, tuple[Claim, "Entry | None"]]


def _known_entries(
    store: Store, active: list[Claim], subject: Subject, known: KnownEntries, fresh: set[str]
) -> list[Entry]:
    """The compared claims of a quantity or date subject as entries, each read once per
    claim object (a figure or date reads the same whatever the other claims say)."""
    found = []
    sources = store.sources
    for c in active:
        seen = known.get(c.id)
        if seen is None or seen[0] is not c or c.id in fresh:
            value = typed_value(store, c, subject)
            segment = value_segment(value) if takes_part(value) and unit_ok(c, subject) else None
            when = date_span(holds_as_of(c, sources.get(c.source)))
            entry = None
            if segment is not None:
                entry = Entry(c, value, *segment, when if subject.time_varying else None)
            seen = known[c.id] = (c, entry)
        if seen[1] is not None:
            found.append(seen[1])
    return found


def subject_groups(
    store: Store,
    subject: Subject,
    active: list[Claim],
    asserted: list[Pair],
    by_claim: dict[str, list[Resolution]],
    today: datetime.date,
    memo: EpisodeMemo | None = None,
    fresh: set[str] | None = None,
    known: KnownEntries | None = None,
) -> list[ConflictGroup]:
    """One subject's conflict groups (one per disputed episode, or one drift group) from
    its active claims and the `contradicts` pairs filed under it. `find_conflicts` and the
    editor's per-subject recomputation both assemble groups here.

    With a `memo` (the editor's), an episode whose claims are those of a remembered one and
    none of them is `fresh` (changed since) is taken from it, not laid out again; the memo
    is left holding this call's episodes. `known` (the editor's too) keeps each claim's
    reading for the next call: a claim object seen before is not read again."""
    editor_memo = memo
    fresh = fresh or set()
    if known is not None and subject.kind in ("quantity", "date"):
        entries = _known_entries(store, active, subject, known, fresh)
        readable = [(e.claim, e.value) for e in entries]
        segments = {e.claim.id: (e.low, e.high) for e in entries}
    else:
        readable = _readable(store, active, subject)
        segments = _segments(readable, subject)
        entries = []
    if not asserted and (
        len(readable) < 2 or all_share_a_point([segments[c.id] for c, _ in readable])
    ):
        if memo is not None:
            memo.clear()
        return []  # the common case: everything agrees, at every time
    time_varying = subject.time_varying
    if not entries:
        entries = _entries(store, readable, segments, time_varying)
    runs = episodes(entries, time_varying)
    placed = _place_asserted(asserted, runs)
    if any(c.supports for c, _ in readable):
        memo = None  # a `supports` link joins texts across episodes: lay every one out
    kept: EpisodeMemo = {}
    groups: list[ConflictGroup] = []
    rows = []
    for run in runs:
        links = placed.get(id(run), [])
        sig = frozenset(e.claim.id for e in run)
        known = memo.get(sig) if memo is not None and not links and not sig & fresh else None
        if known is None:
            found = moments(run, segments)
            group = _episode_group(store, subject, run, found, links)
            known = (group, _timeline_row(store, run, found))
        if not links:  # a group shaped by `contradicts` links is laid out afresh each time
            kept[sig] = known
        if known[0] is not None:
            groups.append(dataclasses.replace(known[0]))  # statuses below are per call
        rows.append(known[1])
    if memo is not None:
        memo.clear()
        memo.update(kept)
    elif editor_memo is not None:
        editor_memo.clear()
    for pair in placed.get(0, []):  # links between claims no episode holds
        groups.append(_links_only_group(store, subject, pair))
    timeline = tuple(rows) if time_varying else ()
    if not groups and len(runs) > 1:
        groups.append(_drift_group(subject, entries, timeline))
    for g in groups:
        g.timeline = timeline
        if g.status == "open":
            g.resolution, g.status, why = resolution_status(
                g.conflicting_ids, by_claim, store, today
            )
            g.stale_reasons = tuple(why)
    return groups


def _readable(
    store: Store, claims: Iterable[Claim], subject: Subject
) -> list[tuple[Claim, object]]:
    """The claims that take part, with their typed values."""
    found = []
    for c in claims:
        value = typed_value(store, c, subject)
        if takes_part(value) and unit_ok(c, subject):
            found.append((c, value))
    return found


def _entries(
    store: Store,
    readable: Sequence[tuple[Claim, object]],
    segments: dict[str, tuple[float, float]],
    time_varying: bool,
) -> list[Entry]:
    sources = store.sources
    return [
        Entry(
            c,
            v,
            *segments[c.id],
            date_span(holds_as_of(c, sources.get(c.source))) if time_varying else None,
        )
        for c, v in readable
    ]


def subject_timeline(
    store: Store, subject: Subject, active: Sequence[Claim] | None = None
) -> tuple[EpisodeSummary, ...]:
    """Every episode of a time-varying subject in date order, agreed or disputed (what
    `claims timeline` draws; `find_conflicts` attaches it only to groups). `active`: the
    subject's active claims, when the caller knows them."""
    if active is None:
        active = active_claims(store, store.claims_by_subject.get(subject.id, []))
    readable = _readable(store, active, subject)
    segments = _segments(readable, subject)
    runs = episodes(_entries(store, readable, segments, True), True)
    return tuple(_timeline_row(store, run, moments(run, segments)) for run in runs)


def _segments(
    readable: Sequence[tuple[Claim, object]], subject: Subject
) -> dict[str, tuple[float, float]]:
    """Each readable claim's value as a segment of a line; texts and booleans as points, one
    per key (a `supports` link puts two texts at one point; many-valued texts share one)."""
    found: dict[str, tuple[float, float]] = {}
    keyed = []
    for c, v in readable:
        seg = value_segment(v)
        if seg is not None:
            found[c.id] = seg
        elif key_of(v) is not None:
            keyed.append((c, v))
        else:
            found[c.id] = (0.0, 0.0)
    if keyed:
        many = subject.kind == "text" and subject.cardinality == "many"
        merged = {} if many else _supported_keys(keyed)
        ranks: dict[str, float] = {}
        for c, v in keyed:
            key = str(key_of(v))
            key = merged.get(key, key)
            point = 0.0 if many else ranks.setdefault(key, float(len(ranks)))
            found[c.id] = (point, point)
    return found


def _supported_keys(keyed: Sequence[tuple[Claim, object]]) -> dict[str, str]:
    """Keys joined by `supports` links (a claim that supports another agrees with it),
    each mapped to one representative key."""
    key_by_id = {c.id: key_of(v) for c, v in keyed}
    parent: dict[str, str] = {}

    def root(k: str) -> str:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    for c, _ in keyed:
        for other in c.supports:
            if other in key_by_id:
                a, b = root(key_by_id[c.id]), root(key_by_id[other])  # type: ignore[arg-type]
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {k: root(k) for k in parent}


def _place_asserted(asserted: list[Pair], runs: list[list[Entry]]) -> dict[int, list[Pair]]:
    """Each `contradicts` pair goes to the episode holding its declaring claim (else its
    other claim); pairs no episode holds are filed under 0."""
    if not asserted:
        return {}
    where: dict[str, int] = {}
    for run in runs:
        for e in run:
            where.setdefault(e.claim.id, id(run))
    placed: dict[int, list[Pair]] = {}
    for p in asserted:
        home = where.get(p.a.id) or where.get(p.b.id) or 0
        placed.setdefault(home, []).append(p)
    return placed


def _episode_group(
    store: Store,
    subject: Subject,
    run: list[Entry],
    found: list[Moment],
    asserted: list[Pair],
) -> ConflictGroup | None:
    """The conflict group of one episode, or None when no moment of it is disputed."""
    sections: list[tuple[Moment, list[list[Claim]]]] = []
    for moment in found:
        claims = [sorted((e.claim for e in p), key=_by_id) for p in moment.positions]
        mine = [p for p in asserted if any(p.a in pos or p.b in pos for pos in claims)]
        if mine:
            claims = _split_by_links(claims, mine)
        if len(claims) > 1:
            sections.append((moment, claims))
    if not sections:
        return None
    numbered: dict[frozenset[str], int] = {}
    positions: list[Position] = []
    shaped: list[Section] = []
    contrasts: dict[tuple[int, int], str] = {}
    conflicting: set[str] = set()
    by_id = {e.claim.id: e for e in run}
    many = subject.kind == "text" and subject.cardinality == "many"
    for moment, claims in sections:
        numbers = []
        for pos in claims:
            key = frozenset(c.id for c in pos)
            if key not in numbered:
                numbered[key] = len(positions) + 1
                entries = [by_id[c.id] for c in pos if c.id in by_id]
                value = shared_value(entries) if len(entries) == len(pos) else _value_of(pos)
                backing = corroboration(store, pos)
                positions.append(Position(tuple(pos), backing.origins, value, backing))
            numbers.append(numbered[key])
        shaped.append(Section(moment.start, moment.end, tuple(numbers)))
        everywhere = set.intersection(*({c.id for c in pos} for pos in claims))
        conflicting |= {c.id for pos in claims for c in pos} - everywhere
        for k in range(len(claims) - 1):  # neighbours on the value line: reasons stay linear
            pair = (numbers[k], numbers[k + 1])
            if pair not in contrasts and (why := _contrast(claims[k], claims[k + 1], by_id, many)):
                contrasts[pair] = why
    for p in asserted:
        conflicting |= {p.a.id, p.b.id}
    members = {e.claim.id: e.claim for e in run}
    members.update({c.id: c for p in asserted for c in (p.a, p.b)})
    reasons = [Contrast(k, v) for k, v in contrasts.items()]
    kind = subject.kind if reasons else "asserted"
    dated = [s for s in shaped if s.start is not None and s.end is not None]
    return ConflictGroup(
        subject=subject.id,
        description=subject.description,
        kind=kind,
        severity=_severity(store, sections, asserted),
        reason=reasons[0].reason if reasons else asserted[0].reason,
        status="open",
        claims=tuple(sorted(members.values(), key=lambda c: c.id)),
        positions=tuple(positions),
        contrasts=tuple(reasons),
        asserted=tuple(asserted),
        sections=tuple(shaped),
        episode=(
            (min(e.when.start for e in run if e.when), max(e.when.end for e in run if e.when))
            if dated
            else None
        ),
        conflicting_ids=frozenset(conflicting),
        ids=frozenset(members),
        scopes=_scopes(members[c] for c in conflicting),
    )


def _by_id(claim: Claim) -> str:
    return claim.id


def _value_of(pos: Sequence[Claim]) -> str:
    """A position holding a claim of another subject (a `contradicts` link): its values."""
    shown = (f"“{c.value}”" if isinstance(c.value, str) else str(plain(c.value)) for c in pos)
    return " / ".join(dict.fromkeys(shown))


def _contrast(
    left: list[Claim], right: list[Claim], by_id: dict[str, Entry], many: bool
) -> str | None:
    """Why two neighbouring positions disagree, told by the claims nearest the gap between
    them (the left one reaching highest, the right one starting lowest); None when their
    values agree (a `contradicts` link split them) or cannot be compared."""
    left_ids, right_ids = {c.id for c in left}, {c.id for c in right}
    only_left = [by_id[i] for i in sorted(left_ids - right_ids) if i in by_id]
    only_right = [by_id[i] for i in sorted(right_ids - left_ids) if i in by_id]
    if not only_left or not only_right:
        return None
    a = max(only_left, key=lambda e: e.high)  # ties: the lowest id (max keeps the first)
    b = min(only_right, key=lambda e: e.low)
    return values_disagree(a.value, b.value, many)


def _split_by_links(positions: list[list[Claim]], links: list[Pair]) -> list[list[Claim]]:
    """Positions split where a `contradicts` link joins two of their claims; a claim of the
    link missing from the moment stands as a position of its own. A claim in no link stays
    in every part of its position."""
    present = {c.id for pos in positions for c in pos}
    out = [list(pos) for pos in positions]
    out += [[c] for p in links for c in (p.a, p.b) if c.id not in present]
    clash = {frozenset((p.a.id, p.b.id)) for p in links}
    split: list[list[Claim]] = []
    for pos in out:
        ids = {c.id for c in pos}
        inner = {pair for pair in clash if pair <= ids}
        if not inner:
            split.append(pos)
            continue
        linked = sorted({cid for pair in inner for cid in pair})
        parts: list[list[str]] = []
        for cid in linked:
            homes = [p for p in parts if all(frozenset((cid, o)) not in inner for o in p)]
            if not homes:
                parts.append([cid])
            for home in homes:
                home.append(cid)
        free = [c for c in pos if c.id not in linked]
        by_id = {c.id: c for c in pos}
        split += [sorted([by_id[i] for i in part] + free, key=lambda c: c.id) for part in parts]
    unique: dict[frozenset[str], list[Claim]] = {}
    for pos in split:
        unique.setdefault(frozenset(c.id for c in pos), pos)
    return list(unique.values())


def _links_only_group(store: Store, subject: Subject, pair: Pair) -> ConflictGroup:
    """A `contradicts` link between claims no episode compares (unreadable values)."""
    positions = tuple(
        Position((c,), 1, _value_of([c]), corroboration(store, [c])) for c in (pair.a, pair.b)
    )
    return ConflictGroup(
        subject=subject.id,
        description=subject.description,
        kind="asserted",
        severity=_severity(store, [], [pair]),
        reason=pair.reason,
        status="open",
        claims=tuple(sorted((pair.a, pair.b), key=lambda c: c.id)),
        positions=positions,
        asserted=(pair,),
        sections=(Section(None, None, (1, 2)),),
        conflicting_ids=frozenset((pair.a.id, pair.b.id)),
        ids=frozenset((pair.a.id, pair.b.id)),
        scopes=_scopes((pair.a, pair.b)),
    )


def _scopes(claims: Iterable[Claim]) -> tuple[str, ...]:
    """The distinct scopes of the conflicting claims ("" for none), as written."""
    return tuple(sorted({scope_key(c): c.scope or "" for c in claims}.values()))


def scope_key(claim: Claim) -> str:
    """A scope as compared: case and spacing do not make a different population."""
    return _scope_text(claim.scope or "")


@lru_cache(maxsize=1 << 12)  # a dense subject's thousands of claims share a few scopes
def _scope_text(scope: str) -> str:
    return " ".join(scope.split()).casefold()


def _severity(
    store: Store, sections: list[tuple[Moment, list[list[Claim]]]], asserted: list[Pair]
) -> str:
    """error: claims of at least moderate confidence from sources rated A-C, with the same
    scope, stand in different positions of one moment (no position holds them all), or are
    joined by a `contradicts` link; warning: any other dispute."""
    for p in asserted:
        if scope_key(p.a) == scope_key(p.b) and weighty(store, p.a) and weighty(store, p.b):
            return "error"
    for _, positions in sections:
        by_scope: dict[str, set[str]] = {}
        for pos in positions:
            for c in pos:
                if weighty(store, c):
                    by_scope.setdefault(scope_key(c), set()).add(c.id)
        for ids in by_scope.values():
            if len(ids) > 1 and not any(ids <= {c.id for c in pos} for pos in positions):
                return "error"
    return "warning"


def weighty(store: Store, claim: Claim) -> bool:
    """A claim whose disagreement is an error: moderate confidence or more, source A-C (the
    origin's rating when the claim relays a rated source: Reuters relaying an E-rated
    bulletin weighs as E)."""
    if (confidence_score(claim.confidence) or 0) < 50:
        return False
    source = store.sources.get(claim.source)
    if claim.via is not None or claim.claimant is not None or (source and source.cites):
        origin = store.sources.get(chain_of(store, claim).sources[-1])
        if origin is not None and origin.reliability:
            source = origin
    return bool(source and source.reliability in TRUSTED_RELIABILITY)


def independent_sources(store: Store, claims: Iterable[Claim]) -> int:
    """How many independent origins: two articles by one publisher are one voice, and so are
    five outlets relaying one agency (provenance.py)."""
    return independent_origins(store, claims)


def _timeline_row(store: Store, run: list[Entry], found: list[Moment]) -> EpisodeSummary:
    """An episode as a timeline row: the value agreed on, or the disputed positions."""
    dated = [e.when for e in run if e.when is not None]
    values: dict[str, int] = {}
    extents: dict[str, tuple[float, float]] = {}
    for moment in found:
        for pos in moment.positions:
            value = shared_value(pos)
            count = independent_sources(store, (e.claim for e in pos))
            values[value] = max(values.get(value, 0), count)
            if value_segment(pos[0].value) is not None:
                extents[value] = (max(e.low for e in pos), min(e.high for e in pos))
    return EpisodeSummary(
        min(d.start for d in dated) if dated else None,
        max(d.end for d in dated) if dated else None,
        tuple(sorted(e.claim.id for e in run)),
        independent_sources(store, (e.claim for e in run)),
        any(m.disputed for m in found),
        tuple(values.items()),
        _time_label(dated),
        tuple(extents[v] for v in values if v in extents),
    )


def _time_label(spans: Sequence[DaySpan]) -> str:
    """One span's own label when every claim gives the same time, else the dates it covers."""
    if not spans:
        return "an unknown date"
    first = spans[0]
    if all((s.start, s.end) == (first.start, first.end) for s in spans):
        return first.label()
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    return f"{start.isoformat()} – {end.isoformat()}"


def _drift_group(
    subject: Subject,
    entries: list[Entry],
    timeline: tuple[EpisodeSummary, ...],
) -> ConflictGroup:
    """A time-varying subject whose value changed between episodes, with no dispute."""
    return ConflictGroup(
        subject=subject.id,
        description=subject.description,
        kind=subject.kind,
        severity="info",
        reason=drift_reason(timeline),
        status="drift",
        claims=tuple(sorted((e.claim for e in entries), key=lambda c: c.id)),
        positions=(),
        ids=frozenset(e.claim.id for e in entries),
    )


def drift_reason(timeline: Sequence[EpisodeSummary]) -> str:
    """The change over time in date order: "2300 as of 2023-02-06 → … → 50096 as of …"."""
    steps = [f"{' / '.join(v for v, _ in row.values)} as of {row.label}" for row in timeline]
    if len(steps) > INLINE_EPISODES:
        hidden = len(steps) - INLINE_EPISODES + 1
        steps = [*steps[: INLINE_EPISODES - 2], f"… {hidden} more …", steps[-1]]
    return f"changed over time in {len(timeline)} episodes: " + " → ".join(steps)
