"""Lesson 1's "Start a lesson afresh": restore one lesson or exercise in the learner's copy.

The same action as `cpt97530 reset-lesson` (toolkit.course.course_copy.reset_lesson); answers and
scores are kept because they live in learner.db and submissions/, not in the notebook.
"""

from __future__ import annotations

import ipywidgets as widgets

from toolkit.errors import BillingInputError
from toolkit.widgets import common


class StartAfresh(widgets.VBox):
    def __init__(self):
        from toolkit.course.course_copy import package_course

        names = sorted(p.stem for p in (package_course() / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        names += sorted(p.stem for p in (package_course() / "exercises").glob("ex*.ipynb"))
        self.choice = widgets.Dropdown(
            options=names,
            value=None,
            description="Lesson or exercise",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.choice.add_class("cpt-afresh-choice")
        self.button = common.button(
            "Start it afresh",
            "cpt-afresh",
            "Put the course's own version back; your answers and scores are kept",
        )
        self.button.on_click(lambda _: self.restore())
        self.message = widgets.HTML("")
        self.message.add_class("cpt-afresh-message")
        super().__init__([widgets.HBox([self.choice, self.button]), self.message])
        self.add_class("cpt-start-afresh")

    def restore(self) -> None:
        from toolkit.course.course_copy import reset_lesson

        if not self.choice.value:
            common.show_message(self.message, "choose a lesson or exercise first")
            return
        try:
            restored = reset_lesson(self.choice.value)
        except (BillingInputError, OSError) as problem:
            common.show_message(self.message, f"it could not be restored: {problem}")
            return
        self.message.value = common.box(
            f"{common.esc(restored[0].stem)} is the course's own version again. Close its tab "
            "and open it again to see it; your answers and scores are kept.",
            "ok",
        )


def show() -> StartAfresh:
    return StartAfresh()
