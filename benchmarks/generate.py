"""A deterministic synthetic store of N claims with the shape of a real fact base.

About 10 claims per source file, about 5 claims per subject, 20 % of subjects in conflict
(a quarter of those resolved), quotes with non-ASCII text, every value kind and phrasing.

    python benchmarks/generate.py 100000 /tmp/store/claims
    python benchmarks/generate.py 100000 /tmp/store/claims --mixed-units 0.2

`--mixed-units F`: about F of the claims in other units and languages: F/2 of the sources
write German ("rund 12.345", "1,2 Tausend", "Juni 2014"), and F/2 of the quantity claims sit
on subjects measured in km while written in miles ("about 7.5 miles", unit = "mi").
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

CLAIMS_PER_SUBJECT = 5
CLAIMS_PER_FILE = 10
SUBJECTS_PER_TOPIC = 100
KINDS = ("quantity",) * 5 + ("date",) * 2 + ("text",) * 2 + ("boolean",)
HEDGES = ("about", "nearly", "around", "roughly", "some", "an estimated", "almost")
PROSE = (
    "Según el informe del ministerio",
    "D’après le rapport publié à Genève",
    "Laut Angaben der Behörden in Zürich",
    "وفقًا لمصادر محلية",
    "По данным местных властей",
    "As the statement put it",
)
MONTHS = ("January", "March", "June", "September", "November")
TEXTS = ("the northern bridge", "the old harbour", "the central station", "the river port")
RELIABILITY = "ABCDEF"
CONFIDENCE = ('"low"', '"moderate"', '"high"', "40", "70", "90")


def q(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def subject_id(n: int) -> str:
    return f"topic{n // SUBJECTS_PER_TOPIC:04d}/area{n % 7}/item{n:06d}"


def subject_kind(n: int) -> str:
    return KINDS[n % len(KINDS)]


MIXED = {"fraction": 0.0}  # --mixed-units


def measured_in_km(n: int) -> bool:
    """Whether quantity subject n is a distance (only with --mixed-units)."""
    return subject_kind(n) == "quantity" and (n * 7919) % 1000 < MIXED["fraction"] * 1000


def subject_block(n: int) -> str:
    kind = subject_kind(n)
    lines = ["[[subject]]", f"id = {q(subject_id(n))}"]
    lines.append(f"description = {q(f'How is item {n} of area {n % 7} described? (ü, é, ß)')}")
    lines.append(f"kind = {q(kind)}")
    if measured_in_km(n):
        lines.append('unit = "km"')
    elif kind == "quantity":
        lines += ['unit = "people"', 'unit_aliases = ["residents", "inhabitants"]']
    if n % 20 == 3:
        lines.append("time_varying = true")
    if kind == "text" and n % 10 == 4:
        lines.append('cardinality = "many"')
    return "\n".join(lines) + "\n"


def quantity_value(rng: random.Random, base: int, disagree: bool) -> str:
    figure = base * 3 if disagree else base
    style = rng.randrange(6)
    if style == 0:
        return str(figure)
    if style == 1:
        return q(f"{rng.choice(HEDGES)} {figure:,}")
    if style == 2:
        return q(f"between {figure - figure // 20:,} and {figure + figure // 20:,}")
    if style == 3:
        return q(f"at least {figure - figure // 10:,}")
    if style == 4:
        return f"{figure}.0"
    return q(f"{figure / 1000:g} thousand")


def german(value: str) -> str:
    """A value as a German source writes it: "rund 12.345", "1,2 Tausend", "Juni 2014"."""
    swap = str.maketrans({",": ".", ".": ","})
    words = {"about": "rund", "nearly": "knapp", "around": "etwa", "roughly": "rund"}
    words |= {"some": "etwa", "an estimated": "geschätzt", "almost": "fast"}
    words |= {"between": "zwischen", " and ": " und ", "at least": "mindestens"}
    words |= {"thousand": "Tausend", "June": "Juni", "miles": "Meilen"}
    out = value.translate(swap) if value[:1] == '"' else value
    for en, de in words.items():
        out = out.replace(en, de)
    return out


def claim_value(rng: random.Random, n: int, disagree: bool) -> str:
    kind = subject_kind(n)
    if measured_in_km(n):  # written in miles, converted to km before comparison
        km = 10 + (n * 37) % 900
        return q(f"about {km * (3 if disagree else 1) / 1.609344:.1f} miles")
    if kind == "quantity":
        return quantity_value(rng, 1000 + (n * 37) % 90000, disagree)
    if kind == "date":
        year = 1990 + n % 30 + (7 if disagree else 0)
        style = rng.randrange(3)
        if style == 0:
            return f"{year}-06-{1 + n % 28:02d}"
        return q(f"June {year}") if style == 1 else q(str(year))
    if kind == "boolean":
        return "false" if disagree else rng.choice(("true", '"yes"'))
    text = TEXTS[(n + (1 if disagree else 0)) % len(TEXTS)]
    return q(text.upper() if rng.random() < 0.3 else text)


def claim_block(
    rng: random.Random, cid: int, n: int, source: str, disagree: bool, language: str = "en"
) -> str:
    value = claim_value(rng, n, disagree)
    value = german(value) if language == "de" else value
    year = 2015 + cid % 10
    lines = [
        "[[claim]]",
        f'id = "c{cid:07d}"',
        f"subject = {q(subject_id(n))}",
        f"value = {value}",
        f"source = {q(source)}",
    ]
    if subject_kind(n) == "quantity" and rng.random() < 0.2:
        lines.append('unit = "mi"' if measured_in_km(n) else 'unit = "residents"')
    if rng.random() < 0.5:
        lines.append(f"date = {year}-{1 + cid % 12:02d}-{1 + cid % 28:02d}")
    elif rng.random() < 0.5:
        lines.append(f"as_of = {q(f'{MONTHS[cid % 5]} {year}')}")
    raw = value.strip('"')
    lines.append(f"quote = {q(f'{PROSE[cid % len(PROSE)]}: « {raw} » — item {n}.')}")
    lines.append(f'locator = "paragraph {1 + cid % 9}"')
    lines.append(f"confidence = {CONFIDENCE[cid % len(CONFIDENCE)]}")
    if rng.random() < 0.4:
        lines.append(f'tags = ["topic{n // SUBJECTS_PER_TOPIC}", "generated"]')
    if rng.random() < 0.1:
        lines.append(f"notes = {q('Checked against the printed edition; “minor” wording.')}")
    return "\n".join(lines) + "\n"


def source_language(k: int) -> str:
    return "de" if (k * 7919) % 1000 < MIXED["fraction"] * 500 else "en"


def source_block(k: int) -> str:
    return (
        "\n".join(
            [
                "[[source]]",
                f'id = "src{k:06d}"',
                f"title = {q(f'Report №{k} on the région')}",
                f"publisher = {q(f'Publisher {k % 97}')}",
                f'url = "https://example.org/{k}"',
                f'published = "{2014 + k % 10}-{1 + k % 12:02d}"',
                f'language = "{source_language(k)}"',
                f'reliability = "{RELIABILITY[k % 6]}"',
            ]
        )
        + "\n"
    )


def resolution_block(n: int, ids: list[str]) -> str:
    return (
        "\n".join(
            [
                "[[resolution]]",
                f'id = "r{n:06d}"',
                f"claims = [{', '.join(q(i) for i in ids)}]",
                'verdict = "both-plausible"',
                f"note = {q('Different counting methods; see the annex (annexe).')}",
                'by = "benchmark"',
                "on = 2025-01-15",
            ]
        )
        + "\n"
    )


def generate(n_claims: int, seed: int = 1) -> dict[str, str]:
    """{relative path: text} of a store with `n_claims` claims."""
    rng = random.Random(seed)
    n_subjects = max(1, n_claims // CLAIMS_PER_SUBJECT)
    claims = [(cid, cid % n_subjects) for cid in range(n_claims)]
    rng.shuffle(claims)
    files: dict[str, str] = {}
    per_subject: dict[int, list[str]] = {}
    for k in range(0, n_claims, CLAIMS_PER_FILE):
        source = f"src{k // CLAIMS_PER_FILE:06d}"
        blocks = [source_block(k // CLAIMS_PER_FILE)]
        for cid, n in claims[k : k + CLAIMS_PER_FILE]:
            per_subject.setdefault(n, []).append(f"c{cid:07d}")
            disagree = n % 5 == 0 and cid < n_subjects  # the subject's first claim dissents
            language = source_language(k // CLAIMS_PER_FILE)
            blocks.append(claim_block(rng, cid, n, source, disagree, language))
        files[f"sources/{source}.toml"] = "\n".join(blocks)
    topics: dict[str, list[str]] = {}
    resolutions: dict[str, list[str]] = {}
    for n in range(n_subjects):
        topic = subject_id(n).split("/")[0]
        topics.setdefault(topic, []).append(subject_block(n))
        if n % 20 == 0 and len(per_subject.get(n, [])) >= 2:
            resolutions.setdefault(topic, []).append(resolution_block(n, sorted(per_subject[n])))
    for topic, blocks in topics.items():
        files[f"subjects/{topic}.toml"] = "\n".join(blocks)
    for topic, blocks in resolutions.items():
        files[f"resolutions/{topic}.toml"] = "\n".join(blocks)
    return files


def write_store(root: Path, n_claims: int, seed: int = 1) -> int:
    """Write the store under `root`; returns the number of files."""
    files = generate(n_claims, seed)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return len(files)


if __name__ == "__main__":
    if "--mixed-units" in sys.argv:
        at = sys.argv.index("--mixed-units")
        MIXED["fraction"] = float(sys.argv.pop(at + 1))
        sys.argv.pop(at)
    count = write_store(Path(sys.argv[2]), int(sys.argv[1]))
    print(f"{count} files", file=sys.stderr)
