"""Billing rules: pure functions over plain data (standard library only).

One module per rule family; `toolkit.rules.registry` lists them. Every family has one face:

- `FAMILY`: its name (the module's name); the audit's twin is registered under it;
- `SUBJECT`: what it reads: "claim" (a `toolkit.rules.claims.Claim`), "note" (a
  `toolkit.rules.treatment_note.TreatmentNote`), "minutes" (the 8-minute arithmetic,
  answered by `toolkit.rules.units.bill_units` as steps citing its rules), or None (rules
  the lessons teach that no input the toolkit reads can show: `toolkit.rules.taught`);
- `RULE_IDS`: the rules it owns. All families' ids together are rules.csv's, each once;
- `CITES`: rules of other families whose findings it also gives (the same fact, reused);
- `findings(subject) -> list[Finding]` for the "claim" and "note" families. Its messages
  are functions or constants of the module, so the audit writes the same words.

Reading values (whole numbers, units, modifiers, payer, year) is `toolkit.rules.parsing`.
Every rule cites its source (see `toolkit.reference`).
"""
