"""Where a claim comes from: its chain of sources to an origin, independence, withdrawn
sources, and cycles in `via` / `cites`.

A claim's chain starts at its publishing source, steps to the source named by `via` (else, when
its `claimant` names a known source by id or publisher, to that source), and then follows each
source that cites exactly one source (a relay) to its end. The last source is the claim's
origin. A claimant that names no known source is itself the origin ("the voice"): two outlets
quoting one expert are one voice.

Two claims are independent when their origins differ and their publishers differ; a set of
claims counts as many independent origins as it has groups joined by a shared origin or a
shared publisher.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from claimledger.model.records import Claim, Source
from claimledger.tomlstore.store import Store

WITHDRAWN = frozenset(("retracted", "discredited"))


@dataclass(frozen=True)
class Chain:
    """A claim's sources from publisher to origin (ids; unknown ones kept as written), and
    the voice its origin speaks with ("afad"), shown as `origin_name` ("AFAD")."""

    sources: tuple[str, ...]
    origin_voice: str
    origin_name: str

    @property
    def relayed(self) -> bool:
        return len(self.sources) > 1 or self.origin_voice != ""


@dataclass(frozen=True)
class Corroboration:
    """How many outlets (publishers) and independent origins stand behind some claims."""

    outlets: int
    origins: int
    origin_names: tuple[str, ...]

    def label(self) -> str:
        """ "3 outlets, 1 origin (AFAD)"; "2 sources" when every outlet is its own origin."""
        if self.outlets == self.origins:
            return f"{self.origins} source{'s' if self.origins != 1 else ''}"
        names = ", ".join(self.origin_names)
        return (
            f"{self.outlets} outlet{'s' if self.outlets != 1 else ''}, {self.origins}"
            f" origin{'s' if self.origins != 1 else ''} ({names})"
        )


def voice(name: str) -> str:
    """A publisher or claimant as compared: case and spacing do not make another voice."""
    return _voice(name)


@lru_cache(maxsize=1 << 14)  # a subject's positions ask about the same few publishers
def _voice(name: str) -> str:
    return " ".join(name.split()).casefold()


def publisher_voice(store: Store, claim: Claim) -> str:
    """The voice of the claim's publishing source (its id when the source is unknown)."""
    source = store.sources.get(claim.source)
    return voice(source.publisher or source.id) if source else voice(claim.source)


def _publisher(store: Store, claim: Claim) -> str:
    source = store.sources.get(claim.source)
    return (source.publisher or source.id) if source else claim.source


def relay_of(source: Source) -> str | None:
    """The one source a source relays (it cites exactly one), or None."""
    return source.cites[0] if len(source.cites) == 1 else None


def claimant_source(store: Store, claimant: str) -> Source | None:
    """The known source a claimant names, by id or by publisher (lowest id first)."""
    found = store.sources.get(claimant)
    return found if found is not None else store.sources_by_publisher.get(voice(claimant))


def chain_of(store: Store, claim: Claim) -> Chain:
    """The claim's chain of sources to its origin; a cycle stops at its first repeat."""
    sources = store.sources
    path = [claim.source]
    nxt: str | None = claim.via
    if nxt is None and claim.claimant:
        named = claimant_source(store, claim.claimant)
        if named is None:
            return Chain((claim.source,), voice(claim.claimant), claim.claimant)
        nxt = named.id
    if nxt is None and claim.source in sources:
        nxt = relay_of(sources[claim.source])
    while nxt is not None and nxt not in path:
        path.append(nxt)
        known = sources.get(nxt)
        nxt = relay_of(known) if known is not None else None
    last = sources.get(path[-1])
    name = (last.publisher or last.id) if last is not None else path[-1]
    return Chain(tuple(path), "" if len(path) == 1 else voice(name), name)


def chain_label(store: Store, claim: Claim) -> str:
    """ "reuters-quake → afad-bulletin (retracted) (origin: AFAD)", or "" for a claim that
    relays nothing."""
    chain = chain_of(store, claim)
    if not chain.relayed:
        return ""
    steps = []
    for sid in chain.sources:
        source = store.sources.get(sid)
        steps.append(f"{sid} ({source.status})" if source is not None and source.status else sid)
    if len(chain.sources) == 1:  # a claimant naming no known source
        return f"{steps[0]} (origin: {chain.origin_name})"
    return " → ".join(steps) + f" (origin: {chain.origin_name})"


def origin_voice(store: Store, claim: Claim) -> str:
    """The voice of the claim's origin (its publisher's when it relays nothing)."""
    if not relays(store, claim):
        return publisher_voice(store, claim)
    chain = chain_of(store, claim)
    return chain.origin_voice or publisher_voice(store, claim)


