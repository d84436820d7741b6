"""Lesson 1's "Start a lesson afresh": restore one lesson or exercise in the learner's copy.

The same action as `cpt97530 reset-lesson` (toolkit.course.course_copy.reset_lesson); answers and
scores are kept because they live in learner.db and submissions/, not in the notebook.
"""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from toolkit.course.shipped import restorable_names
from toolkit.errors import BillingInputError
from toolkit.widgets import common


class StartAfresh(widgets.VBox):
    """A menu of the course's lessons and exercises and a button that restores the chosen one.

    `restored` (a trait) holds the files the last restore put back ([] before one)."""

    restored = traitlets.List(read_only=True)

    def __init__(self):
        """Never raises: when the course is not found the menu is empty and says why."""
        try:
            names, problem = restorable_names(), ""
        except BillingInputError as bad:
            names, problem = [], str(bad)
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
            css="cpt-afresh",
            tooltip="Put the course's own version back; your answers and scores are kept",
        )
        self.button.on_click(lambda _: self.restore())
        self.message = widgets.HTML("")
        self.message.add_class("cpt-afresh-message")
        common.show_message(self.message, problem)
        super().__init__([widgets.HBox([self.choice, self.button]), self.message])
        self.add_class("cpt-start-afresh")

    def restore(self) -> None:
        """Restore the chosen lesson or exercise; a problem is said beside the button."""
        from toolkit.course.course_copy import reset_lesson

        if not self.choice.value:
            common.show_message(self.message, "choose a lesson or exercise first")
            return
        try:
            restored = reset_lesson(self.choice.value)
        except (BillingInputError, OSError) as problem:
            common.show_message(self.message, f"it could not be restored: {problem}")
            return
        self.set_trait("restored", restored)
        self.message.value = common.box(
            f"{common.esc(restored[0].stem)} is the course's own version again. Close its tab "
            "and open it again to see it; your answers and scores are kept.",
            kind="ok",
        )


def show() -> StartAfresh:
    """The "Start a lesson afresh" control for lesson 1. Never raises."""
    return StartAfresh()
