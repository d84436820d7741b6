"""Lesson 13 · After the claim: the remittance (835), its adjustment and remark codes, what to
do about a denial (corrected claim, reopening, redetermination), reviews, and the rules that
decide whether a claim is yours to send at all.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import BEFORE_YOU_START, Lesson, code, lab_only, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question
from toolkit.reference import thresholds

ID = "13_after_the_claim"

CELLS = (
    md("""
# Lesson 13 · After the claim

A claim sent is not a claim paid. The payer answers with a **remittance advice** (the
electronic one is the X12 **835**, also called an ERA): for every line, what was charged,
what was paid, and an **adjustment** for every dollar not paid, with a code saying why. This
lesson reads those codes, decides what to do about a denial, and covers the reviews and rules
that catch therapy claims after they are sent.

**By the end you can:** read the adjustments of an 835 (CO, PR, OA with their reason and
remark codes); choose between a corrected claim, a reopening and a redetermination; answer an
ADR in time; and spot, before sending, a claim that consolidated billing, the KX threshold at
other providers, an MUE or a missing prior authorisation will stop.
"""),
    lab_only(BEFORE_YOU_START),
    code("from toolkit.widgets import tables, remittance, quick_check"),
    md("""
## Group codes: whose loss is it?

Every adjustment starts with a **group code**:

- **CO**, contractual obligation: the clinic absorbs the amount and may **not** bill the
  patient for it (CO-45, the part of the charge above the fee schedule, is on nearly every
  line).
- **PR**, patient responsibility: deductible (PR-1), coinsurance (PR-2), or a service the
  patient agreed to pay for.
- **OA**, other adjustment: neither of the two, often another payer's share.

Then comes the **reason code** (CARC), a number saying why; and sometimes a **remark code**
(RARC, starting N, M or MA) adding detail. Read both before deciding anything.
"""),
    code('tables.rule_box("remit-group-codes")'),
    code('tables.rule_box("remit-carc-rarc")'),
    md("""
## Try it: read a remittance

Pick a sample 835 from the menu, or paste your own (synthetic only). Each adjustment is
explained with what it usually means for therapy and the next step. If what you paste is not
an 835, or is cut off, the message beside the box says so and your text stays.
"""),
    code('remit = remittance.show(pick="Bundled with manual therapy (CO-97)")\nremit'),
    code(
        'assert remit.remittance.claims[0].services[1].adjustments[0].reason == "97" and "59" in remit.findings_html.value'
    ),
    md("""
## The denials a therapy biller meets most

| Code | Usually means for 97530 | Next step |
|---|---|---|
| **CO-97** | bundled with another service (a code-pair edit, often with 97140) | if the blocks were separate and the note shows it, a **reopening** to add 59 or an X modifier (a missing modifier is a clerical error); if not, the denial stands |
| **CO-50** | not medically necessary: no skilled need, no functional goal, no certified plan | a **redetermination** with the records, within 120 days |
| **CO-151** | more units or visits than the information supports (an MUE, or units above the minutes) | compare the units with the minutes; correct or appeal |
| **CO-119** | a plan's benefit limit reached (Medicare Advantage, commercial, Medicaid) | ask the plan; bill the patient only as the contract allows |
| **PR-204** | not covered under the patient's plan | check eligibility and benefits; the patient may owe it |
| **CO-16 + MA130** | information missing: the claim was never processed | correct it and send a **new** claim (no appeal rights) |
| **CO-29** | filed too late | no appeal; only narrow exceptions |

The table's meanings are the course's summaries; codes and wording come from the X12 lists
(some rows are marked UNVERIFIED in the reader above, where the wording was not confirmed).

## Corrected claim, reopening or appeal?

- **Unprocessable** (CO-16 with MA130): nothing was decided, so nothing can be appealed. Fix
  the claim and send it as a new claim, inside the timely-filing limit.
- **A clerical error on a processed claim** (a wrong digit, a missing modifier such as 59, a
  mistyped date): ask for a **reopening**, within one year of the initial determination. Do
  not send the same claim again for Medicare Part B: it is denied as a duplicate.
- **A decision you disagree with** (medical necessity, documentation): a **redetermination**
  by the MAC, requested within **120 days** of receiving the initial determination; if that
  fails, a **reconsideration** by a Qualified Independent Contractor, requested within
  **180 days** of receiving the redetermination. Receipt is presumed 5 days after the date on
  the notice, so counting from that date is the safe habit.
