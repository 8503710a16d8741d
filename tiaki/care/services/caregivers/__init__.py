"""The caregiver register's writes, by household (issue 14, part 3)."""

from tiaki.care.services.caregivers.assessments import assessment_complete, assessment_decide, assessment_start
from tiaki.care.services.caregivers.checks import (
    check_record,
    review_record,
    specialist_role_grant,
    training_record,
    visit_record,
)
from tiaki.care.services.caregivers.errors import CaregiverError, SelfApproval, StaleVersion
from tiaki.care.services.caregivers.households import (
    household_close,
    household_create,
    household_update,
    support_plan_save,
)
from tiaki.care.services.caregivers.members import member_add, member_leave
from tiaki.care.services.caregivers.policy import caregiver_policy_update

__all__ = [
    "CaregiverError",
    "SelfApproval",
    "StaleVersion",
    "assessment_complete",
    "assessment_decide",
    "assessment_start",
    "caregiver_policy_update",
    "check_record",
    "household_close",
    "household_create",
    "household_update",
    "member_add",
    "member_leave",
    "review_record",
    "specialist_role_grant",
    "support_plan_save",
    "training_record",
    "visit_record",
]
