"""Each learner's server keeps a small progress summary in the class folder.

The dashboard reads only the class folder (on Kubernetes the learners' homes are separate
volumes it cannot see), so after every saved answer the learner's own server rewrites
`progress/<learner>/summary.json` there: per lesson, quick checks answered and right, and
practice tried and right. Outside a hub, and on a hub with the grading service (which
records the answers itself), nothing is written.
"""

from __future__ import annotations

from toolkit.settings import class_dir, grading_url, hub_learner


def lesson_counts() -> dict[str, dict[str, int]]:
    """The learner's counts for every lesson, from their own learner store."""
    from toolkit.course.learner_store import progress_summary

    return {
        lesson_id: {
            "answered": c["answered"],
            "right": c["right"],
            "questions": c["quick_checks"],
            "practice_tried": c["practice_tried"],
            "practice_right": c["practice_right"],
            "done": int(c["done"]),
        }
        for lesson_id, c in progress_summary()["lessons"].items()
    }


def publish() -> None:
    """Rewrite this learner's summary in the class folder (hub servers only; never raises)."""
    folder, learner = class_dir(), hub_learner()
    if folder is None or learner is None or grading_url() is not None:
        return  # with a grading service the class's record is the service's
    from toolkit.course.class_folder import write_summary

    try:
        write_summary(folder, learner=learner, lessons=lesson_counts())
    except OSError:  # the dashboard shows an older summary; the learner's own save succeeded
        pass
