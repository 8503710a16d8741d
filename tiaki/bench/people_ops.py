"""Benchmark operations for search-before-create (tiaki.people.matching,
tiaki.people.selectors.match_keys).

``person_search`` runs find_candidates for a query made from a seeded
person the way a notifier gets details wrong: a typo in the family name, a
nickname or Māori/English form of the given name, or the birth date with
day and month swapped. ``person_search_raw`` fetches the same candidate ids
by blocking key with one hand-written query, so the ratio shows what
scoring and the batched record fetches cost on top of the index lookups.
"""

from __future__ import annotations

import random

from tiaki.bench.operations import BenchContext, Operation
from tiaki.people.matching import MatchQuery
from tiaki.people.matching.keys import query_keys
from tiaki.people.matching.records import PreparedQuery
from tiaki.people.matching.variants import variants_of
from tiaki.people.models import Person, PersonName
from tiaki.people.selectors.match_keys import candidate_hits, find_candidates
from tiaki.people.selectors.variants import load_variants


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two letters swapped


def _queries(ctx: BenchContext, seed: int) -> list[MatchQuery]:
    rng = random.Random(seed)
    load_variants()  # the staff's variants too, as a search would know them
    born = dict(Person.objects.filter(pk__in=ctx.person_ids).values_list("pk", "date_of_birth"))
    names = {
        pid: (given, family)
        for pid, given, family in PersonName.objects.filter(person_id__in=ctx.person_ids, is_primary=True).values_list(
            "person_id", "given_names", "family_name"
        )
    }
    queries = []
    for pid in ctx.person_ids:
        given, family = names.get(pid, ("", ""))
        dob = born.get(pid)
        first = given.split(" ")[0] if given else ""
        roll = rng.random()
        typed_date = f"{dob.day:02d}/{dob.month:02d}/{dob.year}" if dob else ""
        if roll < 0.34:
            family = _typo(family, rng)
        elif roll < 0.67 and (others := sorted(variants_of(first.casefold()))):
            first = rng.choice(others).title()
        elif dob is not None and dob.day <= 12:
            typed_date = f"{dob.month:02d}/{dob.day:02d}/{dob.year}"
        queries.append(MatchQuery(given_names=first, family_name=family, birth_date=typed_date))
    return queries


def search_operations(ctx: BenchContext) -> list[Operation]:
    queries = _queries(ctx, seed=1)

    def person_search(i: int) -> object:
        found = find_candidates(queries[i % len(queries)], limit=20)
        return found

    def person_search_raw(i: int) -> object:
        return candidate_hits(query_keys(PreparedQuery.of(queries[i % len(queries)])))

    def person_search_page(i: int) -> object:
        query = queries[i % len(queries)]
        # POST, then the redirect to the result page (tiaki.people.web.saved_searches).
        response = ctx.client.post(
            "/people/search/",
            {"given_names": query.given_names, "family_name": query.family_name, "birth_date": query.birth_date},
            follow=True,
        )
        assert response.status_code == 200, response.status_code
        assert response.redirect_chain, "the search page answers a POST with a redirect"
        return response

    return [
        Operation(
            "person_search_page",
            "POST /people/search/ and its result page, same queries: matching, need-to-know, masking, audit, full page",
            person_search_page,
            person_search_raw,
        ),
        Operation(
            "person_search",
            "find_candidates for a seeded person typed with a typo, a nickname or a swapped birth date",
            person_search,
            person_search_raw,
        ),
    ]
