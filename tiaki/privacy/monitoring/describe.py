"""An alert in words: what it found, with numbers only (no names)."""

from __future__ import annotations

from tiaki.privacy.models import AccessAlert, MonitoringRule

RULE_WORDS: dict[str, str] = {
    MonitoringRule.Code.ENUMERATION_REFUSALS: (
        "{count} refused attempts to open records in {window} (the alert is at {threshold})"
    ),
    MonitoringRule.Code.ENUMERATION_DISTINCT: (
        "{count} different people's records opened or tried in {window} (the alert is at {threshold})"
    ),
    MonitoringRule.Code.VOLUME: (
        "{count} records opened in one day, against a usual day of {usual} "
        "(the alert is at {threshold} and {factor} times the usual)"
    ),
    MonitoringRule.Code.OUT_OF_HOURS: (
        "{count} records opened outside the working day on one day (the alert is at {threshold})"
    ),
    MonitoringRule.Code.BREAKGLASS_FREQUENT: (
        "{count} uses of emergency access in {window} (the alert is at {threshold})"
    ),
    MonitoringRule.Code.COLLEAGUE_RECORD: "{count} attempts to open a colleague's own record in {window}",
    MonitoringRule.Code.NEWS_RECORD: (
        "{count} attempts to open a watched record (in the news) without an allocation or supervision line, in {window}"
    ),
    MonitoringRule.Code.SEALED_ATTEMPT: "{count} refused attempts on sealed records in {window}",
    MonitoringRule.Code.AFTER_RELATIONSHIP: (
        "{count} refused attempts to open a record the staff member had worked with through an allocation "
        "within {window} before"
    ),
}


def _window_words(minutes: int) -> str:
    if minutes % 1440 == 0:
        days = minutes // 1440
        return "one day" if days == 1 else f"{days} days"
    if minutes % 60 == 0:
        hours = minutes // 60
        return "one hour" if hours == 1 else f"{hours} hours"
    return "one minute" if minutes == 1 else f"{minutes} minutes"


def alert_describe(alert: AccessAlert) -> str:
    """What the alert found, in words (numbers only, no names)."""
    minutes = max(1, int((alert.window_end - alert.window_start).total_seconds() // 60))
    rule = MonitoringRule.objects.filter(code=alert.rule).only("factor").first()
    template = RULE_WORDS.get(alert.rule, "{count} events (the alert is at {threshold})")
    usual = alert.detail.get("usual", "")
    return template.format(count=f"{alert.count:,}", threshold=f"{alert.threshold:,}", window=_window_words(minutes),
                           usual=f"{usual:g}" if isinstance(usual, float | int) else usual,
                           factor=f"{rule.factor:g}" if rule and rule.factor else "3")  # fmt: skip