"""),
    code('tables.rule_box("corrected-claim-unprocessable")'),
    code('tables.rule_box("reopening-clerical")'),
    code('tables.rule_box("appeal-redetermination-120")'),
    md("""
## Time limits

A Medicare claim must reach the contractor within **12 months** of the date of service. A
claim rejected as unprocessable does not count as filed, so a claim fixed late can miss the
limit, and a timely-filing denial cannot be appealed.
"""),
    code('tables.rule_box("timely-filing-12-months")'),
    md("""
## Reviews: ADRs, TPE and the $3,000 threshold

- An **additional documentation request** (ADR) asks for the records behind a claim. Send
  them within **45 days** of the ADR: a claim whose records have not arrived in time is
  denied, and a redetermination asked for it afterwards is handled as a reopening.
- **Targeted Probe and Educate** (TPE): a MAC reviews a sample of the clinic's claims, with
  education after each round, for up to three rounds. MACs have run TPE on 97530 itself;
  missing records, an uncertified plan of care and unclear total time were top reasons.
- **Targeted medical review** can follow once a patient's therapy spending in the year passes
  **$3,000** (PT and SLP together; OT separately).
"""),
    code('tables.rule_box("adr-45-days")'),
    code('tables.rule_box("tpe-rounds")'),
    code('tables.rule_box("targeted-review-3000")'),
    md("""
## Before you send: is this claim yours, and is it allowed?

**KX counts every provider.** The KX threshold (Lesson 6) is the patient's therapy spending
for the year at **every** provider: a patient who had PT at another clinic in spring may reach
the threshold at your second visit. Check the year's spending in the eligibility system
before deciding whether the line needs KX.

**Consolidated billing.** While a patient is in a covered **SNF Part A stay**, therapy is part
of the SNF's payment: only the SNF may bill it, and an outside practice bills the SNF, not
Medicare. The same holds for a patient under a **home health plan of care**: only the agency
may bill the therapy. Check where the patient lives and whether an episode is open before
the first visit.

**LCDs and billing articles differ.** Each MAC publishes its own outpatient therapy LCD and
billing article: diagnosis lists and coding notes differ, so read the one for your clinic's
jurisdiction.

**The MUE and its MAI.** CMS caps the units of one code per patient per day (the Medically
Unlikely Edit) and says how with the MUE adjudication indicator: **1** per claim line, **2**
per day and absolute (not paid on appeal), **3** per day on clinical grounds (payable on
appeal with records). The value for 97530 is not confirmed here: look it up in CMS's current
quarterly table.

**Medicare Advantage prior authorisation.** Many Medicare Advantage plans require prior
authorisation for therapy visits: get the number before the visits, or the plan can deny them.
"""),
    code('tables.rule_box("kx-spending-all-providers")'),
    code('tables.rule_box("consolidated-billing-snf")'),
    code('tables.rule_box("consolidated-billing-hh")'),
    code('tables.rule_box("lcd-billing-article")'),
    code('tables.rule_box("mue-mai")'),
    code('tables.rule_box("mue-97530")'),
    code('tables.rule_box("ma-prior-authorisation")'),
    md("## Quick check"),
    code('quick_check.for_lesson("13_after_the_claim")'),
    md("""
