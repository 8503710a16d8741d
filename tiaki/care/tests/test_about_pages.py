"""About me's pages: the profile topic by topic (their own words quoted),
its versions, and the form: one section per topic, another item added
without JavaScript, mistakes shown on their items, what is typed kept as a
draft, and two workers saving at once told apart with nothing lost."""

from __future__ import annotations

import pytest

from tiaki.care.models import AboutMeVersion
from tiaki.care.tests.about_fixtures import LIKES, MARAE, SLEEP, events_since, head, save
from tiaki.drafts.models import FormDraft

pytestmark = pytest.mark.django_db


def url(child, rest: str = "") -> str:
    return f"/care/children/{child.pk}/about-me/{rest}"


def form(expected_version: int = 0, reason: str = "", **rows: dict) -> dict[str, str]:
    """A posted About me form: ``rows`` as ``sleep=[{"text": ..., "own_words": True}, ...]``."""
    data = {"expected_version": str(expected_version), "reason": reason}
    for topic, items in rows.items():
        data[f"{topic}-rows"] = str(len(items))
        for n, item in enumerate(items, start=1):
            data[f"{topic}-{n}-text"] = item.get("text", "")
            for flag in ("own_words", "shareable"):
                if item.get(flag):
                    data[f"{topic}-{n}-{flag}"] = "on"
    return data


def test_the_profile_shows_each_topic_and_quotes_their_own_words(client, alice, child, in_care):
    save(alice, child, items=[SLEEP, LIKES, MARAE])
    client.force_login(alice)
    page = client.get(url(child)).content.decode()
    assert '<h1 class="govuk-heading-l">About me</h1>' in page
    assert page.index("Sleep and bedtime") < page.index("What I like") < page.index("Iwi, hapū and marae")
    assert "In Tūī Te Whare's own words" in page
    assert "“I love kapa haka and my cousin&#x27;s dog.”" in page
    assert "Ngāpuhi; her marae is at Kaikohe." in page
    assert page.count("May be shared</strong>") == 2
    assert page.count("Not shared</strong>") == 1
    assert f'href="/care/children/{child.pk}/about-me/edit/"' in page
    assert "Getting to school" not in page  # topics with nothing written are left out
    assert 'style="' not in page
    assert "<script>" not in page


def test_an_earlier_version_is_marked_as_not_the_current_one(client, alice, child, in_care):
    save(alice, child, items=[SLEEP])
    save(alice, child, expected_version=1, items=[LIKES], reason="Her likes")
    client.force_login(alice)
    page = client.get(url(child) + "?version=1").content.decode()
    assert "This is version 1, not the current one." in page
    assert "Lights off at 8" in page
    assert "kapa haka" not in page
    assert client.get(url(child) + "?version=9").status_code == 404
    assert client.get(url(child) + "?version=x").status_code == 404
    versions = client.get(url(child, "versions/")).content.decode()
    assert versions.index("Version 2</a> (current)") < versions.index("Version 1</a>")
    assert "Her likes" in versions
    assert "The first version." in versions
    assert 'data-label="What changed and why"' in versions


def test_the_form_has_a_section_per_topic_with_labelled_checkboxes(client, alice, child, in_care):
    client.force_login(alice)
    page = client.get(url(child, "edit/")).content.decode()
    assert page.count('<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">') == 13
    assert "Whakapapa" in page
    assert "Their iwi, hapū and marae, and how they stay connected." in page
    assert '<label class="govuk-label" for="sleep-1-text">' in page
    assert 'for="whakapapa-1-own_words">In their own words' in page
    assert 'for="whakapapa-1-shareable">May be shared with caregivers and partners' in page
    assert 'name="expected_version" value="0"' in page
    assert "What changed and why" not in page  # not asked of the first version
    assert 'data-draft-kind="care.about_me"' in page


def test_another_item_is_added_without_javascript_and_nothing_typed_is_lost(client, alice, child, in_care):
    client.force_login(alice)
    data = form(sleep=[{"text": "Lights off at 8", "shareable": True}]) | {"add_item": "sleep"}
    page = client.post(url(child, "edit/"), data)
    assert page.status_code == 200
    body = page.content.decode()
    assert "There is a problem" not in body
    assert 'name="sleep-rows" value="2"' in body
    assert ">Lights off at 8</textarea>" in body
    assert 'id="sleep-1-shareable" name="sleep-1-shareable" type="checkbox" value="on" checked' in body
    assert 'id="sleep-2-text"' in body
    assert not AboutMeVersion.objects.exists()


