"""Browser timing for a learner: from opening a lesson to its widgets being usable.

Starts its own JupyterLab (and, with --voila, Voila) on a copy of the course, as the browser
tests do, opens each lesson in Chromium several times and reports medians. "Usable" means
every widget the lesson must show (tests/browser/course_map.py) is visible and every cell
has run. A course notebook (metadata cpt97530.course, run on open by the lab extension) is
timed with no click; any other notebook is timed as a learner used to have to: wait for the
kernel, then Run menu -> Run All Cells at once. Not a test: timings never decide pass/fail.

    .venv/bin/python scripts/bench_browser.py [--repeats 5] [--lessons 04_time_and_units ...]
        [--voila] [--course DIR]   # DIR holds notebooks/ and exercises/ (default: this repo)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

import course_ui as ui  # noqa: E402
from course_map import ANY_COURSE_WIDGET, REPO, expected  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from servers import (  # noqa: E402  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    make_course,
    shut_down_kernels,
    start_lab,
    start_voila,
    stop,
)


def _wait_for_widgets(page, stem: str) -> None:
    for css in expected(stem) or ():
        expect(page.locator(f".{css}").first).to_be_visible(timeout=ui.RUN_ALL_TIMEOUT)
    if not expected(stem):
        expect(page.locator(ANY_COURSE_WIDGET).first).to_be_visible(timeout=ui.RUN_ALL_TIMEOUT)


def _runs_on_open(path: Path) -> bool:
    return bool(
        json.loads(path.read_text(encoding="utf-8"))
        .get("metadata", {})
        .get("cpt97530", {})
        .get("course")
    )


def time_lab(page, server, course, stem: str) -> tuple[float, float]:
    """(seconds from page load to kernel idle, seconds from page load to widgets usable)."""
    started = time.perf_counter()
    if _runs_on_open(course.root / "notebooks" / f"{stem}.ipynb"):
        page.goto(f"{server.url}/lab/tree/notebooks/{stem}.ipynb?reset")
        _wait_for_widgets(page, stem)
        ui.wait_for_course_run(page)
        usable = time.perf_counter()
        # The lab extension stamps when the kernel was first idle and when the run was done.
        ready_ms, done_ms = page.locator(ui.PANEL).evaluate(
            "p => [Number(p.dataset.cptKernelIdleMs), Number(p.dataset.cptRunDoneMs)]"
        )
        idle = usable - (done_ms - ready_ms) / 1000
    else:
        ui.open_notebook(page, server.url, f"notebooks/{stem}.ipynb")
        idle = time.perf_counter()
        ui.run_all(page)
        _wait_for_widgets(page, stem)
        usable = time.perf_counter()
    ui.assert_no_errors(page)
    return idle - started, usable - started


def time_voila(page, server, stem: str) -> float:
    started = time.perf_counter()
    page.goto(f"{server.url}/voila/render/notebooks/{stem}.ipynb")
    _wait_for_widgets(page, stem)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per lesson (default 5)")
    parser.add_argument("--lessons", nargs="*", help="lesson stems (default: every lesson)")
    parser.add_argument("--voila", action="store_true", help="time Voila too")
    parser.add_argument(
        "--course",
        type=Path,
        default=REPO,
        help="folder holding notebooks/ and exercises/ (default: this repo)",
    )
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"Chromium is not at {CHROMIUM}: run `make browser-deps` first.", file=sys.stderr)
        return 1

    rows = []
    with tempfile.TemporaryDirectory(prefix="cpt97530-bench-") as tmp:
        course = make_course(Path(tmp), args.course)
        lessons = args.lessons or [p.stem for p in course.notebooks()]
        lab = start_lab(course)
        voila = start_voila(course) if args.voila else None
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                for stem in lessons:
                    idles, usables, voilas = [], [], []
                    for _ in range(args.repeats):
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        idle, usable = time_lab(context.new_page(), lab, course, stem)
                        context.close()
                        shut_down_kernels(lab)
                        idles.append(idle)
                        usables.append(usable)
                        if voila:
                            context = browser.new_context(viewport={"width": 1280, "height": 900})
                            voilas.append(time_voila(context.new_page(), voila, stem))
                            context.close()
                    rows.append((stem, idles, usables, voilas))
                browser.close()
        finally:
            stop(lab.proc)
            if voila:
                stop(voila.proc)
    med = statistics.median
    print(f"course: {args.course}  repeats: {args.repeats}")
    print(
        f"{'lesson':<26} {'Lab load->kernel idle':>22} {'Lab load->usable':>17} "
        f"{'Voila load->usable':>19}"
    )
    for stem, idles, usables, voilas in rows:
        voila_text = f"{med(voilas):>18.2f}s" if voilas else f"{'-':>19}"
        print(
            f"{stem:<26} {med(idles):>21.2f}s {med(usables):>16.2f}s {voila_text}"
            f"   (Lab kernel idle->usable {med([u - i for u, i in zip(usables, idles)]):.2f}s;"
            f" Lab runs: {', '.join(f'{u:.2f}' for u in usables)})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
