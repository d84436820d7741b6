"""Start the grading service (the hub runs this as its `cpt97530-grading` service)."""

import signal
import sys
from urllib.parse import urlparse

from tornado.ioloop import IOLoop, PeriodicCallback

from toolkit.classroom.grading_service.service import keep_mode, make_app, open_records
from toolkit.course.exercises.bank import load_bank
from toolkit.errors import BillingInputError
from toolkit.settings import solutions_dir, value

MODE_SYNC_SECONDS = 3  # how soon a mode switch is kept with the records


def main() -> int:
    class_dir = value("CPT97530_CLASS_DIR")
    folder = solutions_dir()
    if not class_dir or folder is None:
        print(
            "grading service: needs CPT97530_CLASS_DIR and the exercise bank (CPT97530_SOLUTIONS)",
            file=sys.stderr,
        )
        return 2
    try:
        bank = load_bank(folder)
        records = open_records(bank)
    except BillingInputError as wrong:
        print(f"grading service: {wrong}", file=sys.stderr)
        return 2
    url = urlparse(value("JUPYTERHUB_SERVICE_URL"))
    staff = [n for n in value("CPT97530_INSTRUCTORS").split(",") if n]
    app = make_app(class_dir, bank, records, staff)
    app.listen(url.port, value("CPT97530_GRADING_BIND") or url.hostname, max_body_size=1 << 20)
    loop = IOLoop.current()
    # A mode switch on the dashboard reaches the records within seconds, learners or not.
    keep_mode(app.settings)
    PeriodicCallback(lambda: keep_mode(app.settings), MODE_SYNC_SECONDS * 1000).start()
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, lambda *_: loop.add_callback_from_signal(loop.stop))
    loop.start()
    records.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
