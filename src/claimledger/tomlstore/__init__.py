"""The store format: TOML bytes to records with positions and back. Decoding (encodings,
merge markers, syntax errors at their place), key positions, the per-file parse, `{path: bytes}`
-> `Store`, the canonical writer (`claims fmt`), and the JSON Schema.

May import: `model`, and the root `errors`."""
