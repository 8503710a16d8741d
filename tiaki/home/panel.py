"""What a home-page panel is (tiaki.home.panels builds them, home/_panel.html shows one)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Item:
    """One piece of work: a link to where it is done, and what is due."""

    text: str
    url: str
    #: What is due and when, in words ("Next: statutory visit, due 3 December 2026").
    detail: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class Panel:
    heading: str
    body: str
    links: list[Link] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    #: Said when there are no items: what to do, or why there is nothing.
    empty: str = ""
