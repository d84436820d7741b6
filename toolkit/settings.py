"""Where a learner's files live. One place, documented in the README.

`CPT97530_HOME` (default `~/.cpt97530`) holds `learner.db` (answers and scores in the
lessons, see `toolkit.course.learner_store`) and `submissions/` (graded-exercise submissions, one
JSON file per attempt). A `progress.json` from an earlier version is imported once.
`CPT97530_SUBMISSIONS` moves submissions elsewhere, e.g. to a shared drive in a workshop.
Inside a JupyterHub server (`JUPYTERHUB_USER` set) with a class folder (`CPT97530_CLASS_DIR`),
the learner is the signed-in hub user and submissions go to the class folder's
`submissions/<hub user>/` (see `toolkit.course.class_folder`).
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


def hub_learner() -> str | None:
    """The signed-in hub user when running in a classroom hub server, else None."""
    return os.environ.get("JUPYTERHUB_USER") or None


def class_dir() -> Path | None:
    """The class folder shared with the instructor's dashboard (hub servers only)."""
    folder = os.environ.get("CPT97530_CLASS_DIR")
    return Path(folder) if folder and hub_learner() else None


def submissions_dir() -> Path:
    shared = class_dir()
    if shared is not None:
        from toolkit.course.class_folder import submissions_folder

        return submissions_folder(shared, hub_learner())
    override = os.environ.get("CPT97530_SUBMISSIONS")
    return Path(override) if override else learner_home() / "submissions"
