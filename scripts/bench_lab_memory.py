"""Memory of a learner's JupyterLab after walking the lessons 1 -> 11 with **Next**.

Starts its own JupyterLab on a copy of the course (as the browser tests do), opens lesson 1
in Chromium, follows each lesson's Next link to lesson 11, then adds up the resident memory
(RSS) of the Jupyter server and every kernel it started. Issue 22's target: at most 3
course kernels and 400 MB in all (before: 12 kernels, 917 MB). Not a test: reports the
median of --repeats walks.

    .venv/bin/python scripts/bench_lab_memory.py [--repeats 1] [--course-mode on|off]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

import course_ui as ui  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from servers import CHROMIUM, CHROMIUM_ARGS, make_course, start_lab, stop  # noqa: E402

MB = 1024 * 1024


def sessions(url: str) -> list[dict]:
    with urllib.request.urlopen(f"{url}/api/sessions", timeout=10) as answer:
        return json.load(answer)


def walk_once(course_mode: str) -> tuple[int, float, float]:
    """(course kernels left running, server MB, kernels MB) after one walk 1 -> 11."""
    with tempfile.TemporaryDirectory(prefix="cpt97530-memory-") as tmp:
        course = make_course(Path(tmp))
        lab = start_lab(course, course_mode=course_mode)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                ui.walk_next(page, lab.url, [p.name for p in course.notebooks()])
                time.sleep(3)  # a closed tab's kernel is shut down just after the tab goes
                kernels = len(sessions(lab.url))
                server = psutil.Process(lab.proc.pid)
                children = server.children(recursive=True)
                server_mb = server.memory_info().rss / MB
                kernels_mb = sum(c.memory_info().rss for c in children) / MB
                browser.close()
        finally:
            stop(lab.proc)
    return kernels, server_mb, kernels_mb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1, help="walks (default 1)")
    parser.add_argument("--course-mode", choices=("on", "off"), default="on")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"Chromium is not at {CHROMIUM}: run `make browser-deps` first.", file=sys.stderr)
        return 1
    walks = [walk_once(args.course_mode) for _ in range(args.repeats)]
    kernels = statistics.median(w[0] for w in walks)
    server = statistics.median(w[1] for w in walks)
    in_kernels = statistics.median(w[2] for w in walks)
    print(
        f"after walking lessons 1 -> 11 with Next (course mode {args.course_mode}), median of "
        f"{args.repeats}: {kernels:g} course kernel(s); server {server:.0f} MB + kernels "
        f"{in_kernels:.0f} MB = {server + in_kernels:.0f} MB RSS (target <= 400 MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
