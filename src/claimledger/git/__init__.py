"""The store in git: revisions and their files (the only place that runs subprocesses), the
blob index (the only place that uses sqlite3), the scoped review that reads only what a change
reaches, `claims diff`/`check --since`, record history, textconv and git-setup.

May import: everything below it (`model` .. `checks`, `disk`), and the root package."""
