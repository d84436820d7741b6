"""Time into billable units: the CMS 8-minute rule and the per-code (AMA) method.

Pure functions over a mapping of code -> minutes. Every result carries the steps that
produced it, each naming its rule and source, so a widget, the command line and the
grader all explain the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from toolkit.errors import BillingInputError
from toolkit.reference import codes, normalize_code, normalize_provider, providers, rule
from toolkit.rules.assistant_share import assistant_units
from toolkit.rules.disciplines import AIDE, CO_TREATED, NO_PLAN, label, pool_name
from toolkit.rules.modifiers import PLAN_MODIFIERS
from toolkit.rules.parsing import MAX_MINUTES_PER_DAY, check_minutes
from toolkit.rules.who_may_bill import SLP_NOT_PERFORMED

FAMILY = "units"
SUBJECT = "minutes"  # answered by `bill_units`: steps that cite these rules, not findings
RULE_IDS = (
    "cms-unit-table",
    "cms-full-units",
    "cms-leftover-allocation",
    "cms-tie-clinician-choice",
    "cms-documented-not-billed",
    "ama-per-code",
    "payer-chooses-method",
    "discipline-pools",
)
CITES = ("timed-vs-untimed", "co-treatment-once", "slp-not-97530", "assistant-per-unit")
METHODS = {"cms": "CMS 8-minute rule (pooled)", "ama": "per-code (AMA/CPT midpoint)"}


@dataclass(frozen=True)
class Step:
    """One line of reasoning and the rule it applies."""

    text: str
    rule_id: str

    @property
    def source(self) -> str:
        return rule(self.rule_id).citation

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "rule": self.rule_id, "source": self.source}


@dataclass(frozen=True)
class UnitResult:
    method: str
    minutes: dict[str, int]  # every input code, as given (normalized)
    units: dict[str, int]  # every input code; untimed codes performed -> 1
    timed_minutes: int  # the day's total timed minutes
    total_minutes: int  # timed plus untimed: total treatment time
    steps: tuple[Step, ...]
    tie_broken: bool = False
    tied_codes: tuple[str, ...] = field(default=())
    tie_groups: tuple[tuple[str, ...], ...] = field(default=())  # one per pool with a tie

    @property
    def total_units(self) -> int:
        return sum(self.units.values())

    @property
    def timed_units(self) -> int:
        return sum(n for code, n in self.units.items() if codes()[code_of(code)].timed)

    def as_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "total_timed_minutes": self.timed_minutes,
            "total_minutes": self.total_minutes,
            "total_units": self.total_units,
            "units": dict(self.units),
            "minutes": dict(self.minutes),
            "tie_broken": self.tie_broken,
            "tied_codes": list(self.tied_codes),
            "steps": [step.as_dict() for step in self.steps],
        }


def check_method(method: object) -> str:
    name = method.strip().lower() if isinstance(method, str) else None  # a list is no method
    if name not in METHODS:
        raise BillingInputError(f"method must be 'cms' or 'ama'; got {method!r}")
    return name


def units_for_minutes(total_minutes: int) -> int:
    """Units for a day's total timed minutes under CMS (8-22 -> 1, 23-37 -> 2, ...)."""
    minutes = check_minutes(total_minutes, "the day's total timed time")
    return 0 if minutes < 8 else (minutes + 7) // 15


def minutes_row(units: int) -> str:
    """The CMS table row for a unit count, e.g. 3 -> '38-52'."""
    return "1-7" if units == 0 else f"{15 * units - 7}-{15 * units + 7}"


def code_of(key: str) -> str:
    """The code of an entry: '97530 GO' -> '97530' (see `normalize_key`); a co-treated block
    of several codes, '97530/97535', is timed like its first."""
    return key.split(" ", 1)[0].split("/", 1)[0]


def pool_of_key(key: str) -> str:
    """The pool of an entry: '97530 GO' -> 'GO'; '' for a plain code (one pool for the day)."""
    return key.partition(" ")[2]


