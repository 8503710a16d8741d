"""Care models: episodes in care, placements, caregivers and About me."""

from tiaki.care.models.about import AboutMe, AboutMeVersion
from tiaki.care.models.caregivers import (
    CaregiverAssessment,
    CaregiverCheck,
    CaregiverHousehold,
    CaregiverPolicy,
    CaregiverReview,
    CaregiverTraining,
    CaregiverVisit,
    HouseholdMember,
    SpecialistRole,
)
from tiaki.care.models.episodes import CareEntryReason, CareEpisode, MissingEpisode, Placement

__all__ = [
    "AboutMe",
    "AboutMeVersion",
    "CareEntryReason",
    "CareEpisode",
    "CaregiverAssessment",
    "CaregiverCheck",
    "CaregiverHousehold",
    "CaregiverPolicy",
    "CaregiverReview",
    "CaregiverTraining",
    "CaregiverVisit",
    "HouseholdMember",
    "MissingEpisode",
    "Placement",
    "SpecialistRole",
]
