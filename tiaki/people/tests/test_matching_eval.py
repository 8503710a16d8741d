"""tiaki match-eval on a FEBRL slice and on the synthetic New Zealand set."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tiaki.people.matching.eval import evaluate, read_febrl
from tiaki.people.matching.synthetic import synthetic_set
from tiaki.people.models import MatchKey, Person
from tiaki.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
FEBRL = Path("/work/shared/data/febrl")


@pytest.mark.skipif(not (FEBRL / "dataset4a.csv").is_file(), reason="FEBRL data not present on this machine")
def test_it_matches_a_febrl_slice_and_leaves_nothing_behind() -> None:
    known = read_febrl(FEBRL / "dataset4a.csv")[:500]
    wanted = {row["rec_id"].replace("-org", "") for row in known}
    queries = [row for row in read_febrl(FEBRL / "dataset4b.csv") if row["rec_id"].rsplit("-dup", 1)[0] in wanted]
    queries += read_febrl(FEBRL / "dataset4b.csv")[:100]  # some whose original is not loaded: must match nothing
    result = evaluate(known, queries)
    assert result.queries >= 500
    assert result.f1 >= 0.98
    assert result.precision >= 0.99
    assert not Person.objects.exists()
    assert not MatchKey.objects.exists()


def test_it_meets_the_synthetic_precision_and_recall_bounds() -> None:
    known, queries = synthetic_set(size=600, seed=3)
    assert any(q["rec_id"].startswith("rec-6001") for q in queries)  # new siblings and twins are in the set
    result = evaluate(known, queries)
    assert result.precision >= 0.99
    assert result.recall >= 0.97


def test_the_command_refuses_a_register_that_is_not_empty() -> None:
    PersonFactory()
    with pytest.raises(CommandError, match="not empty"):
        call_command("match_eval", synthetic=True, size=20, stdout=StringIO())


def test_the_command_prints_figures_as_json(tmp_path: Path) -> None:
    out = StringIO()
    call_command("match_eval", synthetic=True, size=60, seed=5, write_csv=tmp_path, json=True, stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["queries"] > 0
    assert 0.9 <= figures["f1"] <= 1
    assert len(read_febrl(tmp_path / "known.csv")) == 60
