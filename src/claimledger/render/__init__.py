"""Renderers: values in, text out. `<thing>.py` is pure (diagnostics as text/gcc/json/github,
SARIF, records as JSON, conflicts as JSON and Markdown, reviews, histories); `<thing>_rich.py`
draws the same thing with rich, and only those modules import rich.

May import: `model`, `tomlstore`, `conflicts`, `checks`, and the root package; never `disk`,
`git`, `editor` or `cli`, and never click: a renderer reads no disk and runs no git."""
