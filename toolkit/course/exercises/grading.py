"""Score one set of answers against an exercise, item by item, with feedback for each item.

Pure and deterministic: no files, no clock, no learner code (answers are plain data).

Items and partial credit
- `problems` (one item, multi-select of documentation problems): with K the right options
  and N the options offered, score = max(0, right picks / |K| - wrong picks / (N - |K|)).
  Ticking every box scores exactly 0, and random ticking scores 0 on average: guessing
  earns nothing, while an honest partial answer keeps its credit.
- `units:<code>` (one item per code offered): a whole number, right or wrong.
- `modifiers:<code>` (one item per line the corrected claim has): score =
  max(0, (right modifiers - wrong modifiers) / modifiers needed); each wrong one cancels a
  right one, so listing every modifier scores 0.
- `decision` (one item): right or wrong.
- `item:<id>` (one item per question of the exercise's own section, when it has one): a
  choice or a typed value (compared without spaces or capitals), right or wrong.
A blank answer (null, or a missing field) scores 0 (an empty submission scores 0). A wrong
type is never taken as blank: `"units": []`, `false`, `0` or `""` where an object belongs, a
decision or problem id the exercise never offered, are refused with the reason. The sections (four, or five with the exercise's own questions) weigh the same;
items share their section's weight. When an exercise accepts more than one corrected
claim (the clinician chooses), the one closest to the learner's answer is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from toolkit.course.exercises.bank import (
    DECISIONS,
    MAX_QUESTIONS,
    PROBLEM_OPTIONS,
    SECTIONS,
    CorrectClaim,
    Exercise,
    ExerciseQuestion,
    Explanation,
)
from toolkit.errors import AnswerFormatError, BillingInputError
from toolkit.reference import modifiers
from toolkit.rules.parsing import normalize_modifiers  # the claim checker's own rule


@dataclass(frozen=True)
class Answers:
    problems: tuple[str, ...] | None = None
    units: Mapping[str, int | None] | None = None
    modifiers: Mapping[str, tuple[str, ...]] | None = None
    decision: str | None = None
    items: Mapping[str, str | None] | None = None  # the exercise's own questions, by id

    def as_dict(self) -> dict[str, object]:
        found = {
            "problems": list(self.problems) if self.problems is not None else None,
            "units": dict(self.units or {}),
            "modifiers": {c: list(m) for c, m in (self.modifiers or {}).items()},
            "decision": self.decision,
        }
        if self.items:  # only exercises with their own questions have the field
            found["items"] = dict(self.items)
        return found


# Limits that keep a crafted file small once graded (each refused with its reason): no more
# picks than options offered, no more codes per section than MAX_CODES (an exercise offers at
# most 4), no more modifiers on a line than the course knows, and shown answers cut to MAX_GIVEN.
MAX_CODES = 12
MAX_GIVEN = 1000
MAX_ITEM_TEXT = 200  # a box's value or an option's label
# The sections scored: the four every exercise has, then its own questions when it has some.
SCORED = (*SECTIONS, "items")


def _kind(raw: object) -> str:
    return {
        list: "a list",
        dict: "an object",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(raw), type(raw).__name__)


def _problem_picks(raw: object) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise AnswerFormatError(f"problems must be a list of option ids, not {_kind(raw)}")
    if len(raw) > len(PROBLEM_OPTIONS):
        raise AnswerFormatError(
            f"problems lists {len(raw)} picks; only {len(PROBLEM_OPTIONS)} options are offered"
        )
    unknown = [x for x in raw if x.strip() not in PROBLEM_OPTIONS]
    if unknown:
        raise AnswerFormatError(f"problems: {unknown[0][:40]!r} is not one of the options offered")
    return tuple(dict.fromkeys(x.strip() for x in raw))


def _per_code(raw: object, what: str) -> Mapping:
    """An object of code: value; missing or null is blank, any other type is refused."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):  # [] or false or 0 or "" is not "blank": refused
        raise AnswerFormatError(f"{what} must be an object of code: value, not {_kind(raw)}")
    if len(raw) > MAX_CODES:
        raise AnswerFormatError(f"{what} lists {len(raw)} codes; at most {MAX_CODES} are allowed")
    codes = [str(code).strip().upper() for code in raw]
    if len(set(codes)) != len(codes):
        raise AnswerFormatError(
            f"{what} gives one code twice (as {', '.join(map(repr, raw))[:80]})"
        )
    return dict(zip(codes, raw.values()))


