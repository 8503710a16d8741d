"""Drafts of case forms (tiaki.drafts): kept as the worker types, restored on
return, personal, capped, gone with the record they became, and never shown
or restored once the case is out of reach; the idle sign-out's notice and
safe return."""

from __future__ import annotations

from django.contrib.sessions.models import Session

from tiaki.casework.models import CaseNote
from tiaki.casework.tests.test_pages import note_data, url
from tiaki.drafts import services as drafts
from tiaki.drafts.models import FormDraft
from tiaki.drafts.selectors import drafts_for
from tiaki.drafts.services import MAX_DRAFT_BYTES
from tiaki.web.middleware import SIGNED_IN_COOKIE


def autosave(client, case, **fields):
    body = {"_draft_kind": "casework.note", "_draft_record": str(case.pk), **fields}
    return client.post("/drafts/save/", body, headers={"X-Tiaki-Background": "1"})


def test_typing_is_kept_and_the_form_comes_back_filled_with_a_notice(client, alice, case, child):
    client.force_login(alice)
    saved = autosave(client, case, **note_data(child, text="Nana said the heater is broken."))
    assert saved.status_code == 200
    assert "Draft kept at" in saved.content.decode()
    page = client.get(url(case, "notes/add/")).content.decode()
    assert "We kept what you typed on" in page
    assert "Nana said the heater is broken." in page
    assert "Discard it" in page
    assert "There is a problem" not in page  # restored, not judged as a submission


def test_another_worker_never_sees_or_restores_my_draft(client, alice, supervisor, case, child):
    client.force_login(alice)
    autosave(client, case, **note_data(child, text="Only mine."))
    # The supervisor may record on the case too, but the draft is alice's.
    client.force_login(supervisor)
    page = client.get(url(case, "notes/add/")).content.decode()
    assert "Only mine." not in page
    assert "We kept what you typed" not in page
    assert drafts_for(actor=supervisor) == []
    assert [d.label for d in drafts_for(actor=alice)] == ["Case note"]


def test_a_draft_too_large_is_refused_with_a_plain_reason(client, alice, case, child):
    client.force_login(alice)
    response = autosave(client, case, **note_data(child, text="x" * (MAX_DRAFT_BYTES + 1)))
    assert response.status_code == 413
    assert "too long to keep as a draft" in response.content.decode()
    assert not FormDraft.objects.exists()


def test_the_draft_goes_with_the_note_it_became(client, alice, case, child):
    client.force_login(alice)
    autosave(client, case, **note_data(child))
    assert FormDraft.objects.filter(owner=alice).exists()
    done = client.post(url(case, "notes/add/"), note_data(child))
    assert done.status_code == 302
    assert CaseNote.objects.filter(case=case).exists()
    assert not FormDraft.objects.exists()


def test_a_draft_about_a_case_out_of_reach_is_not_listed_and_not_restored(alice, bob, case, child):
    drafts.draft_save(actor=alice, kind="casework.note", record_id=case.pk, data={"text": ["Typed"]})
    case.allocated_worker = bob
    case.save(update_fields=["allocated_worker"])
    assert drafts_for(actor=alice) == []
    from django.http import Http404

    from tiaki.drafts.selectors import draft_get

    try:
        draft_get(actor=alice, kind="casework.note", record_id=case.pk)
    except Http404:
        pass
    else:
        raise AssertionError("restoring a draft about a case out of reach must answer as a missing record")


def test_discarding_empties_the_form(client, alice, case, child):
    client.force_login(alice)
    autosave(client, case, **note_data(child, text="Throw me away."))
    done = client.post("/drafts/discard/", {"_draft_kind": "casework.note", "_draft_record": str(case.pk)})
    assert done.status_code == 302
    assert "Throw me away." not in client.get(url(case, "notes/add/")).content.decode()


