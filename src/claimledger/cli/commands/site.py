"""`claims site OUT/`: the fact base as a static website, rebuilt incrementally."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from claimledger.cli.options import load_session, store_options


@click.command()
@store_options
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--full", is_flag=True, help="Render every page again (still writing only those that changed)."
)
def site(out: Path, full: bool) -> None:
    """Write the fact base as a static website into OUT.

    An index (subjects in dispute first), a page per subject (positions side by side, the
    timeline drawn to scale, resolutions), per source (reliability, track record, claims)
    and per claim (quote, source, history from git), and a search page. Relative links
    only and no external requests: open OUT/index.html from disk or publish the folder
    (GitHub Pages). Run again after a change: only the pages it reaches are rendered, and
    only pages whose bytes change are written. Exit 1 when a file could not be read.

    \b
    Example:
      claims site public/ && xdg-open public/index.html
    """
    from claimledger.disk.site_output import load_manifest, prepare_folder
    from claimledger.disk.snapshot import collector_paused
    from claimledger.render import site_pages

    session = load_session()
    prepare_folder(out)
    if session.cache_folder is not None:
        # Named for the code generator: jinja keys compiled templates by their source only.
        compiled = session.cache_folder / f"site-templates-{site_pages.COMPILED_AS}"
        compiled.mkdir(parents=True, exist_ok=True)
        site_pages.COMPILED["folder"] = str(compiled)
    # Millions of objects made (the manifest, groups, views, rows) and no cycles among them:
    # the collector found none in 5,000 pages, and its passes over them cost 1.2 s of a
    # 100,000-claim build and 0.17 s of a one-file rebuild (reading the manifest).
    with collector_paused():
        history = _history(session)
        manifest = load_manifest(out)  # a full build too writes only the pages that changed
        build = _Build(session, out, history)
        usable = not full and session.snapshot is not None and manifest is not None
        if usable and manifest.get("key") == build.key:
            done = build.incremental(manifest)
        else:
            done = build.full(manifest)
    written = done["written"]
    click.echo(
        f"{out}: {written} page{'' if written == 1 else 's'} written, "
        f"{done['unchanged']} unchanged, {done['removed']} removed ({done['mode']} build)",
        err=True,
    )
    for line in done["unread"]:
        click.echo(
            f"claims: could not read {line}: its records are left out; run `claims check`",
            err=True,
        )
    if done["unread"]:
        sys.exit(1)


def _history(session: Any) -> dict[str, tuple[int, list[Any]]]:
    """Per store file (as the store names it): its commits, latest first; {} outside git."""
    from claimledger.errors import ClaimsError
    from claimledger.git.history import file_commits
    from claimledger.git.revisions import repo_top, store_folder

    root = Path(session.root)
    try:
        top = repo_top(root)
        found = file_commits(top, store_folder(top, root))
    except ClaimsError:  # not in git, or no commit yet: pages say "not committed"
        return {}
    base = session.snapshot.base if session.snapshot else ""
    prefix = f"{base}/" if base not in ("", ".") else ""
    return {prefix + path: commits for path, commits in found.items()}


class _Build:
    """One run of `claims site`: a full or an incremental build into `out`."""

    def __init__(self, session: Any, out: Path, history: dict[str, Any]) -> None:
        from claimledger import __version__

        self.session, self.out, self.history = session, out, history
        # Not today: a new day reaches only the subjects whose resolutions' revisit dates it
        # passes (`disk/site_plan.due_for_revisit`).
        self.key = [__version__, session.settings_digest]
        self.today = session.today.isoformat()

    def full(self, previous: dict[str, Any] | None) -> dict[str, Any]:
        from claimledger.cli.site_shares import PageSources
        from claimledger.render.site_build import page_inputs
        from claimledger.tomlstore.store import unloaded_files

        store, today = self.session.store, self.session.today
        reads = PageSources(
            groups_of=lambda subjects: _groups_and_flags(store, today, subjects),
            records_of=lambda flags: _records(store, store.sources, flags),
            history=self.history,
        )
        ids = (set(store.subjects) | set(store.claims_by_subject), list(store.sources))

        def alongside() -> dict[str, Any]:  # what the manifest keeps of the store
            return {**page_inputs(store), "defines": _defines(store.files)}

        writer, rendered, flags, manifest = self._write_pages(
            store, reads, ids, previous, alongside
        )
        unread = [_unread_line(d) for d in unloaded_files(store)]
        manifest["flags"] = flags
        old = set((previous or {}).get("pages", {}))
        return self._finish(writer, rendered, manifest, old, unread, "full", {})

    def incremental(self, manifest: dict[str, Any]) -> dict[str, Any]:
        from claimledger.conflicts.provenance import voice
        from claimledger.disk.site_plan import (
            FULL_BUILD_SHARE,
            changed_files,
            due_for_revisit,
            plan_rebuild,
        )
        from claimledger.tomlstore.parse import parse_file

        snap = self.session.snapshot
        hashes = snap.hashes
        changed = changed_files(manifest, hashes, _history_marks(self.history))
        if len(changed) > max(FULL_BUILD_SHARE * len(hashes), 50) or snap.unusual:
            return self.full(manifest)
        files = snap.files

        def parse(path: str) -> Any:
            with open(files[path][0], "rb") as f:
                return parse_file(path, f.read())

        due = due_for_revisit(manifest["revisits"], manifest["today"], self.today)
        plan = plan_rebuild(manifest, changed, set(hashes), parse, voice, due)
        return self._render_plan(manifest, plan, changed)

    def _render_plan(self, manifest: dict[str, Any], plan: Any, changed: set[str]) -> dict:
        from claimledger.cli.site_shares import PageSources
        from claimledger.render.site_build import page_inputs
        from claimledger.tomlstore.store import build_store, unloaded_files

        store = build_store(plan.parsed, root=self.session.snapshot.base)
        settings = self.session.settings
        store.default_language = settings.language if settings else None
        groups, fresh = _groups_and_flags(store, self.session.today, plan.loaded)
        flags = manifest["flags"]
        for cid in [c for c, s in manifest["claim_subject"].items() if s in plan.loaded]:
            flags.pop(cid, None)
        flags.update(fresh)
        reads = PageSources(
            groups_of=lambda _subjects: (groups, {}),  # found above, for every page reached
            records_of=lambda _found: _records(store, plan.sources, flags),
            history=self.history,
        )
        ids = (sorted(plan.subjects), sorted(plan.sources))
        writer, rendered, _, _ = self._write_pages(store, reads, ids, manifest)
        reach = _old_pages(manifest, plan)
        old_search = {p: manifest["search"].pop(p) for p in reach if p in manifest["search"]}
        for path in reach:
            manifest["pages"].pop(path, None)
        old_rows = {}
        for kind, ids_of in (("subject_rows", plan.subjects), ("source_rows", plan.sources)):
            old_rows[kind] = {r: manifest[kind].pop(r) for r in ids_of if r in manifest[kind]}
        # The pages made of every record are made again only if a row they show changed.
        same = {
            "subjects.html": old_rows["subject_rows"] == rendered.subject_rows,
            "sources.html": old_rows["source_rows"] == rendered.source_rows,
            "search-index.js": old_search == rendered.search,
        }
        _merge_inputs(manifest, page_inputs(store), plan, changed)
        _merge_defines(manifest, plan.parsed, changed)
        rendered.subject_rows = {**manifest["subject_rows"], **rendered.subject_rows}
        rendered.source_rows = {**manifest["source_rows"], **rendered.source_rows}
        rendered.search = {**manifest["search"], **rendered.search}
        writer.hashes = {**manifest["pages"], **writer.hashes}
        unread = [u for u in manifest.get("unread", []) if u.split(":")[0] not in changed]
        unread += [_unread_line(d) for d in unloaded_files(store)]
        unread = sorted(set(unread))
        return self._finish(writer, rendered, manifest, reach, unread, "incremental", same)

    def _write_pages(self, store, reads, ids, previous, alongside=lambda: None) -> tuple:  # type: ignore[no-untyped-def]
        from claimledger.cli.site_shares import render_pages

        before = dict((previous or {}).get("pages", {}))
        return render_pages(store, reads, ids, self.out, before, alongside)

    def _finish(self, writer, rendered, manifest, old, unread, mode, same) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        """The pages made of every record (index, lists, search), the manifest; the pages
        in `old` not made again are removed. `same`: the list pages whose rows did not
        change (kept as they are)."""
        from claimledger.disk.site_output import save_manifest
        from claimledger.render import site_pages

        subjects = list(rendered.subject_rows.values())
        sources = list(rendered.source_rows.values())
        counts = {
            "subjects": len(subjects),
            "sources": len(sources),
            "claims": sum(1 for p in rendered.search if p.startswith("claims/")),
            "open": sum(1 for s in subjects if s["open"]),
            "resolved": sum(1 for s in subjects if s["resolved"] and not s["open"]),
        }
        same["index.html"] = same.get("subjects.html", False) and manifest.get("counts") == counts
        for path, make in (
            ("index.html", lambda: site_pages.index_page(subjects, counts)),
            ("subjects.html", lambda: site_pages.subjects_page(subjects)),
            ("sources.html", lambda: site_pages.sources_page(sources)),
            ("search-index.js", lambda: site_pages.search_index(rendered.search)),
        ):
            if not (same.get(path) and writer.keep(path)):
                writer.write(path, make())
        writer.write("search.html", site_pages.search_page())
        for name in site_pages.STATIC_FILES:
            writer.write(name, site_pages.static_file(name))
        removed = writer.remove(sorted(set(old) - writer.hashes.keys()))
        manifest.update(
            key=self.key,
            inputs=self.session.snapshot.hashes,
            history=_history_marks(self.history),
            pages=writer.hashes,
            subject_rows=rendered.subject_rows,
            source_rows=rendered.source_rows,
            search=rendered.search,
            unread=unread,
            counts=counts,
            today=self.today,
        )
        save_manifest(self.out, manifest)
        return {
            "written": writer.written,
            "unchanged": writer.unchanged,
            "removed": removed,
            "mode": mode,
            "unread": unread,
        }


def _groups_and_flags(store: Any, today: Any, subjects: Any) -> tuple[list, dict]:
    """The conflict groups of the subjects (all: None) and their claims' track-record flags."""
    from claimledger.checks.provenance import store_agreements
    from claimledger.checks.track_record import claim_flags
    from claimledger.conflicts.groups import find_conflicts

    groups = find_conflicts(store, today, subjects)
    flags = claim_flags(store, groups, store_agreements(store, groups, subjects))
    if subjects is None:
        return groups, {c: list(f) for c, f in flags.items()}
    wanted, claims = set(subjects), store.claims
    return groups, {c: list(f) for c, f in flags.items() if claims[c].subject in wanted}


