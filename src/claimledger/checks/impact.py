"""What rests on a source or a claim (`claims impact`): the claims resting on it, directly or
through `via` and `cites`; the positions that would lose their only support; the resolutions
that preferred those claims; and the conflicts the store would show without them.

A claim rests on a source when the source published it, lies on its chain (`via`, a claimant
naming it, one-source `cites`), or is cited, at any depth, by a source the claim's chain
passes through. A claim rests on itself alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from claimledger.conflicts.groups import ConflictGroup, find_conflicts
from claimledger.conflicts.provenance import chain_of
from claimledger.model.records import Claim
from claimledger.tomlstore.store import Store


@dataclass(frozen=True)
class ConflictChange:
    """One conflict group as it is and as it would be without the claims (None: gone)."""

    subject: str
    episode: str
    before: str  # "open, 2 positions"
    after: str | None


@dataclass(frozen=True)
class Impact:
    target: str  # "source:afad-bulletin" or "claim:reuters"
    claims: tuple[str, ...]
    orphaned: tuple[str, ...]  # "quake/deaths: 50096" positions left without support
    resolutions: tuple[str, ...]  # resolutions preferring one of the claims
    conflicts: tuple[ConflictChange, ...]
    drafts: tuple[str, ...] | None = None  # "draft.md:12: quotes claim reuters" (None: not
    # searched)


def drawn_on(store: Store, source_id: str) -> set[str]:
    """The source and every source that cites it, at any depth."""
    cited_by: dict[str, set[str]] = {}
    for s in store.sources.values():
        for ref in s.cites:
            cited_by.setdefault(ref, set()).add(s.id)
    found, todo = {source_id}, [source_id]
    while todo:
        for nxt in cited_by.get(todo.pop(), ()):
            if nxt not in found:
                found.add(nxt)
                todo.append(nxt)
    return found


def resting_on(store: Store, target: str) -> list[Claim]:
    """The claims that rest on a source or claim id (a source id wins a tie), by id."""
    if target not in store.sources:
        return [store.claims[target]] if target in store.claims else []
    reach = drawn_on(store, target)
    return sorted(
        (c for c in store.claims.values() if reach & set(chain_of(store, c).sources)),
        key=lambda c: c.id,
    )


def without(store: Store, ids: set[str]) -> Store:
    """The store with these claims taken out."""
    return Store(
        files=store.files,
        root=store.root,
        sources=store.sources,
        subjects=store.subjects,
        claims={k: c for k, c in store.claims.items() if k not in ids},
        resolutions=store.resolutions,
        default_language=store.default_language,
    )


def impact_of(
    store: Store, target: str, today: datetime.date, drafts: Mapping[str, str] | None = None
) -> Impact | None:
    """What rests on `target` (a source or claim id); None when no record has that id.
    `drafts` ({path: text}): prose drafts searched for the quotes of the claims resting on it."""
    if target not in store.sources and target not in store.claims:
        return None
    kind = "source" if target in store.sources else "claim"
    claims = resting_on(store, target)
    ids = {c.id for c in claims}
    before = find_conflicts(store, today)
    subjects = {c.subject for c in claims}
    after = find_conflicts(without(store, ids), today, subjects)
    orphaned = [
        f"{g.subject}: {p.value}"
        for g in before
        if not g.is_drift
        for p in g.positions
        if {c.id for c in p.claims} <= ids
    ]
    preferred = sorted(r.id for r in store.resolutions.values() if r.preferred in ids)
    return Impact(
        f"{kind}:{target}",
        tuple(sorted(ids)),
        tuple(orphaned),
        tuple(preferred),
        _changes([g for g in before if g.subject in subjects], after),
        tuple(drafts_quoting(claims, drafts)) if drafts is not None else None,
    )


MIN_QUOTED = 20  # characters of a quote that make a match in a draft more than chance


def _folded(text: str) -> tuple[str, list[int]]:
    """Text with runs of whitespace as one space, casefolded, and each character's offset
    in the original (quotes wrap across lines in Markdown)."""
    out, where = [], []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            space = True
            continue
        if space and out:
            out.append(" ")
            where.append(i)
        space = False
        out.append(ch.casefold())
        where.append(i)
    return "".join(out), where


def drafts_quoting(claims: Sequence[Claim], drafts: Mapping[str, str]) -> list[str]:
    """ "draft.md:12: quotes claim reuters" for each claim whose quote a draft holds."""
    found = []
    for path, text in sorted(drafts.items()):
        folded, where = _folded(text)
        for claim in claims:
            quote, _ = _folded(claim.quote)
            at = folded.find(quote) if len(quote) >= MIN_QUOTED else -1
            if at >= 0:
                line = text.count("\n", 0, where[at]) + 1
                found.append(f"{path}:{line}: quotes claim {claim.id}")
    return found


def _state(group: ConflictGroup) -> str:
    n = len(group.positions)
    return f"{group.status}, {n} position{'s' if n != 1 else ''}"


def _changes(before: list[ConflictGroup], after: list[ConflictGroup]) -> tuple[ConflictChange, ...]:
    """Each group before, matched to the group after on its subject holding most of its
    claims; groups that appear only after are listed too."""
    found = []
    used: set[int] = set()
    for g in before:
        match = max(
            (i for i, a in enumerate(after) if a.subject == g.subject and i not in used),
            key=lambda i: len(after[i].ids & g.ids),
            default=None,
        )
        if match is not None and not after[match].ids & g.ids:
            match = None
        if match is not None:
            used.add(match)
        shown = _state(after[match]) if match is not None else None
        found.append(ConflictChange(g.subject, g.episode_label, _state(g), shown))
    for i, a in enumerate(after):
        if i not in used:
            found.append(ConflictChange(a.subject, a.episode_label, "(none)", _state(a)))
    return tuple(c for c in found if c.before != c.after)
