"""Letters on a case: written from a template to the case's people (filled
with their name and their address on record), changed, and sent through
the pipeline; a recipient with no address is refused and audited; a
blocked letter stays as typed; two people saving at once are told apart."""

from __future__ import annotations

import pytest

from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.disclosure import reasons
from tiaki.disclosure.models import Disclosure, GuardFinding, Letter
from tiaki.disclosure.selectors import guard
from tiaki.disclosure.selectors.letters import letter_get, letter_recipients, letters_for_case
from tiaki.disclosure.services.letters import LetterError, StaleLetter, letter_save, letter_send, letter_start
from tiaki.disclosure.tests.world import FATHER_STREET, PROTECTED_STREET
from tiaki.people.tests.factories import PersonNameFactory

pytestmark = pytest.mark.django_db


def start(w, person):
    return letter_start(
        actor=w.worker, case_id=w.case.pk, template_id=w.template.pk, recipient_key=f"person:{person.pk}"
    )


def test_recipients_are_the_childs_people_their_household_and_partners(letters_whanau):
    w = letters_whanau
    choices = {c.key: c for c in letter_recipients(actor=w.worker, case_id=w.case.pk)}
    father = choices[f"person:{w.father.pk}"]
    assert father.label == "Wiremu Tane"
    assert father.why == "Parent of Tūī Te Whare"
    assert father.address_lines.startswith(FATHER_STREET)
    mother = choices[f"person:{w.mother.pk}"]
    assert mother.protected
    assert mother.address_lines.startswith(PROTECTED_STREET)
    assert choices[f"household:{w.household.pk}"].why == "Caregivers of Tūī Te Whare"
    assert f"person:{w.child.pk}" not in choices


def test_a_letter_is_filled_with_the_recipients_name_and_address(letters_whanau):
    w = letters_whanau
    letter = start(w, w.father)
    assert letter.subject == "Meeting about Tūī"
    assert letter.body.startswith("Kia ora Wiremu Tane,")
    assert letter.address_lines.startswith(FATHER_STREET)
    assert PROTECTED_STREET not in letter.address_lines
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_SAVE, outcome="allowed").count() == 1
    # The mother's letter goes to her own (protected) address, shown to a reader with the permission.
    to_mother = start(w, w.mother)
    assert to_mother.address_lines.startswith(PROTECTED_STREET)
    assert letter_get(actor=w.worker, letter_id=to_mother.pk).address_shown.startswith(PROTECTED_STREET)


def test_a_recipient_with_no_address_on_record_is_refused_and_audited(letters_whanau):
    w = letters_whanau
    uncle = PersonNameFactory(given_names="Hemi", family_name="Tane").person
    from tiaki.people.models import Relationship

    Relationship.objects.create(from_person=uncle, to_person=w.child, kind=Relationship.Kind.AUNT_UNCLE)
    with pytest.raises(LetterError) as raised:
        start(w, uncle)
    assert raised.value.field == "recipient"
    assert "There is no address on record for Hemi Tane" in raised.value.message
    assert not Letter.objects.exists()
    refused = AuditEvent.objects.get(outcome="refused")
    assert (refused.action, refused.reason) == (AuditAction.LETTER_SAVE, reasons.NO_ADDRESS)


def test_someone_not_on_the_case_is_not_a_recipient(letters_whanau, bob):
    w = letters_whanau
    stranger = PersonNameFactory(given_names="Ani", family_name="Rapana").person
    with pytest.raises(LetterError):
        start(w, stranger)
    from django.http import Http404

    with pytest.raises(Http404):
        letter_start(actor=bob, case_id=w.case.pk, template_id=w.template.pk, recipient_key=f"person:{w.father.pk}")


def test_two_people_saving_at_once_are_told_apart_and_nothing_is_lost(letters_whanau):
    w = letters_whanau
    letter = start(w, w.father)
    letter_save(actor=w.worker, letter_id=letter.pk, expected_version=1, subject="First", body="Mine")
    with pytest.raises(StaleLetter) as raised:
        letter_save(actor=w.worker, letter_id=letter.pk, expected_version=1, subject="Second", body="Theirs")
    assert raised.value.current.body == "Mine"
    letter.refresh_from_db()
    assert (letter.body, letter.version) == ("Mine", 2)


def test_sending_releases_it_as_a_watermarked_pdf(letters_whanau):
    w = letters_whanau
    letter = start(w, w.father)
    sent = letter_send(actor=w.worker, letter_id=letter.pk, expected_version=1, subject=letter.subject,
                       body=letter.body + "\n\nSee you soon.")  # fmt: skip
    assert sent.released is not None
    assert sent.released.pdf.startswith(b"%PDF")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    assert letter.body.endswith("See you soon.")
    assert letter.disclosure.outcome == Disclosure.Outcome.RELEASED
    assert letter.disclosure.recipient_person_id == w.father.pk
    assert w.child.pk in set(letter.disclosure.subjects.values_list("person_id", flat=True))
    with pytest.raises(LetterError):
        letter_save(actor=w.worker, letter_id=letter.pk, expected_version=letter.version, subject="x", body="y")
    assert [row.pk for row in letters_for_case(actor=w.worker, case_id=w.case.pk)] == [letter.pk]


