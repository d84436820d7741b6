"""Quick checks: multiple choice, multi-select and sort-into-codes, with feedback on every
option (why it is right or wrong, and the source). Answers are saved and restored.
"""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from toolkit.course import learner_store as progress
from toolkit.course.exercises import grading_client
from toolkit.course.lessons import quick_checks
from toolkit.course.lessons.question import Question
from toolkit.widgets import common

CHOOSE = "Choose…"


class QuickCheck(widgets.VBox):
    """One question with its controls, Check, and feedback on every option.

    State other code observes, as traits: `chosen` (the learner's current answer, as
    `answer()` returns it, kept up to date as they choose), `correct` (the verdict on the
    last answer checked; None before a check) and `saved` (that verdict is in the learner
    store).
    """

    chosen = traitlets.Any(None, allow_none=True, read_only=True)
    correct = traitlets.Bool(None, allow_none=True, read_only=True)
    saved = traitlets.Bool(False, read_only=True)

    def __init__(self, item: Question, *, number: int = 1):
        """`item` a quick-check question, `number` its place on the page. Never raises: a
        saved answer that no longer fits the question is left out."""
        self.question, self.number = item, number
        prompt = widgets.HTML(
            f"<p><strong>Question {number}.</strong> {common.esc(item.prompt)}</p>"
        )
        self.controls = self._build_controls()
        self.check_button = common.button(
            "Check",
            css="cpt-check",
            tooltip=f"Check your answer to question {number}",
            style="primary",
        )
        self.message = common.field_message()
        self.save_status = common.save_status()
        self.feedback = widgets.HTML()
        self.feedback.add_class("cpt-feedback")
        super().__init__(
            [
                prompt,
                self.controls,
                widgets.HBox([self.check_button, self.message, self.save_status]),
                self.feedback,
            ]
        )
        self.add_class("cpt-quick-check")
        self.add_class(f"cpt-quick-check-{item.kind}")
        self.check_button.on_click(lambda _: self.check())
        self.set_trait("chosen", self.answer())
        common.watch_inputs(self.controls, lambda: self.set_trait("chosen", self.answer()))
        self._restore()

    def _build_controls(self) -> widgets.Widget:
        item = self.question
        if item.kind == "single":
            self.radio = widgets.RadioButtons(
                options=[o.text for o in item.options],
                value=None,
                description="Your answer",
                layout=widgets.Layout(width="auto"),
                style={"description_width": "initial"},
            )
            return self.radio
        if item.kind == "multi":
            self.boxes = [
                widgets.Checkbox(
                    description=o.text,
                    value=False,
                    indent=False,
                    layout=widgets.Layout(width="auto"),
                )
                for o in item.options
            ]
            return widgets.VBox(self.boxes)
        self.dropdowns, rows = [], []
        for i, option in enumerate(item.options, 1):
            menu = widgets.Dropdown(
                options=[CHOOSE, *item.categories],
                value=CHOOSE,
                description=f"Question {self.number}: scenario {i} goes under",
                style={"description_width": "initial"},
            )
            self.dropdowns.append(menu)
            rows.append(
                widgets.VBox([widgets.HTML(f"<p>{i}. {common.esc(option.text)}</p>"), menu])
            )
        return widgets.VBox(rows)

    def answer(self) -> object:
        """What the learner chose: option text, list of ticked texts, or list of categories."""
        kind = self.question.kind
        if kind == "single":
            return self.radio.value
        if kind == "multi":
            return [box.description for box in self.boxes if box.value]
        return [menu.value for menu in self.dropdowns]

    def set_answer(self, chosen: object) -> None:
        kind = self.question.kind
        if kind == "single":
            self.radio.value = chosen
        elif kind == "multi":
            for box in self.boxes:
                box.value = box.description in chosen
        else:
            for menu, value in zip(self.dropdowns, chosen):
                menu.value = value if value in menu.options else CHOOSE

    def _missing(self, chosen: object) -> str:
        kind = self.question.kind
        if kind == "single" and chosen is None:
            return "Choose an answer first."
        if kind == "sort" and CHOOSE in chosen:
            return f"Choose a code for every scenario first (scenario {chosen.index(CHOOSE) + 1} is open)."
        return ""

    def is_right(self, chosen: object) -> bool:
        return self.question.is_right(chosen)

    def check(self, *, save: bool = True) -> bool | None:
        """Check the chosen answer and show why each option is right or wrong; None (and a
        message) when nothing is chosen yet. Never raises: a save that fails is said."""
        chosen = self.answer()
        problem = self._missing(chosen)
        common.show_message(self.message, problem)
        if problem:
            return None
        self.set_trait("correct", self.is_right(chosen))
        self.feedback.value = self._feedback(chosen)
        if save:
            saved = common.try_save(
                self.save_status,
                lambda: progress.record_answer(
                    self.question.lesson,
                    item_id=self.question.key,
                    answer=chosen,
                    correct=self.correct,
                ),
            )
            if saved and grading_client.on_hub():  # the class's record of lesson progress
                saved = self._send_answers(chosen)
            self.set_trait("saved", saved)
        return self.correct

    def _send_answers(self, chosen: object) -> bool:
        try:
            grading_client.send_quick_check(
                self.question.lesson, item_id=self.question.key, answer=chosen
            )
        except (grading_client.NotAnswering, grading_client.Refused) as problem:
            said = (
                grading_client.NOT_ANSWERING
                if isinstance(problem, grading_client.NotAnswering)
                else f"Not sent: {problem}"
            )
            self.save_status.value = (
                f'<span class="cpt-msg cpt-not-saved" role="alert">{common.esc(said)}; '
                "it is sent with your next Check.</span>"
            )
            return False
        return True

    def _feedback(self, chosen: object) -> str:
        kind, items = self.question.kind, []
        for i, option in enumerate(self.question.options):
            if kind == "sort":
                ok = chosen[i] == option.correct
                line = (
                    f"Scenario {i + 1}: you chose {chosen[i]}; it goes under "
                    f"<strong>{common.esc(option.correct)}</strong>."
                )
            else:
                picked = option.text == chosen if kind == "single" else option.text in chosen
                should = option.correct is True
                ok = picked == should if kind == "multi" else should
                if kind == "multi":
                    mark = "Tick it" if should else "Leave it unticked"
                    yours = " (you ticked it)" if picked else " (you left it unticked)"
                else:
                    mark = "Right answer" if should else "Not right"
                    yours = " (your choice)" if picked else ""
                line = f"<strong>{mark}{yours}:</strong> {common.esc(option.text)}."
            sign = "✓" if ok else "✗"
            items.append(
                f"<li>{sign} {line} {common.esc(option.why)}<br>"
                f"{common.source_html(option.rule_id)}</li>"
            )
        head = "Correct." if self.correct else "Not quite: see why below."
        return common.box(
            f"<p><strong>{head}</strong></p><ul>{''.join(items)}</ul>",
            kind="ok" if self.correct else "bad",
        )

    def _restore(self) -> None:
        saved = progress.saved_answer(self.question.lesson, item_id=self.question.key)
        if not saved:
            return
        try:
            self.set_answer(saved.get("answer"))
        except Exception:  # a saved answer from an older question text: start this one fresh
            return
        if not self._missing(self.answer()):
            self.check(save=False)
        self.set_trait("saved", True)  # it came from the store


class QuickChecks(widgets.VBox):
    """All quick checks of one lesson, with the saved-progress notice when there is one."""

    def __init__(self, lesson_id: str):
        """Never raises: a lesson with no quick checks shows none."""
        self.checks = [
            QuickCheck(item, number=n)
            for n, item in enumerate(quick_checks.for_lesson(lesson_id), 1)
        ]
        notice = progress.take_notice()
        head = [widgets.HTML(common.box(common.esc(notice), kind="warn"))] if notice else []
        super().__init__(head + self.checks)
        self.add_class("cpt-quick-checks")


def for_lesson(lesson_id: str) -> QuickChecks:
    """The quick checks of a lesson, for its last cell. Never raises."""
    return QuickChecks(lesson_id)


def show(key: str) -> QuickCheck:
    """One quick check by its key.

    Raises:
        KeyError: no question has that key (a lesson's mistake, not a learner's)."""
    return QuickCheck(quick_checks.question(key))
