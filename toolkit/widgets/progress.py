"""The learner's progress for the widgets: a re-export of `toolkit.learner_store`.

Kept so existing callers (`from toolkit.widgets import progress`) keep working; the store
itself (SQLite at `$CPT97530_HOME/learner.db`) lives in `toolkit.learner_store`.
"""

from toolkit.learner_store import (  # noqa: F401
    ProgressNotSaved,
    practice_state,
    progress_summary,
    record_answer,
    save_practice,
    saved_answer,
    snapshot,
    summary,
    take_notice,
)

load = snapshot  # the old name: everything saved, in one read
