from django.urls import URLPattern, path

from tiaki.privacy.web import views
from tiaki.privacy.web.routes import incidents, monitoring, providers, refreshers, report

urlpatterns: list[URLPattern] = [
    path("people/<id:person_id>/seen-by/", views.person_seen_by_page, name="person-seen-by"),
    path("privacy/audit/", views.audit_search_page, name="privacy-audit"),
    path("privacy/audit/people/", views.audit_person_find_page, name="privacy-audit-find"),
    path("privacy/audit/people/<slug:token>/", views.audit_person_found_page, name="privacy-audit-found"),
    path("privacy/break-glass/", views.breakglass_queue_page, name="privacy-breakglass"),
    path("privacy/break-glass/<id:grant_id>/review/", views.breakglass_review_action, name="privacy-breakglass-review"),
    path("privacy/sealed/", views.sealed_records_page, name="privacy-sealed"),
    *incidents.urlpatterns,
    path("privacy/alerts/", monitoring.alerts_page, name="privacy-alerts"),
    path("privacy/alerts/<id:alert_id>/", monitoring.alert_page, name="privacy-alert"),
    path("privacy/monitoring/rules/", monitoring.rules_page, name="privacy-monitoring-rules"),
    path("privacy/monitoring/watched/", monitoring.watched_page, name="privacy-watched"),
    path("privacy/refreshers/", refreshers.refreshers_page, name="privacy-refreshers"),
    path("privacy/providers/", providers.providers_page, name="privacy-providers"),
    path("privacy/reports/", report.report_page, name="privacy-reports"),
    path("privacy/reports/download/", report.report_download, name="privacy-report-download"),
]