def _line_modifiers(raw: object, code: str) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise AnswerFormatError(f"modifiers for {code} must be a list, not {_kind(raw)}")
    if len(raw) > len(modifiers()):
        raise AnswerFormatError(
            f"modifiers for {code} lists {len(raw)}; the course knows {len(modifiers())}"
        )
    try:
        return normalize_modifiers(raw)
    except BillingInputError as bad:
        raise AnswerFormatError(f"modifiers for {code}: {bad}") from None


def clean_answers(raw: object) -> Answers:
    """Answers from a submission's JSON, or AnswerFormatError saying what is malformed."""
    if isinstance(raw, Answers):
        return raw
    if not isinstance(raw, Mapping):
        raise AnswerFormatError("answers must be an object")
    unknown = set(raw) - {"problems", "units", "modifiers", "decision", "items"}
    if unknown:
        raise AnswerFormatError(f"unexpected answer fields: {', '.join(sorted(unknown))}"[:120])
    problems = raw.get("problems")
    problems = None if problems is None else _problem_picks(problems)
    units = _per_code(raw.get("units"), "units")
    for code, value in units.items():
        if value is not None and (type(value) is not int or value < 0):
            raise AnswerFormatError(f"units for {code[:20]} must be a whole number or null")
    mods = {
        code: _line_modifiers(value, code[:20])
        for code, value in _per_code(raw.get("modifiers"), "modifiers").items()
    }
    decision = raw.get("decision")
    if decision is not None and (not isinstance(decision, str) or decision not in DECISIONS):
        raise AnswerFormatError(
            f"decision {str(decision)[:40]!r} is not one of the decisions "
            "offered (or null for no answer)"
        )
    return Answers(problems or None, units, mods, decision, _items(raw.get("items")))


def _items(raw: object) -> dict[str, str | None] | None:
    """The answers to an exercise's own questions: an object of question id: text or null."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise AnswerFormatError(f"items must be an object of question: answer, not {_kind(raw)}")
    if len(raw) > MAX_QUESTIONS:
        raise AnswerFormatError(f"items lists {len(raw)} answers; at most {MAX_QUESTIONS}")
    for key, value in raw.items():
        if not isinstance(key, str) or len(key) > 40:
            raise AnswerFormatError("items: a question id is short text")
        if value is not None and (not isinstance(value, str) or len(value) > MAX_ITEM_TEXT):
            raise AnswerFormatError(
                f"items: the answer to {key!r} must be text of at most {MAX_ITEM_TEXT} characters"
            )
    return dict(raw) or None


@dataclass(frozen=True)
class ItemResult:
    item_id: str  # "problems", "units:97530", "modifiers:97530", "decision"
    section: str
    question: str
    score: float  # 0..1
    answered: bool
    given: str
    expected: str
    explanation: Explanation

    def __post_init__(self):  # what a learner gave is shown, never allowed to grow the outputs
        if len(self.given) > MAX_GIVEN:
            object.__setattr__(self, "given", self.given[:MAX_GIVEN] + " ... (cut)")

    @property
    def status(self) -> str:
        if not self.answered:
            return "unanswered"
        return "correct" if self.score == 1 else "partial" if self.score > 0 else "wrong"

    @property
    def rules(self) -> tuple[str, ...]:
        return self.explanation.rules

    def as_dict(self) -> dict[str, object]:
        return {
            "item": self.item_id,
            "section": self.section,
            "question": self.question,
            "score": round(self.score, 4),
            "status": self.status,
            "given": self.given,
            "expected": self.expected,
            "explanation": self.explanation.text,
            "rules": list(self.rules),
            "sources": list(self.explanation.citations),
            "unverified": self.explanation.unverified,
        }


@dataclass(frozen=True)
class GradeResult:
    exercise_id: str
    items: tuple[ItemResult, ...]

    @property
    def score(self) -> float:
        """0-100: the mean of the sections' means (sections with no items left out)."""
        means = []
        for section in SCORED:
            scores = [i.score for i in self.items if i.section == section]
            if scores:
                means.append(sum(scores) / len(scores))
        return 100 * sum(means) / len(means)

    def as_dict(self) -> dict[str, object]:
        return {
            "exercise": self.exercise_id,
            "score": round(self.score, 1),
            "items": [item.as_dict() for item in self.items],
        }


def multi_select_score(picked: set[str], right: set[str], offered: int) -> float:
    """Right picks earn, wrong picks cost in proportion: ticking everything scores 0."""
    hits, wrong = len(picked & right), len(picked - right)
    wrong_options = offered - len(right)
    penalty = wrong / wrong_options if wrong_options else 0.0
    return max(0.0, hits / len(right) - penalty)


