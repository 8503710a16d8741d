"""Care's pages (found by tiaki.config.slices, in the ``web`` namespace)."""

from django.urls import path

from tiaki.care.web.views import about, caregivers, episodes, history, missing, placements, search
from tiaki.care.web.views import caregiver_records as records

urlpatterns = [
    path("care/children/<id:child_id>/", history.care_history_page, name="care-history"),
    path("cases/<id:case_id>/children/<id:child_id>/enter-care/", episodes.care_enter_page, name="care-enter"),
    path("care/children/<id:child_id>/leave-care/", episodes.care_leave_page, name="care-leave"),
    path("care/children/<id:child_id>/placements/new/", placements.placement_add_page, name="placement-add"),
    path("care/children/<id:child_id>/placements/move/", placements.placement_move_page, name="placement-move"),
    path("care/placements/<id:placement_id>/approve/", placements.placement_approve_action, name="placement-approve"),
    path("care/children/<id:child_id>/missing/new/", missing.missing_add_page, name="missing-add"),
    path("care/missing/<id:missing_id>/return/", missing.missing_return_page, name="missing-return"),
    # A child's About me.
    path("care/children/<id:child_id>/about-me/", about.about_me_page, name="about-me"),
    path("care/children/<id:child_id>/about-me/edit/", about.about_me_edit_page, name="about-me-edit"),
    path("care/children/<id:child_id>/about-me/versions/", about.about_me_versions_page, name="about-me-versions"),
    # The caregiver register, by household.
    path("caregivers/", caregivers.household_list_page, name="caregiver-list"),
    path("caregivers/new/", caregivers.household_create_page, name="caregiver-create"),
    path("caregivers/<id:household_id>/", caregivers.household_page, name="caregiver-detail"),
    path("caregivers/<id:household_id>/change/", caregivers.household_change_page, name="caregiver-change"),
    path("caregivers/<id:household_id>/members/add/", records.member_add_page, name="caregiver-member-add"),
    path("caregivers/<id:household_id>/members/leave/", records.member_leave_page, name="caregiver-member-leave"),
    path("caregivers/<id:household_id>/checks/add/", records.check_add_page, name="caregiver-check"),
    path("caregivers/<id:household_id>/assessment/start/", records.assessment_start_page,
         name="caregiver-assessment-start"),
    path("caregivers/<id:household_id>/assessment/complete/", records.assessment_complete_page,
         name="caregiver-assessment-complete"),
    path("caregivers/<id:household_id>/assessment/decide/", records.decide_page, name="caregiver-decide"),
    path("caregivers/<id:household_id>/reviews/add/", records.review_add_page, name="caregiver-review"),
    path("caregivers/<id:household_id>/support-plan/", records.support_plan_page, name="caregiver-support-plan"),
    path("caregivers/<id:household_id>/visits/add/", records.visit_add_page, name="caregiver-visit"),
    path("caregivers/<id:household_id>/training/add/", records.training_add_page, name="caregiver-training"),
    path("caregivers/<id:household_id>/specialist-roles/add/", records.specialist_role_page,
         name="caregiver-specialist-role"),
    path("caregivers/<id:household_id>/close/", records.household_close_page, name="caregiver-close"),
    # Finding a placement.
    path("care/children/<id:child_id>/find-a-placement/", search.placement_search_page, name="placement-search"),
]  # fmt: skip