**You have finished the lessons.** Next, the graded exercises: start with
[Exercise 1 · A tidy visit](../exercises/ex01_tidy_visit.ipynb) and work through all of them;
each one gives a score and the reason for every answer. [Start here](01_start_here.ipynb)
shows your progress across the lessons and the exercises.
"""),
)

QUESTIONS = (
    Question(
        "after-groups",
        ID,
        "single",
        "A line shows CO-45 $26.00 and PR-2 $20.80. What may the clinic bill the patient?",
        (
            O(
                "$20.80, the coinsurance",
                True,
                "PR is the patient's share; CO-45 is the clinic's contractual write-off.",
                "remit-group-codes",
            ),
            O(
                "$46.80, both adjustments",
                False,
                "A CO amount may never be moved to the patient.",
                "remit-group-codes",
            ),
            O(
                "Nothing",
                False,
                "Coinsurance (PR-2) is the patient's to pay (or a supplemental plan's).",
                "remit-group-codes",
            ),
        ),
    ),
    Question(
        "after-which-route",
        ID,
        "sort",
        "Put each denial under what you do next.",
        (
            O(
                "CO-16 with MA130: box 24B was blank",
                "Correct and send a new claim",
                "Unprocessable claims have no appeal rights: fix and resubmit.",
                "corrected-claim-unprocessable",
            ),
            O(
                "Paid claim, but the biller typed 97530 for 97150",
                "Ask for a reopening",
                "A clerical error on a processed claim is a reopening.",
                "reopening-clerical",
            ),
            O(
                "CO-50: the reviewer found no skilled need, but the note shows it",
                "Request a redetermination",
                "A decision you disagree with is appealed, within 120 days, with the records.",
                "appeal-redetermination-120",
            ),
        ),
        categories=(
            "Correct and send a new claim",
            "Ask for a reopening",
            "Request a redetermination",
        ),
    ),
    Question(
        "after-adr",
        ID,
        "single",
        "An ADR for a 97530 claim arrived today. When are the records due?",
        (
            O(
                "Within 45 days; by day 46 the claim is denied",
                True,
                "The contractor denies a claim whose records have not arrived by day 46.",
                "adr-45-days",
            ),
            O(
                "Within 120 days, like an appeal",
                False,
                "120 days is the redetermination limit, not the ADR's.",
                "adr-45-days",
            ),
        ),
    ),
    Question(
        "after-kx",
        ID,
        "single",
        "Medicare has allowed $900 of PT at your clinic for a patient this year. The "
        "eligibility system shows $1,800 allowed for PT at another clinic in spring. The 2026 "
        "KX threshold is "
        f"${int(thresholds()[2026]['kx_threshold']):,}. Today's visit is $150 by the fee "
        "schedule. KX?",
        (
            O(
                "Yes: the threshold counts every provider ($2,850 with today)",
                True,
                "Spending accrues per patient across providers, counted in allowed amounts "
                "(the fee schedule), not the clinics' charges.",
                "kx-spending-all-providers",
            ),
            O(
                "No: your clinic's $1,050 is far below the threshold",
                False,
                "The other clinic's spending counts too.",
                "kx-spending-all-providers",
            ),
        ),
    ),
    Question(
        "after-consolidated",
        ID,
        "multi",
        "Tick the patients whose therapy your private practice may NOT bill to Medicare itself.",
        (
            O(
                "A patient in a covered SNF Part A stay",
                True,
                "Consolidated billing: only the SNF bills; bill the SNF for your services.",
                "consolidated-billing-snf",
            ),
            O(
                "A patient under an open home health plan of care",
                True,
                "Only the home health agency may bill the therapy.",
                "consolidated-billing-hh",
            ),
            O(
                "A patient living at home with no home health episode",
                False,
                "Nothing bundles this patient's therapy: bill it on your CMS-1500.",
                "consolidated-billing-hh",
            ),
        ),
    ),
    Question(
        "after-mue",
        ID,
        "single",
        "A line was denied on an MUE whose MAI is 2. Will an appeal with records pay it?",
        (
            O(
                "No: MAI 2 is an absolute per-day limit based on policy",
                True,
                "MAI 3 edits can be paid on appeal with records; MAI 2 edits cannot.",
                "mue-mai",
            ),
            O(
                "Yes: every MUE denial is paid on appeal with records",
                False,
                "Only MAI 3 (clinical) edits can be; MAI 2 edits are absolute.",
                "mue-mai",
            ),
        ),
    ),
    Question(
        "after-ma",
        ID,
        "multi",
        "A new patient has a Medicare Advantage plan. Tick what to check before the first "
        "treatment visit.",
        (
            O(
                "Whether the plan requires prior authorisation for therapy",
                True,
                "Without a required authorisation the plan can deny the visits.",
                "ma-prior-authorisation",
            ),
            O(
                "The plan's visit limits and how it counts units",
                True,
                "The plan's contract decides.",
                "payer-contract-varies",
            ),
            O(
                "Nothing: Medicare Advantage follows original Medicare exactly",
                False,
                "Plans can add prior authorisation and limits.",
                "payer-contract-varies",
            ),
        ),
    ),
    Question(
        "after-timely",
        ID,
        "single",
        "A claim for a 5 March 2026 visit was rejected as unprocessable in April and "
        "forgotten. Until when can the corrected claim still be filed with Medicare?",
        (
            O(
                "It must reach the contractor within 12 months of 5 March 2026",
                True,
                "A rejected claim never counted as filed; the 12 months run from the date of "
                "service.",
                "timely-filing-12-months",
            ),
            O(
                "12 months from the rejection in April",
                False,
                "The limit runs from the date of service, not from the rejection.",
                "timely-filing-12-months",
            ),
        ),
    ),
)

LESSON = Lesson(
    id=ID,
    title="After the claim",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=("cpt-remittance", "cpt-rule", "cpt-quick-checks"),
)
