"""The learner's own copy of the course, and what keeps course notebooks the course's.

`make lab` (and the classroom hub) opens `course_dir()` (default `$CPT97530_HOME/course`,
moved with `CPT97530_COURSE`), never the repository's `notebooks/` and `exercises/`: a stray
key or a save there can then never change the course itself. `prepare_course()` creates the
copy and brings it up to date from the package; `reset_lesson()` (`cpt97530 reset-lesson`,
and the button in lesson 1) restores one lesson or exercise from the package.

Course notebooks carry `{"cpt97530": {"course": true}}` in their metadata and every cell is
locked (`COURSE_METADATA`, `LOCKED_CELL`; the generators write both). The lab extension in
`labextension/` runs such a notebook on open; `strip_course_outputs` (the server's pre-save
hook, registered by this module as a server extension) keeps outputs and widget state out
of them when saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import BillingInputError
from toolkit.files.storage import write_json_atomic, write_text_atomic
from toolkit.settings import learner_home

COURSE_METADATA = {"cpt97530": {"course": True}}
# Why: JupyterLab refuses to edit or delete a cell with these, whatever key is pressed.
LOCKED_CELL = {"editable": False, "deletable": False}
FOLDERS = ("notebooks", "exercises")
PATTERNS = {
    "notebooks": ("[0-9][0-9]_*.ipynb",),
    "exercises": ("ex*.ipynb", "ex*.json", "README.md"),
}
MANIFEST = ".course-manifest.json"  # package file hashes at the last copy


def course_dir() -> Path:
    override = os.environ.get("CPT97530_COURSE")
    return Path(override) if override else learner_home() / "course"


def package_course() -> Path:
    """Where the course ships: the folder holding notebooks/ and exercises/."""
    from toolkit.course.exercises.bank import repo_root

    return repo_root()


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


def _read_manifest(target: Path) -> dict[str, str]:
    try:
        data = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def _place(source: Path, target: Path) -> None:
    """Copy one course file into the learner's copy, atomically, replacing a symlink too."""
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise BillingInputError(f"{target} is not a regular file; move it away and try again")
    write_text_atomic(target, source.read_text(encoding="utf-8"))


def prepare_course(target: Path | None = None, source: Path | None = None) -> CourseReport:
    """Create or update the learner's copy from the package.

    A missing file is copied; a file the learner never changed is brought up to the package's
    version; a file the learner changed (it differs from what was last copied) is kept and
    named in the report, so nothing of theirs is silently replaced.
    """
    target = target or course_dir()
    source = source or package_course()
    shipped = _package_files(source)
    if not shipped:
        raise BillingInputError(f"no course found in {source} (expected notebooks/ and exercises/)")
    report = CourseReport(folder=target)
    manifest = _read_manifest(target)
    for rel, path in shipped.items():
        mine, new = target / rel, _digest(path)
        if not mine.exists() and not mine.is_symlink():
            _place(path, mine)
            report.added.append(rel)
        elif mine.is_file() and not mine.is_symlink() and _digest(mine) == new:
            pass
        elif mine.is_file() and not mine.is_symlink() and _digest(mine) == manifest.get(rel):
            _place(path, mine)
            report.updated.append(rel)
        else:
            report.kept.append(rel)
            continue
        manifest[rel] = new
    write_json_atomic(target / MANIFEST, manifest)
    return report


def find_course_file(name: str, source: Path | None = None) -> list[str]:
    """The course files a learner means by `name`: "4", "04", "04_time_and_units",
    "ex02", "ex02_unsigned_note.ipynb"... (an exercise brings its .json along)."""
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


def reset_lesson(name: str, target: Path | None = None, source: Path | None = None) -> list[Path]:
    """Restore one lesson or exercise in the learner's copy from the package.

    Answers and scores live in learner.db and submissions/, not in the notebook, so they
    are kept. Returns the files restored.
    """
    target = target or course_dir()
    source = source or package_course()
    restored = []
    manifest = _read_manifest(target)
    for rel in find_course_file(name, source):
        mine = target / rel
        if mine.is_symlink():
            mine.unlink()  # a link could point anywhere: replace it with the course's file
        _place(source / rel, mine)
        manifest[rel] = _digest(source / rel)
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
    """Register the pre-save hook with whatever contents manager the server uses."""
    serverapp.contents_manager.register_pre_save_hook(strip_course_outputs)
