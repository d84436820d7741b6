"""The dashboard as a JupyterHub service (run by the hub: `python -m toolkit.classroom.dashboard`).

Sign-in is the hub's OAuth: only users with `access:services!service=class-dashboard`
(the instructors, via the hub config's `class-instructor` role, and hub admins) get in;
a learner gets 403 from the hub. The page asks for fresh data every few seconds; data,
downloads and the mode form are separate addresses under the service prefix.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import web

from toolkit.classroom.dashboard.class_view import ClassGrader, class_view
from toolkit.classroom.dashboard.page import page_html
from toolkit.classroom.settings import read_class_list
from toolkit.course import class_folder
from toolkit.course.exercises import gradebook
from toolkit.errors import BillingInputError
from toolkit.files.spreadsheet_csv import csv_text
from toolkit.settings import value


class _Instructor(HubOAuthenticated, web.RequestHandler):
    @property
    def class_dir(self) -> Path:
        return self.settings["class_dir"]

    def prepare(self):
        """Only on its own origin, and a change only from its own pages.

        Learners' servers share the hub's origin: a page a learner made, opened by an
        instructor, could read a dashboard on that origin (and its XSRF token) and drive it.
        So a request that reached the dashboard through the hub's address is sent to the
        dashboard's own address (GET) or refused; a state change must come from the
        dashboard's own origin (Origin and Sec-Fetch-Site, when the browser sends them)."""
        origin = self.settings["origin"]
        if origin and f"{self.request.protocol}://{self.request.host}" != origin:
            if self.request.method in ("GET", "HEAD"):
                self.redirect(origin + self.request.uri)
                return
            raise web.HTTPError(403, "the class dashboard answers on its own address only")
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            site = self.request.headers.get("Sec-Fetch-Site")
            sent_from = self.request.headers.get("Origin")
            if site not in (None, "same-origin") or sent_from not in (None, origin or sent_from):
                raise web.HTTPError(403, "a change to the class must come from its dashboard")

    def roster(self) -> list[str]:
        path = self.settings["class_list"]
        try:
            return read_class_list(path) if path else []
        except (OSError, BillingInputError):
            return []

    def set_default_headers(self):
        # Learner text is escaped by the page; this keeps any stray markup from running.
        self.set_header(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
        )
        self.set_header("X-Frame-Options", "DENY")  # never inside another page's frame
        self.set_header("X-Content-Type-Options", "nosniff")


class PageHandler(_Instructor):
    @web.authenticated
    def get(self):
        self.set_header("Cache-Control", "no-store")
        token = self.xsrf_token
        self.finish(
            page_html(
                self.current_user["name"],
                token.decode() if isinstance(token, bytes) else token,
                hub=value("JUPYTERHUB_HOST").rstrip("/"),
            )
        )


class ClassHandler(_Instructor):
    @web.authenticated
    def get(self):
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(
            json.dumps(
                class_view(
                    self.class_dir, self.settings["grader"], self.roster(), self.settings["staff"]
                )
            )
        )


class ModeHandler(_Instructor):
    @web.authenticated
    def post(self):
        mode = self.get_body_argument("mode", "practice")
        # Assessment counts each learner's first attempt unless the instructor chose otherwise.
        count = self.get_body_argument("count", class_folder.default_count(mode))
        if mode not in class_folder.MODES or count not in class_folder.COUNTS:
            raise web.HTTPError(400, "mode must be practice or assessment; count latest or first")
        released = self.get_body_argument("answers_released", "") == "yes"
        class_folder.write_mode(self.class_dir, mode=class_folder.ClassMode(mode, released, count))
        self.finish({"ok": True})


class DownloadHandler(_Instructor):
    @web.authenticated
    def get(self, what: str):
        results = self.settings["grader"].results()
        count = class_folder.read_mode(self.class_dir).count
        book = gradebook.gradebook_frame(results, count=count)
        self.set_header("Cache-Control", "no-store")
        if what == "gradebook.csv":
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            self.set_header("Content-Disposition", 'attachment; filename="gradebook.csv"')
            self.finish(csv_text(book))
        else:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Content-Disposition", 'attachment; filename="report.html"')
            self.finish(gradebook.report_html(results, book, gradebook.items_frame(results), count))


def make_app(
    class_dir: Path, bank, class_list: str = "", staff=(), grader=None, origin: str = ""
) -> web.Application:
    """`grader`: where the results come from (default the class folder's files, graded
    with `bank`; on a hub the grading service's records, `class_view.RecordsGrader`).
    `origin`: the dashboard's own (scheme://host:port) where instructors open it; the
    hub's sign-in (at JUPYTERHUB_HOST) then sends them back there."""
    prefix = value("JUPYTERHUB_SERVICE_PREFIX") or "/services/class-dashboard/"
    if origin:
        HubOAuth.instance(oauth_redirect_uri=origin + url_path_join(prefix, "oauth_callback"))
    return web.Application(
        [
            (prefix, PageHandler),
            (url_path_join(prefix, "api/class"), ClassHandler),
            (url_path_join(prefix, "api/mode"), ModeHandler),
            (url_path_join(prefix, r"(gradebook\.csv|report\.html)"), DownloadHandler),
            (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
        ],
        cookie_secret=os.urandom(32),
        xsrf_cookies=True,
        class_dir=Path(class_dir),
        grader=grader or ClassGrader(class_dir, bank),
        class_list=class_list,
        staff=set(staff),
        origin=origin.rstrip("/"),
    )
