"""Where a learner's files live. One place, documented in the README.

`CPT97530_HOME` (default `~/.cpt97530`) holds `learner.db` (answers and scores in the
lessons, see `toolkit.learner_store`) and `submissions/` (graded-exercise submissions, one
JSON file per attempt). A `progress.json` from an earlier version is imported once.
`CPT97530_SUBMISSIONS` moves submissions elsewhere, e.g. to a shared drive in a workshop.
"""

from __future__ import annotations

import os
from pathlib import Path


def learner_home() -> Path:
    return Path(os.environ.get("CPT97530_HOME") or Path.home() / ".cpt97530")


def learner_db() -> Path:
    return learner_home() / "learner.db"


def progress_file() -> Path:
    """Where earlier versions kept progress (JSON); imported once into `learner_db()`."""
    return learner_home() / "progress.json"


def submissions_dir() -> Path:
    override = os.environ.get("CPT97530_SUBMISSIONS")
    return Path(override) if override else learner_home() / "submissions"
