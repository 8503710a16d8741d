"""The shared test whānau stands up (every part's tests build on it)."""

from tiaki.people.models import PersonAlert


def test_the_mother_is_protected_from_the_father(whanau):
    alert = PersonAlert.objects.get(person=whanau.mother)
    assert alert.other_person == whanau.father
    assert whanau.mother.addresses.get().protected
    assert whanau.placement.location == whanau.household.address
