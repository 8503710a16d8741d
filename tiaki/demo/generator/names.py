"""Curated names the Faker ``en_NZ`` locale lacks: Māori and Pacific given
names and surnames, with macrons, and the English forms and nicknames that
people are also known by.

Every name is normalised to Unicode NFC here, once, so the writer can store
it as given (DESIGN.md, "People's names"); the generator tests assert it.
"""

from __future__ import annotations

import unicodedata


def _nfc(*names: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", name) for name in names)


MAORI_GIVEN_FEMALE = _nfc(
    "Mere", "Tūī", "Ānahera", "Kahurangi", "Aroha", "Hine", "Huia", "Kiri", "Mārama", "Ngaio",
    "Pania", "Rangimārie", "Whetū", "Te Ao", "Āio", "Mānaia", "Moana", "Waimārie", "Hinemoa",
    "Kōwhai", "Kōtuku", "Atawhai", "Māhina", "Ataahua", "Miriama", "Hana", "Ripeka", "Rāhera",
    "Hēni", "Mihi", "Wikitoria", "Erana", "Mereana", "Ngāreta", "Tia", "Hōkioi", "Tāwhiri",
    "Anahera", "Manaaki", "Roimata", "Awhina", "Tangiwai", "Hineāmaru", "Kaea", "Marama",
)  # fmt: skip

MAORI_GIVEN_MALE = _nfc(
    "Hēmi", "Wiremu", "Rāwiri", "Nīkau", "Tāne", "Mānaia", "Whetū", "Tamati", "Rangi", "Hōne",
    "Pita", "Tipene", "Hōhepa", "Mikaere", "Matiu", "Rewi", "Tame", "Māui", "Tama", "Kauri",
    "Manu", "Ihaia", "Ropata", "Paora", "Tūmanako", "Te Rangi", "Tai", "Kereama", "Hēnare",
    "Āio", "Te Ao", "Nikau", "Tamahou", "Wairere", "Rāwhiti", "Kahu", "Ariki", "Ngāwhiti",
    "Hemi", "Tāmati", "Kaha", "Mātai", "Tawhiri",
)  # fmt: skip

MAORI_SURNAMES = _nfc(
    "Ngata", "Te Whare", "Parata", "Tipene", "Te Kani", "Pōmare", "Herewini", "Tamihana",
    "Te Rangi", "Kāretu", "Wīhongi", "Tāwhai", "Horomona", "Te Pou", "Waititi", "Ngārimu",
    "Paewai", "Tuhiwai", "Te Aho", "Rangihuna", "Hēnare", "Māhuika", "Rikihana", "Tūkāki",
    "Wineera", "Whaanga", "Taurima", "Kereama", "Hohaia", "Mita", "Te Hau", "Ruatapu",
    "Poutama", "Huata", "Te Paa", "Reweti", "Tūhiwai", "Rāwiri", "Tautari", "Hākaraia",
    "Te Moana", "Ngāpō", "Karaka", "Waaka", "Te Wani", "Mōrehu", "Pōtae", "Tāhuri",
)  # fmt: skip

PACIFIC_GIVEN_FEMALE = _nfc(
    "Losa", "Mele", "Malia", "Lupe", "Salote", "Ana", "Sina", "Talia", "Fetu", "Ofa", "Vaiola",
    "Lagi", "Teuila", "Seini", "Litia", "Tupe", "Makerita", "Sieni",
)  # fmt: skip

PACIFIC_GIVEN_MALE = _nfc(
    "Sione", "Tevita", "Siaosi", "Ioane", "Viliami", "Tavita", "Pita", "Mose", "Semisi", "Sefo",
    "Iosefa", "Tomasi", "Lemalu", "Samuelu", "Paulo", "Filipo", "Aisake", "Falani",
)  # fmt: skip

PACIFIC_SURNAMES = _nfc(
    "Tuilagi", "Faleolo", "Taufa", "Fonoti", "Leota", "Vaifale", "Tupou", "Havili", "Fifita",
    "Mataʻafa", "Aumua", "Tuiasosopo", "Faʻamausili", "Latu", "Kata", "Lealaiauloto", "Pouono",  # noqa: RUF001 - the okina is a letter
    "Tamapeau", "Vainikolo", "Folau", "Lolohea", "Tuimavave", "Marsters", "Tangitoru",
)  # fmt: skip

#: English forms people are also known by (an alias row), both directions,
#: so search can be tested on Wiremu/William, Hēmi/James and Mere/Mary.
TRANSLITERATIONS: dict[str, str] = dict(
    zip(
        _nfc(
            "Wiremu", "Hēmi", "Mere", "Rāwiri", "Hōne", "Pita", "Tipene", "Hōhepa", "Mikaere",
            "Matiu", "Tamati", "Tāmati", "Miriama", "Hana", "Ripeka", "Rāhera", "Hēni",
            "Wikitoria", "Erana", "Paora", "Ropata", "Ihaia", "Hēnare", "Kereama", "Mereana",
        ),
        _nfc(
            "William", "James", "Mary", "David", "John", "Peter", "Stephen", "Joseph", "Michael",
            "Matthew", "Thomas", "Thomas", "Miriam", "Hannah", "Rebecca", "Rachel", "Jane",
            "Victoria", "Ellen", "Paul", "Robert", "Isaiah", "Henry", "Graham", "Marianne",
        ),
        strict=True,
    )
)  # fmt: skip

#: Short forms used as a preferred name.
NICKNAMES: dict[str, str] = {
    "William": "Bill", "James": "Jamie", "Elizabeth": "Liz", "Katherine": "Kate", "Robert": "Rob",
    "Michael": "Mike", "Thomas": "Tom", "Jonathan": "Jon", "Alexander": "Alex", "Samuel": "Sam",
    "Benjamin": "Ben", "Charlotte": "Charlie", "Joshua": "Josh", "Matthew": "Matt",
    "Christopher": "Chris", "Daniel": "Dan", "Nicholas": "Nick", "Rebecca": "Becky",
    "Jessica": "Jess", "Margaret": "Maggie", "Joseph": "Joe", "Anthony": "Tony",
    "Andrew": "Andy", "Jennifer": "Jen", "Victoria": "Tori", "Isabella": "Bella",
    "Wiremu": "Wiri", "Kahurangi": "Kahu", "Rangimārie": "Rangi", "Ānahera": "Ana",
    "Hineāmaru": "Hine", "Waimārie": "Wai", "Tamati": "Tam", "Mikaere": "Mika",
}  # fmt: skip


def without_macrons(name: str) -> str:
    """The spelling an older system without macrons would have recorded (Tūī → Tui)."""
    decomposed = unicodedata.normalize("NFD", name)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c != "\u0304"))
