"""Screenshots of a built site for docs/screenshots/: the index and a conflict page at phone
(390 px) and desktop (1280 px) widths, from the shipped fact base.

    python benchmarks/screenshots.py            # builds the site into a temporary folder

Needs the Python `playwright` package and Chromium at /usr/bin/chromium (`.ci/run` installs
it). The conflict page is the first subject the index lists (open conflicts first).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def build(out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(HERE / "src"), "CLAIMS_TODAY": "2026-03-01"}
    subprocess.run(
        [sys.executable, "-m", "claimledger", "--store", str(HERE / "claims"), "site", str(out)],
        check=True,
        env=env,
    )


def main() -> None:
    from playwright.sync_api import sync_playwright

    target = HERE / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        build(out)
        index = (out / "index.html").read_text()
        first = re.search(r'href="(subjects/[^"]+)"', index)
        assert first, "the index lists no subject in dispute"
        pages = {"index": out / "index.html", "conflict": out / first.group(1)}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for width_name, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for name, path in pages.items():
                    page.goto(path.as_uri())
                    shot = target / f"{name}-{width_name}.png"
                    page.screenshot(path=str(shot), full_page=name == "conflict")
                    print(shot.relative_to(HERE))
                page.close()
            browser.close()


if __name__ == "__main__":
    main()
