"""The language server: the workspace (incremental re-diagnosis per file and subject), the
server and its LSP handlers, conversion to LSP types (the only place besides the server that
imports pygls), hover, completion and definitions, quick fixes.

May import: every package but `cli`."""
