"""Which claims a newer claim replaces: `supersedes` chains followed to their end.

A claim is superseded when an active claim replaces it, directly or through a chain (C is
superseded by B, B by A: C stays replaced even when B is retracted, because A replaced B's
account of the fact). A claim names at most one predecessor, so the links form chains that
end or run into a cycle; a cycle replaces nothing (its claims stay active) and is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from claimledger.model.records import Claim


def supersede_cycles(claims: Mapping[str, Claim]) -> list[tuple[str, ...]]:
    """Every cycle of `supersedes` links, each as its claim ids from the lowest, in id order."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    cycles = []
    # Only a claim naming a predecessor can start a cycle's walk.
    for start in sorted(cid for cid, c in claims.items() if c.supersedes is not None):
        walk = []
        cid: str | None = start
        while cid is not None and cid in claims and cid not in state:
            state[cid] = 1
            walk.append(cid)
            cid = claims[cid].supersedes
        if cid is not None and state.get(cid) == 1:  # the walk ran into itself
            loop = walk[walk.index(cid) :]
            first = loop.index(min(loop))
            cycles.append(tuple(loop[first:] + loop[:first]))
        for done in walk:
            state[done] = 2
    return sorted(cycles)


def superseded_ids(claims: Mapping[str, Claim], among: Iterable[Claim] | None = None) -> set[str]:
    """Ids replaced by an active claim at the head of their chain. `among` limits the heads
    considered (default: every claim); links inside a cycle are not followed."""
    in_cycle = (
        {cid for cycle in supersede_cycles(claims) for cid in cycle}
        if _any_cycle(claims)
        else set()
    )
    found: set[str] = set()
    for head in claims.values() if among is None else among:
        if not head.active or head.id in in_cycle:
            continue
        cid = head.supersedes
        while cid is not None and cid not in found and cid not in in_cycle and cid != head.id:
            found.add(cid)
            nxt = claims.get(cid)
            cid = nxt.supersedes if nxt is not None else None
    return found


def _any_cycle(claims: Mapping[str, Claim]) -> bool:
    """A cheap first look: a cycle needs a claim whose predecessor also names a predecessor."""
    return any(
        c.supersedes is not None
        and (p := claims.get(c.supersedes)) is not None
        and p.supersedes is not None
        for c in claims.values()
    )
