"""The course in a browser (the JupyterLite site that `make lite` builds): where a learner's
files live when Python runs in the page (Pyodide).

A Pyodide kernel's files are in memory and gone at a reload. The learner's home (the learner
store, exercise attempts, the name kept for next time) is kept as one archive in the site's
own storage on this computer (the browser's origin private file system, OPFS). `ready()`,
awaited by the first cell of every page the site serves (scripts/build_lite.py), opens that
storage and brings the home back; `persist()`, called after each save, writes the home there
and flushes it before it returns. The write is synchronous (a sync access handle, which only a
worker such as the kernel's has), so a save a widget reports is on disk: a reload a
millisecond later cannot lose it, as it could with a write-back in the background.

Two archives are kept in turn, each stamped with when it was written: a write cut short by a
closing page damages only the one being written, and `ready()` takes the newest that is
whole. Progress an earlier version of the site kept in IndexedDB (Emscripten's IDBFS, written
back in the background) is brought over once, while no archive exists yet. Outside a browser
both functions do nothing.

`ready()` also points the course at the site's files (`/drive`, the lessons and exercises as
served) and at the practice keys shipped with the site's toolkit (`cpt97530_practice_keys`), so
an exercise is scored on the spot, as practice mode does.

One lesson at a time: each open lesson runs its own kernel with its own copy of the home, and
the last one to save writes the store back (the README says so).
"""

from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

from toolkit.settings import default_for_this_process, learner_home

DRIVE = "/drive"  # where the Pyodide kernel mounts the site's files (JupyterLite's contents)
SLOTS = ("cpt97530-home-a.zip", "cpt97530-home-b.zip")  # in the origin private file system

NOT_KEPT = (
    "This browser cannot keep your progress (a private window, or storage switched off): "
    "it lasts until you close this page. Save it as a file on the my_progress page."
)


class _Kept:
    """The two archives' sync access handles, and the stamp of the newest one written."""

    def __init__(self, handles: list):
        self.handles, self.stamp, self.newest = handles, 0, 0


_kept: _Kept | None = None
_opened = False


def in_browser() -> bool:
    """True when Python runs in a web page (Pyodide, compiled to WebAssembly by Emscripten)."""
    return sys.platform == "emscripten"


def _options(**values):
    from js import Object
    from pyodide.ffi import to_js

    return to_js(values, dict_converter=Object.fromEntries)


async def _open() -> _Kept:
    from js import navigator

    folder = await navigator.storage.getDirectory()
    handles = []
    for name in SLOTS:
        file = await folder.getFileHandle(name, _options(create=True))
        # "readwrite-unsafe": another open lesson (its own kernel) may hold the same files.
        handles.append(await file.createSyncAccessHandle(_options(mode="readwrite-unsafe")))
    return _Kept(handles)


def _read(handle) -> bytes:
    from js import Uint8Array

    buffer = Uint8Array.new(handle.getSize())
    handle.read(buffer, _options(at=0))
    return bytes(buffer.to_py())


def _stamp_of(data: bytes) -> int:
    """When the archive was written (its comment), or 0 if it is empty or not whole."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.testzip() is not None:
                return 0
            return int(archive.comment.decode("ascii") or 0)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return 0


def _pack(home: Path, stamp: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = str(stamp).encode("ascii")
        for path in sorted(home.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(home).as_posix())
    return out.getvalue()


def _bring_back(kept: _Kept, home: Path) -> None:
    archives = [(_stamp_of(data), data) for data in map(_read, kept.handles)]
    newest = max(range(len(archives)), key=lambda slot: archives[slot][0])
    stamp, data = archives[newest]
    kept.stamp, kept.newest = stamp, newest
    if stamp:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.extractall(home)  # names are checked: nothing lands outside the home


async def _sync(fs, *, load: bool) -> str:
    """Copy between memory and IndexedDB (load: IndexedDB -> memory); "" or why it failed."""
    import asyncio

    from pyodide.ffi import create_once_callable, jsnull

    done = asyncio.get_running_loop().create_future()

    def finished(error=None):  # Emscripten passes null when all went well
        if not done.done():
            done.set_result("" if error is None or error is jsnull else str(error))

    fs.syncfs(load, create_once_callable(finished))
    return await done


async def _from_indexeddb(home: Path) -> bool:
    """Bring into the home what an earlier version of the site kept in IndexedDB (IDBFS names
    its database after the folder it was mounted at); True if anything came."""
    import pyodide_js
    from js import indexedDB

    if not hasattr(indexedDB, "databases"):
        return False
    names = [db.name for db in await indexedDB.databases()]
    if str(home) not in names:  # never kept there: create no database by looking
        return False
    fs = pyodide_js.FS
    fs.mount(fs.filesystems.IDBFS, {}, str(home))
    try:
        problem = await _sync(fs, load=True)
        found = {} if problem else {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    finally:
        fs.unmount(str(home))
    for path, data in found.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return bool(found)


async def ready() -> None:
    """Bring the learner's home back from this browser's storage (once per kernel); point the
    course at the site's files and practice keys. Does nothing outside a browser."""
    global _kept, _opened
    if not in_browser():
        return
    if not _opened:
        _opened = True
        home = learner_home()
        try:
            home.mkdir(parents=True, exist_ok=True)
            kept = await _open()
            _bring_back(kept, home)
            _kept = kept
        except Exception:  # noqa: BLE001 - the lesson still runs, in memory
            print(NOT_KEPT)  # e.g. a private window without storage: said once, in one line
        if _kept is not None and not _kept.stamp:
            try:
                if await _from_indexeddb(home):
                    persist()
            except Exception:  # noqa: BLE001, S110 - it stays in IndexedDB; the lesson runs on
                pass
    default_for_this_process("CPT97530_COURSE_DIR", DRIVE)
    try:
        import cpt97530_practice_keys
    except ImportError:  # a site built without the keys: attempts are saved, not scored
        return
    keys = str(Path(cpt97530_practice_keys.__file__).parent)
    default_for_this_process("CPT97530_SOLUTIONS", keys)


def persist() -> None:
    """Write the learner's home to this browser's storage, on disk when this returns (into the
    older of the two archives). Does nothing outside a browser or when the browser keeps
    nothing (ready() said so).

    Raises:
        OSError: the browser did not take the write (its storage is full, say).
    """
    if not in_browser() or _kept is None:
        return
    stamp = max(time.time_ns(), _kept.stamp + 1)
    data = _pack(learner_home(), stamp)
    slot = 1 - _kept.newest
    handle = _kept.handles[slot]
    try:
        handle.write(_to_js_bytes(data), _options(at=0))
        handle.truncate(len(data))
        handle.flush()
    except Exception as error:  # noqa: BLE001 - a JavaScript error, said as an OSError
        raise OSError(f"this browser did not keep it ({error})") from None
    _kept.stamp, _kept.newest = stamp, slot


def _to_js_bytes(data: bytes):
    from pyodide.ffi import to_js

    return to_js(data)
