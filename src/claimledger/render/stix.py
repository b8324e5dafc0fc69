"""The store as a STIX 2.1 bundle, built with the OASIS `stix2` library.

Imported by `claims export --format stix` only: `stix2` takes ~270 ms to import.

- an `identity` per source publisher (organization), its Admiralty reliability and its
  sources' records in the claimledger extension;
- a `note` per claim: `content` the quote, `abstract` subject and value, `authors` the
  claimant or publisher, `confidence` by STIX Appendix A (low 15, moderate 50, high 85, or
  the claim's own 0-100), `external_references` to the source URL and to the archived text
  with its SHA-256; `labels` the claim's status when it is not active;
- a `grouping` per subject (`context` "unspecified"), holding its claims' notes;
- `relationship`s "contradicts" and "supports" between notes, as the claims name them;
- an `opinion` per claim a resolution upholds (strongly-agree) or rejects (strongly-disagree),
  as `render/verdicts.py` maps them, and one "neutral" opinion for a verdict that rates no
  claim; each carries the resolution's record.

Every record rides whole in a property extension (`EXTENSION_ID`), so `ingest/stix.py` reads
the store back. Ids are UUIDv5 of the record's kind and id, and every object is dated
`today`, so exporting an unchanged store on the same day gives the same bundle.
"""

from __future__ import annotations

import datetime
import fnmatch
import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import stix2

from claimledger.model.records import (
    FIELD_NAMES,
    Claim,
    Resolution,
    Source,
    confidence_score,
)
from claimledger.render.claimreview import claimed_in_words
from claimledger.render.verdicts import judgments
from claimledger.tomlstore.store import Store

NAMESPACE = "claimledger:"  # hashed into every id: ours never collide with another tool's
EXTENSION_SCHEMA = (
    "claimledger records (docs/publishing.md, 'STIX 2.1'): property 'records' is a list of"
    " {kind, fields} where kind is source, subject, claim or resolution and fields is the"
    " record's TOML table as JSON; a TOML date is written {toml_date: ISO 8601}."
)


def stix_id(kind: str, key: str) -> str:
    """A stable STIX id for one of our things (`kind` is the STIX type).

    The spec asks for UUIDv4 (the validator warns otherwise): 122 bits of SHA-256 over our
    namespace and the key, stamped version 4, are as unlikely to collide as random ones and
    the same on every export."""
    digest = hashlib.sha256(f"{NAMESPACE}{kind}:{key}".encode()).digest()
    return f"{kind}--{uuid.UUID(bytes=digest[:16], version=4)}"


TOOL_IDENTITY = stix_id("identity", "tool:claimledger")
EXTENSION_ID = stix_id("extension-definition", "record:1")


def render_stix_bundle(store: Store, subject_glob: str, today: datetime.date) -> str:
    """The bundle as JSON text: the claims of matching subjects and what they rest on."""
    stamp = datetime.datetime.combine(today, datetime.time(), datetime.UTC)
    common = {"created": stamp, "modified": stamp, "created_by_ref": TOOL_IDENTITY}
    claims = sorted(
        (c for c in store.claims.values() if fnmatch.fnmatchcase(c.subject, subject_glob)),
        key=lambda c: c.id,
    )
    objects: list[Any] = [*_tool_objects(stamp)]
    objects += _identities(store, claims, common)
    objects += [_note(store, c, common) for c in claims]
    objects += _groupings(store, claims, subject_glob, common)
    objects += _relationships(claims, store, common)
    objects += _opinions(store, {c.id for c in claims}, common)
    ids = ",".join(sorted(o.id for o in objects))
    bundle = stix2.Bundle(objects=objects, id=stix_id("bundle", ids))
    # Not serialize(pretty=True): its property sort searches each object once per nested
    # value (165 s for 300 claims); compact output, then indented by json, keeps stix2's order.
    return json.dumps(json.loads(bundle.serialize()), indent=2, ensure_ascii=False)


def _tool_objects(stamp: datetime.datetime) -> Iterator[Any]:
    yield stix2.Identity(
        id=TOOL_IDENTITY,
        name="claimledger",
        identity_class="system",
        description="The fact tracker that wrote this bundle.",
        created=stamp,
        modified=stamp,
    )
    yield stix2.ExtensionDefinition(
        id=EXTENSION_ID,
        created_by_ref=TOOL_IDENTITY,
        name="claimledger-record",
        description="Every field of a claimledger record, so the store can be read back.",
        schema=EXTENSION_SCHEMA,
        version="1.0.0",
        extension_types=["property-extension"],
        created=stamp,
        modified=stamp,
    )


def _extension(records: list[tuple[str, Mapping[str, Any]]], **more: Any) -> dict[str, Any]:
    payload = [{"kind": kind, "fields": json_fields(_canonical(kind, t))} for kind, t in records]
    return {EXTENSION_ID: {"extension_type": "property-extension", "records": payload, **more}}


def _identities(store: Store, claims: list[Claim], common: dict[str, Any]) -> Iterator[Any]:
    by_publisher: dict[str, list[Source]] = {}
    for sid in sorted({c.source for c in claims}):
        source = store.sources.get(sid)
        if source is not None:
            by_publisher.setdefault(publisher_of(source), []).append(source)
    for publisher, sources in sorted(by_publisher.items()):
        ratings = {s.reliability for s in sources}
        more = {"reliability": ratings.pop()} if len(ratings) == 1 and None not in ratings else {}
        yield stix2.Identity(
            id=stix_id("identity", f"publisher:{publisher}"),
            name=publisher,
            identity_class="organization",
            extensions=_extension([("source", s.table) for s in sources], **more),
            **common,
        )


def publisher_of(source: Source) -> str:
    return " ".join((source.publisher or source.id).split())