def corroboration(store: Store, claims: Iterable[Claim]) -> Corroboration:
    """Outlets and independent origins behind some claims (see the module's rule)."""
    claims = list(claims)
    if not any(relays(store, c) for c in claims):  # the common case: one origin per outlet
        shown = {publisher_voice(store, c): _publisher(store, c) for c in claims}
        return Corroboration(len(shown), len(shown), tuple(sorted(shown.values())))
    parent: dict[str, str] = {}

    def root(k: str) -> str:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    outlets: set[str] = set()
    names: dict[str, str] = {}
    sources = store.sources
    for c in claims:
        outlet = publisher_voice(store, c)
        source = sources.get(c.source)
        if c.via is None and not c.claimant and (source is None or not source.cites):
            origin = outlet  # relays nothing (most claims): its own publisher
            names.setdefault(origin, _publisher(store, c))
        else:
            chain = chain_of(store, c)
            origin = chain.origin_voice or outlet
            names.setdefault(
                origin, chain.origin_name if chain.origin_voice else _publisher(store, c)
            )
        outlets.add(outlet)
        parent[root("o:" + origin)] = root("p:" + outlet)
    roots = {root(k) for k in list(parent)}
    shown = tuple(sorted(names[v] for v in names))
    return Corroboration(len(outlets), len(roots), shown)


def independent_origins(store: Store, claims: Iterable[Claim]) -> int:
    """How many independent origins stand behind the claims."""
    return corroboration(store, claims).origins


def relays(store: Store, claim: Claim) -> bool:
    """Whether the claim's chain goes beyond its publishing source (cheap: no walk)."""
    if claim.via is not None or claim.claimant:
        return True
    source = store.sources.get(claim.source)
    return source is not None and bool(source.cites)


def origin_name(store: Store, claim: Claim) -> str:
    """The claim's origin as people name it: "AFAD", "Professor X", its own publisher."""
    if not relays(store, claim):
        return _publisher(store, claim)
    chain = chain_of(store, claim)
    return chain.origin_name if chain.origin_voice else _publisher(store, claim)


def origin_rating(store: Store, claim: Claim) -> str | None:
    """The reliability of the claim's origin source (None: a claimant naming no source)."""
    chain = chain_of(store, claim)
    if len(chain.sources) == 1 and chain.origin_voice:
        return None
    last = store.sources.get(chain.sources[-1])
    return last.reliability if last is not None else None


def withdrawn_source(store: Store, claim: Claim) -> Source | None:
    """The claim's publishing source when it is retracted or discredited."""
    source = store.sources.get(claim.source)
    return source if source is not None and source.status in WITHDRAWN else None


def relayed_withdrawn(store: Store, claim: Claim) -> Source | None:
    """The first retracted or discredited source the claim rests on through `via` (after
    its publishing source), or None."""
    if not relays(store, claim):
        return None
    for sid in chain_of(store, claim).sources[1:]:
        source = store.sources.get(sid)
        if source is not None and source.status in WITHDRAWN:
            return source
    return None


def cite_cycles(
    sources: Iterable[Source], index: Mapping[str, Source]
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Every loop of `cites` links, once per strongly connected group of sources: a cycle
    through the group's lowest id (as ids, from it) and the group's other sources (those
    the cycle does not pass). Linear in the links (Tarjan's algorithm, iterative), however
    densely the sources cite each other: listing every cycle would be exponential."""
    groups = _loops(sorted(s.id for s in sources if s.cites), index)
    found = []
    for group in groups:
        path = _cycle_through(min(group), group, index)
        found.append((path, tuple(sorted(group - set(path)))))
    return sorted(found)


def _loops(starts: list[str], index: Mapping[str, Source]) -> list[set[str]]:
    """The strongly connected groups of the `cites` graph that loop: two or more sources,
    or one citing itself."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []

    def links(sid: str) -> tuple[str, ...]:
        source = index.get(sid)
        return tuple(c for c in source.cites if c in index) if source is not None else ()

    for root in starts:
        if root in order:
            continue
        work = [(root, iter(links(root)))]
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        while work:
            sid, todo = work[-1]
            nxt = next(todo, None)
            if nxt is not None:
                if nxt not in order:
                    order[nxt] = low[nxt] = len(order)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(links(nxt))))
                elif nxt in on_stack:
                    low[sid] = min(low[sid], order[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[sid])
            if low[sid] == order[sid]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == sid:
                        break
                if len(group) > 1 or sid in links(sid):
                    groups.append(group)
    return groups


def _cycle_through(start: str, group: set[str], index: Mapping[str, Source]) -> tuple[str, ...]:
    """The shortest cycle from `start` back to it inside its group (breadth first)."""
    came: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for sid in frontier:
            for nxt in sorted(index[sid].cites):
                if nxt == start:
                    path = [sid]
                    while path[-1] != start:
                        path.append(came[path[-1]])
                    return tuple(reversed(path))
                if nxt in group and nxt not in came and nxt != start:
                    came[nxt] = sid
                    following.append(nxt)
        frontier = following
    return (start,)
