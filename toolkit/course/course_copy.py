"""The learner's own copy of the course, and what keeps course notebooks the course's.

The one module that makes and updates a course copy: `make lab` (`cpt97530 course`), each
learner's hub server (the spawner; on Kubernetes the pod's start hook) and `make voila`
(scripts/voila-course) all call `prepare_course`. A copy holds `notebooks/` and
`exercises/` only, never `solutions/` (the answer keys).

`make lab` opens `course_dir()` (default `$CPT97530_HOME/course`, moved with
`CPT97530_COURSE`), never the repository's `notebooks/` and `exercises/`: a stray key or a
save there can then never change the course itself. `prepare_course()` creates the copy and
brings it up to date from the package (`toolkit.settings.course_source()`); `reset_lesson()`
(`cpt97530 reset-lesson`, and the button in lesson 1) restores one lesson or exercise.

A copy made for Voila (`ui="voila"`, code-free pages) leaves out the cells tagged
`lab-only` (how to run cells from JupyterLab's menu, which a Voila page does not have); the
copy remembers it was made for Voila, so updates and resets stay without those cells.

    python -m toolkit.course.course_copy SOURCE DEST [--ui voila]

Course notebooks carry `{"cpt97530": {"course": true}}` in their metadata and every cell is
locked (`COURSE_METADATA`, `LOCKED_CELL`; the generators write both). The lab extension in
`labextension/` runs such a notebook on open; `strip_course_outputs` (the server's pre-save
hook, registered by this module as a server extension) keeps outputs and widget state out
of them when saved.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import BillingInputError
from toolkit.files.storage import write_json_atomic, write_text_atomic
from toolkit.settings import checkout, course_dir, course_mode, course_source

COURSE_METADATA = {"cpt97530": {"course": True}}
# Why: JupyterLab refuses to edit or delete a cell with these, whatever key is pressed.
LOCKED_CELL = {"editable": False, "deletable": False}
FOLDERS = ("notebooks", "exercises")
PATTERNS = {
    "notebooks": ("[0-9][0-9]_*.ipynb",),
    "exercises": ("ex*.ipynb", "ex*.json", "README.md"),
}
MANIFEST = ".course-manifest.json"  # hashes of the files as last placed, and the copy's ui
UIS = ("lab", "voila")
PAGE_CONFIG_KEY = "cpt97530CourseMode"  # read by labextension/src/index.js: "on" or "off"
LAB_ONLY = "lab-only"  # cell tag: about JupyterLab's menus, left out of Voila copies


def package_course() -> Path:
    """Where the course ships: the folder holding notebooks/ and exercises/.

    Raises:
        BillingInputError: the course is not found (names CPT97530_COURSE_DIR).
    """
    return course_source()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _package_files(source: Path) -> dict[str, Path]:
    """{"notebooks/04_time_and_units.ipynb": path, ...} for every course file shipped."""
    found = {}
    for folder in FOLDERS:
        for pattern in PATTERNS[folder]:
            for path in sorted((source / folder).glob(pattern)):
                if path.is_file() and not path.is_symlink():
                    found[f"{folder}/{path.name}"] = path
    return found


@dataclass
class CourseReport:
    folder: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed by the learner; package changed too

    def lines(self) -> list[str]:
        out = [f"your course copy: {self.folder}"]
        if self.added:
            out.append(f"added {len(self.added)} file(s)")
        if self.updated:
            out.append(f"updated {len(self.updated)} file(s) to the course's newer version")
        for rel in self.kept:
            out.append(
                f"kept your changed {rel}; `cpt97530 reset-lesson {Path(rel).stem}` "
                "restores the course's version"
            )
        return out


def for_voila(notebook: dict) -> dict:
    """The notebook without its `lab-only` cells."""
    notebook["cells"] = [
        c
        for c in notebook.get("cells", [])
        if LAB_ONLY not in c.get("metadata", {}).get("tags", [])
    ]
    return notebook


def _render(source: Path, ui: str) -> str:
    """The text a copy made for `ui` holds for one course file."""
    text = source.read_text(encoding="utf-8")
    if ui != "voila" or source.suffix != ".ipynb":
        return text
    import nbformat

    return nbformat.writes(for_voila(nbformat.reads(text, as_version=4))) + "\n"


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_manifest(target: Path) -> dict[str, str]:
    try:
        data = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def _check_target(target: Path, source: Path) -> None:
    """The copy is never the course itself, and its notebooks/ and exercises/ are real
    folders, never links.

    Why not the course: a copy made over its own source (CPT97530_COURSE set to the
    checkout) would have the learner's saves change the course, and a Voila copy would
    strip the Lab-only cells out of the shipped notebooks.

    Why: a hub's spawner runs `prepare_course` as root in the learner's own home; a learner
    who replaced `notebooks/` with a link to another folder would have root write course
    files there. A file inside is checked on its own (`_place`)."""
    course = {source.resolve()} | ({checkout().resolve()} if checkout() else set())
    if target.resolve() in course:
        raise BillingInputError(
            f"{target} is where the course itself ships, not a copy of it: set "
            "CPT97530_COURSE to a folder of your own (the default is ~/.cpt97530/course)"
        )
    for name in FOLDERS:
        folder = target / name
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise BillingInputError(
                f"{folder} is a link or a file, not a folder: the course is only copied into "
                "real folders; move it away and try again"
            )


def _place(text: str, target: Path) -> None:
    """Write one course file into the learner's copy, atomically, replacing a symlink too."""
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise BillingInputError(f"{target} is not a regular file; move it away and try again")
    write_text_atomic(target, text)


