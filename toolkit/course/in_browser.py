"""The course in a browser (the JupyterLite site that `make lite` builds): where a learner's
files live when Python runs in the page (Pyodide).

A Pyodide kernel's files are in memory and gone at a reload. `ready()`, awaited by the first
cell of every page the site serves (scripts/build_lite.py), mounts Emscripten's IndexedDB file
system at the learner's home and loads what this browser kept there; `persist()` writes the
home back to IndexedDB after each save (the learner store, an exercise attempt, the name kept
for next time). Outside a browser both do nothing.

`ready()` also points the course at the site's files (`/drive`, the lessons and exercises as
served) and at the practice keys shipped with the site's toolkit (`cpt97530_practice_keys`), so
an exercise is scored on the spot, as practice mode does.

One lesson at a time: each open lesson runs its own kernel with its own copy of the home, and
the last one to save writes the store back (the README says so).
"""

from __future__ import annotations

import sys
from pathlib import Path

from toolkit.settings import default_for_this_process, learner_home

DRIVE = "/drive"  # where the Pyodide kernel mounts the site's files (JupyterLite's contents)

NOT_KEPT = (
    "This browser cannot keep your progress (a private window, or storage switched off): "
    "it lasts until you close this page. Save it as a file on the my_progress page."
)

_mounted: set[str] = set()


def in_browser() -> bool:
    """True when Python runs in a web page (Pyodide, compiled to WebAssembly by Emscripten)."""
    return sys.platform == "emscripten"


def _fs():
    import pyodide_js  # the page's Pyodide module: exists only in Pyodide

    return pyodide_js.FS


async def _sync(fs, *, load: bool) -> str:
    """Copy between memory and IndexedDB (load: IndexedDB -> memory); "" or why it failed."""
    import asyncio

    from pyodide.ffi import create_once_callable

    done = asyncio.get_running_loop().create_future()

    def finished(error=None):
        if not done.done():
            done.set_result("" if error is None else str(error))

    fs.syncfs(load, create_once_callable(finished))
    return await done


async def ready() -> None:
    """Mount the learner's home on IndexedDB and load it (once per kernel); point the course
    at the site's files and practice keys. Does nothing outside a browser."""
    if not in_browser():
        return
    home = str(learner_home())
    if home not in _mounted:
        try:
            fs = _fs()
            fs.mkdirTree(home)
            fs.mount(fs.filesystems.IDBFS, {}, home)
            _mounted.add(home)
            problem = await _sync(fs, load=True)
        except Exception as error:  # noqa: BLE001 - the lesson still runs, in memory
            problem = str(error) or type(error).__name__
        if problem:  # e.g. a private window without IndexedDB: said once, in one line
            print(NOT_KEPT)
    default_for_this_process("CPT97530_COURSE_DIR", DRIVE)
    try:
        import cpt97530_practice_keys
    except ImportError:  # a site built without the keys: attempts are saved, not scored
        return
    keys = str(Path(cpt97530_practice_keys.__file__).parent)
    default_for_this_process("CPT97530_SOLUTIONS", keys)


def persist() -> None:
    """Write the learner's home back to IndexedDB (in the background: it takes a few ms and
    finishes before the learner can reload). Does nothing outside a browser or before
    `ready()`."""
    if not in_browser() or str(learner_home()) not in _mounted:
        return
    from pyodide.ffi import create_once_callable

    def finished(error=None):
        pass  # a failed write-back leaves the store as it was; ready() said if IndexedDB is off

    _fs().syncfs(False, create_once_callable(finished))
