"""The person register pages: search before create, add a person, change a record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import AccessDenied, Permission
from tiaki.access.declare import personal_data, requires
from tiaki.people import selectors
from tiaki.people import services as people_services
from tiaki.people.matching import MatchQuery, parse_search_text
from tiaki.people.models import Person
from tiaki.people.selectors.search import HOW_TO_ASK, SearchResult, person_search
from tiaki.people.selectors.variants import name_variant_list
from tiaki.people.web import saved_searches
from tiaki.people.web.forms import (
    AddressForm,
    AlertForm,
    ContactForm,
    DetailsForm,
    IdentifierForm,
    NameForm,
    NameVariantForm,
    PersonCreateForm,
    PersonSearchForm,
    RelationshipForm,
)
from tiaki.web.requests import actor_of


def _query(data: dict[str, Any]) -> MatchQuery:
    if (data.get("q") or "").strip():
        return parse_search_text(data["q"])
    return MatchQuery(
        given_names=data.get("given_names") or "",
        family_name=data.get("family_name") or "",
        birth_date=data.get("birth_date") or "",
        age=data.get("age"),
        address=data.get("address") or "",
        identifier=data.get("identifier") or "",
    )


#: saved_searches kind for the register's search.
_SEARCH = "person"


def _search_context(form: PersonSearchForm, result: SearchResult | None, token: str = "") -> dict[str, Any]:
    return {"form": form, "result": result, "how_to_ask": HOW_TO_ASK, "token": token}


@personal_data(Permission.PERSON_SEARCH)
@require_http_methods(["GET", "POST"])
def person_search_page(request: HttpRequest) -> HttpResponse:
    """The search form. It POSTs (what was typed stays out of URLs and logs:
    tiaki.people.web.saved_searches) and is answered with a redirect to the result
    page named by an opaque id; htmx gets the results at once, and that
    page's URL for its history."""
    if request.method == "GET":
        return render(request, "people/search.html", _search_context(PersonSearchForm(), None))
    form = PersonSearchForm(request.POST)
    htmx = getattr(request, "htmx", False)
    if not form.is_valid():
        template = "people/_search_results.html" if htmx else "people/search.html"
        return render(request, template, _search_context(form, None), status=400)
    token = saved_searches.keep(request, _SEARCH, {k: form.cleaned_data.get(k) for k in form.fields})
    url = reverse("web:person-search-result", args=[token])
    if htmx:
        result = person_search(actor=actor_of(request), query=_query(form.cleaned_data))
        response = render(request, "people/_search_results.html", _search_context(form, result, token))
        response["HX-Push-Url"] = url
        return response
    response = redirect(url)
    response.status_code = 303  # See Other: the browser GETs the result page
    return response


@personal_data(Permission.PERSON_SEARCH)
@require_GET
def person_search_result_page(request: HttpRequest, token: str) -> HttpResponse:
    """A search kept in the session, run again (and audited) each time it is shown."""
    data = saved_searches.recall(request, _SEARCH, token)
    form = PersonSearchForm(data)
    if data is None or not form.is_valid():
        messages.info(request, "That search has expired. Search again.")
        return redirect("web:person-search")
    result = person_search(actor=actor_of(request), query=_query(form.cleaned_data))
    return render(request, "people/search.html", _search_context(form, result, token))


def _person_input(data: dict[str, Any]) -> people_services.PersonInput:
    names = [people_services.NameInput(data["given_names"], data["family_name"])]
    if data.get("preferred_name", "").strip():
        names.append(people_services.NameInput(data["preferred_name"], data["family_name"], kind="preferred"))
    address = None
    if any(data.get(f, "").strip() for f in ("street", "suburb", "city", "postcode")):
        address = people_services.AddressInput(
            street=data["street"],
            city=data["city"],
            suburb=data["suburb"],
            postcode=data["postcode"],
            protected=data["protected"],
        )
    return people_services.PersonInput(
        names=names,
        birth_date=people_services.BirthDateInput(date=data["birth_date"], year=data["birth_year"], age=data["age"]),
        gender=data["gender"],
        identifiers=[(kind, data[kind]) for kind in ("nhi", "nsn", "msd") if data.get(kind, "").strip()],
        address=address,
        ethnicities=list(data["ethnicities"]),
        iwi=[part.strip() for part in data["iwi"].split(",") if part.strip()],
        source=data["source"],
    )


_FIELD_FOR = {"identifiers": "nhi", "birth_date": "birth_date", "gender": "gender", "ethnicities": "ethnicities"}


# The alert form names its other person by relationship or by number: the
# service's error about it is shown by the number.
_ALERT_FIELD_FOR = {"other_person_id": "protects_from_number"}


def _show_errors(form: Form, errors: dict[str, str]) -> None:
    for key, message in errors.items():
        field = _FIELD_FOR.get(key.split(".")[0]) or key.split(".")[-1]
        if field not in form.fields:
            field = _ALERT_FIELD_FOR.get(key, field)
        form.add_error(field if field in form.fields else None, message)


