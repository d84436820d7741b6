"""Start the class dashboard (the hub runs this as its `class-dashboard` service)."""

import signal
import sys
from urllib.parse import urlparse

from tornado.ioloop import IOLoop

from toolkit.classroom.dashboard.service import make_app
from toolkit.course.exercises.bank import load_bank
from toolkit.settings import solutions_dir, value


def main() -> int:
    class_dir = value("CPT97530_CLASS_DIR")
    folder = solutions_dir()
    records = value("CPT97530_GRADING_DB")
    if records:  # on a hub: the grading service's records, no exercise bank here
        from toolkit.classroom.dashboard.class_view import RecordsGrader
        from toolkit.course.exercises.records import Records

        grader = RecordsGrader(Records(records, read_only=records.startswith("sqlite")))
    elif not class_dir or folder is None:
        print(
            "class dashboard: needs CPT97530_CLASS_DIR and the exercise bank (solutions/, or "
            "CPT97530_SOLUTIONS)",
            file=sys.stderr,
        )
        return 2
    else:
        grader = None
    url = urlparse(value("JUPYTERHUB_SERVICE_URL"))
    staff = [n for n in value("CPT97530_INSTRUCTORS").split(",") if n]
    bank = load_bank(folder) if grader is None else {}
    app = make_app(
        class_dir,
        bank,
        value("CPT97530_CLASS_LIST"),
        staff,
        grader=grader,
        origin=value("CPT97530_DASHBOARD_URL"),  # its own origin (the hub config sets it)
    )
    app.listen(url.port, value("CPT97530_DASHBOARD_BIND") or url.hostname)
    loop = IOLoop.current()
    # The hub stops a service with SIGINT (then SIGTERM); both end it at once and quietly,
    # also when started from a shell that ignores SIGINT for background jobs.
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, lambda *_: loop.add_callback_from_signal(loop.stop))
    loop.start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