def prepare_course(
    target: Path | None = None, *, source: Path | None = None, ui: str = "lab"
) -> CourseReport:
    """Create or update a course copy (`target`: default the learner's `course_dir()`) from
    the package (`source`: default `package_course()`), for JupyterLab or Voila (`ui`).

    A missing file is copied; a file the learner never changed is brought up to the package's
    version; a file the learner changed (it differs from what was last copied) is kept and
    named in the report, so nothing of theirs is silently replaced.

    Raises:
        BillingInputError: no course in `source`, `target` is the course itself, a file in
            the copy that is not a regular file (a folder in its place), a link or a file
            where notebooks/ or exercises/ should be, or `ui` neither "lab" nor "voila".
    """
    if ui not in UIS:
        raise BillingInputError(f"a course copy is made for lab or voila, not {ui!r}")
    target = Path(target or course_dir())
    source = Path(source or package_course())
    shipped = _package_files(source)
    if not shipped:
        raise BillingInputError(f"no course found in {source} (expected notebooks/ and exercises/)")
    _check_target(target, source)
    report = CourseReport(folder=target)
    manifest = _read_manifest(target)
    for rel, path in shipped.items():
        mine, text = target / rel, _render(path, ui)
        new = _text_digest(text)
        if not mine.exists() and not mine.is_symlink():
            _place(text, mine)
            report.added.append(rel)
        elif mine.is_file() and not mine.is_symlink() and _digest(mine) == new:
            pass
        elif mine.is_file() and not mine.is_symlink() and _digest(mine) == manifest.get(rel):
            _place(text, mine)
            report.updated.append(rel)
        else:
            report.kept.append(rel)
            continue
        manifest[rel] = new
    manifest["ui"] = ui  # a path always has a "/": this key never names a file
    write_json_atomic(target / MANIFEST, manifest)
    return report


