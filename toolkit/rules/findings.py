"""A finding: one thing a rule noticed about a claim, a note or a visit, with its source."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.reference import rule

SEVERITIES = ("error", "warning", "info")  # error: wrong as billed; warning: check it; info: note


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    message: str
    line: int | None = None  # 1-based claim line, None for the whole claim or note
    element: str | None = None  # documentation element a note finding is about

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}: {self.severity!r}")
        rule(self.rule_id)  # an unknown rule id is a programming error: fail loudly

    @property
    def source(self) -> str:
        return rule(self.rule_id).citation

    @property
    def confidence(self) -> str:
        return rule(self.rule_id).confidence

    @property
    def unverified(self) -> bool:
        return self.confidence == "unverified"

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule_id,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "element": self.element,
            "source": self.source,
            "confidence": self.confidence,
        }
