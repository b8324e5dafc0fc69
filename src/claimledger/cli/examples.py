"""The files `claims init` writes: one example source, subject and claim."""

EXAMPLE_FILES = {
    "subjects/example.toml": """[[subject]]
id = "example/city/population"
description = "How many people live in the example city?"
kind = "quantity"
unit = "people"
unit_aliases = ["inhabitants", "residents"]
aliases = ["population of the example city", "residents of the example city"]
time_varying = true
""",
    "sources/example-gazette-2025-01.toml": """[[source]]
id = "example-gazette-2025-01"
title = "The example city in numbers"
publisher = "Example Gazette"
published = "2025-01"
language = "en"
reliability = "C"
notes = "An invented source that shows the format; replace it with your own."

[[claim]]
id = "example-gazette-2025-01-population"
subject = "example/city/population"
value = "about 120,000"
source = "example-gazette-2025-01"
quote = "About 120,000 people now live in the city."
locator = "paragraph 1"
confidence = "moderate"
""",
    ".claims.toml": """\
# Settings of this store (every key is optional; `claims check` reports unknown keys).
# archive_folders = ["archives"]  # folders of archived texts, relative to this folder
# language = "en"                 # language of sources that declare none (BCP 47)
# cache_limit_mib = 256           # the most this store's cache may hold
# today = 2026-01-31              # pins "today" (CLAIMS_TODAY wins)
# reviewer = "Fact Desk"          # publishes the verdicts (claims export --format claimreview)
# reviewer_url = "https://factdesk.example"
# review_url = "https://factdesk.example/checks/{claim}"  # {claim} {resolution} {subject}
""",
}
