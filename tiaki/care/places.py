"""New Zealand localities with their coordinates, for placement distances.

Placement search (tiaki.care.selectors.search) measures how far a caregiver
household is from a child's whānau and school by the locality each is in:
a city, town or larger suburb, never an address, so a distance says nothing
more precise than the town. Names are the official ones (New Zealand
Geographic Board), macrons kept; a lookup folds case and macrons, so
"Whangarei" and "WHANGĀREI" both find Whangārei. Māori names that are in
everyday use for a city (Ōtautahi, Kirikiriroa) find the same point.

Every city the synthetic agency's generator puts an address in
(tiaki.demo.generator.places) is here: tiaki/care/tests/test_search_places.py
checks it.
"""

from __future__ import annotations

import math
import re
import unicodedata

# (latitude, longitude) in decimal degrees, WGS84, the town centre.
_LOCALITIES: dict[str, tuple[float, float]] = {
    # Te Tai Tokerau Northland
    "Kaitaia": (-35.1125, 173.2628),
    "Kerikeri": (-35.2269, 173.9470),
    "Kaikohe": (-35.4075, 173.7997),
    "Whangārei": (-35.7251, 174.3237),
    "Dargaville": (-35.9403, 173.8700),
    # Tāmaki Makaurau Auckland
    "Ōrewa": (-36.5870, 174.6940),
    "Auckland": (-36.8485, 174.7633),
    "Takapuna": (-36.7875, 174.7732),
    "Northcote": (-36.8020, 174.7480),
    "Glenfield": (-36.7800, 174.7220),
    "Henderson": (-36.8797, 174.6313),
    "Massey": (-36.8430, 174.6120),
    "Avondale": (-36.8970, 174.6950),
    "Onehunga": (-36.9230, 174.7860),
    "Glen Innes": (-36.8760, 174.8560),
    "Panmure": (-36.8990, 174.8560),
    "Ōtāhuhu": (-36.9445, 174.8400),
    "Māngere": (-36.9681, 174.7994),
    "Ōtara": (-36.9610, 174.8750),
    "Papatoetoe": (-36.9780, 174.8490),
    "Manukau": (-36.9928, 174.8799),
    "Manurewa": (-37.0230, 174.8960),
    "Takanini": (-37.0480, 174.9240),
    "Papakura": (-37.0650, 174.9440),
    "Pukekohe": (-37.2000, 174.9000),
    # Waikato
    "Thames": (-37.1383, 175.5405),
    "Huntly": (-37.5580, 175.1600),
    "Hamilton": (-37.7870, 175.2793),
    "Cambridge": (-37.8840, 175.4700),
    "Te Awamutu": (-38.0100, 175.3250),
    "Matamata": (-37.8100, 175.7700),
    "Tokoroa": (-38.2200, 175.8700),
    "Te Kūiti": (-38.3350, 175.1650),
    "Taumarunui": (-38.8830, 175.2620),
    "Taupō": (-38.6857, 176.0702),
    "Tūrangi": (-38.9890, 175.8090),
    # Te Moana-a-Toi Bay of Plenty
    "Tauranga": (-37.6878, 176.1651),
    "Mount Maunganui": (-37.6390, 176.1850),
    "Pāpāmoa": (-37.7000, 176.2900),
    "Rotorua": (-38.1368, 176.2497),
    "Kawerau": (-38.0850, 176.7000),
    "Whakatāne": (-37.9530, 176.9900),
    "Ōpōtiki": (-38.0050, 177.2870),
    # Tairāwhiti and Te Matau-a-Māui Hawke's Bay
    "Gisborne": (-38.6623, 178.0176),
    "Wairoa": (-39.0333, 177.4167),
    "Napier": (-39.4928, 176.9120),
    "Hastings": (-39.6381, 176.8492),
    "Flaxmere": (-39.6200, 176.7900),
    "Waipukurau": (-39.9950, 176.5550),
    # Taranaki
    "New Plymouth": (-39.0556, 174.0752),
    "Waitara": (-38.9990, 174.2330),
    "Stratford": (-39.3380, 174.2840),
    "Hāwera": (-39.5910, 174.2830),
    # Manawatū-Whanganui
    "Ōhakune": (-39.4180, 175.4000),
    "Whanganui": (-39.9301, 175.0479),
    "Marton": (-40.0690, 175.3780),
    "Feilding": (-40.2250, 175.5650),
    "Palmerston North": (-40.3523, 175.6082),
    "Levin": (-40.6220, 175.2860),
    # Te Whanganui-a-Tara Wellington and Wairarapa
    "Ōtaki": (-40.7580, 175.1500),
    "Paraparaumu": (-40.9140, 175.0070),
    "Masterton": (-40.9597, 175.6575),
    "Porirua": (-41.1339, 174.8400),
    "Upper Hutt": (-41.1244, 175.0708),
    "Lower Hutt": (-41.2092, 174.9081),
    "Naenae": (-41.2000, 174.9500),
    "Wainuiomata": (-41.2600, 174.9500),
    "Wellington": (-41.2865, 174.7762),
    "Johnsonville": (-41.2230, 174.8050),
    # Te Tauihu: Nelson, Tasman and Marlborough
    "Nelson": (-41.2706, 173.2840),
    "Richmond": (-41.3390, 173.1830),
    "Motueka": (-41.1100, 173.0100),
    "Picton": (-41.2930, 174.0010),
    "Blenheim": (-41.5134, 173.9612),
    # Te Tai o Poutini West Coast
    "Westport": (-41.7540, 171.6020),
    "Greymouth": (-42.4504, 171.2108),
    "Hokitika": (-42.7170, 170.9660),
    # Waitaha Canterbury
    "Kaikōura": (-42.4000, 173.6800),
    "Rangiora": (-43.3030, 172.5950),
    "Kaiapoi": (-43.3780, 172.6570),
    "Christchurch": (-43.5321, 172.6362),
    "Hornby": (-43.5430, 172.5250),
    "Rolleston": (-43.5900, 172.3800),
    "Ashburton": (-43.9050, 171.7460),
    "Timaru": (-44.3960, 171.2540),
    # Ōtākou Otago
    "Ōamaru": (-45.0970, 170.9710),
    "Wānaka": (-44.7000, 169.1500),
    "Queenstown": (-45.0312, 168.6626),
    "Cromwell": (-45.0380, 169.2000),
    "Alexandra": (-45.2490, 169.3790),
    "Mosgiel": (-45.8750, 170.3480),
    "Dunedin": (-45.8788, 170.5028),
    "Balclutha": (-46.2330, 169.7500),
    # Murihiku Southland
    "Te Anau": (-45.4140, 167.7180),
    "Gore": (-46.1030, 168.9440),
    "Invercargill": (-46.4132, 168.3538),
    "Bluff": (-46.6000, 168.3330),
}

