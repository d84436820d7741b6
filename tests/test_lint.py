"""ruff (run by `make test`) sees every Python file of the package, the tests and the scripts.

pyproject's exclude patterns without a folder match a folder of that name anywhere: an
"exercises" meant for the generated top-level exercises/ once hid toolkit/course/exercises/
and tests/course/exercises/ from the linter and the formatter."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).with_name("ruff")


def test_ruff_checks_every_python_file_of_ours():
    shown = subprocess.run(
        [str(RUFF), "check", "--show-files", "."], cwd=ROOT, capture_output=True, text=True
    ).stdout
    seen = {Path(line.strip()).resolve() for line in shown.splitlines() if line.strip()}
    ours = {
        p.resolve()
        for folder in ("toolkit", "tests", "scripts", "deploy")
        for p in (ROOT / folder).rglob("*.py")
        if "labextension" not in p.parts and "node_modules" not in p.parts
    }
    assert sorted(str(p.relative_to(ROOT)) for p in ours - seen) == []
