"""Give a learner (or a Voila room) their own copy of the course: notebooks/ and exercises/.

Never solutions/. For Voila (`ui="voila"`) the cells tagged `lab-only` (how to run cells
from JupyterLab's menu, which Voila pages do not have) are left out, so a page never tells
a learner to use a menu that is not there.

    python -m toolkit.classroom.course_copy SOURCE DEST [--ui voila]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import nbformat

FOLDERS = ("notebooks", "exercises")
LAB_ONLY = "lab-only"


def for_voila(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    notebook.cells = [
        c for c in notebook.cells if LAB_ONLY not in c.get("metadata", {}).get("tags", [])
    ]
    return notebook


def copy_course(source: Path, dest: Path, ui: str = "lab") -> Path:
    """Copy the course folders from `source` into `dest` (existing files are kept).

    JupyterLab copies go through `toolkit.course.course_copy.prepare_course`, the same code as
    `make lab`: unchanged files follow the package, a learner's changed file is kept, and
    "Start a lesson afresh" restores from the package. Voila copies leave out `lab-only` cells.
    """
    source, dest = Path(source), Path(dest)
    if ui != "voila":
        from toolkit.course.course_copy import prepare_course

        prepare_course(target=dest, source=source)
        return dest
    for folder in FOLDERS:
        target = dest / folder
        if target.exists() or not (source / folder).is_dir():
            continue  # a learner's own copy is never replaced
        shutil.copytree(
            source / folder, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
        )
        if ui == "voila":
            for path in target.glob("*.ipynb"):
                nbformat.write(for_voila(nbformat.read(path, as_version=4)), path)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="copy the course (no solutions) for one learner or room"
    )
    parser.add_argument("source", type=Path)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--ui", choices=("lab", "voila"), default="lab")
    args = parser.parse_args(argv)
    copy_course(args.source, args.dest, args.ui)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