@personal_data(Permission.PERSON_CREATE)
@require_http_methods(["GET", "POST"])
def person_create_page(request: HttpRequest) -> HttpResponse:
    # The results page links here with its search's opaque id, never the name.
    searched = saved_searches.recall(request, _SEARCH, request.GET.get("search", ""))
    query = _query(searched) if searched else MatchQuery()
    initial = {"given_names": query.given_names, "family_name": query.family_name}
    form = PersonCreateForm(request.POST or None, initial=initial)
    duplicates: SearchResult | None = None
    if request.method == "POST" and form.is_valid():
        try:
            person = people_services.person_create(
                actor=actor_of(request),
                data=_person_input(form.cleaned_data),
                confirmed_new=form.cleaned_data["confirmed_new"],
            )
        except people_services.PossibleDuplicates as found:
            # The page shows them; its next submit says "none of these is the person".
            duplicates = found.result
        except people_services.PersonInputError as exc:
            _show_errors(form, exc.errors)
        except AccessDenied as exc:
            form.add_error(None, str(exc.args[0]))
        else:
            messages.success(request, "Person added to the register.")
            return redirect("web:person-detail", person_id=person.pk)
    return render(request, "people/create.html", {"form": form, "duplicates": duplicates, "how_to_ask": HOW_TO_ASK})


_CHANGE_FORMS = {
    "details": DetailsForm,
    "name": NameForm,
    "identifier": IdentifierForm,
    "address": AddressForm,
    "contact": ContactForm,
    "alert": AlertForm,
    "relationship": RelationshipForm,
}


def _save(which: str, request: HttpRequest, person_id: int, data: dict[str, Any]) -> str:
    actor = actor_of(request)
    if which == "details":
        people_services.person_details_update(
            actor=actor, person_id=person_id, version=data["version"],
            birth_date=people_services.BirthDateInput(date=data["birth_date"], year=data["birth_year"]),
            gender=data["gender"], deceased_on=data["deceased_on"],
        )  # fmt: skip
        return "Details saved."
    if which == "name":
        people_services.name_add(
            actor=actor, person_id=person_id, source=data["source"],
            name=people_services.NameInput(data["given_names"], data["family_name"], kind=data["kind"]),
        )  # fmt: skip
        return "Name added."
    if which == "identifier":
        people_services.identifier_add(
            actor=actor, person_id=person_id, kind=data["kind"], value=data["value"], source=data["source"]
        )
        return "Number added."
    if which == "address":
        address = people_services.AddressInput(
            street=data["street"], city=data["city"], suburb=data["suburb"], postcode=data["postcode"],
            protected=data["protected"], valid_from=data["valid_from"],
        )  # fmt: skip
        people_services.address_add(actor=actor, person_id=person_id, address=address, source=data["source"])
        return "Address added."
    if which == "contact":
        people_services.contact_add(
            actor=actor,
            person_id=person_id,
            kind=data["kind"],
            value=data["value"],
            note=data["note"],
            source=data["source"],
        )
        return "Contact detail added."
    if which == "alert":
        people_services.alert_add(
            actor=actor,
            person_id=person_id,
            kind=data["kind"],
            note=data["note"],
            source=data["source"],
            review_on=data["review_on"],
            other_person_id=data["other_person_id"],
        )
        return "Alert recorded."
    people_services.relationship_add(
        actor=actor, person_id=person_id, other_person_id=data["other_person_id"], kind=data["kind"],
        other_is=True, started_on=data["started_on"],
    )  # fmt: skip
    return "Relationship added."


@personal_data(Permission.PERSON_UPDATE)
@require_http_methods(["GET", "POST"])
def person_change_page(request: HttpRequest, person_id: int) -> HttpResponse:
    record = selectors.person_get(actor=actor_of(request), person_id=person_id)
    which = request.POST.get("form", "")
    forms = {name: cls(request.POST if which == name else None, prefix=name) for name, cls in _CHANGE_FORMS.items()}
    forms["alert"].set_relationships(  # type: ignore[attr-defined]
        [(r.person_id, f"{r.name} ({r.label.lower()})") for r in record.relationships]
    )
    if not forms["details"].is_bound:
        forms["details"].initial = {
            "version": record.version,
            "birth_date": record.date_of_birth if record.birth_date_precision == "exact" else None,
            "birth_year": record.date_of_birth.year
            if record.birth_date_precision == "year" and record.date_of_birth
            else None,
            "gender": {label: value for value, label in Person.Gender.choices}.get(record.gender, "unknown"),
            "deceased_on": record.deceased_on,
        }
    status = 200
    if which in forms and forms[which].is_valid():
        try:
            data = forms[which].cleaned_data
            if which == "alert":
                data = {**data, "other_person_id": forms[which].other_person_id()}  # type: ignore[attr-defined]
            message = _save(which, request, person_id, data)
        except people_services.StaleVersion:
            forms[which].add_error(
                None,
                "Someone else changed this record while you were editing. "
                "Nothing was saved: check the record and try again.",
            )
            status = 409
        except people_services.PersonInputError as exc:
            _show_errors(forms[which], exc.errors)
            status = 400
        except AccessDenied as exc:
            forms[which].add_error(None, str(exc.args[0]))
            status = 403
        else:
            messages.success(request, message)
            return redirect(reverse("web:person-detail", args=[person_id]))
    elif which in forms:
        status = 400
    return render(request, "people/change.html", {"person": record, "forms": forms, "open": which}, status=status)


@requires(Permission.PERSON_SEARCH)
@require_http_methods(["GET", "POST"])
def name_variants_page(request: HttpRequest) -> HttpResponse:
    form = NameVariantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people_services.name_variant_add(actor=actor_of(request), **form.cleaned_data)
        except people_services.PersonInputError as exc:
            form.add_error(None, next(iter(exc.errors.values())))
        else:
            messages.success(request, "Added: searches now treat these names as the same.")
            return redirect("web:name-variants")
    return render(request, "people/name_variants.html", {"form": form, "variants": name_variant_list()})
