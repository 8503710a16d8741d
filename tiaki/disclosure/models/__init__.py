"""Disclosure models: what left the agency (and what the guard stopped),
letters and their templates, shares with caregivers and partners, and the
partner organisation register; subject access requests and corrections."""

from tiaki.disclosure.models.letters import Letter, LetterTemplate
from tiaki.disclosure.models.partners import PartnerOrganisation, RecipientAccount
from tiaki.disclosure.models.records import Disclosure, DisclosureFile, DisclosureSubject, GuardFinding, GuardRule
from tiaki.disclosure.models.sharing import DisposalConfirmation, Share, ShareItem, ShareRead
from tiaki.disclosure.models.subject_access import CorrectionRequest, Redaction, ReleaseStage, SubjectAccessRequest

__all__ = [
    "CorrectionRequest",
    "Disclosure",
    "DisclosureFile",
    "DisclosureSubject",
    "DisposalConfirmation",
    "GuardFinding",
    "GuardRule",
    "Letter",
    "LetterTemplate",
    "PartnerOrganisation",
    "RecipientAccount",
    "Redaction",
    "ReleaseStage",
    "Share",
    "ShareItem",
    "ShareRead",
    "SubjectAccessRequest",
]
