"""The care domain's code lists: a child's needs (matched against what a
caregiver household can meet), caregiver training courses, the specialist
roles they qualify for, and About me's topics. Codes are stored; labels are
shown."""

from __future__ import annotations

#: Needs a child may have and a household may meet (CaregiverHousehold.needs_met).
NEEDS: dict[str, str] = {
    "high_complex": "High and complex needs",
    "disability": "Disability",
    "medical": "Medical or health needs",
    "trauma": "Trauma-informed care",
    "behaviour": "Behaviour that challenges",
    "infant": "A baby or infant",
    "teen_parent": "A young parent and their baby",
    "te_reo": "Te reo Māori spoken at home",
    "faith": "A particular faith",
    "rainbow": "Rainbow and takatāpui affirming",
}

#: Caregiver training courses (CaregiverTraining.course): code -> label.
COURSES: dict[str, str] = {
    "foundations": "Caregiver foundations",
    "trauma_informed": "Trauma-informed caregiving",
    "first_aid": "First aid",
    "high_complex": "Caring for children with high and complex needs",
    "disability": "Disability support",
    "therapeutic": "Therapeutic care",
    "remand": "Youth justice remand care",
    "te_ao_maori": "Te ao Māori and whakapapa",
}

#: Specialist roles (SpecialistRole.role): code -> (label, the courses that qualify for it).
SPECIALIST_ROLES: dict[str, tuple[str, frozenset[str]]] = {
    "high_complex": (
        "Specialist caregiver: high and complex needs",
        frozenset({"foundations", "trauma_informed", "high_complex"}),
    ),
    "disability": ("Specialist caregiver: disability", frozenset({"foundations", "disability", "first_aid"})),
    "therapeutic": ("Therapeutic caregiver", frozenset({"foundations", "trauma_informed", "therapeutic"})),
    "remand": ("Youth justice remand caregiver", frozenset({"foundations", "remand"})),
}

#: About me's topics, in the order the profile shows them: code -> label.
ABOUT_ME_TOPICS: dict[str, str] = {
    "sleep": "Sleep and bedtime",
    "food": "Food and mealtimes",
    "school_run": "Getting to school",
    "likes": "What I like",
    "dislikes": "What I don't like",
    "when_upset": "What helps when I'm upset",
    "health": "My health",
    "disability": "Disability and support I need",
    "culture": "My culture and identity",
    "whakapapa": "Whakapapa",
    "iwi": "Iwi, hapū and marae",
    "important_people": "People who are important to me",
    "other": "Something else about me",
}