def test_after_the_idle_limit_the_sign_in_page_says_why_and_returns_to_the_form(client, alice, case, child):
    alice.set_password("a-long-test-password-1")
    alice.save()
    client.force_login(alice)
    autosave(client, case, **note_data(child, text="Kept through the timeout."))
    client.get("/")  # the browser learns it had a signed-in session
    assert client.cookies[SIGNED_IN_COOKIE].value == "1"
    Session.objects.all().delete()  # the idle limit, without waiting for it
    # Pressing Save after the timeout: sent to sign in, with the form to come back to.
    pressed = client.post(url(case, "notes/add/"), note_data(child, text="Kept through the timeout."))
    assert pressed.status_code == 302
    assert pressed["Location"] == f"/sign-in/?next=/cases/{case.pk}/notes/add/"
    page = client.get(pressed["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity. What you typed was kept." in page
    signed = client.post(pressed["Location"], {"username": alice.username, "password": "a-long-test-password-1"})
    assert signed.status_code == 302
    assert signed["Location"] == f"/cases/{case.pk}/notes/add/"
    assert "Kept through the timeout." in client.get(signed["Location"]).content.decode()


def test_the_autosave_and_keep_alive_answer_401_when_signed_out(client, case):
    assert autosave(client, case, text="x").status_code == 401
    assert client.post("/session/keep-alive/").status_code == 401


def test_sign_in_refuses_to_send_anyone_off_site(client, alice):
    alice.set_password("a-long-test-password-1")
    alice.save()
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        done = client.post(
            "/sign-in/?next=" + target, {"username": alice.username, "password": "a-long-test-password-1"}
        )
        assert done.status_code == 302
        assert "evil.example" not in done["Location"]
        client.logout()


def test_a_correction_in_progress_comes_back_and_goes_when_saved(client, alice, case, child):
    from tiaki.casework.tests.test_pages import add_note

    note = add_note(alice, case)
    client.force_login(alice)
    body = {"_draft_kind": "casework.note_correct", "_draft_record": str(note.pk), "title": "Home visit",
            "text": "First account of the visit, with the date put right.", "reason": "Wrong day"}  # fmt: skip
    assert client.post("/drafts/save/", body).status_code == 200
    page = client.get(f"/cases/notes/{note.pk}/correct/").content.decode()
    assert "with the date put right." in page
    assert "We kept what you typed on" in page
    saved = client.post(f"/cases/notes/{note.pk}/correct/", {**body, "base_version": "1"})
    assert saved.status_code == 302
    assert not FormDraft.objects.exists()


def test_a_closure_request_is_kept_on_the_case_page_and_listed_there_and_at_home(client, alice, case, child):
    client.force_login(alice)
    body = {"_draft_kind": "casework.close", "_draft_record": str(case.pk), "close-reason": "safety_plan",
            "close-summary": "Nana has the tamariki; the safety plan holds."}  # fmt: skip
    assert client.post("/drafts/save/", body).status_code == 200
    page = client.get(url(case)).content.decode()
    assert "the safety plan holds." in page
    assert "Your unfinished work on this case" in page
    assert "Request to close a case" in page
    home = client.get("/").content.decode()
    assert "Your unfinished work" in home
    assert f'href="/cases/{case.pk}/"' in home


def test_a_form_that_keeps_no_drafts_or_a_bad_id_is_a_400(client, alice, case):
    client.force_login(alice)
    assert client.post("/drafts/save/", {"_draft_kind": "nothing", "_draft_record": str(case.pk)}).status_code == 400
    assert client.post("/drafts/save/", {"_draft_kind": "casework.note", "_draft_record": "0"}).status_code == 400
    assert client.post("/drafts/save/", {"_draft_kind": "casework.note", "_draft_record": "9" * 30}).status_code == 400


def test_a_draft_about_someone_elses_case_is_refused_as_missing_and_audited(client, bob, case):
    from tiaki.audit.models import AuditEvent

    client.force_login(bob)
    response = client.post("/drafts/save/", {"_draft_kind": "casework.note", "_draft_record": str(case.pk)})
    assert response.status_code == 404
    assert not FormDraft.objects.exists()
    assert AuditEvent.objects.filter(actor_id=bob.pk, action="draft.keep", outcome="refused").exists()


def test_a_plan_comes_back_with_its_goal_rows_and_review_date_and_goes_when_saved(client, alice, case, child):
    import datetime as dt

    from django.utils import timezone

    client.force_login(alice)
    review = timezone.localdate() + dt.timedelta(days=90)
    typed = {
        "base_version": "0", "goal_rows": "2", "goals-1-goal": "Goes to kura every day", "goals-1-action": "Walk",
        "goals-1-who": "Nan", "goals-1-by": "", "goals-2-goal": "Sees her dad on Sundays", "goals-2-action": "Visits",
        "goals-2-who": "Dad", "goals-2-by": "", "child_voice": "I like my school", "whanau_views": "",
        "review_on_day": str(review.day), "review_on_month": str(review.month), "review_on_year": str(review.year),
        "reason": "",
    }  # fmt: skip
    body = {"_draft_kind": "casework.plan", "_draft_record": str(case.pk), "_draft_part": str(child.pk), **typed}
    assert client.post("/drafts/save/", body).status_code == 200
    url_ = f"/cases/{case.pk}/plans/{child.pk}/edit/"
    page = client.get(url_).content.decode()
    assert "Sees her dad on Sundays" in page
    assert "I like my school" in page
    assert f'value="{review.year}"' in page
    saved = client.post(url_, typed)
    assert saved.status_code == 302, saved.content.decode().partition("govuk-error-summary__list")[2][:600]
    assert not FormDraft.objects.exists()
