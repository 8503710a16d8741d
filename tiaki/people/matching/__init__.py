"""Search-before-create matching (DESIGN.md, "People's names").

One path for the intake form, the API, the duplicate scan and ``tiaki
match-eval``: blocking keys (keys.py) find a few candidates among a million
persons, and score.py scores each with plain-language reasons. No access
control here: callers filter candidates through the people selectors.
"""

from tiaki.people.matching.records import Candidate, MatchQuery
from tiaki.people.matching.score import MATCH_THRESHOLD
from tiaki.people.matching.search import find_candidates, score_pair
from tiaki.people.matching.searchbox import parse_search_text
from tiaki.people.matching.store import index_persons


def index_person(person_id: int) -> None:
    """Rebuild one person's MatchKey rows (services call it after a write)."""
    index_persons([person_id])


__all__ = [
    "MATCH_THRESHOLD",
    "Candidate",
    "MatchQuery",
    "find_candidates",
    "index_person",
    "index_persons",
    "parse_search_text",
    "score_pair",
]
