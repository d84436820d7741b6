"""Billing rules: pure functions over plain data (standard library only).

Units, claim lines, modifiers, code pairs and the treatment note; one module per rule
family. Every rule cites its source (see `toolkit.reference`).
"""
