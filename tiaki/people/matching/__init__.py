"""Search-before-create matching (DESIGN.md, "People's names"): the pure
logic, with no ORM.

Blocking keys (keys.py) find a few candidates among a million persons, and
score.py scores each with plain-language reasons. The database side is
elsewhere, on the read and write paths: the match-key index is written by
tiaki.people.services.match_keys (``index_persons``, inside the services'
transactions) and read by tiaki.people.selectors.match_keys
(``find_candidates``, ``score_pair``: the one path for the intake form, the
API, the duplicate scan and ``tiaki match-eval``). No access control there
either: callers filter candidates through the people selectors.
"""

from tiaki.people.matching.records import Candidate, MatchQuery
from tiaki.people.matching.score import MATCH_THRESHOLD
from tiaki.people.matching.searchbox import parse_search_text

__all__ = ["MATCH_THRESHOLD", "Candidate", "MatchQuery", "parse_search_text"]
