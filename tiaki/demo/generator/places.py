"""Real New Zealand places for sites and addresses.

The sites are listed largest first: a small seed (few staff) uses the first
ones, so the sites in a 2,000-person demo are the ones a reader expects.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    site: str  # the site's name as the agency says it
    region: str
    city: str  # the postal town or city
    suburb: str  # the suburb the site is in, if it names one
    postcode_prefix: str  # first two digits of the area's postcodes
    weight: float  # share of the population, roughly


def _place(site: str, region: str, city: str, suburb: str, prefix: str, weight: float) -> Place:
    def n(text: str) -> str:
        return unicodedata.normalize("NFC", text)

    return Place(n(site), n(region), n(city), n(suburb), prefix, weight)


_AKL = "Tāmaki Makaurau Auckland"
_WGN = "Te Whanganui-a-Tara Wellington"

PLACES: tuple[Place, ...] = (
    _place("Manukau", _AKL, "Auckland", "Manukau", "22", 6),
    _place("Ōtautahi Christchurch", "Waitaha Canterbury", "Christchurch", "", "80", 6),
    _place("Kirikiriroa Hamilton", "Waikato", "Hamilton", "", "32", 4),
    _place("Wellington", _WGN, "Wellington", "", "60", 4),
    _place("Ōtāhuhu", _AKL, "Auckland", "Ōtāhuhu", "10", 4),
    _place("Tauranga", "Te Moana-a-Toi Bay of Plenty", "Tauranga", "", "31", 3),
    _place("Whangārei", "Te Tai Tokerau Northland", "Whangārei", "", "01", 2.5),
    _place("Rotorua", "Te Moana-a-Toi Bay of Plenty", "Rotorua", "", "30", 2),
    _place("Ōtepoti Dunedin", "Ōtākou Otago", "Dunedin", "", "90", 3),
    _place("Porirua", _WGN, "Porirua", "", "50", 2),
    _place("Palmerston North", "Manawatū-Whanganui", "Palmerston North", "", "44", 2),
    _place("Tairāwhiti Gisborne", "Tairāwhiti", "Gisborne", "", "40", 1.5),
    _place("Waitākere", _AKL, "Auckland", "Henderson", "06", 4),
    _place("Napier", "Te Matau-a-Māui Hawke's Bay", "Napier", "", "41", 2),
    _place("Whanganui", "Manawatū-Whanganui", "Whanganui", "", "45", 1.5),
    _place("Kaitaia", "Te Tai Tokerau Northland", "Kaitaia", "", "04", 1),
    _place("Nelson", "Te Tauihu Nelson Tasman", "Nelson", "", "70", 1.5),
    _place("Invercargill", "Murihiku Southland", "Invercargill", "", "98", 1.5),
    _place("Papakura", _AKL, "Auckland", "Papakura", "21", 2.5),
    _place("Takapuna", _AKL, "Auckland", "Takapuna", "06", 3),
    _place("Hastings", "Te Matau-a-Māui Hawke's Bay", "Hastings", "", "41", 2),
    _place("New Plymouth", "Taranaki", "New Plymouth", "", "43", 2),
    _place("Te Awa Kairangi Lower Hutt", _WGN, "Lower Hutt", "", "50", 2),
    _place("Blenheim", "Te Tauihu Marlborough", "Blenheim", "", "72", 1),
    _place("Timaru", "Waitaha Canterbury", "Timaru", "", "79", 1),
    _place("Whakatāne", "Te Moana-a-Toi Bay of Plenty", "Whakatāne", "", "31", 1.5),
    _place("Kaikohe", "Te Tai Tokerau Northland", "Kaikohe", "", "04", 1),
    _place("Upper Hutt", _WGN, "Upper Hutt", "", "50", 1),
    _place("Masterton", "Wairarapa", "Masterton", "", "58", 1),
    _place("Taupō", "Waikato", "Taupō", "", "33", 1),
    _place("Tokoroa", "Waikato", "Tokoroa", "", "34", 1),
    _place("Levin", "Manawatū-Whanganui", "Levin", "", "55", 1),
    _place("Huntly", "Waikato", "Huntly", "", "37", 0.7),
    _place("Te Kūiti", "Waikato", "Te Kūiti", "", "39", 0.7),
    _place("Thames", "Waikato", "Thames", "", "35", 0.7),
    _place("Greymouth", "Te Tai o Poutini West Coast", "Greymouth", "", "78", 0.8),
    _place("Ashburton", "Waitaha Canterbury", "Ashburton", "", "77", 0.8),
    _place("Rangiora", "Waitaha Canterbury", "Rangiora", "", "74", 0.8),
    _place("Ōamaru", "Ōtākou Otago", "Ōamaru", "", "94", 0.7),
    _place("Queenstown", "Ōtākou Otago", "Queenstown", "", "93", 0.6),
    _place("Gore", "Murihiku Southland", "Gore", "", "97", 0.5),
    _place("Ōpōtiki", "Te Moana-a-Toi Bay of Plenty", "Ōpōtiki", "", "31", 0.6),
)

#: The national contact centre takes calls for every site; it is a site of its
#: own so that its kaimahi have a supervision line like everyone else.
CONTACT_CENTRE = _place("National Contact Centre", "National", "Christchurch", "", "80", 0)

#: Real suburbs of the larger cities; towns not listed here get a made-up
#: suburb from the Faker pool or none.
SUBURBS: dict[str, tuple[str, ...]] = {
    city: tuple(unicodedata.normalize("NFC", s) for s in suburbs)
    for city, suburbs in {
        "Auckland": (
            "Ōtāhuhu", "Māngere", "Ōtara", "Papatoetoe", "Manurewa", "Henderson", "Glen Innes",
            "Onehunga", "Avondale", "Papakura", "Takanini", "Massey", "Rānui", "Northcote",
            "Glenfield", "Clendon Park", "Wiri", "Favona", "Point England", "Panmure",
        ),
        "Christchurch": (
            "Aranui", "Linwood", "Hornby", "Riccarton", "Papanui", "Shirley", "Sydenham",
            "Halswell", "Woolston", "Bromley", "Wainoni", "Phillipstown",
        ),
        "Hamilton": (
            "Enderley", "Fairfield", "Nawton", "Dinsdale", "Frankton", "Hillcrest", "Flagstaff", "Melville",
        ),
        "Wellington": (
            "Newtown", "Kilbirnie", "Karori", "Johnsonville", "Miramar", "Strathmore Park", "Island Bay", "Tawa",
        ),
        "Porirua": ("Cannons Creek", "Waitangirua", "Ascot Park", "Titahi Bay", "Rānui Heights", "Porirua East"),
        "Dunedin": ("South Dunedin", "Caversham", "Mosgiel", "Brockville", "St Kilda", "North East Valley"),
        "Rotorua": ("Fordlands", "Koutu", "Western Heights", "Ngongotahā", "Owhata", "Fenton Park"),
        "Tauranga": ("Greerton", "Gate Pā", "Merivale", "Welcome Bay", "Mount Maunganui", "Pāpāmoa"),
        "Whangārei": ("Otangarei", "Tikipunga", "Raumanga", "Kamo", "Onerahi", "Morningside"),
        "Palmerston North": ("Highbury", "Takaro", "Awapuni", "Roslyn", "Westbrook"),
        "Napier": ("Maraenui", "Onekawa", "Tamatea", "Taradale", "Pirimai"),
        "Hastings": ("Flaxmere", "Camberley", "Mayfair", "Akina", "Raureka"),
        "Gisborne": ("Kaiti", "Elgin", "Mangapapa", "Te Hapara", "Riverdale"),
        "Invercargill": ("Glengarry", "Strathern", "Georgetown", "Kew", "Heidelberg"),
        "Lower Hutt": ("Naenae", "Taitā", "Waiwhetū", "Wainuiomata", "Stokes Valley", "Epuni"),
        "Whanganui": ("Castlecliff", "Gonville", "Aramoho", "Springvale"),
        "New Plymouth": ("Marfell", "Waitara", "Westown", "Spotswood"),
        "Nelson": ("Stoke", "Tāhunanui", "Atawhai", "Washington Valley"),
    }.items()
}  # fmt: skip