def normalize_key(raw: object) -> str:
    """'97530' or a code with its discipline pool, '97530 GO' (also '97530:GO'): GP, GO, GN,
    the role of someone who is not a therapist, 'no-plan' or 'co-treated'.

    Raises:
        BillingInputError: an unknown code or pool; an aide (an aide's minutes never count)."""
    if not isinstance(raw, str):
        return normalize_code(raw)
    code, _, pool = raw.strip().replace(":", " ").partition(" ")
    pool = pool.strip()
    if "/" in code and pool.lower() == CO_TREATED:  # one co-treated block of several codes
        return f"{'/'.join(normalize_code(c) for c in code.split('/'))} {CO_TREATED}"
    code = normalize_code(code)
    if not pool:
        return code
    if pool.upper() in PLAN_MODIFIERS:
        return f"{code} {pool.upper()}"
    if pool.lower() in (NO_PLAN, CO_TREATED):
        return f"{code} {pool.lower()}"
    role = normalize_provider(pool)  # says which roles there are
    if role == AIDE:
        raise BillingInputError(
            f"an aide's minutes never count toward a unit: leave the aide's {code} minutes out"
        )
    discipline = providers()[role]["discipline"]
    plan = {d: m for m, d in PLAN_MODIFIERS.items()}.get(discipline)
    return f"{code} {plan or role}"  # a PTA's minutes count in the PT pool (GP)


def key_role(raw: object) -> str | None:
    """The therapist or assistant a key names ('97110:PTA' -> 'PTA'), else None."""
    if not isinstance(raw, str):
        return None
    pool = raw.strip().replace(":", " ").partition(" ")[2].strip()
    if not pool or pool.upper() in PLAN_MODIFIERS or pool.lower() in (NO_PLAN, CO_TREATED):
        return None
    role = normalize_provider(pool)
    return role if providers()[role]["discipline"] in PLAN_MODIFIERS.values() else None


def check_minutes_by_code(minutes_by_code: object) -> dict[str, int]:
    """Validated code -> minutes: known codes, whole minutes, a day of 1440 at most. A code
    may name its discipline's pool ('97530 GO'); see `normalize_key`."""
    return _read_minutes(minutes_by_code)[0]


def _read_minutes(minutes_by_code: object) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """The checked minutes, and per entry the minutes each named role furnished: one service
    split between a PT and a PTA is '97110:PT=10 97110:PTA=20' (summed into '97110 GP')."""
    if not isinstance(minutes_by_code, Mapping) or not minutes_by_code:
        raise BillingInputError("enter at least one code with its minutes, for example 97530=38")
    checked: dict[str, int] = {}
    by_role: dict[str, dict[str, int]] = {}
    for raw_code, raw_minutes in minutes_by_code.items():
        code, role = normalize_key(raw_code), key_role(raw_code)
        minutes = check_minutes(raw_minutes, code)
        if code in checked and (role is None or None in by_role[code] or role in by_role[code]):
            raise BillingInputError(f"{code} is listed twice; put all its minutes on one entry")
        checked[code] = checked.get(code, 0) + minutes
        by_role.setdefault(code, {})[role] = minutes
    pooled = {bool(pool_of_key(c)) for c in checked if pool_of_key(c) != CO_TREATED}
    if len(pooled) > 1:
        raise BillingInputError(
            "give every code its discipline (97530:GP=25 97535:GO=25) or none of them"
        )
    total = sum(checked.values())
    if total > MAX_MINUTES_PER_DAY:
        raise BillingInputError(
            f"the minutes add up to {total}, more than the {MAX_MINUTES_PER_DAY} minutes in a day"
        )
    return checked, {c: roles for c, roles in by_role.items() if set(roles) - {None}}


