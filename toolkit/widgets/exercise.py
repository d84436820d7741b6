"""The graded exercise: read a note, answer with controls, Submit, see score and reasons.

`exercise("ex01_tidy_visit")` is the one line an exercise notebook runs. The widget shows
the note and the drafted claim (from the learner version in `exercises/`), takes the
answers, and on Submit: checks each entry (a message beside a bad field; nothing saved
until they are fixed), writes the submission file (a new attempt every time, see
`toolkit.course.exercises.submission`), then grades it with the exercise bank when this
installation has one (see `toolkit.course.exercises.bank`) and shows the score and the feedback
for every item with its sources. No rule is computed here.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import traitlets

from toolkit.course.exercises import grading_client
from toolkit.course.exercises.attempts import (
    answers_hidden,
    earlier_attempts,
    find_learner_data,
    grade_attempt,
    remember_name,
    save_attempt,
    saved_name,
)
from toolkit.course.exercises.grading import MAX_ITEM_TEXT, clean_answers
from toolkit.course.exercises.records import result_from_dict
from toolkit.course.exercises.submission import check_learner_name
from toolkit.errors import BillingInputError
from toolkit.reference import modifiers as known_modifiers
from toolkit.rules.parsing import parse_modifiers
from toolkit.settings import hub_learner
from toolkit.widgets import common

STATUS_WORDS = {
    "correct": "Right",
    "partial": "Partly right",
    "wrong": "Not right",
    "unanswered": "Not answered",
}


class ExerciseWidget(widgets.VBox):
    """One exercise: the note, the answer boxes, Submit, the score.

    The state other code observes is in traits: `values` (everything on screen, as typed),
    `submitted_values` (what the last saved or restored attempt held), `last_path` (its file),
    `last_result` (its grade; None before one or without a bank). "Still empty" and "not saved
    yet" are rendered from `values` and `submitted_values`.
    """

    values = traitlets.Any(read_only=True)
    submitted_values = traitlets.Any(None, allow_none=True, read_only=True)
    last_path = traitlets.Any(None, allow_none=True, read_only=True)
    last_result = traitlets.Any(None, allow_none=True, read_only=True)

    def __init__(self, data: dict, *, save_to: Path | None = None, bank_folder: Path | None = None):
        """`data` is an exercise's learner version (`find_learner_data`); `save_to` the folder
        for submissions (default the learner's), `bank_folder` the exercise bank's (default
        the installation's). Raises KeyError when `data` lacks a part of an exercise."""
        self.data, self.save_to, self.bank_folder = data, save_to, bank_folder
        self._unsent = None  # (answers, request id) not yet confirmed by the grading service
        self.name = common.text_input(
            "Your name",
            placeholder="Sam Lee",
            width="22em",
            css="cpt-learner-name",
            tooltip="Your name, so your instructor can find your work",
        )
        # In a classroom hub the learner is who signed in: no name box to fill in or fake.
        self.hub_user = hub_learner()
        self.name.value = self.hub_user or saved_name()
        self.name_msg = common.field_message()
        self.problem_boxes = {}
        for option in data["problem_options"]:
            box = widgets.Checkbox(
                value=False,
                description=option["label"],
                indent=False,
                layout=widgets.Layout(width="auto"),
            )
            box.add_class("cpt-problem")
            box.add_class(f"cpt-problem-{option['id']}")
            self.problem_boxes[option["id"]] = box
        self.problems_msg = common.field_message()
        self.units, self.mods, self.unit_msgs, self.mod_msgs = {}, {}, {}, {}
        rows = []
        for code in data["codes"]:
            self.units[code] = common.text_input(
                f"{code} units",
                placeholder="",
                width="10em",
                css="cpt-units-input",
                tooltip=f"Units to bill for {code}",
            )
            self.mods[code] = common.text_input(
                f"{code} modifiers",
                placeholder="",
                width="18em",
                css="cpt-modifiers-input",
                tooltip=f"Modifiers on the {code} line, separated by commas",
            )
            self.unit_msgs[code], self.mod_msgs[code] = (
                common.field_message(),
                common.field_message(),
            )
            rows.append(
                widgets.HBox(
                    [self.units[code], self.unit_msgs[code], self.mods[code], self.mod_msgs[code]],
                    layout=widgets.Layout(flex_flow="row wrap"),
                )
            )
        self.decision = widgets.RadioButtons(
            options=[(d["label"], d["id"]) for d in data["decisions"]],
            value=None,
            layout=widgets.Layout(width="auto"),
        )
        self.decision.add_class("cpt-decision")
        self.decision_msg = common.field_message()
        self.question_msgs: dict[str, widgets.HTML] = {}
        self.questions, question_rows = self._question_controls(data.get("questions", ()))
        self.submit_button = common.button(
            "Submit",
            css="cpt-submit",
            tooltip="Save these answers and see your score",
            style="primary",
        )
        self.submit_button.on_click(lambda _: self.submit())
        self.fresh_button = common.button(
            "Start a fresh attempt",
            css="cpt-fresh-attempt",
            tooltip="Clear the boxes; your saved attempts are kept",
        )
        self.fresh_button.on_click(lambda _: self.start_fresh())
        self.still_empty = widgets.HTML("")
        self.still_empty.add_class("cpt-still-empty")
        self.status = widgets.HTML("")
        self.status.add_class("cpt-status")
        self.feedback = widgets.HTML("")
        self.feedback.add_class("cpt-feedback")
        super().__init__(
            [
                widgets.HTML(self._note_html()),
                self._identity_row(),
                widgets.HTML(
                    "<h3>1. Which documentation problems does the note have? "
                    "(tick all that apply, or None)</h3>"
                ),
                widgets.VBox(list(self.problem_boxes.values())),
                self.problems_msg,
                widgets.HTML(
                    "<h3>2. Units to bill for each code (0 if none), and 3. the "
                    "modifiers on each line you would bill</h3>"
                ),
                *rows,
                widgets.HTML("<h3>4. What should happen to this claim?</h3>"),
                self.decision,
                self.decision_msg,
                *question_rows,
                self.still_empty,
                widgets.HBox([self.submit_button, self.fresh_button, self.status]),
                self.feedback,
            ]
        )
        self.add_class("cpt-exercise")
        self._show_earlier_attempts()
        self.set_trait("values", self._values())  # renders "still empty"
        common.watch_inputs(self, lambda: self.set_trait("values", self._values()))

    def _question_controls(self, questions) -> tuple[dict, list]:
        """Question 5's controls, one per question of the exercise's own section (a claim-form
        box, a pointer, a denial's fix...): a choice is radio buttons, a value a text box."""
        controls, rows, group = {}, [], None
        if questions:
            rows.append(
                widgets.HTML("<h3>5. The claim form and what comes after (one answer each)</h3>")
            )
        for q in questions:
            if q.get("group") and q["group"] != group:
                group = q["group"]
                rows.append(widgets.HTML(f"<h4>{common.esc(group)}</h4>"))
            if q["kind"] == "choice":
                control = widgets.RadioButtons(
                    options=list(q["options"]),
                    value=None,
                    description="",
                    layout=widgets.Layout(width="auto"),
                )
                control.add_class("cpt-question-choice")
                label = widgets.HTML(f"<p>{common.esc(q['prompt'])}</p>")
                rows += [label, control]
            else:
                control = common.text_input(
                    q["prompt"], width="40em", css="cpt-question-text", tooltip=q["prompt"]
                )
                rows.append(control)
            controls[q["id"]] = control
            self.question_msgs[q["id"]] = common.field_message()
            rows.append(self.question_msgs[q["id"]])
        return controls, rows

    @traitlets.observe("values")
    def _values_changed(self, _change) -> None:
        self._show_still_empty()
        self._warn_if_changed_after_submit()

    def empty_answers(self) -> list[str]:
        """The required answers not given yet, named as on screen (modifiers may be none)."""
        empty = (
            []
            if any(b.value for b in self.problem_boxes.values())
            else ["question 1 (tick None if none)"]
        )
        empty += [
            f"{code} units" for code in self.data["codes"] if not self.units[code].value.strip()
        ]
        empty += [] if self.decision.value else ["question 4"]
        blank = sum(1 for c in self.questions.values() if not (c.value or "").strip())
        return empty + ([f"{blank} answer(s) of question 5"] if blank else [])

    def _show_still_empty(self) -> None:
        empty = self.empty_answers()
        self.still_empty.value = (
            f'<p class="cpt-still-empty-line">Still empty: {common.esc(", ".join(empty))}. '
            "An empty answer scores no points.</p>"
            if empty
            else ""
        )

    def start_fresh(self) -> None:
        """Clear every answer (not the name); the saved attempts stay as they are."""
        for box in self.problem_boxes.values():
            box.value = False
        for box in (*self.units.values(), *self.mods.values()):
            box.value = ""
        self.decision.value = None
        for control in self.questions.values():
            control.value = None if isinstance(control, widgets.RadioButtons) else ""
        self.set_trait("submitted_values", None)
        self.set_trait("last_result", None)
        self.feedback.value = ""
        self.status.value = (
            '<span class="cpt-saved">A fresh attempt: the boxes are empty. Your '
            "earlier attempts stay saved; Submit adds a new one.</span>"
        )

    def _identity_row(self) -> widgets.Widget:
        if self.hub_user:
            row = widgets.HTML(
                f'<p class="cpt-signed-in">Signed in as <strong>'
                f"{common.esc(self.hub_user)}</strong>: your work is filed under this name.</p>"
            )
            return row
        return widgets.HBox([self.name, self.name_msg])

    def _values(self) -> tuple:
        """Everything the learner has entered, as shown on screen."""
        return (
            self.name.value,
            tuple(b.value for b in self.problem_boxes.values()),
            tuple(self.units[c].value for c in self.data["codes"]),
            tuple(self.mods[c].value for c in self.data["codes"]),
            self.decision.value,
            tuple(c.value for c in self.questions.values()),
        )

    def _warn_if_changed_after_submit(self) -> None:
        """A change after Submit (or an edit the browser delivered late) is not saved yet: say so."""
        if self.submitted_values is not None and self.values != self.submitted_values:
            self.status.value = (
                '<span class="cpt-msg cpt-unsaved" role="alert">You changed an answer '
                "after pressing Submit. That change is not saved yet: press Submit "
                "again to save these answers as a new attempt.</span>"
            )

    def _note_html(self) -> str:
        d, esc = self.data, common.esc
        claim = common.html_table(
            ["Line", "Code", "Units", "Modifiers"],
            rows=[
                [c["line"], c["code"], c["units"], ", ".join(c["modifiers"])] for c in d["claim"]
            ],
            caption="Claim lines as drafted",
        )
        return (
            f"{common.STYLE}<h2>{esc(d['title'])}</h2>"
            f"<p><strong>Payer:</strong> {esc(d['payer'])} &nbsp; <strong>Year:</strong> {d['year']}</p>"
            f"<p>{esc(d['scenario'])}</p>"
            "<p><em>Synthetic training note, no real patient.</em></p>"
            f'<pre class="cpt-note" style="white-space:pre-wrap;background:#f7f7f2;'
            f'border:1px solid #ccc;padding:8px">{esc(d["note_text"])}</pre>{claim}'
        )

    # -- reading the answers ---------------------------------------------------------------
    def answers(self) -> dict | None:
        """The answers as data, or None after writing a message beside each bad field."""
        ok = True
        for msg in [
            self.name_msg,
            self.problems_msg,
            self.decision_msg,
            *self.unit_msgs.values(),
            *self.mod_msgs.values(),
            *self.question_msgs.values(),
        ]:
            common.show_message(msg, "")
        picked = [k for k, box in self.problem_boxes.items() if box.value]
        if "none" in picked and len(picked) > 1:
            common.show_message(
                self.problems_msg, "'None' cannot be ticked together with a problem"
            )
            ok = False
        units, mods = {}, {}
        for code in self.data["codes"]:
            text = self.units[code].value.strip()
            try:
                units[code] = common.parse_count(text, what=code) if text else None
            except BillingInputError as bad:
                common.show_message(self.unit_msgs[code], str(bad))
                ok = False
            try:
                found = parse_modifiers(
                    self.mods[code].value or "", known=known_modifiers(), code=code
                )
                if found:
                    mods[code] = list(found)
            except BillingInputError as bad:
                common.show_message(self.mod_msgs[code], str(bad))
                ok = False
        found = {
            "problems": picked or None,
            "units": units,
            "modifiers": mods,
            "decision": self.decision.value,
        }
        for qid, control in self.questions.items():
            if len((control.value or "").strip()) > MAX_ITEM_TEXT:
                common.show_message(
                    self.question_msgs[qid], f"at most {MAX_ITEM_TEXT} characters: shorten it"
                )
                ok = False
        if self.questions:  # only exercises with their own questions send the field
            found["items"] = {
                qid: (c.value or "").strip() or None for qid, c in self.questions.items()
            }
        return found if ok else None

    # -- submitting ------------------------------------------------------------------------
    def submit(self) -> None:
        """Check every entry, save a new attempt, show the score. Never raises: a bad entry is
        named beside its field, a save that fails is said in the status line."""
        self.feedback.value = ""
        values = self._values()
        answers = self.answers()
        try:
            name = check_learner_name(self.hub_user or self.name.value)
        except BillingInputError as bad:
            common.show_message(self.name_msg, str(bad))
            answers = None
        if answers is None:
            self.status.value = (
                '<span class="cpt-msg">Fix the marked fields, then Submit again.</span>'
            )
            return
        if grading_client.on_hub():
            self._send_answers(values, answers)
            return
        try:
            saved = save_attempt(
                name, exercise_id=self.data["id"], answers=answers, folder=self.save_to
            )
        except (BillingInputError, OSError) as problem:
            self.status.value = common.box(
                f"Your answers were NOT saved: {common.esc(problem)}. They are still on screen; "
                "try Submit again or tell your instructor.",
                kind="bad",
            )
            return
        self.set_trait("last_path", saved.path)
        self.set_trait("submitted_values", values)
        self.status.value = (
            f'<span class="cpt-saved">Saved: attempt {saved.attempts} of this '
            f"exercise.</span>{self._unreadable_warning(saved.unreadable)}"
            f"{self._name_warning(remember_name(name))}"
        )
        self._show_grade(saved.answers)

    def _send_answers(self, values: tuple, answers: dict) -> None:
        """On a hub: the grading service stores and grades the attempt. Until it has
        answered, the same answers keep the same request id, so a retry never counts twice."""
        if self._unsent is None or self._unsent[0] != answers:
            self._unsent = (answers, grading_client.new_request_id())
        try:
            sent = grading_client.send_attempt(
                self.data["id"], answers=answers, request_id=self._unsent[1]
            )
        except grading_client.NotAnswering:
            self.status.value = common.box(
                f"{grading_client.NOT_ANSWERING}. Press Submit again in a moment.", kind="bad"
            )
            return
        except grading_client.Refused as problem:
            then = "press Submit again in a moment" if problem.retry else "tell your instructor"
            self.status.value = common.box(
                f"Your answers were NOT saved: {common.esc(problem)}. They are still on screen; "
                f"{then}.",
                kind="bad",
            )
            return
        self._unsent = None
        self.set_trait("submitted_values", values)
        self.status.value = (
            f'<span class="cpt-saved">Saved: attempt {int(sent["attempt"])} of this '
            "exercise.</span>"
        )
        self._show_sent_grade(sent)

    def _show_sent_grade(self, sent: dict) -> None:
        result = result_from_dict(sent["result"])
        self.set_trait("last_result", result)
        self.feedback.value = feedback_html(result, hide_answers=bool(sent["hide_answers"]))

    def _show_earlier_from_service(self) -> None:
        try:
            found = grading_client.latest_attempt(self.data["id"])
        except (grading_client.NotAnswering, grading_client.Refused):
            self.status.value = (
                '<span class="cpt-msg">Your earlier attempts cannot be shown now: the grading '
                "service is not answering. Submit still works once it is back.</span>"
            )
            return
        latest, count = found.get("latest"), int(found.get("count", 0))
        if not latest:
            return
        self._fill(clean_answers(latest["answers"]))
        self.set_trait("submitted_values", self._values())
        plural = "s" if count != 1 else ""
        self.status.value = (
            f'<span class="cpt-saved cpt-restored">Your latest answers are back '
            f"({count} saved attempt{plural}, the last on "
            f"{common.esc(str(latest['submitted_at'])[:16].replace('T', ' '))} UTC). Submit "
            "saves a new attempt; “Start a fresh attempt” clears the boxes.</span>"
        )
        self._show_sent_grade(latest)

    @staticmethod
    def _name_warning(problem: str) -> str:
        """The submission is saved even when the name cannot be kept for next time."""
        return (
            ' <span class="cpt-msg cpt-not-saved" role="alert">Your name was not saved '
            f"for next time: {common.esc(problem)}.</span>"
            if problem
            else ""
        )

    @staticmethod
    def _unreadable_warning(problem: str) -> str:
        return (
            f' <span class="cpt-msg cpt-not-readable" role="alert">Saved, but {common.esc(problem)}.'
            "</span>"
            if problem
            else ""
        )

    def _show_earlier_attempts(self) -> None:
        """After a restart or the next day: the latest attempt's answers and score come back."""
        if grading_client.on_hub():
            self._show_earlier_from_service()
            return
        found = earlier_attempts(
            self.hub_user or self.name.value, exercise_id=self.data["id"], folder=self.save_to
        )
        plural = "s" if found.count != 1 else ""
        if found.latest is None:
            if found.count:
                self.status.value = (
                    f'<span class="cpt-msg">You have {found.count} saved attempt'
                    f"{plural}, but none could be read back; a new Submit adds one.</span>"
                )
            return
        latest = found.latest
        self._fill(latest.answers)
        self.set_trait("last_path", latest.path)
        self.set_trait("submitted_values", self._values())
        self.status.value = (
            f'<span class="cpt-saved cpt-restored">Your latest answers are back '
            f"({found.count} saved attempt{plural}, the last on "
            f"{latest.submitted_at:%Y-%m-%d %H:%M} UTC). Submit saves a new attempt; "
            "“Start a fresh attempt” clears the boxes.</span>"
        )
        self._show_grade(latest.answers.as_dict())

    def _fill(self, answers) -> None:
        """Put a saved attempt's answers back into the boxes, as the learner typed them."""
        for key, box in self.problem_boxes.items():
            box.value = key in (answers.problems or ())
        for code in self.data["codes"]:
            units = (answers.units or {}).get(code)
            self.units[code].value = "" if units is None else str(units)
            self.mods[code].value = ", ".join((answers.modifiers or {}).get(code, ()))
        known = {d["id"] for d in self.data["decisions"]}
        self.decision.value = answers.decision if answers.decision in known else None
        for qid, control in self.questions.items():
            given = (answers.items or {}).get(qid)
            if isinstance(control, widgets.RadioButtons):
                control.value = given if given in control.options else None
            else:
                control.value = given or ""

    def _show_grade(self, answers: dict) -> None:
        result = grade_attempt(self.data["id"], answers=answers, bank_folder=self.bank_folder)
        self.set_trait("last_result", result)
        if result is None:
            self.feedback.value = common.box(
                "Your instructor will grade this submission: the exercise bank is not installed "
                "on this computer, so no score can be shown here.",
                kind="info",
                title="Submitted",
            )
            return
        self.feedback.value = feedback_html(result, hide_answers=answers_hidden())


HIDDEN_NOTE = (
    "This is an assessment: you see your score and which items are not right. The "
    "right answers and the reasons are shown once your instructor releases them."
)


def feedback_html(result, *, hide_answers: bool = False) -> str:
    """Score plus one box per item: the answer given, the right one, why, and the sources.

    In an assessment (`hide_answers`) only the score and each item's status are shown.
    Never raises on a `GradeResult`.
    """
    esc = common.esc
    parts = [
        f'<div class="cpt-score" role="status"><strong>Score: {result.score:.0f}%</strong>'
        f" ({sum(i.score == 1 for i in result.items)} of {len(result.items)} items fully right)</div>"
    ]
    if hide_answers:
        parts.append(common.box(esc(HIDDEN_NOTE), kind="info", title="Assessment"))
    for item in result.items:
        kind = "ok" if item.status == "correct" else "warn" if item.status == "partial" else "bad"
        if hide_answers:
            parts.append(
                common.box(
                    f"<p>Your answer: {esc(item.given)}</p>",
                    kind=kind,
                    title=f"{STATUS_WORDS[item.status]}: {item.question}",
                )
            )
            continue
        if item.status == "unanswered" and not item.expected:  # the service keeps its key
            parts.append(
                common.box(
                    "<p>Not answered: answer it and Submit to see the right answer and why.</p>",
                    kind=kind,
                    title=f"{STATUS_WORDS[item.status]}: {item.question}",
                )
            )
            continue
        sources = "<br>".join(dict.fromkeys(common.source_html(r) for r in item.rules))  # once each
        body = (
            f"<p>Your answer: {esc(item.given)}<br>Right answer: {esc(item.expected)}"
            f"{'' if item.status == 'correct' else f' (item score {item.score:.2f})'}</p>"
            f"<p>{esc(item.explanation.text)}</p><p>{sources}</p>"
        )
        parts.append(
            common.box(body, kind=kind, title=f"{STATUS_WORDS[item.status]}: {item.question}")
        )
    return "".join(parts)


def exercise(exercise_id: str) -> widgets.Widget:
    """The widget for one exercise (what an exercise notebook runs).

    Never raises: a name that is not an exercise, or a file that cannot be found or read, is
    shown in a box instead of the exercise."""
    try:
        return ExerciseWidget(find_learner_data(exercise_id))
    except (BillingInputError, OSError, ValueError, KeyError) as problem:
        return widgets.HTML(
            common.box(common.esc(problem), kind="bad", title="This exercise cannot open")
        )