def find_course_file(name: str, *, source: Path | None = None) -> list[str]:
    """The course files a learner means by `name`: "4", "04", "04_time_and_units",
    "ex02", "ex02_unsigned_note.ipynb"... (an exercise brings its .json along).

    Raises:
        BillingInputError: no single lesson or exercise by that name (the message lists
            the names to use), or no course found.
    """
    shipped = _package_files(source or package_course())
    # Only names, never paths: what is restored always comes from the package's own list.
    wanted = "" if re.search(r"[/\\]", name) else Path(name.strip()).stem.lower()
    if re.fullmatch(r"\d{1,2}", wanted):
        wanted = f"{int(wanted):02d}"
    notebooks = [rel for rel in shipped if rel.endswith(".ipynb")]
    hits = [rel for rel in notebooks if Path(rel).stem.lower() == wanted]
    if not hits:
        hits = [rel for rel in notebooks if Path(rel).stem.lower().split("_")[0] == wanted]
    if len(hits) != 1:
        names = ", ".join(Path(rel).stem for rel in notebooks)
        raise BillingInputError(
            f'no single lesson or exercise called "{name}"; '
            f"use a number like 04 or ex02, or one of: {names}"
        )
    data = hits[0][: -len(".ipynb")] + ".json"
    return hits + ([data] if data in shipped else [])


def reset_lesson(
    name: str, *, target: Path | None = None, source: Path | None = None
) -> list[Path]:
    """Restore one lesson or exercise in a course copy (default the learner's) from the
    package, as the copy was made (a Voila copy stays without its Lab-only cells).

    Answers and scores live in learner.db and submissions/, not in the notebook, so they
    are kept. Returns the files restored.

    Raises:
        BillingInputError: as `find_course_file`, `target` is the course itself, a folder
            where the file should be, or a link or a file where notebooks/ or exercises/
            should be.
    """
    target = Path(target or course_dir())
    source = Path(source or package_course())
    _check_target(target, source)
    restored = []
    manifest = _read_manifest(target)
    ui = manifest.get("ui", "lab")
    for rel in find_course_file(name, source=source):
        mine = target / rel
        if mine.is_symlink():
            mine.unlink()  # a link could point anywhere: replace it with the course's file
        text = _render(source / rel, ui if ui in UIS else "lab")
        _place(text, mine)
        manifest[rel] = _text_digest(text)
        restored.append(mine)
    write_json_atomic(target / MANIFEST, manifest)
    return restored


def is_course_notebook(nb: dict) -> bool:
    meta = nb.get("metadata") if isinstance(nb, dict) else None
    tag = meta.get("cpt97530") if isinstance(meta, dict) else None
    return isinstance(tag, dict) and tag.get("course") is True


def strip_course_outputs(model: dict, **_ignored) -> None:
    """Jupyter server pre-save hook: a course notebook is saved without outputs, execution
    counts or widget state, so it never reopens with "model not found" and stays the course."""
    if model.get("type") != "notebook" or not is_course_notebook(model.get("content") or {}):
        return
    nb = model["content"]
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)


# -- as a Jupyter server extension (enabled by jupyter-config/server/cpt97530.json) ------------
def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "toolkit.course.course_copy"}]


def _load_jupyter_server_extension(serverapp) -> None:
    """Register the pre-save hook with whatever contents manager the server uses, and tell
    the lab extension whether course mode is on (`CPT97530_COURSE_MODE`, through the page
    config JupyterLab hands the browser; a JupyterLite site sets the same key itself)."""
    serverapp.contents_manager.register_pre_save_hook(strip_course_outputs)
    try:
        mode = "on" if course_mode() else "off"
    except BillingInputError as problem:
        serverapp.log.warning("%s; course mode stays on", problem)
        mode = "on"
    page_config = serverapp.web_app.settings.setdefault("page_config_data", {})
    page_config[PAGE_CONFIG_KEY] = mode


# -- as a program: scripts/voila-course and the Kubernetes pod's start hook -------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.course.course_copy",
        description="make or update one learner's (or a Voila room's) copy of the course "
        "(notebooks/ and exercises/, never solutions/)",
    )
    parser.add_argument("source", type=Path, help="the folder the course ships in")
    parser.add_argument("dest", type=Path, help="the copy to make or update")
    parser.add_argument("--ui", choices=UIS, default="lab")
    args = parser.parse_args(argv)
    try:
        report = prepare_course(args.dest, source=args.source, ui=args.ui)
    except BillingInputError as bad:
        print(f"course copy: {bad}", file=sys.stderr)
        return 2
    for line in report.lines()[1:]:
        print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