def bill_units(
    minutes_by_code: Mapping[str, int] | None,
    *,
    method: str = "cms",
    co_treatment: Mapping[str, Mapping[str, int]] | None = None,
    spans: Mapping[str, int] | None = None,
) -> UnitResult:
    """Units per code for one patient's day, by CMS pooling or per code (AMA).

    A code may name its discipline ('97530 GP', '97535 GO'): each discipline's timed minutes
    are then their own 8-minute pool (separate plans of care), never added to another's.

    `co_treatment` names a block two or more disciplines furnished together, as each
    discipline's minutes of that one shared block: {"97530": {"PT": 30, "OT": 30}}. The
    patient received the block once, so its minutes count once: the combined span of the
    blocks when `spans` gives it ({"97530": 45} for 10:00-10:30 and 10:15-10:45), else the
    longest block. With disciplines named, a co-treated block is a pool of its own.

    Raises:
        BillingInputError: an unknown method or code, minutes that are not whole numbers
        from 0 to 1440, or a day of more than 1440 minutes."""
    method = check_method(method)
    if co_treatment is None:
        who, shared_steps = {}, []
        minutes, by_role = _read_minutes(minutes_by_code)
    else:
        solo = {} if minutes_by_code is None else minutes_by_code
        if not isinstance(solo, Mapping):
            check_minutes_by_code(solo)  # says what a day's minutes look like
        shared, who, shared_steps = _co_treated_blocks(co_treatment, solo, spans or {})
        several = any(pool_of_key(normalize_key(c)) for c in solo)
        shared = {label(c, CO_TREATED, several): m for c, m in shared.items()}
        who = {label(c, CO_TREATED, several): d for c, d in who.items()}
        minutes, by_role = _read_minutes({**solo, **shared})
    table = codes()
    timed = {code: m for code, m in minutes.items() if table[code_of(code)].timed}
    untimed = [code for code in minutes if not table[code_of(code)].timed]
    steps = [*shared_steps, _timed_minutes_step(timed, untimed, minutes)]
    pools: dict[str, dict[str, int]] = {}
    for code, m in timed.items():
        pools.setdefault(pool_of_key(code), {})[code] = m
    if len(pools) > 1:
        steps.append(_pools_step(pools))
    units: dict[str, int] = {}
    tie_groups: list[tuple[str, ...]] = []
    for pool, pool_minutes in pools.items() or {"": {}}.items():
        if method == "cms":
            pool_units, tied, cms_steps = _allocate_cms(pool_minutes, pool)
        else:
            pool_units, tied, cms_steps = (
                _count_per_code(pool_minutes),
                (),
                _per_code_steps(pool_minutes),
            )
        units.update(pool_units)
        steps.extend(cms_steps)
        if tied:
            tie_groups.append(tied)
    for code in untimed:
        units[code] = 1
        steps.append(
            Step(
                f"{code_of(code)} is untimed: 1 unit for the day, whatever its length.",
                "timed-vs-untimed",
            )
        )
    steps.extend(_co_treatment_split_steps(who, units))
    steps.extend(_assistant_steps(by_role, minutes, units))
    return UnitResult(
        method=method,
        minutes=minutes,
        units={code: units[code] for code in minutes},
        timed_minutes=sum(timed.values()),
        total_minutes=sum(minutes.values()),
        steps=tuple(steps),
        tie_broken=bool(tie_groups),
        tied_codes=tuple(c for group in tie_groups for c in group),
        tie_groups=tuple(tie_groups),
    )


