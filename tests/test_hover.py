"""The language server's hover on a claim's value (editor/hover.py): converted figures,
projections and inferred years say so."""

from __future__ import annotations

from claimledger.editor.hover import value_hover

from .conftest import SOURCE, claim, store_of

DEPTH = """
[[subject]]
id = "quake/depth"
description = "How deep?"
kind = "quantity"
unit = "km"

[[subject]]
id = "quake/date"
description = "When?"
kind = "date"
"""


def test_hover_shows_the_converted_and_the_written_interval():
    store = store_of(
        {
            "s.toml": SOURCE
            + claim("c1", '"about 11 miles"', subject="quake/depth")
            + claim("c2", '"could reach 30 km"', subject="quake/depth")
            + claim("c3", '"14 June"', subject="quake/date"),
            "d.toml": DEPTH,
        }
    )
    hover = {cid: value_hover(store, store.claims[cid]) for cid in ("c1", "c2", "c3")}
    assert hover == {
        "c1": "`about 11 miles` → interval **[15.9325, 19.4731]** km = [9.9, 12.1] miles as "
        "written (approximate)",
        "c2": "`could reach 30 km` → interval **[30, 30]** km (projection, not compared)",
        "c3": "`14 June` → **14 June 2025**: 2025-06-14 to 2025-06-14 (day, year inferred)",
    }
