#!/usr/bin/env python3
"""Write the lesson notebooks from the descriptions in `scripts/lesson_text.py`.

Every lesson comes out the same way: no outputs, no widget state, code cells of one or two
lines with their source hidden (metadata and the "hide-input" tag), stable cell ids, every
cell locked and the notebook marked as the course's (toolkit.course.course_copy: run on open).
`--check` exits 1 when a committed notebook differs from what this script would write.

    python scripts/make_notebooks.py          # write notebooks/0*.ipynb
    python scripts/make_notebooks.py --check  # verify they are up to date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from toolkit.course.course_copy import COURSE_METADATA, LOCKED_CELL
from toolkit.files.storage import write_text_atomic

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lesson_text import LESSON_CELLS  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
HIDDEN = {"jupyter": {"source_hidden": True}, "tags": ["hide-input"]}


def build(lesson_id: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
        **COURSE_METADATA,
    }
    for i, (kind, text) in enumerate(LESSON_CELLS[lesson_id]()):
        text = text.strip("\n")
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(text, metadata=dict(LOCKED_CELL))
        elif kind == "lab":  # how to use JupyterLab's menus: not shown in Voila pages
            cell = nbformat.v4.new_markdown_cell(
                text, metadata={"tags": ["lab-only"], **LOCKED_CELL}
            )
        else:
            if len(text.splitlines()) > 2:
                raise ValueError(f"{lesson_id} cell {i}: code cells are one or two lines")
            cell = nbformat.v4.new_code_cell(text, metadata={**HIDDEN, **LOCKED_CELL})
        cell["id"] = f"{lesson_id[:2]}-{i:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render(lesson_id: str) -> str:
    return nbformat.writes(build(lesson_id)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for lesson_id in LESSON_CELLS:
        path = NOTEBOOKS / f"{lesson_id}.ipynb"
        text = render(lesson_id)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            write_text_atomic(path, text)
            print(f"wrote {path}")
    if stale:
        print("out of date (run scripts/make_notebooks.py):", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