def test_a_blocked_letter_stays_as_typed_with_the_guards_findings(letters_whanau, monkeypatch):
    w = letters_whanau
    finding = guard.Finding(rule="protected_address", item_key="body", item_label="Letter body",
                            about_person=w.mother.pk, protected_from=w.father.pk,
                            words="Remove Aroha Pene's protected address: she is protected from Wiremu Tane.",
                            overridable=True)  # fmt: skip
    monkeypatch.setattr(guard, "check", lambda artefact, recipient, **_: [finding])
    letter = start(w, w.father)
    typed = letter.body + f"\n\nAroha is at {PROTECTED_STREET}."
    sent = letter_send(actor=w.worker, letter_id=letter.pk, expected_version=1, subject=letter.subject, body=typed)
    assert sent.released is None
    assert [f.words for f in sent.findings] == [finding.words]
    letter.refresh_from_db()
    assert (letter.status, letter.body) == (Letter.Status.BLOCKED, typed)
    assert letter.disclosure.outcome == Disclosure.Outcome.BLOCKED
    assert GuardFinding.objects.filter(disclosure=letter.disclosure, rule="protected_address").exists()
    # Changed and sent again: it goes.
    monkeypatch.setattr(guard, "check", lambda artefact, recipient, **_: [])
    again = letter_send(actor=w.worker, letter_id=letter.pk, expected_version=letter.version,
                        subject=letter.subject, body=letter.body.replace(PROTECTED_STREET, "a safe place"))  # fmt: skip
    assert again.released is not None


def test_the_guard_stops_the_mothers_address_going_to_the_father_not_to_her(letters_whanau):
    w = letters_whanau
    typed = "\n\nAroha and Tūī can be reached at 14 Rata Street, Raumanga."
    to_father = start(w, w.father)
    blocked = letter_send(actor=w.worker, letter_id=to_father.pk, expected_version=1, subject=to_father.subject,
                          body=to_father.body + typed)  # fmt: skip
    assert blocked.released is None
    assert blocked.findings
    assert all(PROTECTED_STREET not in f.words for f in blocked.findings)
    assert blocked.disclosure.outcome == Disclosure.Outcome.BLOCKED
    assert AuditEvent.objects.filter(action=AuditAction.DISCLOSURE_MAKE, reason=reasons.DISCLOSURE_BLOCKED).exists()
    to_mother = start(w, w.mother)
    sent = letter_send(actor=w.worker, letter_id=to_mother.pk, expected_version=1, subject=to_mother.subject,
                       body=to_mother.body + typed)  # fmt: skip
    assert sent.released is not None
    assert sent.findings == []


def test_a_leaders_override_lets_the_same_letter_go_once(letters_whanau, supervisor):
    """Blocked, then let go by alice's supervisor with a reason: sending it
    again unchanged uses the override (recorded on the released row); a
    sent letter is never sent again."""
    from tiaki.disclosure.services.overrides import approve_override

    w = letters_whanau
    typed = "\n\nAroha and Tūī can be reached at 14 Rata Street, Raumanga."
    letter = start(w, w.father)
    first = letter_send(actor=w.worker, letter_id=letter.pk, expected_version=1, subject=letter.subject,
                        body=letter.body + typed)  # fmt: skip
    assert first.released is None
    reason = "The court ordered that the father be told where to send the child's belongings."
    approve_override(actor=supervisor, disclosure_id=first.disclosure.pk, reason=reason)
    again = letter_send(actor=w.worker, letter_id=letter.pk, expected_version=first.letter.version,
                        subject=letter.subject, body=letter.body + typed)  # fmt: skip
    assert again.released is not None
    assert again.disclosure.override_of_id == first.disclosure.pk
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.SENT
    # The override is spent with the letter: a sent letter is never sent again.
    with pytest.raises(LetterError):
        letter_send(actor=w.worker, letter_id=letter.pk, expected_version=again.letter.version,
                    subject=letter.subject, body=letter.body + typed)  # fmt: skip
    assert Disclosure.objects.filter(override_of=first.disclosure).count() == 1


def test_a_sent_letters_file_goes_once_and_not_after_a_day(letters_whanau):
    import datetime as dt

    from django.http import Http404
    from django.utils import timezone

    from tiaki.disclosure.models import DisclosureFile
    from tiaki.disclosure.services.letters import letter_pdf

    w = letters_whanau
    letters = []
    for _ in range(2):
        letter = start(w, w.mother)
        sent = letter_send(actor=w.worker, letter_id=letter.pk, expected_version=1, subject=letter.subject,
                           body=letter.body)  # fmt: skip
        assert sent.released is not None
        letters.append(letter)
    name, data = letter_pdf(actor=w.worker, letter_id=letters[0].pk)
    assert data.startswith(b"%PDF")
    assert bytes(DisclosureFile.objects.get(filename=name).data) == b""  # no copy kept
    with pytest.raises(Http404):
        letter_pdf(actor=w.worker, letter_id=letters[0].pk)
    with pytest.raises(Http404):
        letter_pdf(actor=w.worker, letter_id=letters[1].pk, now=timezone.now() + dt.timedelta(hours=24, minutes=1))
