"""The conflict engine: pairwise rules (compare), conflict groups per subject with their
positions and severity, resolutions and their staleness, and conflicts as findings.

May import: `model`, `tomlstore`, and the root `errors`."""