#: Every locality by its official name: name -> (latitude, longitude).
LOCALITIES: dict[str, tuple[float, float]] = {
    unicodedata.normalize("NFC", name): point for name, point in _LOCALITIES.items()
}

#: Other names in everyday use for a locality above (te reo Māori names of
#: cities, and the dual names the agency's sites use): name -> official name.
ALSO_CALLED: dict[str, str] = {
    unicodedata.normalize("NFC", other): official
    for other, official in {
        "Tāmaki Makaurau": "Auckland",
        "Kirikiriroa": "Hamilton",
        "Te Whanganui-a-Tara": "Wellington",
        "Ōtautahi": "Christchurch",
        "Ōtepoti": "Dunedin",
        "Tūranganui-a-Kiwa": "Gisborne",
        "Ahuriri": "Napier",
        "Heretaunga": "Hastings",
        "Ngāmotu": "New Plymouth",
        "Te Papaioea": "Palmerston North",
        "Whakatū": "Nelson",
        "Waihōpai": "Invercargill",
        "Māwhera": "Greymouth",
        "Te Awa Kairangi": "Lower Hutt",
        "Hutt": "Lower Hutt",
        "Waitākere": "Henderson",
    }.items()
}

# Spaces and every hyphen or dash (U+2010, U+2011, U+2013, U+2014) fold to one space.
_SPACES = re.compile("[\\s\\-\u2010\u2011\u2013\u2014]+")


def fold(name: str) -> str:
    """``name`` without case, macrons, apostrophes or hyphens: what two
    spellings of one place share ("Whangarei", "whangārei ", "WHANGĀREI")."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", "").replace("\u2019", "")
    return _SPACES.sub(" ", bare).strip().casefold()


_BY_FOLDED: dict[str, str] = {fold(name): name for name in LOCALITIES} | {
    fold(other): official for other, official in ALSO_CALLED.items()
}


def locality_name(name: str) -> str | None:
    """The official name of the locality ``name`` spells, or None. A dual name
    ("Ōtautahi Christchurch", "Te Awa Kairangi Lower Hutt") is found by its
    whole, then by its last words."""
    words = fold(name or "").split(" ")
    for start in range(len(words)):
        found = _BY_FOLDED.get(" ".join(words[start:]))
        if found is not None:
            return found
    return None


def locality(name: str) -> tuple[float, float] | None:
    """The coordinates of the locality ``name`` spells (case and macrons
    folded), or None for a name not in the gazetteer."""
    official = locality_name(name)
    return LOCALITIES[official] if official is not None else None


_EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


def distance_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance between two points, in km to 1 dp."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return round(2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h))), 1)


def distance_km(a: str, b: str) -> float | None:
    """The distance between two localities by name, in km to 1 dp, or None
    when either is not in the gazetteer."""
    first, second = locality(a), locality(b)
    if first is None or second is None:
        return None
    return distance_between(*first, *second)
