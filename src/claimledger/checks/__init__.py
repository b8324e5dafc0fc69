"""What is said about a store: validation (the explicit list of checks), queries for `list`,
the changes between two stores (records and conflicts) and the plain data of a review and of a
record's history, prose reading and `scan`; provenance findings, track records and the impact
of a source.

May import: `model`, `tomlstore`, `conflicts`, and the root `errors`."""
