"""The conflict engine: pairwise rules (compare), conflict groups per subject with their
positions and severity, resolutions and their staleness, conflicts as findings, and the rules
of provenance (a claim's chain to its origin, independent origins).

May import: `model`, `tomlstore`, and the root `errors`."""
