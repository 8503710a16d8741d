"""The About me form: one section per topic, each with one or more items
typed on the page (their rows posted as ``<topic>-<n>-text``, ``-own_words``
and ``-shareable``, with ``<topic>-rows`` saying how many), plus the version
the worker started from and what changed. It parses input only; the rules
live in tiaki.care.services.about."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms

from tiaki.care.codes import ABOUT_ME_TOPICS
from tiaki.care.selectors.about import AboutMeItem

#: The most rows one topic offers (the service caps the whole at MAX_ITEMS).
MAX_ROWS_PER_TOPIC = 20

#: A line under each topic's heading saying what goes there.
TOPIC_HINTS: dict[str, str] = {
    "sleep": "Bedtime, what helps them settle and their routine at night.",
    "food": "What they like to eat and what they will not, and how mealtimes go.",
    "school_run": "How they get to school or kura, who takes them and what helps in the morning.",
    "likes": "Things they enjoy, are good at or look forward to.",
    "dislikes": "Things that upset, worry or bore them.",
    "when_upset": "What calms them, what to avoid and who they want with them.",
    "health": "Health needs, medicines, allergies and appointments.",
    "disability": "Any disability, and the support or equipment they need.",
    "culture": "Their culture, language, faith and identity, and how to support them.",
    "whakapapa": "Their whakapapa, as they or their whānau share it.",
    "iwi": "Their iwi, hapū and marae, and how they stay connected.",
    "important_people": "Whānau, friends and others who matter to them, and how they keep in touch.",
    "other": "Anything else they want the people caring for them to know.",
}


@dataclass
class ItemRow:
    """One item as typed: its topic, its number within the topic (from 1)."""

    topic: str
    number: int
    text: str = ""
    own_words: bool = False
    shareable: bool = False
    error: str = ""

    @property
    def prefix(self) -> str:
        return f"{self.topic}-{self.number}"

    @property
    def anchor(self) -> str:
        return f"{self.prefix}-text"

    @property
    def filled(self) -> bool:
        return bool(self.text.strip())

    def as_service_item(self) -> dict[str, object]:
        return {"topic": self.topic, "text": self.text, "own_words": self.own_words, "shareable": self.shareable}


@dataclass
class TopicRows:
    code: str
    label: str
    hint: str
    rows: list[ItemRow] = field(default_factory=list)


def _count(data: Mapping[str, Any], topic: str) -> int:
    try:
        count = int(data.get(f"{topic}-rows") or 1)
    except (TypeError, ValueError):
        count = 1
    return max(1, min(count, MAX_ROWS_PER_TOPIC))


def _checked(data: Mapping[str, Any], name: str) -> bool:
    return str(data.get(name) or "") in {"on", "1", "true", "yes"}


def rows_from_post(data: Mapping[str, Any], *, add: str = "") -> list[TopicRows]:
    """Every topic's rows as posted (blank ones too, so the page shows them
    again), with one more blank row under topic ``add``."""
    topics = []
    for code, label in ABOUT_ME_TOPICS.items():
        rows = [
            ItemRow(
                code,
                n,
                text=str(data.get(f"{code}-{n}-text") or ""),
                own_words=_checked(data, f"{code}-{n}-own_words"),
                shareable=_checked(data, f"{code}-{n}-shareable"),
            )
            for n in range(1, _count(data, code) + 1)
        ]
        if code == add and len(rows) < MAX_ROWS_PER_TOPIC:
            rows.append(ItemRow(code, len(rows) + 1))
        topics.append(TopicRows(code, label, TOPIC_HINTS.get(code, ""), rows))
    return topics


def rows_from_items(items: Iterable[AboutMeItem]) -> list[TopicRows]:
    """The saved items under their topics, and one blank row under each topic."""
    items = list(items)
    topics = []
    for code, label in ABOUT_ME_TOPICS.items():
        rows = [
            ItemRow(code, 0, text=item.text, own_words=item.own_words, shareable=item.shareable)
            for item in items
            if item.topic == code
        ][: MAX_ROWS_PER_TOPIC - 1]
        rows.append(ItemRow(code, 0))
        for number, row in enumerate(rows, start=1):
            row.number = number
        topics.append(TopicRows(code, label, TOPIC_HINTS.get(code, ""), rows))
    return topics


def filled_rows(topics: Iterable[TopicRows]) -> list[ItemRow]:
    """The rows with something typed, in the order they are sent to the
    service: its ``items-N`` errors name the Nth of these."""
    return [row for topic in topics for row in topic.rows if row.filled]


class AboutMeForm(forms.Form):
    """The version the worker started from and what changed; the items are
    posted alongside (rows_from_post)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)
    reason = forms.CharField(
        label="What changed and why", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you change About me: whoever reads an earlier version sees why it changed.",
    )  # fmt: skip