def test_saving_keeps_the_flags_and_blank_items_are_left_out(client, alice, child, in_care):
    client.force_login(alice)
    before = head()
    data = form(
        likes=[{"text": "I love kapa haka", "own_words": True, "shareable": True}, {"text": "  "}],
        iwi=[{"text": "Ngāpuhi"}],
    )
    done = client.post(url(child, "edit/"), data)
    assert done.status_code == 302
    assert done["Location"] == url(child)
    version = AboutMeVersion.objects.get()
    assert version.items == [
        {"topic": "likes", "text": "I love kapa haka", "own_words": True, "shareable": True},
        {"topic": "iwi", "text": "Ngāpuhi", "own_words": False, "shareable": False},
    ]
    # The form's read (to show the child) and the save.
    assert [(e.action, e.outcome) for e in events_since(before, alice)] == [
        ("about_me.read", "allowed"),
        ("about_me.save", "allowed"),
    ]
    again = client.get(url(child, "edit/")).content.decode()
    assert ">I love kapa haka</textarea>" in again
    assert 'id="likes-1-own_words" name="likes-1-own_words" type="checkbox" value="on" checked' in again
    assert 'name="expected_version" value="1"' in again
    assert "What changed and why" in again


def test_mistakes_are_shown_on_their_items_and_in_the_summary(client, alice, child, in_care):
    save(alice, child)
    client.force_login(alice)
    data = form(
        expected_version=1, sleep=[{"text": "Lights off at 8"}], likes=[{"text": "Kapa haka"}, {"text": "x" * 2001}]
    )
    response = client.post(url(child, "edit/"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    # Named as the page numbers it (the second item under its topic), not the third item sent.
    assert '<a href="#likes-2-text">What I like, item 2: keep it under 2,000 characters.</a>' in page
    assert '<a href="#id_reason">Enter what changed and why.</a>' in page
    assert 'id="likes-2-error"' in page
    assert ">Kapa haka</textarea>" in page  # kept as typed
    assert AboutMeVersion.objects.count() == 1


def test_two_workers_saving_the_same_about_me_the_second_is_told_and_loses_nothing(client, alice, supervisor, child,
                                                                                     in_care):  # fmt: skip
    save(alice, child, items=[SLEEP])
    # Both open version 1; the supervisor saves first.
    save(supervisor, child, expected_version=1, items=[MARAE], reason="Her marae")
    client.force_login(alice)
    data = form(expected_version=1, reason="Her likes", likes=[{"text": "Alice typed this", "own_words": True}])
    response = client.post(url(child, "edit/"), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "saved a new version of this About me since you opened it" in page
    assert "Your version (not saved)" in page
    assert ">Alice typed this</textarea>" in page  # what she typed
    assert "Ngāpuhi; her marae is at Kaikohe." in page  # what they saved, beside it
    assert "(version 2)" in page
    assert 'name="expected_version" value="2"' in page
    assert list(AboutMeVersion.objects.order_by("number").values_list("reason", flat=True)) == ["", "Her marae"]
    # Saved again on top of theirs, it is version 3.
    assert client.post(url(child, "edit/"), data | {"expected_version": "2"}).status_code == 302
    assert AboutMeVersion.objects.count() == 3


def test_what_is_typed_is_kept_as_a_draft_and_goes_with_the_version_it_became(client, alice, child, in_care):
    client.force_login(alice)
    body = {"_draft_kind": "care.about_me", "_draft_record": str(child.pk)} | form(food=[{"text": "Loves rēwena"}])
    kept = client.post("/drafts/save/", body, headers={"X-Tiaki-Background": "1"})
    assert kept.status_code == 200
    page = client.get(url(child, "edit/")).content.decode()
    assert "We kept what you typed on" in page
    assert ">Loves rēwena</textarea>" in page
    assert client.post(url(child, "edit/"), form(food=[{"text": "Loves rēwena"}])).status_code == 302
    assert not FormDraft.objects.exists()


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
@pytest.mark.parametrize("rest", ["", "edit/", "versions/"])
def test_a_colleague_and_an_outsider_get_404_and_are_audited(client, request, alice, child, in_care, actor_name,
                                                             rest):  # fmt: skip
    save(alice, child)
    actor = request.getfixturevalue(actor_name)
    client.force_login(actor)
    before = head()
    assert client.get(url(child, rest)).status_code == 404
    refused = [e for e in events_since(before, actor) if e.outcome == "refused"]
    assert [e.reason for e in refused] == ["no_relationship"]
    assert refused[0].action == ("about_me.save" if rest == "edit/" else "about_me.read")


def test_a_trainee_reads_the_profile_but_is_not_offered_or_let_into_the_form(client, trainee, alice, child, in_care):
    save(alice, child)
    client.force_login(trainee)
    page = client.get(url(child)).content.decode()
    assert "Lights off at 8" in page
    assert "Change About me" not in page
    before = head()
    assert client.get(url(child, "edit/")).status_code == 403
    assert [(e.outcome, e.reason) for e in events_since(before, trainee)] == [("refused", "permission_missing")]