def _note(store: Store, claim: Claim, common: dict[str, Any]) -> Any:
    source = store.sources.get(claim.source)
    publisher = publisher_of(source) if source else claim.source
    fields = {**claim.table, "source": claim.source}  # a one-source file may leave it out
    extra: dict[str, Any] = {}
    score = confidence_score(claim.confidence)
    if score is not None:
        extra["confidence"] = score
    if claim.status != "active":
        extra["labels"] = [claim.status]
    refs = _external_references(source) if source else []
    if refs:
        extra["external_references"] = refs
    return stix2.Note(
        id=stix_id("note", f"claim:{claim.id}"),
        abstract=f"{claim.subject}: {claimed_in_words(store, claim)}",
        content=claim.quote or str(claim.value),
        authors=[claim.claimant or publisher],
        object_refs=[stix_id("identity", f"publisher:{publisher}")],
        extensions=_extension([("claim", fields)]),
        **extra,
        **common,
    )


def _external_references(source: Source) -> list[Any]:
    refs = []
    if source.url:
        refs.append(
            stix2.ExternalReference(
                source_name=source.id, url=as_uri(source.url), description=source.title
            )
        )
    if source.archive:
        hashes = {"SHA-256": source.archive_sha256} if source.archive_sha256 else None
        refs.append(
            stix2.ExternalReference(
                source_name="claimledger-archive", external_id=source.archive, hashes=hashes
            )
        )
    return refs


def as_uri(url: str) -> str:
    """An IRI as the URI STIX requires (the validator refuses `https://hürriyet.example/`):
    the host in IDNA, other non-ASCII characters percent-encoded. The extension keeps the
    URL as written."""
    parts = urlsplit(url)
    try:
        host = (parts.hostname or "").encode("idna").decode("ascii")
        port = f":{parts.port}" if parts.port else ""
    except (UnicodeError, ValueError):  # not a host name, or not a port
        return quote(url, safe=_URI_SAFE)
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (f"{quote(userinfo, safe=_URI_SAFE)}@" if userinfo else "") + host + port
    rest = quote(urlunsplit(("", "", parts.path, parts.query, parts.fragment)), safe=_URI_SAFE)
    return f"{parts.scheme}://{netloc}{rest}" if netloc else quote(url, safe=_URI_SAFE)


_URI_SAFE = "/:?#[]@!$&'()*+,;=%~-._"


def _groupings(
    store: Store, claims: list[Claim], subject_glob: str, common: dict[str, Any]
) -> Iterator[Any]:
    notes: dict[str, list[str]] = {}
    for claim in claims:
        notes.setdefault(claim.subject, []).append(stix_id("note", f"claim:{claim.id}"))
    for sid, subject in sorted(store.subjects.items()):
        if not fnmatch.fnmatchcase(sid, subject_glob):
            continue
        yield stix2.Grouping(
            id=stix_id("grouping", f"subject:{sid}"),
            name=sid,
            description=subject.description,
            context="unspecified",
            # A subject nobody has claimed yet still travels: it points at the tool.
            object_refs=notes.get(sid) or [TOOL_IDENTITY],
            extensions=_extension([("subject", subject.table)]),
            **common,
        )


def _relationships(claims: list[Claim], store: Store, common: dict[str, Any]) -> Iterator[Any]:
    for claim in claims:
        for kind, targets in (("contradicts", claim.contradicts), ("supports", claim.supports)):
            for target in targets:
                if target not in store.claims:
                    continue  # dangling: `claims check` reports it; the record keeps it
                yield stix2.Relationship(
                    id=stix_id("relationship", f"{kind}:{claim.id}:{target}"),
                    relationship_type=kind,
                    source_ref=stix_id("note", f"claim:{claim.id}"),
                    target_ref=stix_id("note", f"claim:{target}"),
                    **common,
                )


def _opinions(store: Store, exported: set[str], common: dict[str, Any]) -> Iterator[Any]:
    for rid, resolution in sorted(store.resolutions.items()):
        if not exported.intersection(resolution.claims):
            continue
        ext = _extension([("resolution", resolution.table)])
        rated = [j for j in judgments(resolution) if j.claim in exported]
        said = _said(resolution)
        for judgment in rated:
            yield stix2.Opinion(
                id=stix_id("opinion", f"resolution:{rid}:{judgment.claim}"),
                opinion=judgment.rating.opinion,
                object_refs=[stix_id("note", f"claim:{judgment.claim}")],
                extensions=ext,
                **said,
                **common,
            )
        if not rated:
            yield stix2.Opinion(
                id=stix_id("opinion", f"resolution:{rid}"),
                opinion="neutral",
                object_refs=[stix_id("note", f"claim:{c}") for c in resolution.claims],
                extensions=ext,
                **said,
                **common,
            )


def _said(resolution: Resolution) -> dict[str, Any]:
    said: dict[str, Any] = {"explanation": f"{resolution.verdict}: {resolution.note}"}
    if resolution.by:
        said["authors"] = [resolution.by]
    return said


def _canonical(kind: str, table: Mapping[str, Any]) -> dict[str, Any]:
    """Keys in the order `claims fmt` writes them, so a store read back exports the same."""
    known = [k for k in FIELD_NAMES[kind] if k in table]
    return {k: table[k] for k in [*known, *(k for k in table if k not in FIELD_NAMES[kind])]}


def json_fields(value: Any) -> Any:
    """A TOML table as JSON: dates and times tagged so they come back as TOML dates."""
    if isinstance(value, datetime.datetime):
        return {"toml_datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"toml_date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"toml_time": value.isoformat()}
    if isinstance(value, Mapping):
        return {str(k): json_fields(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_fields(v) for v in value]
    return value
