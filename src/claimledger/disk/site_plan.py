"""Which pages of a built site a change reaches, and which files a rebuild must parse.

A changed file reaches the subjects whose pages read it (the manifest's `subject_files`,
recorded by `render/site_build.page_inputs`), the subjects its old and new records name (a
resolution's or a review's claims among them), and the subjects that name its sources.
Those subjects are loaded in full and grouped again. A source's page shows its track record,
the sum of its claims' flags
(`checks/track_record.claim_flags`), and a claim's flags depend only on its subject: so the
sources with claims on a reached subject are re-rendered from their own files, with the
flags of their other claims taken from the manifest. Only the files holding those records
(and the sources their claims relay) are parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from claimledger.model.records import Claim, Resolution, Review, Source, Subject
from claimledger.tomlstore.parse import ParsedFile

# More than this share of the input files changed: build everything (it is then faster).
FULL_BUILD_SHARE = 0.25


@dataclass
class Plan:
    subjects: set[str] = field(default_factory=set)  # pages to render
    sources: set[str] = field(default_factory=set)  # pages to render
    loaded: set[str] = field(default_factory=set)  # subjects whose records must all load
    parsed: dict[str, ParsedFile] = field(default_factory=dict)


def changed_files(
    manifest: Mapping[str, Any], hashes: Mapping[str, str], history: Mapping[str, str]
) -> set[str]:
    """Files added, removed or edited since the last build, or whose git history moved."""
    before, seen = manifest["inputs"], manifest["history"]
    found = {p for p in hashes.keys() | before.keys() if hashes.get(p) != before.get(p)}
    return found | {p for p in history.keys() | seen.keys() if history.get(p) != seen.get(p)}


def due_for_revisit(revisits: Mapping[str, list[str]], before: str, today: str) -> set[str]:
    """The subjects whose pages another `today` changes: a resolution goes stale once the
    last day of its revisit date is before today (`conflicts/resolutions.stale_reasons`), so
    the subjects with such a day from the earlier of the two todays to the day before the
    later one."""
    low, high = min(before, today), max(before, today)
    return {s for s, ends in revisits.items() if any(low <= end < high for end in ends)}


def plan_rebuild(
    manifest: Mapping[str, Any],
    changed: set[str],
    existing: set[str],
    parse: Callable[[str], ParsedFile],
    voice: Callable[[str], str],
    due: Iterable[str] = (),
) -> Plan:
    """The pages to re-render (those of the subjects `due`, too) and the parsed files that
    hold everything they read."""
    lookup = _Lookup(manifest, changed)
    plan = Plan(subjects=set(due))
    for path in sorted(changed):
        _reached_before(lookup, path, plan)
        if path in existing:
            plan.parsed[path] = parse(path)
            _reached_now(lookup, plan.parsed[path], plan, voice)
    plan.subjects.discard("")
    plan.sources.discard("")
    plan.loaded |= plan.subjects
    while True:
        wanted = _files_for(lookup, plan, voice) & existing
        fresh = wanted - plan.parsed.keys()
        if not fresh:
            return plan
        for path in sorted(fresh):
            plan.parsed[path] = parse(path)


class _Lookup:
    """The manifest's maps, and their inverses, built once per rebuild."""

    def __init__(self, manifest: Mapping[str, Any], changed: set[str]) -> None:
        self.subject_files: dict[str, list[str]] = manifest["subject_files"]
        self.refs: dict[str, list[str]] = manifest["refs"]
        self.claim_subject: dict[str, str] = manifest["claim_subject"]
        self.publisher_source: dict[str, str] = manifest["publisher_source"]
        self.defines: dict[str, dict[str, list[str]]] = manifest["defines"]
        self.source_files: dict[str, list[str]] = manifest["source_files"]
        self.claim_source: dict[str, str] = manifest["claim_source"]
        # Which subjects' pages read each changed file (only those: inverting every
        # subject's files was a twentieth of a one-file rebuild at 100,000 claims).
        self.readers: dict[str, set[str]] = {}
        for subject, files in self.subject_files.items():
            for f in changed.intersection(files):
                self.readers.setdefault(f, set()).add(subject)
        self.source_file = {
            s: f for f, kinds in self.defines.items() for s in kinds.get("source", ())
        }
        self.subject_file = {
            s: f for f, kinds in self.defines.items() for s in kinds.get("subject", ())
        }


def _reached_before(lookup: _Lookup, path: str, plan: Plan) -> None:
    plan.subjects |= lookup.readers.get(path, set())
    kinds = lookup.defines.get(path, {})
    plan.subjects.update(kinds.get("subject", ()))
    for cid in kinds.get("claim", ()):
        plan.subjects.add(lookup.claim_subject.get(cid, ""))
        plan.sources.add(lookup.claim_source.get(cid, ""))
    for sid in kinds.get("source", ()):
        plan.sources.add(sid)
        plan.subjects.update(lookup.refs.get(sid, ()))


def _reached_now(
    lookup: _Lookup, parsed: ParsedFile, plan: Plan, voice: Callable[[str], str]
) -> None:
    for record in parsed.records:
        if isinstance(record, Claim):
            plan.subjects.add(record.subject)
            plan.sources.add(record.source)
            for other in (*record.contradicts, *record.supports, record.supersedes or ""):
                plan.subjects.add(lookup.claim_subject.get(other, ""))
        elif isinstance(record, Subject):
            plan.subjects.add(record.id)
        elif isinstance(record, Source):
            plan.sources.add(record.id)
            for key in (record.id, voice(record.publisher or record.id)):
                plan.subjects.update(lookup.refs.get(key, ()))
        elif isinstance(record, Resolution | Review):
            new = {r.id: r.subject for r in parsed.records if isinstance(r, Claim)}
            judged = record.claims if isinstance(record, Resolution) else (record.claim,)
            for cid in judged:
                plan.subjects.add(new.get(cid) or lookup.claim_subject.get(cid, ""))
    plan.subjects.discard("")
    plan.sources.discard("")


def _files_for(lookup: _Lookup, plan: Plan, voice: Callable[[str], str]) -> set[str]:
    """Every file the planned pages read, given what is parsed so far: the reached subjects'
    files, and the files of the sources (and their claims) speaking on them."""
    claims = [r for p in plan.parsed.values() for r in p.records if isinstance(r, Claim)]
    for claim in claims:
        if claim.subject in plan.subjects:
            plan.sources.add(claim.source)
    files: set[str] = set()
    for subject in plan.loaded:
        files.update(lookup.subject_files.get(subject, ()))
        files.add(lookup.subject_file.get(subject, ""))
    for sid in plan.sources:
        files.update(lookup.source_files.get(sid, ()))
        files.add(lookup.source_file.get(sid, ""))
    files |= _chain_files(lookup, plan, claims, voice)
    files.discard("")
    return files


def _chain_files(
    lookup: _Lookup, plan: Plan, claims: Iterable[Claim], voice: Callable[[str], str]
) -> set[str]:
    """Files of the sources the loaded claims name (via, claimant) and those they cite."""
    files = set()
    for claim in claims:
        for name in (claim.source, claim.via, claim.claimant):
            if not name:
                continue
            sid = name if name in lookup.source_file else lookup.publisher_source.get(voice(name))
            files.add(lookup.source_file.get(sid or "", ""))
    for parsed in plan.parsed.values():
        for record in parsed.records:
            if isinstance(record, Source):
                files.update(lookup.source_file.get(c, "") for c in record.cites)
    return files
