"""The gazetteer of localities placement search measures distances from (tiaki.care.places)."""

from __future__ import annotations

import unicodedata

import pytest

from tiaki.care import places
from tiaki.demo.generator.places import CONTACT_CENTRE, PLACES


def test_it_holds_at_least_60_localities_over_both_islands():
    assert len(places.LOCALITIES) >= 60
    # Cook Strait: the South Island lies south and west of a line from Farewell Spit to Cape Campbell.
    south = [name for name, (lat, lon) in places.LOCALITIES.items() if lat < -40.5 and lon < 174.3]
    north = [name for name, (lat, lon) in places.LOCALITIES.items() if lat > -41.7 and lon > 172.6]
    assert len(south) >= 20
    assert len(north) >= 40
    assert {"Christchurch", "Dunedin", "Invercargill", "Nelson", "Greymouth"} <= set(south)


def test_every_point_is_in_new_zealand():
    for name, (lat, lon) in places.LOCALITIES.items():
        assert -47.5 < lat < -34.0, name
        assert 166.0 < lon < 178.7, name


def test_the_official_names_keep_their_macrons():
    for name in ("Whangārei", "Taupō", "Ōtaki", "Ōpōtiki", "Ōamaru", "Te Kūiti", "Whakatāne", "Hāwera", "Kaikōura",
                 "Wānaka", "Māngere", "Ōtāhuhu"):  # fmt: skip
        assert name in places.LOCALITIES, name
    assert all(unicodedata.is_normalized("NFC", name) for name in places.LOCALITIES)
    assert "Whangarei" not in places.LOCALITIES


@pytest.mark.parametrize(
    ("typed", "official"),
    [
        ("whangarei", "Whangārei"),
        ("WHANGĀREI ", "Whangārei"),
        ("Taupo", "Taupō"),
        ("Ōtautahi", "Christchurch"),
        ("Otautahi Christchurch", "Christchurch"),
        ("Te Awa Kairangi Lower Hutt", "Lower Hutt"),
        ("Kirikiriroa Hamilton", "Hamilton"),
        ("te whanganui a tara", "Wellington"),
        ("Palmerston  North", "Palmerston North"),
    ],
)
def test_a_lookup_folds_case_macrons_and_spacing(typed, official):
    assert places.locality_name(typed) == official
    assert places.locality(typed) == places.LOCALITIES[official]


def test_an_unknown_place_is_none():
    assert places.locality("Atlantis") is None
    assert places.locality("") is None
    assert places.distance_km("Atlantis", "Auckland") is None


def test_it_covers_every_city_and_site_the_synthetic_agency_uses():
    missing = [p.city for p in (*PLACES, CONTACT_CENTRE) if places.locality(p.city) is None]
    missing += [p.site for p in PLACES if places.locality(p.site) is None]
    assert missing == []


def test_distances_are_great_circle_km_to_one_place():
    assert places.distance_km("Auckland", "Wellington") == 493.5
    assert places.distance_km("Wellington", "Auckland") == 493.5
    assert places.distance_km("Christchurch", "Ōtautahi") == 0.0
    assert places.distance_km("Whangārei", "Kaikohe") == 59.1
    assert places.distance_between(-36.8485, 174.7633, -36.8485, 174.7633) == 0.0
