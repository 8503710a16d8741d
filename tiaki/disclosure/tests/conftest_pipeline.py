"""Fixtures of the disclosure pipeline part: a letter about the shared
whānau's child (world.py), its recipients, and a stand-in guard finding."""

from __future__ import annotations

import pytest

from tiaki.disclosure.artefacts import Artefact, Item, Recipient
from tiaki.disclosure.selectors import guard
from tiaki.disclosure.tests.world import FATHER_STREET, PROTECTED_STREET

__all__ = ["father_recipient", "finding", "letter_about_child", "long_artefact", "mother_recipient"]


@pytest.fixture
def letter_about_child(whanau):
    """A letter about the child that names the mother's protected address in its body."""
    return Artefact(
        kind="letter", title="Letter about Tūī", case_id=whanau.case.pk, subject_ids=[whanau.child.pk],
        items=[Item(key="body", label="Letter", text=f"Kia ora,\n\nTūī is staying with her mother at "
                    f"{PROTECTED_STREET}.\n\nNgā mihi", about_person=whanau.child.pk)],
        letter_subject="Tūī's care plan",
    )  # fmt: skip


@pytest.fixture
def mother_recipient(whanau):
    return Recipient(kind="person", label="Aroha Pene", person_id=whanau.mother.pk,
                     address_lines=f"{PROTECTED_STREET}\nRaumanga\nWhangārei 0110")  # fmt: skip


@pytest.fixture
def father_recipient(whanau):
    return Recipient(kind="person", label="Wiremu Tane", person_id=whanau.father.pk,
                     address_lines=f"{FATHER_STREET}\nOtangarei\nWhangārei 0112")  # fmt: skip


@pytest.fixture
def finding(whanau):
    """What the guard would say about the mother's address in a letter to the father."""
    return guard.Finding(
        rule="protected_address", item_key="body", item_label="Letter", about_person=whanau.mother.pk,
        protected_from=whanau.father.pk, overridable=True,
        words="Remove Aroha Pene's address: she is protected from the recipient by a protection order.",
    )  # fmt: skip


def long_artefact(subject_ids: list[int], entries: int, *, kind: str = "chronology", case_id: int | None = None):
    """An export of ``entries`` items under yearly headings (multi-page PDFs)."""
    return Artefact(
        kind=kind, title="Chronology of Tūī Te Whare", case_id=case_id, subject_ids=subject_ids,
        items=[Item(key=f"entry-{n}", label=f"Home visit {n}", section=f"{2010 + n // 40}",
                    text="Tūī showed her drawings and talked about kapa haka practice at kura. " * 6)
               for n in range(entries)],
    )  # fmt: skip