def _assistant_steps(by_role, minutes, units) -> list[Step]:
    """Minutes an assistant furnished of a timed service: how many of its units take CQ/CO
    (unit by unit; a last unit the therapist carries alone with 8+ minutes takes none)."""
    steps = []
    for key, roles in by_role.items():
        if not codes()[code_of(key)].timed:
            continue
        for role, furnished in roles.items():
            modifier = providers()[role]["assistant_modifier"] if role else ""
            if not modifier or not furnished:
                continue
            n = assistant_units(furnished, minutes[key] - furnished, units[key])
            who = providers()[role]["label"].lower()
            text = (
                f"{key}: the {who} furnished {furnished} of its {minutes[key]} minutes, so"
                f" {n} of its {units_word(units[key])} take{'s' if n == 1 else ''} {modifier}"
                f" (a full unit the {who} furnished alone, or more than 10% of a unit's"
                f" minutes when the therapist did not furnish 8 or more of them alone; judged"
                f" unit by unit). Bill those on a line with {modifier}, the rest without."
                if n
                else f"{key}: the {who}'s {furnished} of its {minutes[key]} minutes take no"
                f" {modifier}: they stay within the 10% de minimis for every unit, or the"
                " therapist furnished 8 or more of the last unit's minutes alone (past its"
                " midpoint, so the therapist bills it)."
            )
            steps.append(Step(text, "assistant-per-unit"))
    return steps


def units_word(n: int) -> str:
    return f"{n} unit{'' if n == 1 else 's'}"


def _pools_step(pools: dict[str, dict[str, int]]) -> Step:
    parts = "; ".join(f"{pool_name(p)} {sum(m.values())} min" for p, m in pools.items())
    return Step(
        "Each discipline counts its own minutes: PT, OT and SLP work under separate plans of"
        f" care (GP, GO, GN), so their timed minutes are never added together: {parts}.",
        "discipline-pools",
    )


CO_TREATING = ("PT", "OT", "SLP")


def _co_treated_blocks(
    co_treatment: object, solo: Mapping, spans: Mapping[str, int]
) -> tuple[dict[str, int], dict, list[Step]]:
    """code -> the shared block's minutes, counted once; code -> its disciplines; the steps."""
    if not isinstance(co_treatment, Mapping) or not co_treatment:
        raise BillingInputError(
            'a co-treated block is given as {"97530": {"PT": 30, "OT": 30}}:'
            " the code, then each discipline's minutes of the shared block"
        )
    solo_codes = {normalize_code(c) for c in solo if not pool_of_key(normalize_key(c))}
    blocks, disciplines, steps = {}, {}, []
    for raw_code, by_discipline in co_treatment.items():
        parts = raw_code.split("/") if isinstance(raw_code, str) else [raw_code]
        code = "/".join(normalize_code(part) for part in parts)  # '97530/97535': one block
        if not all(codes()[c].timed for c in code.split("/")):
            raise BillingInputError(
                f"{code} is {'an evaluation' if codes()[code_of(code)].kind == 'evaluation' else 'an untimed code'}:"
                " 1 unit for the day whoever furnished it, so there are no shared minutes to count"
                " once. Co-treatment applies to timed codes such as 97530; enter an untimed code"
                " with the day's other minutes"
            )
        if code in solo_codes or code in blocks:
            raise BillingInputError(
                f"{code} is listed twice; a co-treated {code} block goes under"
                " co-treatment only, with each discipline's minutes of it"
            )
        if not isinstance(by_discipline, Mapping):
            raise BillingInputError(
                f"the co-treated {code} block needs each discipline's minutes,"
                f' like {{"PT": 30, "OT": 30}}; got {by_discipline!r}'
            )
        who = {}
        for raw_discipline, raw_minutes in by_discipline.items():
            discipline = raw_discipline.strip().upper() if isinstance(raw_discipline, str) else None
            if discipline not in CO_TREATING:
                raise BillingInputError(
                    f"a co-treating discipline is PT, OT or SLP; got {raw_discipline!r}"
                )
            who[discipline] = check_minutes(
                raw_minutes, f"{discipline} in the co-treated {code} block"
            )
        if len(who) < 2 or min(who.values()) == 0:
            raise BillingInputError(
                f"co-treatment is two or more disciplines in one block: give the {code} block"
                " each discipline's minutes, each more than 0 (one discipline alone is"
                " not co-treatment: enter its minutes as usual)"
            )
        longest, added = max(who.values()), sum(who.values())
        span = spans.get(code)
        if span is not None:
            span = min(max(check_minutes(span, f"the co-treated {code} span"), longest), added)
        blocks[code] = longest if span is None else span  # the patient had it once: not the sum
        disciplines[code] = tuple(who)
        shares = " and ".join(f"{d} {m} min" for d, m in who.items())
        how = (
            f"the blocks' combined span, from the first start to the last stop, is {span} minutes"
            if span is not None
            else f"the longest block is {longest} minutes"
        )
        steps.append(
            Step(
                f"{code} was co-treated: {shares} of one shared block. The patient received"
                f" those minutes once ({how}), so they count once ({blocks[code]}, not {added}).",
                "co-treatment-once",
            )
        )
    return blocks, disciplines, steps


