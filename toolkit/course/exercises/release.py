"""The learner bundle an instructor hands out: lessons and exercises, never the solutions.

    DIR/
      README.txt       how to open it, where submissions go
      notebooks/       the lessons, without outputs
      exercises/       the learner versions, generated fresh from solutions/

The bundle is built from the generated learner versions only, then every file in it is
scanned for the explanations' text; a hit stops the release (a safety net, not the main
guard: learner versions never contain them). Learners see their score right after Submit
when the Python environment that runs the notebooks can reach the exercise bank (see
`toolkit.course.exercises.bank`); otherwise their submissions wait for `cpt97530 grade`.
"""

from __future__ import annotations

import json
from pathlib import Path

from toolkit import __version__
from toolkit.course.exercises import learner_version
from toolkit.course.exercises.bank import Exercise
from toolkit.errors import BillingInputError
from toolkit.files.output_files import OutputFiles
from toolkit.settings import course_source

FORBIDDEN_PHRASES = ("answer key", "answer_key", "begin solution")

README = """CPT 97530 course - learner bundle (toolkit {version})

notebooks/   the lessons: open 01_start_here.ipynb, then Run > Run All Cells
exercises/   the graded exercises: open one, Run All, answer, press Submit

Every Submit saves a new file (earlier attempts are kept) in the submissions folder:
~/.cpt97530/submissions, or the folder named by the environment variable
CPT97530_SUBMISSIONS (set it to the shared collection folder in a workshop).

Set-up for the instructor: install the cpt97530 toolkit in the Python environment that
runs these notebooks (for example `pip install -e /path/to/cpt97530-toolkit` on the
JupyterHub). With the repository's solutions/ reachable from that environment (or
CPT97530_SOLUTIONS pointing at it), learners see their score and feedback right after
Submit; without it, submissions are saved and graded later with
`cpt97530 grade SUBMISSIONS_DIR`. This bundle itself contains no solutions.
"""


def _clean_notebook(text: str) -> str:
    """A lesson with outputs, execution counts and widget state removed."""
    notebook = json.loads(text)
    notebook.get("metadata", {}).pop("widgets", None)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def explanation_texts(bank: dict[str, Exercise]) -> list[str]:
    """Every explanation in the bank: none may appear in a learner's file."""
    texts = {e.text for ex in bank.values() for e in ex.explain.values()}
    texts |= {
        e.text for ex in bank.values() for per in ex.explain_by_code.values() for e in per.values()
    }
    return sorted(texts)


def leaks(folder: Path, bank: dict[str, Exercise]) -> list[str]:
    """Files under `folder` holding explanation text (as typed or JSON-escaped), and files
    under an `exercises` folder holding a key phrase; case-insensitive."""
    texts = explanation_texts(bank)
    needles = [s.lower() for s in texts] + [json.dumps(s)[1:-1].lower() for s in texts]
    found = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        text = " ".join(path.read_text(encoding="utf-8", errors="replace").lower().split())
        phrases = (
            FORBIDDEN_PHRASES
            if "exercises" in path.relative_to(folder).parts[:-1]
            or Path(folder).name == "exercises"
            else ()
        )
        if any(needle in text for needle in needles) or any(p in text for p in phrases):
            found.append(str(path.relative_to(folder)))
    return found


def build_bundle(
    target: Path,
    *,
    bank: dict[str, Exercise],
    lessons: Path | None = None,
    solutions: Path | None = None,
) -> list[Path]:
    """Write the bundle into `target` (new or empty); returns the files written.

    The bundle is built in a temporary folder beside `target` and scanned there; it becomes
    `target` in one rename only when the scan finds nothing, so a stopped release leaves
    nothing on disk. A `target` inside `solutions` is refused: a bundle never sits in the answers.

    Raises:
        BillingInputError: `target` is not new or empty, sits inside `solutions` or cannot be
            written; or the scan found solution text (nothing is written then).
        OSError: a lesson notebook cannot be read.
    """
    lessons = lessons or course_source() / "notebooks"
    with OutputFiles(inputs=[solutions] if solutions else []) as outputs:
        target = outputs.folder(target, empty=True)
        built = outputs.build(target)
        files = {"README.txt": README.format(version=__version__)}
        for notebook in sorted(lessons.glob("*.ipynb")) if lessons.is_dir() else []:
            files[f"notebooks/{notebook.name}"] = _clean_notebook(
                notebook.read_text(encoding="utf-8")
            )
        files.update(
            {f"exercises/{name}": text for name, text in learner_version.render(bank).items()}
        )
        for name, text in files.items():
            (built / name).parent.mkdir(parents=True, exist_ok=True)
            (built / name).write_text(text, encoding="utf-8")
        leaked = leaks(built, bank)
        if leaked:
            raise BillingInputError(
                f"release stopped, nothing written: solution text found in {', '.join(leaked)}"
            )
    return [target / name for name in files]
