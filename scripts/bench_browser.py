"""Browser timing: from clicking Run All (kernel idle) to a lesson's widgets being ready.

Starts its own JupyterLab on a copy of the course (as the browser tests do), opens each
lesson in Chromium several times, and reports medians. "Ready" means every widget the
lesson must show (tests/browser/course_map.py) is visible and every cell has run.
Not a test: timings never decide pass/fail.

    .venv/bin/python scripts/bench_browser.py [--repeats 3] [--lessons 04_time_and_units ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

import course_ui as ui  # noqa: E402
from course_map import ANY_COURSE_WIDGET, expected  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from servers import CHROMIUM, CHROMIUM_ARGS, make_course, shut_down_kernels, start_lab, stop  # noqa: E402


def time_lesson(page, server, stem: str) -> tuple[float, float]:
    """(seconds from page load to kernel idle, seconds from Run All to widgets ready)."""
    started = time.perf_counter()
    ui.open_notebook(page, server.url, f"notebooks/{stem}.ipynb")
    idle = time.perf_counter()
    ui.run_all(page)
    for css in expected(stem) or ():
        expect(page.locator(f".{css}").first).to_be_visible(timeout=ui.RUN_ALL_TIMEOUT)
    if not expected(stem):
        expect(page.locator(ANY_COURSE_WIDGET).first).to_be_visible(timeout=ui.RUN_ALL_TIMEOUT)
    ready = time.perf_counter()
    ui.assert_no_errors(page)
    return idle - started, ready - idle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per lesson (default 3)")
    parser.add_argument("--lessons", nargs="*", help="lesson stems (default: every lesson)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"Chromium is not at {CHROMIUM}: run `make browser-deps` first.", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="cpt97530-bench-") as tmp:
        course = make_course(Path(tmp))
        lessons = args.lessons or [p.stem for p in course.notebooks()]
        server = start_lab(course)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                idle_all, ready_all = [], []
                print(f"{'lesson':<26} {'load->kernel idle':>18} {'Run All->widgets ready':>24}")
                for stem in lessons:
                    idles, readies = [], []
                    for _ in range(args.repeats):
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        page = context.new_page()
                        idle, ready = time_lesson(page, server, stem)
                        context.close()
                        shut_down_kernels(server)
                        idles.append(idle)
                        readies.append(ready)
                    idle_all += idles
                    ready_all += readies
                    print(
                        f"{stem:<26} {statistics.median(idles):>17.2f}s "
                        f"{statistics.median(readies):>23.2f}s"
                    )
                browser.close()
        finally:
            stop(server.proc)
    print(
        f"{'median, all lessons':<26} {statistics.median(idle_all):>17.2f}s "
        f"{statistics.median(ready_all):>23.2f}s   (n={len(ready_all)}; "
        f"slowest Run All->ready {max(ready_all):.2f}s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
