"""`claims import --format stix`: a STIX 2.1 bundle -> records.

Objects carrying the claimledger extension (`render/stix.py`) give back their records as
they were written. Notes and opinions from other producers become draft claims, each with a
source for who made it:

- a note: `content` the quote, `abstract` (else the content's first 200 characters) the
  value, `confidence` kept (0-100), `created` the date; its subject the grouping holding it
  (`stix/<grouping name>`), else `stix/notes`;
- an opinion: `explanation` the quote (else the opinion itself), the opinion word
  ("strongly-disagree" ... "strongly-agree") the value, subject `stix/opinions`;
- the source: the `created_by_ref` identity's name (else the first author, else "unknown
  STIX producer") as publisher, the first external reference's URL.

Ids come from the STIX ids (`stix-note-<8 hex>`), so a bundle imported twice adds nothing.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

from claimledger.disk.adding import slug
from claimledger.errors import ClaimsError

EXTENSION_NAME = "claimledger-record"
FOREIGN_KINDS = ("note", "opinion")


def read_bundle(data: bytes, shown: str) -> list[dict[str, Any]]:
    """The objects of a bundle (or of a bare list of objects); a clear error otherwise."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ClaimsError(f"{shown}: not UTF-8; save it as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ClaimsError(
            f"{shown}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}); is it a STIX bundle?"
        ) from None
    objects = doc.get("objects") if isinstance(doc, dict) else doc
    if not isinstance(objects, list) or not all(isinstance(o, dict) for o in objects):
        raise ClaimsError(
            f'{shown}: not a STIX bundle: expected {{"type": "bundle", "objects": [...]}}'
        )
    return objects


def bundle_records(objects: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Our records from the extension, then drafts from other producers' notes/opinions."""
    ours = _our_extension_ids(objects)
    found: list[tuple[str, dict[str, Any]]] = []
    foreign = []
    for obj in objects:
        carried = [rec for ext in _extensions(obj, ours) for rec in ext.get("records", [])]
        for rec in carried:
            if isinstance(rec, dict) and isinstance(rec.get("fields"), dict):
                found.append((str(rec.get("kind")), toml_fields(rec["fields"])))
        if not carried and obj.get("type") in FOREIGN_KINDS:
            foreign.append(obj)
    found += _drafts(objects, foreign)
    return found


def _our_extension_ids(objects: list[dict[str, Any]]) -> set[str]:
    return {
        str(o.get("id"))
        for o in objects
        if o.get("type") == "extension-definition" and o.get("name") == EXTENSION_NAME
    }


def _extensions(obj: dict[str, Any], ours: set[str]) -> Iterator[dict[str, Any]]:
    for key, ext in (obj.get("extensions") or {}).items():
        if key in ours and isinstance(ext, dict):
            yield ext


def toml_fields(value: Any) -> Any:
    """JSON back to a TOML table: tagged dates and times become dates and times again."""
    if isinstance(value, dict):
        if len(value) == 1:
            (tag, text), *_ = value.items()
            if tag == "toml_date":
                return datetime.date.fromisoformat(text)
            if tag == "toml_datetime":
                return datetime.datetime.fromisoformat(text)
            if tag == "toml_time":
                return datetime.time.fromisoformat(text)
        return {k: toml_fields(v) for k, v in value.items()}
    if isinstance(value, list):
        return [toml_fields(v) for v in value]
    return value


def _drafts(
    objects: list[dict[str, Any]], foreign: list[dict[str, Any]]
) -> list[tuple[str, dict[str, Any]]]:
    names = {o.get("id"): o.get("name") for o in objects if o.get("type") == "identity"}
    grouped = {
        ref: str(o.get("name") or "grouping")
        for o in objects
        if o.get("type") == "grouping"
        for ref in o.get("object_refs", [])
    }
    records: list[tuple[str, dict[str, Any]]] = []
    for obj in foreign:
        source = _source_of(obj, names)
        records.append(("source", source))
        records.append(("claim", _draft_claim(obj, source["id"], grouped)))
    return records


def _source_of(obj: dict[str, Any], names: dict[Any, Any]) -> dict[str, Any]:
    authors = obj.get("authors") or []
    publisher = names.get(obj.get("created_by_ref")) or (authors[0] if authors else None)
    publisher = str(publisher or "unknown STIX producer")
    table: dict[str, Any] = {
        "id": f"stix-{slug(publisher, 6)}",
        "title": f"STIX objects by {publisher}",
        "publisher": publisher,
    }
    return table


def _draft_claim(obj: dict[str, Any], source_id: str, grouped: dict[str, str]) -> dict[str, Any]:
    kind, stix_uuid = str(obj.get("type")), str(obj.get("id", "")).partition("--")[2]
    if kind == "note":
        quote = str(obj.get("content") or obj.get("abstract") or "")
        value = str(obj.get("abstract") or quote[:200])
        subject = (
            f"stix/{slug(grouped[obj['id']], 8)}" if obj.get("id") in grouped else "stix/notes"
        )
    else:
        value = str(obj.get("opinion") or "neutral")
        quote = str(obj.get("explanation") or value)
        subject = "stix/opinions"
    table: dict[str, Any] = {
        "id": f"stix-{kind}-{stix_uuid[:8]}",
        "subject": subject,
        "value": value,
        "source": source_id,
        "quote": quote,
    }
    created = str(obj.get("created") or "")[:10]
    if created:
        table["date"] = created
    if isinstance(obj.get("confidence"), int):
        table["confidence"] = obj["confidence"]
    url = next((r["url"] for r in obj.get("external_references", []) if r.get("url")), None)
    if url:
        table["notes"] = f"From STIX {obj.get('id')}; reference {url}"
    else:
        table["notes"] = f"From STIX {obj.get('id')}"
    table["status"] = "draft"
    return table
