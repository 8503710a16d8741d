"""Refusal codes the privacy domain audits (said in words by
tiaki.privacy.words.REASONS)."""

#: Bad input on a report, an assessment, an action, a notice or a triage (no date, no description...).
PRIVACY_INCIDENT_INVALID = "privacy_incident_invalid"
#: An assessment by the person who caused the breach.
ASSESS_OWN = "assess_own"
#: Closing an incident that still has actions not done.
ACTIONS_OPEN = "actions_open"
#: A monitoring threshold of zero or below (or a window, factor or working day that cannot be).
THRESHOLD_INVALID = "threshold_invalid"
#: The record changed since the form was opened: nothing saved.
PRIVACY_STALE = "privacy_stale"
#: A privacy officer triaging an alert about their own access.
TRIAGE_OWN = "triage_own"
#: A quarterly report asked for a quarter that is not one (or has not begun), or in a format there is not.
QUARTER_INVALID = "quarter_invalid"
