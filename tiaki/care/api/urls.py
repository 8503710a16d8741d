"""Care under /api/v1 (found by tiaki.config.slices, in the ``api`` namespace)."""

from django.urls import path

from tiaki.care.api.views import about, caregivers, search
from tiaki.care.api.views import episodes as views

urlpatterns = [
    path("care/children/<id:child_id>", views.CareHistoryView.as_view(), name="care-history"),
    path("care/children/<id:child_id>/episodes", views.CareEpisodesView.as_view(), name="care-episodes"),
    path("care/children/<id:child_id>/placements", views.PlacementsView.as_view(), name="care-placements"),
    path("care/placements/<id:placement_id>/approve", views.PlacementApproveView.as_view(), name="placement-approve"),
    path("care/children/<id:child_id>/missing", views.MissingView.as_view(), name="care-missing"),
    path("care/missing/<id:missing_id>/return", views.MissingReturnView.as_view(), name="missing-return"),
    # A child's About me.
    path("care/children/<id:child_id>/about-me", about.AboutMeAPIView.as_view(), name="about-me"),
    path("care/children/<id:child_id>/about-me/versions/<id:version>", about.AboutMeVersionAPIView.as_view(),
         name="about-me-version"),
    # The caregiver register, by household.
    path("caregivers", caregivers.CaregiversView.as_view(), name="caregivers"),
    path("caregivers/<id:household_id>", caregivers.CaregiverDetailView.as_view(), name="caregiver-detail"),
    path("caregivers/<id:household_id>/members", caregivers.CaregiverMembersView.as_view(), name="caregiver-members"),
    path("caregivers/<id:household_id>/members/leave", caregivers.CaregiverMemberLeaveView.as_view(),
         name="caregiver-member-leave"),
    path("caregivers/<id:household_id>/checks", caregivers.CaregiverChecksView.as_view(), name="caregiver-checks"),
    path("caregivers/<id:household_id>/assessments", caregivers.AssessmentStartView.as_view(),
         name="caregiver-assessments"),
    path("caregivers/<id:household_id>/assessments/complete", caregivers.AssessmentCompleteView.as_view(),
         name="caregiver-assessment-complete"),
    path("caregivers/<id:household_id>/assessments/decision", caregivers.AssessmentDecisionView.as_view(),
         name="caregiver-decision"),
    path("caregivers/<id:household_id>/reviews", caregivers.CaregiverReviewsView.as_view(), name="caregiver-reviews"),
    path("caregivers/<id:household_id>/visits", caregivers.CaregiverVisitsView.as_view(), name="caregiver-visits"),
    path("caregivers/<id:household_id>/training", caregivers.CaregiverTrainingView.as_view(),
         name="caregiver-training"),
    path("caregivers/<id:household_id>/specialist-roles", caregivers.SpecialistRolesView.as_view(),
         name="caregiver-specialist-roles"),
    # Finding a placement.
    path("care/children/<id:child_id>/placement-search", search.PlacementSearchView.as_view(),
         name="placement-search"),
]  # fmt: skip
