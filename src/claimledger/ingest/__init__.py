"""Getting material in: archiving a page, PDF or text (`archive`), drafting candidate claims
from an archived text (`extract`, `accept`, `reject`), importing a spreadsheet (`import`).
Each heavy library (trafilatura, pypdf, rapidfuzz) is imported by the function that needs it,
so `claims --version` and `claims check` never load them.

May import: model, tomlstore, conflicts, checks, disk and the root modules."""
