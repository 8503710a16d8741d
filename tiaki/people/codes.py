"""Reference lists for the person register.

ETHNICITIES: Stats NZ ethnicity codes (level 4 of the Ethnicity New Zealand
Standard Classification) for the groups most often recorded here, with the
residual codes; a subset, extended here as needed.
IWI: common iwi names, correctly spelt, offered as suggestions; a person's
affiliation is stored as they name it.
"""

from __future__ import annotations

ETHNICITIES: dict[str, str] = {
    "11111": "New Zealand European",
    "21111": "Māori",
    "31111": "Samoan",
    "32100": "Cook Islands Māori",
    "33111": "Tongan",
    "34111": "Niuean",
    "35111": "Tokelauan",
    "36111": "Fijian",
    "42100": "Chinese",
    "43100": "Indian",
    "51100": "Middle Eastern",
    "52100": "Latin American",
    "53100": "African",
    "61199": "Other ethnicity",
    "94444": "Don't know",
    "95555": "Refused to answer",
    "97777": "Response unidentifiable",
    "99999": "Not stated",
}

IWI: tuple[str, ...] = (
    "Ngāpuhi", "Te Rarawa", "Te Aupōuri", "Ngāti Kahu", "Ngāti Kurī", "Ngāti Whātua", "Ngāti Wai",
    "Waikato-Tainui", "Ngāti Maniapoto", "Ngāti Raukawa", "Ngāti Haua", "Hauraki",
    "Ngāti Tūwharetoa", "Te Arawa", "Ngāti Awa", "Ngāi Te Rangi", "Ngāti Ranginui", "Tūhoe",
    "Te Whānau-ā-Apanui", "Ngāti Porou", "Rongowhakaata", "Ngāti Kahungunu", "Rongomaiwahine",
    "Te Āti Haunui-a-Pāpārangi", "Ngā Rauru", "Ngāruahine", "Taranaki", "Te Āti Awa",
    "Ngāti Toa Rangatira", "Rangitāne", "Muaūpoko", "Ngāti Apa", "Ngāti Kōata", "Ngāti Rārua",
    "Ngāi Tahu", "Moriori",
)  # fmt: skip
