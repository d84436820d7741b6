"""Helpers shared by the rule-family tests: build claim lines and read back what a check found.

Imported as `claim_cases` (pytest puts this folder on sys.path; the name is unique in tests/)."""

from toolkit.rules.claims import Claim, ClaimLine, check_claim


def hits(check, rule_id):
    """(severity, line) of each finding of one rule."""
    return [(f.severity, f.line) for f in check.findings if f.rule_id == rule_id]


def gp(code, units, minutes=None, block=None, modifiers="GP", who="PT"):
    """A physical therapist's line (GP by default)."""
    return ClaimLine(code, units, modifiers, minutes, block, who)


def line(code, block=None, modifiers="GP", minutes=None, units=1):
    """A one-unit GP line in a time block: the shape the code-pair and same-minutes tests use."""
    return ClaimLine(code, units, modifiers, minutes, block)


def family_found(family, lines, **claim):
    """(rule, severity, line) from the family alone and from the whole check_claim, which
    must agree: the registry runs the family unchanged."""
    alone = [(f.rule_id, f.severity, f.line) for f in family.findings(Claim.read(lines, **claim))]
    whole = [
        (f.rule_id, f.severity, f.line)
        for f in check_claim(lines, **claim).findings
        if f.rule_id in family.RULE_IDS
    ]
    assert sorted(alone) == sorted(whole)
    return sorted(alone)
