"""API shapes for the person register: a person's record, search, create,
relationships."""

from __future__ import annotations

from rest_framework import serializers

from tiaki.api.serializers import RecordIdField
from tiaki.people.codes import ETHNICITIES
from tiaki.people.models import Person, PersonIdentifier, PersonName, Relationship


class NameSerializer(serializers.Serializer):
    kind = serializers.CharField()
    given_names = serializers.CharField()
    family_name = serializers.CharField()
    is_primary = serializers.BooleanField()


class AddressSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The address, or a notice that it is protected and masked.")
    protected = serializers.BooleanField()
    masked = serializers.BooleanField()
    current = serializers.BooleanField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)


class RelationshipSerializer(serializers.Serializer):
    """One of a person's relationships (tiaki.people.selectors.RelationshipView),
    in their record and from /persons/{id}/relationships alike."""

    person_id = serializers.IntegerField(read_only=True, help_text="the other person")
    name = serializers.CharField(read_only=True)
    relationship = serializers.CharField(
        source="label", read_only=True, help_text="what the other person is to this person"
    )
    started_on = serializers.DateField(read_only=True, allow_null=True)
    ended_on = serializers.DateField(read_only=True, allow_null=True)


class IdentifierSerializer(serializers.Serializer):
    kind = serializers.CharField()
    value = serializers.CharField()


class AlertSerializer(serializers.Serializer):
    kind = serializers.CharField()
    note = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment] # DRF takes declared fields off the class
    review_on = serializers.DateField(allow_null=True)
    masked = serializers.BooleanField(
        help_text="true: an alert exists but its detail is SENSITIVE and not yours to see"
    )
    protects_from_id = serializers.IntegerField(
        allow_null=True, help_text="who the alert or order protects this person from, when named (null if masked)"
    )
    protects_from = serializers.CharField(help_text="their name, or empty")


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    names = NameSerializer(many=True)
    date_of_birth = serializers.DateField(allow_null=True)
    birth_date_precision = serializers.CharField()
    gender = serializers.CharField()
    deceased_on = serializers.DateField(allow_null=True)
    addresses = AddressSerializer(many=True)
    relationships = RelationshipSerializer(many=True)
    identifiers = IdentifierSerializer(many=True)
    ethnicities = serializers.ListField(child=serializers.CharField())
    iwi = serializers.ListField(child=serializers.CharField())
    alerts = AlertSerializer(many=True)
    contacts = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()), help_text="[kind, value, note]"
    )
    version = serializers.IntegerField()
    merged_into_id = serializers.IntegerField(allow_null=True)


class SearchQuerySerializer(serializers.Serializer):
    # In the schema: a body names at least one field (tiaki.api.schema); one of
    # only blanks is the documented 400 of validate() below.
    schema_min_properties = 1

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="One search box: name, birth date, address or number",
    )
    given_names = serializers.CharField(required=False, allow_blank=True, max_length=200)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    birth_date = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="As given, even if impossible"
    )
    age = serializers.IntegerField(required=False, min_value=0, max_value=120)
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)
    identifier = serializers.CharField(required=False, allow_blank=True, max_length=40)

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        if not any(str(v).strip() for v in attrs.values()):
            raise serializers.ValidationError(
                "Give at least one of q, given_names, family_name, birth_date, age, address, identifier."
            )
        return attrs


class SearchHitSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    display_name = serializers.CharField()
    birth_date_text = serializers.CharField()
    address_text = serializers.CharField(help_text="A protected address is masked unless you may see it")
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    is_match = serializers.BooleanField()


class SearchResultSerializer(serializers.Serializer):
    results = SearchHitSerializer(source="hits", many=True, help_text="Persons you may open, best first")
    restricted = serializers.BooleanField(
        help_text="true: a record you may not open has the name typed; ask for access (no count, no score)"
    )
    notice = serializers.CharField(source="how_to_ask", help_text="How to ask for access; empty unless restricted")


class NameInputSerializer(serializers.Serializer):
    # Either may be left out (the service asks for at least one), so both default.
    given_names = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    family_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    kind = serializers.ChoiceField(choices=PersonName.Kind.choices, default=PersonName.Kind.LEGAL)


class IdentifierInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PersonIdentifier.Kind.choices)
    value = serializers.CharField(max_length=40)


class AddressInputSerializer(serializers.Serializer):
    street = serializers.CharField(max_length=200)
    suburb = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    city = serializers.CharField(max_length=100)
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=4, default="")
    protected = serializers.BooleanField(default=False)


class PersonCreateSerializer(serializers.Serializer):
    names = NameInputSerializer(many=True, min_length=1, max_length=20)  # type: ignore[call-arg] # ListSerializer takes them
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    birth_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    age = serializers.IntegerField(required=False, allow_null=True, default=None)
    gender = serializers.ChoiceField(choices=Person.Gender.choices, default=Person.Gender.UNKNOWN)
    identifiers = IdentifierInputSerializer(many=True, required=False, default=list, max_length=10)  # type: ignore[call-arg]
    address = AddressInputSerializer(required=False, allow_null=True, default=None)
    ethnicities = serializers.ListField(
        child=serializers.ChoiceField(choices=list(ETHNICITIES)), required=False, default=list
    )
    iwi = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list, max_length=20
    )
    # Named like Field.source; DRF's metaclass takes declared fields off the class.
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=100, help_text="Where the information came from, e.g. 'Police referral 2026-123'"
    )
    confirmed_new = serializers.BooleanField(
        default=False, help_text="true after reviewing possible_duplicates: none of them is this person"
    )


class RelationshipCreateSerializer(serializers.Serializer):
    other_person_id = RecordIdField()
    kind = serializers.ChoiceField(
        choices=Relationship.Kind.choices, help_text="what the other person is to this person"
    )
    started_on = serializers.DateField(required=False, allow_null=True, default=None)