def modifier_score(given: set[str], needed: set[str]) -> float:
    return max(0.0, (len(given & needed) - len(given - needed)) / len(needed))


def _label(option: str) -> str:
    return PROBLEM_OPTIONS.get(option, option)


def _problems_item(exercise: Exercise, answers: Answers) -> ItemResult:
    picked = set(answers.problems or ())
    return ItemResult(
        "problems",
        "problems",
        "Documentation problems in the note",
        multi_select_score(picked, set(exercise.problems), len(PROBLEM_OPTIONS)) if picked else 0.0,
        bool(picked),
        "; ".join(_label(p) for p in sorted(picked)) or "(no answer)",
        "; ".join(_label(p) for p in exercise.problems),
        exercise.explanation("problems"),
    )


def _claim_items(exercise: Exercise, answers: Answers, claim: CorrectClaim) -> list[ItemResult]:
    items = []
    given_units = answers.units or {}
    for code in exercise.codes:
        expected = claim.units.get(code, 0)
        value = given_units.get(code)
        items.append(
            ItemResult(
                f"units:{code}",
                "units",
                f"Units for {code}",
                float(value == expected),
                value is not None,
                "(no answer)" if value is None else str(value),
                str(expected),
                exercise.explanation("units", code),
            )
        )
    given_mods = answers.modifiers or {}
    for code, needed in claim.modifiers.items():
        given = set(given_mods.get(code, ()))
        items.append(
            ItemResult(
                f"modifiers:{code}",
                "modifiers",
                f"Modifiers on the {code} line",
                modifier_score(given, set(needed)) if given else 0.0,
                bool(given),
                ", ".join(sorted(given)) or "(no answer)",
                ", ".join(needed),
                exercise.explanation("modifiers", code),
            )
        )
    return items


def _decision_item(exercise: Exercise, answers: Answers) -> ItemResult:
    given = answers.decision
    return ItemResult(
        "decision",
        "decision",
        "What should happen to this claim",
        float(given == exercise.decision),
        given is not None,
        DECISIONS.get(given, given) if given else "(no answer)",
        DECISIONS[exercise.decision],
        exercise.explanation("decision"),
    )


def _question_items(exercise: Exercise, answers: Answers) -> list[ItemResult]:
    given_all = answers.items or {}
    unknown = set(given_all) - {q.id for q in exercise.questions}
    if unknown:
        raise AnswerFormatError(
            f"items: {sorted(unknown)[0][:40]!r} is not a question of {exercise.id}"
        )
    return [_question_item(q, given_all.get(q.id)) for q in exercise.questions]


def _question_item(question: ExerciseQuestion, given: str | None) -> ItemResult:
    answered = given is not None and given.strip() != ""
    return ItemResult(
        f"item:{question.id}",
        "items",
        question.prompt,
        float(answered and question.accepts(given)),
        answered,
        given.strip() if answered else "(no answer)",
        question.answers[0],
        question.explanation,
    )


def _claim_fit(items: list[ItemResult]) -> float:
    by_section: dict[str, list[float]] = {}
    for item in items:
        by_section.setdefault(item.section, []).append(item.score)
    return sum(sum(s) / len(s) for s in by_section.values())


def grade(exercise: Exercise, *, answers: object) -> GradeResult:
    """Every item scored with its feedback. `answers` is an Answers or its JSON dict.

    Raises:
        AnswerFormatError: `answers` is malformed (not an object, an unexpected field, units
            that are not whole numbers, an unknown decision), said in one line.
    """
    cleaned = clean_answers(answers)
    candidates = [_claim_items(exercise, cleaned, claim) for claim in exercise.correct_claims]
    best = max(candidates, key=_claim_fit)  # max keeps the first on ties: the preferred claim
    items = [_problems_item(exercise, cleaned), *best, _decision_item(exercise, cleaned)]
    items += _question_items(exercise, cleaned)
    return GradeResult(exercise.id, tuple(items))


def key_answers(exercise: Exercise, claim_index: int = 0) -> Answers:
    """The answers that score 100%: used by tests and by the synthetic-class generator."""
    claim = exercise.correct_claims[claim_index]
    return Answers(
        problems=exercise.problems,
        units={code: claim.units.get(code, 0) for code in exercise.codes},
        modifiers=dict(claim.modifiers),
        decision=exercise.decision,
        items={q.id: q.answers[0] for q in exercise.questions},
    )
