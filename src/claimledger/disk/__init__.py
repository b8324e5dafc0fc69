"""The store on disk: finding it, walking and reading its folder, the snapshot by content, the
cache, atomic writes and locks, adding a record, the opened store of one command (session), and
`check --jobs N` in forked processes.

May import: `model`, `tomlstore`, `conflicts`, `checks`, and the root package."""
