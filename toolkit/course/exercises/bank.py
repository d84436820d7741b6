"""The exercise bank: one TOML file per exercise in `solutions/`, loaded and checked.

A solution file holds everything about one exercise: the synthetic treatment note (as the
learner reads it and as structured fields for the note checker), the claim lines as the
clinic drafted them, the questions' answers and an explanation with rule ids for every
item. `learner_version` strips the answers and explanations out for `exercises/`.

Where the bank is found (this is how a learner gets feedback right after Submit without
the answers being in `exercises/` or in the release bundle): `toolkit.settings.solutions_dir`,
i.e. `CPT97530_SOLUTIONS` if set, else the `solutions/` folder of the checkout the toolkit
runs from (the repository a self-paced learner works in, or the copy an instructor runs a
hub from). An installed copy (`pip install .`) ships no bank: the answer keys never travel
inside the package a learner may install; the hub images point CPT97530_SOLUTIONS at it.
When no bank is found the exercise still saves the submission and says the instructor will grade
it. The bank is not secret from someone who can run Python on the same machine; these are
low-stakes training exercises, and the grade that counts comes from `cpt97530 grade`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from toolkit.errors import BillingInputError, ExerciseBankError
from toolkit.reference import modifiers, normalize_code, normalize_provider, rule
from toolkit.rules.parsing import PAYERS
from toolkit.rules.units import METHODS, code_of, normalize_key
from toolkit.settings import course_source, solutions_dir

# The documentation problems the learner can tick; ids match toolkit.rules.treatment_note's elements,
# except skilled_need, a judgment the note checker cannot make from the note's fields.
PROBLEM_OPTIONS = {
    "date": "Date of service missing or unclear",
    "interventions": "Interventions not recorded so they can be matched to the codes billed",
    "total_timed_minutes": "Total timed-code minutes missing or inconsistent",
    "total_treatment_time": "Total treatment time missing or inconsistent",
    "signature_credentials": "Signature or credentials of the professional missing",
    "functional_goal": "No functional task or goal: the activities do not support 97530",
    "skilled_need": "No skilled need shown: nothing says why a therapist's skill was needed",
    "units_match": "Billed units do not agree with the documented minutes",
    "none": "None: the note has everything it needs",
}
DECISIONS = {
    "bill_as_documented": "Bill as documented",
    "bill_with_changes": "Bill, with changes to the claim lines",
    "query_clinician": "Query the clinician before billing",
    "do_not_bill_payer": "Do not bill this service to this payer",
}
SECTIONS = ("problems", "units", "modifiers", "decision")
# Optional fifth section: an exercise's own questions (a claim-form box, a diagnosis pointer,
# the fix for a denial...), each one item with its options or a typed answer, its key and its
# explanation. Written as [[questions]] in the solution file; kinds as QUESTION_KINDS says.
QUESTION_KINDS = {
    "choice": "pick one of the options",
    "text": "type a short value (compared without spaces, capitals or a trailing point)",
}
QUESTION_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
MAX_QUESTIONS = 40


@dataclass(frozen=True)
class ExerciseQuestion:
    """One question of an exercise's own section: `answers` the accepted answers (the
    first is shown as the right one)."""

    id: str
    prompt: str
    kind: str
    options: tuple[str, ...]  # the choices ("choice"), or () for a typed answer
    answers: tuple[str, ...]
    explanation: Explanation
    group: str  # a heading the widget shows the question under ("Claim form", "Remittance")

    def accepts(self, given: str) -> bool:
        return normal_answer(given) in {normal_answer(a) for a in self.answers}


def normal_answer(text: str) -> str:
    """How a typed answer is compared: spaces and capitals ignored, a trailing point dropped."""
    return "".join(str(text).split()).upper().rstrip(".")


@dataclass(frozen=True)
class Explanation:
    text: str
    rules: tuple[str, ...]

    @property
    def citations(self) -> tuple[str, ...]:
        return tuple(rule(r).citation for r in self.rules)

    @property
    def unverified(self) -> bool:
        return any(rule(r).confidence == "unverified" for r in self.rules)


@dataclass(frozen=True)
class CorrectClaim:
    """One acceptable corrected claim: the minutes it rests on and its lines. A minutes key
    may name its discipline's pool ('97530:GP' in the file, '97530 GP' here) when the day has
    more than one discipline."""

    minutes: dict[str, int]
    lines: tuple[dict, ...]

    @property
    def code_minutes(self) -> dict[str, int]:
        """Minutes per code, whatever the pool (one line per code in a key)."""
        out: dict[str, int] = {}
        for key, m in self.minutes.items():
            out[code_of(key)] = out.get(code_of(key), 0) + m
        return out

    @property
    def units(self) -> dict[str, int]:
        return {line["code"]: line["units"] for line in self.lines}

    @property
    def modifiers(self) -> dict[str, tuple[str, ...]]:
        return {line["code"]: tuple(line["modifiers"]) for line in self.lines}


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    payer: str
    payer_label: str
    year: int
    method: str
    scenario: str
    codes: tuple[str, ...]
    therapy_spend: dict[str, int] | None
    note_text: str
    note: dict
    claim: tuple[dict, ...]  # the lines as billed
    problems: tuple[str, ...]  # the documentation problems (or ("none",))
    judgment: tuple[str, ...]  # problems a reader sees that the note checker cannot
    decision: str
    claim_rules: tuple[str, ...]  # rule ids the as-billed claim breaks
    correct_claims: tuple[CorrectClaim, ...]  # first is preferred; any is accepted
    explain: dict[str, Explanation]  # "problems", "units", "modifiers", "decision"
    explain_by_code: dict[str, dict[str, Explanation]]  # optional per-code overrides
    path: Path
    questions: tuple[ExerciseQuestion, ...] = ()  # the optional fifth section

    def explanation(self, section: str, code: str | None = None) -> Explanation:
        return self.explain_by_code.get(section, {}).get(code) or self.explain[section]


def exercises_dir() -> Path:
    """The learner versions of the exercises as the course ships them.

    Raises:
        BillingInputError: the course is not found (see `toolkit.settings.course_source`).
    """
    return course_source() / "exercises"


def _explanation(raw: object, where: str) -> Explanation:
    if not isinstance(raw, dict) or not str(raw.get("text", "")).strip() or not raw.get("rules"):
        raise ExerciseBankError(f"{where}: needs text and at least one rule id")
    rules_ = tuple(raw["rules"])
    for rule_id in rules_:
        try:
            rule(rule_id)
        except KeyError:
            raise ExerciseBankError(f"{where}: unknown rule id {rule_id!r}") from None
    return Explanation(" ".join(str(raw["text"]).split()), rules_)


def _modifier_list(raw: object, where: str) -> tuple[str, ...]:
    known = modifiers()
    found = tuple(str(m).upper() for m in raw or ())
    for mod in found:
        if mod not in known:
            raise ExerciseBankError(f"{where}: unknown modifier {mod!r}")
    return found


def _claim_line(raw: dict, where: str) -> dict:
    line = dict(raw)
    line["code"] = normalize_code(line["code"])
    line["modifiers"] = list(_modifier_list(line.get("modifiers"), where))
    if "furnished_by" in line:
        line["furnished_by"] = normalize_provider(line["furnished_by"])
    if not isinstance(line.get("units"), int) or line["units"] < 0:
        raise ExerciseBankError(f"{where}: units must be a whole number")
    return line


def parse_exercise(path: Path) -> Exercise:
    """One solution file, checked; ExerciseBankError names the file and the problem."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as problem:
        raise ExerciseBankError(f"{name}: cannot be read ({problem.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = raw.count(b"\n", 0, bad.start) + 1
        raise ExerciseBankError(
            f"{name} line {line}: byte 0x{raw[bad.start]:02X} is not UTF-8 text;"
            " save the file as UTF-8"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as bad:
        raise ExerciseBankError(f"{name}: not valid TOML ({bad})") from None
    _check_types(data, name)
    try:
        return _build(data, path)
    except ExerciseBankError:
        raise  # already names the file
    except KeyError as missing:
        raise ExerciseBankError(f"{name}: missing {missing}") from None
    except BillingInputError as bad:  # a rule refused a value (a code, a provider)
        raise ExerciseBankError(f"{name}: {bad}") from None
    except (TypeError, ValueError, AttributeError) as bad:  # a value of the wrong kind further in
        raise ExerciseBankError(f"{name}: a value has the wrong type or form ({bad})") from None


# Top-level fields and the kind of value each must hold (checked before anything is built).
FIELD_TYPES = {
    "id": (str, "text"),
    "title": (str, "text"),
    "payer": (str, "text"),
    "payer_label": (str, "text"),
    "year": (int, "a whole number such as 2026"),
    "method": (str, "text"),
    "scenario": (str, "text"),
    "codes": (list, "a list of codes"),
    "note_text": (str, "text"),
    "note": (dict, "a table"),
    "claim": (list, "a list of claim lines"),
    "key": (dict, "a table"),
    "explain": (dict, "a table"),
    "questions": (list, "a list of [[questions]] tables"),
}


def _check_types(data: dict, name: str) -> None:
    for field, (kind, words) in FIELD_TYPES.items():
        value = data.get(field)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            raise ExerciseBankError(f"{name}: {field} must be {words}; got {value!r}")
    if isinstance(data.get("codes"), list) and not all(isinstance(c, str) for c in data["codes"]):
        raise ExerciseBankError(
            f"{name}: codes must be a list of codes written as text, such as"
            f' ["97530"]; got {data["codes"]!r}'
        )


def _build(data: dict, path: Path) -> Exercise:
    name = path.name
    if data["id"] != path.stem:
        raise ExerciseBankError(f"{name}: id {data['id']!r} must equal the file name")
    if data["payer"] not in PAYERS or data["method"] not in METHODS:
        raise ExerciseBankError(
            f"{name}: payer must be one of {list(PAYERS)}, method one of {list(METHODS)}"
        )
    codes = tuple(normalize_code(c) for c in data["codes"])
    key = data["key"]
    problems = tuple(key["problems"])
    if (
        not problems
        or set(problems) - set(PROBLEM_OPTIONS)
        or ("none" in problems and len(problems) > 1)
        or len(set(problems)) != len(problems)
    ):
        raise ExerciseBankError(f"{name}: problems must be known options, and 'none' alone")
    judgment = tuple(key.get("judgment", ()))
    if set(judgment) - set(problems):
        raise ExerciseBankError(f"{name}: judgment items must be among the problems")
    if key["decision"] not in DECISIONS:
        raise ExerciseBankError(f"{name}: unknown decision {key['decision']!r}")
    correct = []
    for i, alt in enumerate(key["claim"], 1):
        where = f"{name} key.claim #{i}"
        lines = tuple(_claim_line(line, where) for line in alt["lines"])
        if {line["code"] for line in lines} - set(codes):
            raise ExerciseBankError(f"{where}: a code on a line is not in the exercise's codes")
        if len({line["code"] for line in lines}) != len(lines):
            raise ExerciseBankError(f"{where}: one line per code")
        try:
            minutes = {normalize_key(c): m for c, m in alt.get("minutes", {}).items()}
        except BillingInputError as bad:
            raise ExerciseBankError(f"{where}: {bad}") from None
        correct.append(CorrectClaim(minutes, lines))
    if not correct:
        raise ExerciseBankError(f"{name}: key.claim needs at least one corrected claim")
    explain = {s: _explanation(data["explain"][s], f"{name} explain.{s}") for s in SECTIONS}
    by_code = {
        section: {
            normalize_code(c): _explanation(raw, f"{name} explain_by_code.{section}.{c}")
            for c, raw in per_code.items()
        }
        for section, per_code in data.get("explain_by_code", {}).items()
    }
    claim_rules = tuple(key.get("claim_rules", ()))
    for rule_id in claim_rules:
        rule(rule_id)
    questions = _questions(data.get("questions", []), name)
    return Exercise(
        id=data["id"],
        title=data["title"],
        payer=data["payer"],
        payer_label=data["payer_label"],
        year=int(data["year"]),
        method=data["method"],
        scenario=" ".join(data["scenario"].split()),
        codes=codes,
        therapy_spend=data.get("therapy_spend"),
        note_text=data["note_text"].strip("\n"),
        note=dict(data["note"]),
        claim=tuple(_claim_line(line, f"{name} claim") for line in data["claim"]),
        problems=problems,
        judgment=judgment,
        decision=key["decision"],
        claim_rules=claim_rules,
        correct_claims=tuple(correct),
        explain=explain,
        explain_by_code=by_code,
        path=path,
        questions=questions,
    )


def _questions(raw: list, name: str) -> tuple[ExerciseQuestion, ...]:
    if len(raw) > MAX_QUESTIONS:
        raise ExerciseBankError(f"{name}: at most {MAX_QUESTIONS} questions")
    found, seen = [], set()
    for n, item in enumerate(raw, 1):
        where = f"{name} questions #{n}"
        if not isinstance(item, dict):
            raise ExerciseBankError(f"{where}: must be a table")
        qid = item.get("id")
        if not isinstance(qid, str) or not QUESTION_ID.fullmatch(qid) or qid in seen:
            raise ExerciseBankError(f"{where}: id must be new, lower-case letters, digits, dashes")
        seen.add(qid)
        kind = item.get("kind")
        if kind not in QUESTION_KINDS:
            raise ExerciseBankError(f"{where}: kind must be one of {list(QUESTION_KINDS)}")
        options = tuple(str(o) for o in item.get("options", ()))
        answers = item.get("answer")
        answers = tuple(str(a) for a in (answers if isinstance(answers, list) else [answers]))
        if not answers or not all(normal_answer(a) for a in answers):
            raise ExerciseBankError(f"{where}: needs an answer")
        if kind == "choice" and (len(options) < 2 or not set(answers) <= set(options)):
            raise ExerciseBankError(f"{where}: a choice needs two or more options, the answer one")
        if kind == "text" and options:
            raise ExerciseBankError(f"{where}: a typed answer has no options")
        prompt, group = item.get("prompt"), item.get("group", "")
        if not isinstance(prompt, str) or not prompt.strip() or not isinstance(group, str):
            raise ExerciseBankError(f"{where}: needs a prompt (and a group as text)")
        explanation = _explanation(
            {"text": item.get("explain", ""), "rules": item.get("rules")}, f"{where} explain"
        )
        found.append(
            ExerciseQuestion(
                qid, " ".join(prompt.split()), kind, options, answers, explanation, group
            )
        )
    return tuple(found)


def load_bank(folder: Path | None = None) -> dict[str, Exercise]:
    """Every exercise in the bank, by id, in file-name order (`folder`: default the bank
    `solutions_dir()` finds).

    Raises:
        ExerciseBankError: no bank found (naming CPT97530_SOLUTIONS), a folder with no
            exercise, or a solution file that is not right (the message names it).
    """
    folder = folder or solutions_dir()
    if folder is None:
        raise ExerciseBankError(
            "no exercise bank here: set CPT97530_SOLUTIONS to the solutions/ folder"
        )
    return _load(Path(folder).resolve())


@cache
def _load(folder: Path) -> dict[str, Exercise]:
    bank = {}
    for path in sorted(folder.glob("ex*.toml")):
        exercise = parse_exercise(path)
        bank[exercise.id] = exercise
    if not bank:
        raise ExerciseBankError(f"no exercises (ex*.toml) in {folder}")
    return bank


def get_exercise(exercise_id: str, *, folder: Path | None = None) -> Exercise:
    """One exercise of the bank.

    Raises:
        ExerciseBankError: as `load_bank`.
        KeyError: no exercise with that id.
    """
    return load_bank(folder)[exercise_id]