def _records(store: Any, sources: Any, flags: dict[str, Any]) -> dict[str, Any]:
    """The track record of each of the sources: its claims' flags summed."""
    from claimledger.checks.track_record import TrackRecord, summed

    mine: dict[str, list[Any]] = {}
    for claim in store.claims.values():
        if claim.id in flags:
            mine.setdefault(claim.source, []).append(flags[claim.id])
    found = {}
    for sid in sources:
        source = store.sources.get(sid)
        if source is not None:
            found[sid] = TrackRecord(sid, source.reliability, *summed(mine.get(sid, ())))
    return found


def _history_marks(history: dict[str, Any]) -> dict[str, str]:
    """What says a file's history moved: its latest commit and how many there are."""
    return {p: f"{commits[0].hash}:{count}" for p, (count, commits) in history.items() if commits}


def _unread_line(d: Any) -> str:
    return f"{d.file}:{d.line}:{d.column} ({d.message})"


def _defines(files: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = {}
    for path, parsed in files.items():
        kinds: dict[str, list[str]] = {}
        for record in parsed.records:
            kinds.setdefault(_kind(record), []).append(record.id)
        found[path] = kinds
    return found


def _kind(record: Any) -> str:
    from claimledger.model.records import record_kind

    return record_kind(record)


def _old_pages(manifest: dict[str, Any], plan: Any) -> set[str]:
    """The pages the reached subjects and sources had: any not made again are removed."""
    from claimledger.render.site_model import page_path

    pages = {page_path("subject", s) for s in plan.subjects}
    pages |= {page_path("source", s) for s in plan.sources}
    pages |= {
        page_path("claim", c) for c, s in manifest["claim_subject"].items() if s in plan.subjects
    }
    return pages & manifest["pages"].keys()


def _merge_inputs(manifest: dict[str, Any], fresh: dict[str, Any], plan: Any, changed: set) -> None:
    """The reached subjects' lookups replaced by what the partial store says of them."""
    for sid in plan.loaded:
        manifest["subject_files"].pop(sid, None)
        manifest["revisits"].pop(sid, None)
    for key in ("subject_files", "revisits"):
        for sid, found in fresh[key].items():
            if sid in plan.loaded:
                manifest[key][sid] = found
    for key, subjects in fresh["refs"].items():
        known = set(manifest["refs"].get(key, ()))
        manifest["refs"][key] = sorted(known | set(subjects))
    gone = {c for f in changed for c in manifest["defines"].get(f, {}).get("claim", ())}
    for cid in gone:
        manifest["claim_subject"].pop(cid, None)
        manifest["claim_source"].pop(cid, None)
    manifest["claim_subject"].update(fresh["claim_subject"])
    manifest["claim_source"].update(fresh["claim_source"])
    for sid in plan.sources:
        manifest["source_files"].pop(sid, None)
        if sid in fresh["source_files"]:
            manifest["source_files"][sid] = fresh["source_files"][sid]
    known = manifest["publisher_source"]
    for name, sid in fresh["publisher_source"].items():  # the lowest id speaks for a publisher
        if name not in known or sid < known[name]:
            known[name] = sid


def _merge_defines(manifest: dict[str, Any], parsed: dict[str, Any], changed: set) -> None:
    for path in changed:
        manifest["defines"].pop(path, None)
    fresh = _defines({p: parsed[p] for p in changed if p in parsed})
    manifest["defines"].update(fresh)
