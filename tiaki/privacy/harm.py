"""The Privacy Act 2020's serious-harm factors (s113), in plain words.

A privacy officer assessing a breach rates each factor low, medium or high
with a note, then decides whether serious harm is likely: if it is, the
breach is notifiable and the Commissioner must be told as soon as
practicable (tiaki.privacy.models.incidents.COMMISSIONER_HOURS)."""

from __future__ import annotations

#: (code, what to think about), in the order of s113.
FACTORS: tuple[tuple[str, str], ...] = (
    ("sensitivity", "How sensitive the information is"),
    ("harm", "The nature of the harm that may be caused to the people affected"),
    ("recipients", "Who has obtained or may obtain the information"),
    ("security", "Whether a security measure (a password, encryption) protects it"),
    ("mitigation", "What has been done to reduce the risk of harm"),
    ("other", "Any other relevant matter"),
)
FACTOR_CODES = tuple(code for code, _ in FACTORS)
FACTOR_WORDS = dict(FACTORS)

LEVELS: tuple[tuple[str, str], ...] = (("low", "Low"), ("medium", "Medium"), ("high", "High"))
LEVEL_CODES = tuple(code for code, _ in LEVELS)
LEVEL_WORDS = dict(LEVELS)
