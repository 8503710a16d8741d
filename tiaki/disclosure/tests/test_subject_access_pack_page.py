"""The pack from what gathering really finds (the care leaver of
conftest_subject_access), its page for the privacy officers, and its
release past the disclosure guard: the notifier nowhere, the life story
from her placements, the reviewer and the approver may read it, anyone
else is refused and audited."""

from __future__ import annotations

import json

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.chronology.models import ChronologyEntry, CorrectionStatement
from tiaki.disclosure.artefacts import Recipient
from tiaki.disclosure.models import Redaction, ReleaseStage
from tiaki.disclosure.selectors import guard
from tiaki.disclosure.selectors.subject_access.gather import collect
from tiaki.disclosure.selectors.subject_access.pack import pack_preview
from tiaki.disclosure.subject_access.pack import build_pack
from tiaki.disclosure.tests.conftest_subject_access import NOTIFIER, NOTIFIER_PHONE

pytestmark = pytest.mark.django_db

NEIGHBOUR_REASON = "This is about your neighbour, and it is theirs to share."


@pytest.fixture
def stage(access_request, privacy_officer, care_leaver):
    gathered = collect(care_leaver.person.pk, request_id=access_request.pk)
    return ReleaseStage.objects.create(
        request=access_request, number=1, title="Your time in care", item_keys=[i.key for i in gathered.items],
        prepared_by=privacy_officer, prepared_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def redacted(access_request, care_leaver, privacy_officer, stage):
    Redaction.objects.create(request=access_request, item_key=f"report:{care_leaver.report.pk}",
                             passage="A neighbour rang", ground="other_person", reason=NEIGHBOUR_REASON,
                             made_by=privacy_officer, made_at=timezone.now())  # fmt: skip
    return stage


def _pack(access_request, care_leaver, stage):
    gathered = collect(care_leaver.person.pk, request_id=access_request.pk)
    redactions = list(Redaction.objects.filter(request=access_request))
    return build_pack(gathered=gathered, redactions=redactions, stage=stage, request=access_request,
                      sender_name="Privacy Officer")  # fmt: skip


def _text(artefact) -> str:
    return "\n".join(f"{i.label}\n{i.text}" for i in artefact.items)


def test_the_pack_from_her_records_never_names_the_notifier(access_request, care_leaver, redacted):
    text = _text(_pack(access_request, care_leaver, redacted))
    assert NOTIFIER not in text
    assert NOTIFIER_PHONE not in text
    assert "A neighbour rang" not in text
    assert NEIGHBOUR_REASON in text
    assert "Aroha from VOYCE Whakarongo Mai" in text  # her support person, in the warning and the letter


def test_her_life_story_says_where_she_lived_and_who_cared_for_her(access_request, care_leaver, stage, alice):
    artefact = _pack(access_request, care_leaver, stage)
    lived = next(i for i in artefact.items if i.key == "pack:story:lived").text
    assert lived.index("Tipene whānau") < lived.index("Parata Family Home")
    assert "You came into care; you left care on" in lived
    carers = next(i for i in artefact.items if i.key == "pack:story:carers").text
    assert f"{alice.get_full_name()} (social worker)" in carers


def test_the_chronology_entry_of_a_withheld_record_is_withheld_too(access_request, care_leaver, stage):
    Redaction.objects.create(request=access_request, item_key=f"note:{care_leaver.note.pk}", ground="other_person",
                             reason="It is about someone else.", made_at=timezone.now())  # fmt: skip
    artefact = _pack(access_request, care_leaver, stage)
    assert "She showed me her room" not in _text(artefact)
    entry = ChronologyEntry.objects.get(kind="note", source_id=care_leaver.note.pk)
    assert next(i for i in artefact.items if i.key == f"chronology:chronology:{entry.pk}").text.startswith("[Withheld")


def test_a_statement_of_correction_travels_into_her_pack(access_request, care_leaver, stage, privacy_officer):
    CorrectionStatement.objects.create(person=care_leaver.person, kind="note", source_id=care_leaver.note.pk,
                                       text="I did not say I felt safe there.", recorded_by=privacy_officer,
                                       recorded_at=timezone.now())  # fmt: skip
    artefact = _pack(access_request, care_leaver, stage)
    entry = ChronologyEntry.objects.get(kind="note", source_id=care_leaver.note.pk)
    beside = next(i for i in artefact.items if i.key == f"chronology:chronology:{entry.pk}").text
    assert beside.endswith("Statement of correction: I did not say I felt safe there.")


def test_the_guard_finds_nothing_in_her_own_pack_and_stops_one_naming_the_notifier(
    access_request, care_leaver, redacted
):
    artefact = _pack(access_request, care_leaver, redacted)
    to_her = Recipient(kind="person", label="Manaia Te Rangi", person_id=care_leaver.person.pk)
    assert guard.check(artefact, to_her) == []
    # The guard scans the text again: a notifier's name typed in anywhere is stopped (nobody may override).
    artefact.items[-1].text += f" {NOTIFIER} rang again."
    findings = guard.check(artefact, to_her)
    assert [f.rule for f in findings] == ["notifier_identity"]
    assert not findings[0].overridable


def test_the_reviewer_reads_the_pack_page_audited(client, access_request, care_leaver, redacted, privacy_officer):
    client.force_login(privacy_officer)
    url = reverse("web:subject-access-pack", args=[access_request.pk, 1])
    page = client.get(url)
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert NOTIFIER not in html
    assert html.index("Before you read") < html.index("A letter to you")
    assert NEIGHBOUR_REASON in html
    event = AuditEvent.objects.filter(action=AuditAction.SUBJECT_ACCESS_READ, outcome="allowed").latest("pk")
    assert json.loads(event.subject_ids) == [care_leaver.person.pk]
    assert event.relationship == f"subject-access:{access_request.pk}"


def test_the_second_privacy_officer_reads_it_before_approving(access_request, redacted, privacy_lead):
    view = pack_preview(actor=privacy_lead, request_id=access_request.pk, number=1)
    assert view.pack.notes


def test_it_refuses_a_social_worker_and_audits_it(client, access_request, redacted, alice):
    with pytest.raises(AccessDenied):
        pack_preview(actor=alice, request_id=access_request.pk, number=1)
    assert AuditEvent.objects.filter(action=AuditAction.SUBJECT_ACCESS_READ, outcome="refused").exists()
    client.force_login(alice)
    assert client.get(reverse("web:subject-access-pack", args=[access_request.pk, 1])).status_code in (403, 404)


def test_an_unknown_stage_is_404_audited(access_request, care_leaver, redacted, privacy_officer):
    with pytest.raises(Http404):
        pack_preview(actor=privacy_officer, request_id=access_request.pk, number=7)
    refused = AuditEvent.objects.get(action=AuditAction.SUBJECT_ACCESS_READ, outcome="refused")
    assert json.loads(refused.subject_ids) == [care_leaver.person.pk]


def test_a_passage_withheld_on_another_record_is_withheld_in_the_released_stage(
    access_request, care_leaver, privacy_officer, privacy_lead
):
    from tiaki.disclosure.services.subject_access.review import (
        redaction_add,
        stage_approve,
        stage_prepare,
        stage_release,
    )

    entered = ChronologyEntry.objects.get(kind="care", title="Entered care (s78)")
    redaction_add(actor=privacy_officer, request_id=access_request.pk, item_key=f"report:{care_leaver.report.pk}",
                  passage="left alone", ground="other_person", reason=NEIGHBOUR_REASON)  # fmt: skip
    stage = stage_prepare(actor=privacy_officer, request_id=access_request.pk, title="Coming into care",
                          item_keys=[f"chronology:{entered.pk}"])  # fmt: skip
    stage_approve(actor=privacy_lead, stage_id=stage.pk)
    released = stage_release(actor=privacy_officer, stage_id=stage.pk, channel="download")
    text = "\n".join(i["text"] for i in released.disclosure.content["items"])
    assert "Left alone" not in text
    assert "[withheld: see note 1] without food." in text
    assert NEIGHBOUR_REASON in text
    # The page shows what was released: the same words.
    preview = pack_preview(actor=privacy_officer, request_id=access_request.pk, number=stage.number)
    assert [n.reason for n in preview.pack.notes if not n.notifier] == [NEIGHBOUR_REASON]