def _co_treatment_split_steps(
    shared: dict[str, tuple[str, ...]], units: dict[str, int]
) -> list[Step]:
    steps = []
    for key, disciplines in shared.items():
        n, code = units[key], key.split(" ", 1)[0]
        slp_codes = [c for c in code.split("/") if c in SLP_NOT_PERFORMED]
        if n == 0:
            text = f"The co-treated {code} block earns no unit: nothing is billed for it (it stays in the note)."
        elif n == 1:
            text = (
                f"The co-treated {code} block earns 1 unit: one of the disciplines bills it;"
                " billing it twice counts the same minutes twice."
            )
        else:
            text = (
                f"The {n} units of the co-treated {code} block may be split between the"
                " disciplines or billed by one; together never more than the block supports."
            )
        steps.append(Step(text, "co-treatment-once"))
        if "SLP" in disciplines and slp_codes:
            steps.append(
                Step(
                    f"A speech-language pathologist is one of the co-treating disciplines: NCCI policy text"
                    f" (as quoted by secondary sources) says SLPs do not perform {slp_codes[0]}. Check that the"
                    " SLP's share is billed under the SLP's own code (92507, 92508, 92526), not this one.",
                    "slp-not-97530",
                )
            )
    return steps


def _timed_minutes_step(timed: dict[str, int], untimed: list[str], minutes: dict[str, int]) -> Step:
    total = sum(timed.values())
    if timed:
        text = f"Timed minutes: {' + '.join(f'{c} {m}' for c, m in timed.items())} = {total} min."
    else:
        text = "No timed codes: no timed units to count."
    if untimed:
        text += (
            f" Untimed {', '.join(untimed)} count only toward total treatment time"
            f" ({sum(minutes.values())} min)."
        )
    return Step(text, "timed-vs-untimed")


def _cms_order(timed: dict[str, int]) -> list[str]:
    """Codes with leftover minutes, most leftover first; ties: longer code, then input order."""
    position = {code: i for i, code in enumerate(timed)}
    candidates = [code for code, m in timed.items() if m % 15]
    return sorted(candidates, key=lambda c: (-(timed[c] % 15), -timed[c], position[c]))


