"""Unlimited practice: seeded unit problems, checked by the rules engine, with a running score.

Problem n of a seed is always the same problem, so a learner who comes back continues
where they left off, and an educator can name "problem 12" in a workshop.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import ipywidgets as widgets
import traitlets

from toolkit.course import learner_store as progress
from toolkit.course.exercises import grading_client
from toolkit.errors import BillingInputError
from toolkit.rules.units import METHODS, bill_units, is_valid_allocation
from toolkit.widgets import common

TIMED_POOL = ("97530", "97110", "97112", "97116", "97140", "97535", "97035")
UNTIMED_POOL = ("97012", "97164")  # not 97010: Medicare bundles hot packs (never paid separately)


@dataclass(frozen=True)
class Problem:
    number: int
    minutes: dict[str, int]
    method: str

    def describe(self) -> str:
        parts = ", ".join(f"{c} for {m} minutes" for c, m in self.minutes.items())
        payer = (
            "Medicare (CMS 8-minute rule)"
            if self.method == "cms"
            else "a commercial payer that counts per code (AMA method)"
        )
        return f"Problem {self.number}: one patient's day: {parts}. The payer is {payer}."


def make_problem(seed: str, number: int) -> Problem:
    """Problem `number` of a seeded series: 1-3 timed codes, now and then an untimed one."""
    rng = random.Random(f"{seed}:{number}")
    chosen = rng.sample(TIMED_POOL, rng.choice((1, 2, 2, 3, 3)))
    if "97530" not in chosen and rng.random() < 0.5:  # it is a course on 97530
        chosen[0] = "97530"
    minutes = {code: rng.randint(3, 40) for code in chosen}
    if rng.random() < 0.2:
        minutes[rng.choice(UNTIMED_POOL)] = rng.randint(10, 30)
    method = "cms" if rng.random() < 0.75 else "ama"
    return Problem(number, minutes, method)


class Practice(widgets.VBox):
    """Seeded unit problems, one at a time, with a running score kept in the learner store.

    State other code observes, as traits: `number` (the problem shown), `tried` and `right`
    (the score), `saved` (the score shown is the one saved), `correct` (the verdict on the
    typed answer; None before a check and while a box needs fixing). The score line is
    rendered from `tried`, `right` and `saved`.
    """

    number = traitlets.Int(1, read_only=True)
    tried = traitlets.Int(0, read_only=True)
    right = traitlets.Int(0, read_only=True)
    saved = traitlets.Bool(True, read_only=True)
    correct = traitlets.Bool(None, allow_none=True, read_only=True)

    def __init__(self, lesson_id: str, *, seed: str | None = None):
        """Practice for a lesson, continuing where the learner left off; `seed` picks the
        series (default the lesson's). Never raises: a store that cannot be read starts
        afresh with a notice."""
        self.lesson_id, self.seed = lesson_id, seed or lesson_id
        state = progress.practice_state(lesson_id)
        self.scored = False  # the first check of a problem counts toward the score
        self.problem_html = widgets.HTML()
        self.problem_html.add_class("cpt-problem")
        self.answers_box = widgets.VBox()
        self.check_button = common.button(
            "Check my answer",
            css="cpt-check",
            tooltip="Check the units you entered",
            style="primary",
        )
        self.next_button = common.button(
            "Next problem", css="cpt-next", tooltip="Show a new problem"
        )
        self.feedback = widgets.HTML()
        self.feedback.add_class("cpt-feedback")
        self.score = widgets.HTML()
        self.score.add_class("cpt-score")
        self.save_status = common.save_status()
        notice = progress.take_notice()
        super().__init__(
            [
                widgets.HTML(common.box(common.esc(notice), kind="warn"))
                if notice
                else widgets.HTML(),
                widgets.HTML(
                    "<strong>Practice</strong>: type the units you would bill for each code, "
                    "then press “Check my answer”."
                ),
                self.problem_html,
                self.answers_box,
                widgets.HBox([self.check_button, self.next_button]),
                self.feedback,
                widgets.HBox([self.score, self.save_status]),
            ]
        )
        self.add_class("cpt-practice")
        self.check_button.on_click(lambda _: self.check())
        self.next_button.on_click(lambda _: self.next_problem())
        self.set_trait("tried", state["tried"])
        self.set_trait("right", state["right"])
        self.set_trait("number", state["problem"] or 1)
        self._show_problem()

    def _show_problem(self) -> None:
        self.problem = make_problem(self.seed, self.number)
        self.problem_html.value = f"<p>{common.esc(self.problem.describe())}</p>"
        self.inputs: dict[str, tuple[widgets.Text, widgets.HTML]] = {}
        rows = []
        for code in self.problem.minutes:
            box = common.text_input(
                f"Units for {code}",
                placeholder="e.g. 2",
                width="14em",
                css="cpt-units-input",
                tooltip=f"How many units you would bill for {code}",
            )
            message = common.field_message()
            self.inputs[code] = (box, message)
            rows.append(widgets.HBox([box, message]))
            common.watch_inputs(box, self._recheck)
        self.answers_box.children = rows
        self.feedback.value = ""
        self.scored = self.checked = False
        self.set_trait("correct", None)
        self._show_score()

    def _recheck(self) -> None:
        if self.checked:  # a value that arrived after "Check": show feedback for what is typed
            self.check()

    @traitlets.observe("tried", "right", "saved")
    def _show_score(self, _change=None) -> None:
        saved = " Saved for next time." if self.saved else ""
        self.score.value = (
            f"<p>Score: <strong>{self.right} right out of {self.tried}</strong> "
            f"(first try on each problem counts).{saved}</p>"
        )

    def answer(self, units: dict[str, str]) -> None:
        """Type answers into the boxes (what a learner does by hand)."""
        for code, text in units.items():
            self.inputs[code][0].value = str(text)

    def check(self) -> bool | None:
        """Check the typed units; None when a box needs fixing first (never raises)."""
        units, ok, self.checked = {}, True, True
        for code, (box, message) in self.inputs.items():
            try:
                units[code] = common.parse_count(box.value, what=code)
                common.show_message(message, "")
            except BillingInputError as bad:
                common.show_message(message, str(bad))
                ok = False
        if not ok:
            self.set_trait("correct", None)
            self.feedback.value = "<p>Fix the box marked in red, then check again.</p>"
            return None
        correct = is_valid_allocation(
            self.problem.minutes, units_by_code=units, method=self.problem.method
        )
        self.set_trait("correct", correct)
        if not self.scored:
            self.scored = True
            self.set_trait("tried", self.tried + 1)
            self.set_trait("right", self.right + int(correct))
            self._save()
        self.feedback.value = self._explain(units, correct)
        return correct

    def _explain(self, units: dict[str, int], correct: bool) -> str:
        result = bill_units(self.problem.minutes, method=self.problem.method)
        expected = ", ".join(f"{c}: {n}" for c, n in result.units.items())
        yours = ", ".join(f"{c}: {n}" for c, n in units.items())
        head = "Right." if correct else f"Not quite. You entered {yours}."
        steps = "".join(
            f"<li>{common.esc(s.text)}<br>{common.source_html(s.rule_id)}</li>"
            for s in result.steps
        )
        body = (
            f"<p><strong>{common.esc(head)}</strong> The answer under the "
            f"{common.esc(METHODS[result.method])}: {common.esc(expected)} "
            f"({result.total_units} in all).</p><ol>{steps}</ol>"
        )
        return common.box(body, kind="ok" if correct else "bad")

    def next_problem(self) -> None:
        """Show the next problem of the series (the score is saved with it)."""
        self.set_trait("number", self.number + 1)
        self._save()
        self._show_problem()

    def _save(self) -> None:
        saved = common.try_save(
            self.save_status,
            lambda: progress.save_practice(
                self.lesson_id, tried=self.tried, right=self.right, problem=self.number
            ),
        )
        if saved and grading_client.on_hub():  # the class's view of practice done
            try:
                grading_client.send_practice(self.lesson_id, tried=self.tried, right=self.right)
            except (grading_client.NotAnswering, grading_client.Refused):
                pass  # the counts only grow: the next problem's report carries these too
        self.set_trait("saved", saved)


def show(lesson_id: str, *, seed: str | None = None) -> Practice:
    """Practice for a lesson cell. Never raises (see `Practice`)."""
    return Practice(lesson_id, seed=seed)
