"""The browser version's figures: the site's size, and how long lesson 4 takes to be usable.

Builds the site (`make lite`; cached downloads), serves it on loopback as a static host does
(scripts/serve_lite.py: GitHub Pages' cache headers) and opens lesson 4 in Chromium with every
other host blocked. "Usable" means the
lesson's widgets are shown and the course extension has run every cell, with no click. A
first load is a fresh browser profile (nothing cached, no service worker); a reload is the
same profile opening the page again. Reports medians, and the machine's load average (the
figures are CPU-bound: compare runs at a like load). Not a test: timings never decide
pass/fail.

    .venv/bin/python scripts/bench_lite.py [--repeats 3] [--site build/lite]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from course_map import expected  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from servers import CHROMIUM, CHROMIUM_ARGS, free_port, stop, wait_for_status  # noqa: E402

LESSON = "04_time_and_units"
TIMEOUT_MS = 180_000


def usable_after(page, url: str) -> float:
    """Seconds from asking for the page to lesson 4 being usable."""
    start = time.perf_counter()
    page.goto(url)
    for css in expected(LESSON):
        expect(page.locator(f".{css}").first).to_be_visible(timeout=TIMEOUT_MS)
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)[data-cpt-run='done']")
    expect(panel).to_have_count(1, timeout=TIMEOUT_MS)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--site", type=Path, default=REPO / "build" / "lite")
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_lite.py"), "--output", str(args.site)],
        check=True,
    )
    files = [p for p in args.site.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "http.log"
        with open(log, "w") as out:
            server = subprocess.Popen(
                [sys.executable, str(REPO / "scripts" / "serve_lite.py"), str(port)]
                + ["--site", str(args.site)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for_status(f"{base}/jupyter-lite.json", server, log)
            url = f"{base}/lab/index.html?path=notebooks/{LESSON}.ipynb"
            first, again = [], []
            load_before = os.getloadavg()[0]
            with sync_playwright() as driver:
                browser = driver.chromium.launch(
                    executable_path=str(CHROMIUM),
                    args=[
                        *CHROMIUM_ARGS,
                        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                    ],
                )
                for _ in range(args.repeats):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    first.append(usable_after(page, url))
                    again.append(usable_after(page, url))
                    context.close()
                browser.close()
        finally:
            stop(server)
    load_after = os.getloadavg()[0]
    print(f"load average (1 min): {load_before:.1f} before, {load_after:.1f} after")
    print(f"site: {size / 1e6:.1f} MB in {len(files)} files ({args.site})")
    print(
        f"lesson 4 usable after a first load: median {statistics.median(first):.1f} s "
        f"({', '.join(f'{t:.1f}' for t in first)})"
    )
    print(
        f"lesson 4 usable after a reload:     median {statistics.median(again):.1f} s "
        f"({', '.join(f'{t:.1f}' for t in again)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