def _allocate_cms(
    timed: dict[str, int], pool: str = ""
) -> tuple[dict[str, int], tuple[str, ...], list[Step]]:
    total = sum(timed.values())
    day_units = units_for_minutes(total)
    whose = f"{pool_name(pool)[:1].upper()}{pool_name(pool)[1:]}: " if pool else ""
    if day_units == 0:
        text = f"{whose}{total} timed minutes is under 8: no timed unit today." if timed else ""
        steps = [Step(text, "cms-unit-table")] if timed else []
        units = dict.fromkeys(timed, 0)
        return units, (), steps + _not_billed_steps(timed, units)
    steps = [
        Step(
            f"{whose}{total} timed minutes is in the {minutes_row(day_units)} row of the CMS table:"
            f" {day_units} timed unit{'s' if day_units != 1 else ''} in all today.",
            "cms-unit-table",
        )
    ]
    units = {code: m // 15 for code, m in timed.items()}
    steps.append(
        Step(
            "Full 15-minute units first: "
            + "; ".join(f"{c} {m} min = {m // 15} ({m % 15} left over)" for c, m in timed.items())
            + ".",
            "cms-full-units",
        )
    )
    left = day_units - sum(units.values())
    order = _cms_order(timed)
    winners = order[:left]
    for code in winners:
        units[code] += 1
    if left:
        steps.append(
            Step(
                f"{left} unit{'s' if left != 1 else ''} still to place; one each to the code"
                f"{'s' if left != 1 else ''} with the most leftover minutes: "
                + ", ".join(f"{c} ({timed[c] % 15} min)" for c in winners)
                + ".",
                "cms-leftover-allocation",
            )
        )
    else:
        steps.append(
            Step(
                "The full units already make up the day's total: no unit left to place.",
                "cms-leftover-allocation",
            )
        )
    tied = _tie_at_cutoff(timed, order, left)
    if tied:
        chosen = [c for c in tied if c in winners]
        steps.append(
            Step(
                f"{' and '.join(tied)} have the same leftover minutes ({timed[tied[0]] % 15}):"
                f" either may take the unit, the clinician's choice. The toolkit gave it to"
                f" {', '.join(chosen)} (longer time, then the order listed); the other choice is"
                " equally correct.",
                "cms-tie-clinician-choice",
            )
        )
    return units, tied, steps + _not_billed_steps(timed, units)


def _tie_at_cutoff(timed: dict[str, int], order: list[str], left: int) -> tuple[str, ...]:
    """Codes sharing the leftover minutes at the cut between units given and not given."""
    if left == 0 or left >= len(order):
        return ()
    cut = timed[order[left - 1]] % 15
    if timed[order[left]] % 15 != cut:
        return ()
    return tuple(c for c in order if timed[c] % 15 == cut)


def _not_billed_steps(timed: dict[str, int], units: dict[str, int]) -> list[Step]:
    return [
        Step(
            f"{code} ({m} min) gets no unit; its minutes still counted, and it stays in the note.",
            "cms-documented-not-billed",
        )
        for code, m in timed.items()
        if units[code] == 0 and m > 0
    ]


def _count_per_code(timed: dict[str, int]) -> dict[str, int]:
    return {code: units_for_minutes(m) for code, m in timed.items()}


def _per_code_steps(timed: dict[str, int]) -> list[Step]:
    if not timed:
        return []
    units = _count_per_code(timed)
    parts = [
        f"{c} {m} min = {n} unit{'s' if n != 1 else ''}" + (" (under 8 minutes)" if m < 8 else "")
        for (c, m), n in zip(timed.items(), units.values())
    ]
    return [
        Step("Per code, no pooling: " + "; ".join(parts) + ".", "ama-per-code"),
        Step(
            "Check the payer's contract: the payer decides which counting method applies.",
            "payer-chooses-method",
        ),
    ]


def is_valid_allocation(
    minutes_by_code: Mapping[str, int], *, units_by_code: Mapping[str, int], method: str = "cms"
) -> bool:
    """True when these units are a correct answer for these minutes, ties either way.

    Raises:
        BillingInputError: as `bill_units` for the minutes or method. Units for a code the
            minutes do not name are simply a wrong answer (False).
    """
    expected = bill_units(minutes_by_code, method=method)
    if set(units_by_code) != set(expected.units):
        return False
    if not expected.tie_broken:
        return all(units_by_code[c] == n for c, n in expected.units.items())
    minutes = expected.minutes
    for code, n in expected.units.items():
        if code not in expected.tied_codes and units_by_code[code] != n:
            return False
    return all(
        sum(units_by_code[c] for c in group) == sum(expected.units[c] for c in group)
        and all(units_by_code[c] - minutes[c] // 15 in (0, 1) for c in group)
        for group in expected.tie_groups
    )
