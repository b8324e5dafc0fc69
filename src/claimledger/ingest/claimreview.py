"""`claims import --format claimreview`: published fact-checks -> source, claim, review.

Reads schema.org ClaimReview JSON-LD (a document, a list, an `@graph`), a saved fact-check
page (the JSON-LD blocks found by extruct; also microdata), or a Google Fact Check Tools API
response (`claims[].claimReview[]`). Each review gives:

- a `[[source]]` for where the claim appeared (`itemReviewed.appearance` or
  `firstAppearance`; publisher: the appearance's publisher, else the claimant, else the host);
- a draft `[[claim]]` on subject `fact-checks/reviewed` (created when missing: a text
  subject of many values, so reviewed claims never conflict with each other): value and quote
  the reviewed claim's words, `claimant` its author, `date` its `datePublished`;
- a `[[review]]` (reviewer, rating, rating numbers, url, date, language) naming the claim.

Ids are readable words plus 6 hex digits of a hash of what identifies the thing (the review's
URL; the claim's words and appearance), so importing a page again adds nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from claimledger.disk.adding import slug
from claimledger.errors import ClaimsError

SUBJECT_ID = "fact-checks/reviewed"
SUBJECT = {
    "id": SUBJECT_ID,
    "description": "Claims that published fact-checks reviewed (claims import --format "
    "claimreview); move a claim to the subject it answers before accepting it.",
    "kind": "text",
    "cardinality": "many",
}


@dataclass(frozen=True)
class FoundReview:
    """One review as published, whatever the format it came in."""

    claim_text: str
    claimant: str | None
    claim_date: str | None
    appearance_url: str | None
    appearance_publisher: str | None
    reviewer: str
    rating: str
    rating_value: float | None
    best_rating: float | None
    worst_rating: float | None
    url: str | None
    date: str | None
    language: str | None


def claimreview_records(data: bytes, shown: str) -> list[tuple[str, dict[str, Any]]]:
    """The records a file of fact-checks becomes (sources, the subject, claims, reviews)."""
    found = find_reviews(data, shown)
    if not found:
        raise ClaimsError(
            f"{shown}: no ClaimReview found (JSON-LD, a page holding it, or a "
            "Fact Check Tools API response)"
        )
    records: list[tuple[str, dict[str, Any]]] = [("subject", dict(SUBJECT))]
    for review in found:
        records.extend(_records_of(review))
    return records


def find_reviews(data: bytes, shown: str) -> list[FoundReview]:
    text = data.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith("<"):
        return [r for node in _html_nodes(text, shown) for r in _from_claimreview(node)]
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ClaimsError(
            f"{shown}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}) and not an HTML page"
        ) from None
    if isinstance(doc, dict) and isinstance(doc.get("claims"), list):
        return [r for item in doc["claims"] if isinstance(item, dict) for r in _from_api(item)]
    return [r for node in _nodes(doc) for r in _from_claimreview(node)]


def _html_nodes(html: str, shown: str) -> list[Any]:
    import extruct  # 470 ms to import: only a page being imported needs it

    try:
        found = extruct.extract(html, syntaxes=["json-ld", "microdata"], uniform=True)
    except (ValueError, TypeError):
        # One block that is not JSON fails extruct's whole page (a broken breadcrumb beside
        # a good ClaimReview is common): then each block is read alone, the broken ones left.
        blocks = [_json_or_none(b) for b in _JSON_LD.findall(html)]
        if not any(b is not None for b in blocks):
            raise ClaimsError(f"{shown}: its JSON-LD blocks are not JSON") from None
        return [n for b in blocks for n in _nodes(b)]
    return [n for block in (*found["json-ld"], *found["microdata"]) for n in _nodes(block)]


_JSON_LD = re.compile(
    r"<script[^>]*type\s*=\s*[\"']?application/ld\+json[^>]*>(.*?)</script>", re.S | re.I
)


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def _nodes(doc: Any) -> list[dict[str, Any]]:
    """Every object in a JSON-LD document: lists and @graph flattened, nested ones too."""
    if isinstance(doc, list):
        return [n for item in doc for n in _nodes(item)]
    if not isinstance(doc, dict):
        return []
    return [doc, *(n for n in _nodes(doc.get("@graph", [])))]


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type", [])
    return {str(t).rsplit("/", 1)[-1] for t in (raw if isinstance(raw, list) else [raw])}


def _from_claimreview(node: dict[str, Any]) -> list[FoundReview]:
    if "ClaimReview" not in _types(node):
        return []
    item = _one(node.get("itemReviewed")) or {}
    rating = _one(node.get("reviewRating")) or {}
    appearance = _one(item.get("appearance")) or _one(item.get("firstAppearance")) or {}
    if isinstance(appearance, str):
        appearance = {"url": appearance}
    word = _text(rating.get("alternateName")) or _text(rating.get("name"))
    return [
        FoundReview(
            claim_text=_text(node.get("claimReviewed")) or _text(item.get("name")) or "",
            claimant=_name(item.get("author")),
            claim_date=_text(item.get("datePublished")),
            appearance_url=_text(appearance.get("url")),
            appearance_publisher=_name(appearance.get("publisher")),
            reviewer=_name(node.get("author")) or "unknown reviewer",
            rating=word or str(rating.get("ratingValue", "unrated")),
            rating_value=_number(rating.get("ratingValue")),
            best_rating=_number(rating.get("bestRating")),
            worst_rating=_number(rating.get("worstRating")),
            url=_text(node.get("url")),
            date=_text(node.get("datePublished")),
            language=_text(node.get("inLanguage")),
        )
    ]


def _from_api(item: dict[str, Any]) -> list[FoundReview]:
    """One claim of a Fact Check Tools `claims:search` response, with each of its reviews."""
    found = []
    for review in item.get("claimReview") or []:
        publisher = review.get("publisher") or {}
        found.append(
            FoundReview(
                claim_text=_text(item.get("text")) or "",
                claimant=_text(item.get("claimant")),
                claim_date=_text(item.get("claimDate")),
                appearance_url=None,
                appearance_publisher=None,
                reviewer=_text(publisher.get("name")) or _text(publisher.get("site")) or "?",
                rating=_text(review.get("textualRating")) or "unrated",
                rating_value=None,
                best_rating=None,
                worst_rating=None,
                url=_text(review.get("url")),
                date=_text(review.get("reviewDate")),
                language=_text(review.get("languageCode")),
            )
        )
    return found


def _one(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value if value else None


def _text(value: Any) -> str | None:
    value = _one(value)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("@id")
    return " ".join(str(value).split()) if value not in (None, "") else None


def _name(value: Any) -> str | None:
    value = _one(value)
    return _text(value.get("name")) if isinstance(value, dict) else _text(value)


def _number(value: Any) -> float | None:
    try:
        number = float(str(_one(value)))
    except ValueError:
        return None
    return int(number) if number.is_integer() else number  # type: ignore[return-value]


def _hash(*parts: str | None) -> str:
    return hashlib.sha256("\x1f".join(p or "" for p in parts).encode()).hexdigest()[:6]


def _records_of(found: FoundReview) -> list[tuple[str, dict[str, Any]]]:
    host = urlsplit(found.appearance_url or "").hostname or ""
    publisher = found.appearance_publisher or found.claimant or host or "unknown"
    source = {
        "id": f"{slug(publisher, 4)}-{_hash(found.appearance_url or publisher)}",
        "title": f"Where {found.reviewer} found the claim"
        if found.appearance_url
        else f"{publisher}, as quoted by {found.reviewer}",
        "publisher": publisher,
    }
    if found.appearance_url:
        source["url"] = found.appearance_url
    key = _hash(found.claim_text, found.appearance_url or found.claimant)
    claim: dict[str, Any] = {
        "id": f"{slug(found.claim_text, 5)}-{key}",
        "subject": SUBJECT_ID,
        "value": found.claim_text,
        "source": source["id"],
        "quote": found.claim_text,
        "status": "draft",
    }
    if found.claimant and found.claimant != publisher:
        claim["claimant"] = found.claimant
    if found.claim_date:
        claim["date"] = found.claim_date[:10]
    review: dict[str, Any] = {
        "id": f"{slug(found.reviewer, 3)}-{_hash(found.url or found.reviewer + claim['id'])}",
        "claim": claim["id"],
        "reviewer": found.reviewer,
        "rating": found.rating,
    }
    for name in ("rating_value", "best_rating", "worst_rating", "url", "language"):
        if getattr(found, name) is not None:
            review[name] = getattr(found, name)
    if found.date:
        review["date"] = found.date[:10]
    return [("source", source), ("claim", claim), ("review", review)]
