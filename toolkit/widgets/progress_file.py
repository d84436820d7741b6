"""Save one's progress as a file, and bring it back: the browser version's page "my_progress"
(a new laptop, a cleared browser). The work is in `toolkit.course.progress_file`."""

from __future__ import annotations

import base64
from datetime import date

import ipywidgets as widgets

from toolkit.course.learner_store import ProgressNotSaved
from toolkit.course.progress_file import export_text, import_progress
from toolkit.errors import BillingInputError
from toolkit.widgets import common


class ProgressFile(widgets.VBox):
    """A button that makes a download link of the progress file, and an upload box that
    brings one back; `status` says what happened in one line."""

    def __init__(self) -> None:
        self.save = widgets.Button(description="Save my progress as a file")
        self.save.add_class("cpt-export")
        self.link = widgets.HTML("")
        self.link.add_class("cpt-export-link")
        self.upload = widgets.FileUpload(
            accept=".json", multiple=False, description="Bring back a progress file"
        )
        self.upload.add_class("cpt-import")
        self.status = widgets.HTML("")
        self.status.add_class("cpt-status")
        super().__init__([self.save, self.link, self.upload, self.status])
        self.add_class("cpt-progress-file")
        self.save.on_click(lambda _button: self.export())
        self.upload.observe(lambda change: self.bring_back(), names="value")

    def export(self) -> None:
        """Show a download link holding the progress file (made in the page: no server)."""
        text = export_text()
        encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
        name = f"cpt97530-progress-{date.today().isoformat()}.json"
        self.link.value = (
            f'<a download="{name}" href="data:application/json;base64,{encoded}">'
            f"Download {common.esc(name)}</a> (keep it; bring it back here on another computer)"
        )

    def bring_back(self) -> None:
        """Import the uploaded file; its one-line outcome in `status`."""
        if not self.upload.value:
            return
        raw = bytes(self.upload.value[0]["content"])
        try:
            told = import_progress(raw)
        except (BillingInputError, ProgressNotSaved, OSError) as problem:
            self.status.value = common.box(
                f'<span class="cpt-msg" role="alert">Not brought back: '
                f"{common.esc(str(problem))}</span>",
                kind="bad",
            )
            return
        self.status.value = common.box(
            f'<span class="cpt-msg">{common.esc(told)} Reopen a lesson to see it.</span>',
            kind="ok",
        )


def show() -> ProgressFile:
    """The save and bring-back controls. Never raises."""
    return ProgressFile()
