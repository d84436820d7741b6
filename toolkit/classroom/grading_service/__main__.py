"""Start the grading service (the hub runs this as its `cpt97530-grading` service)."""

import signal
import sys
from urllib.parse import urlparse

from tornado.ioloop import IOLoop

from toolkit.classroom.grading_service.service import make_app, open_records
from toolkit.course.exercises.bank import load_bank
from toolkit.errors import BillingInputError
from toolkit.settings import solutions_dir, value


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
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, lambda *_: loop.add_callback_from_signal(loop.stop))
    loop.start()
    records.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
