"""Every permission in Tiaki, as ``"<resource>:<action>"``; keep alphabetical."""

from enum import StrEnum


class Permission(StrEnum):
    API_USE = "api:use"
    AUDIT_READ = "audit:read"
    BREAKGLASS_REVIEW = "breakglass:review"
    BREAKGLASS_USE = "breakglass:use"
    DASHBOARD_VIEW = "dashboard:view"
    HOME_VIEW = "home:view"
    PERSON_CREATE = "person:create"
    PERSON_MERGE = "person:merge"
    PERSON_READ = "person:read"
    PERSON_SEARCH = "person:search"
    PERSON_SENSITIVE_READ = "person_sensitive:read"
    PERSON_UPDATE = "person:update"
    POLICY_MANAGE = "policy:manage"
    REPORT_ALLOCATE = "report:allocate"
    REPORT_APPROVE = "report:approve"
    REPORT_CREATE = "report:create"
    REPORT_READ = "report:read"
    REPORT_TRIAGE = "report:triage"
    SEALED_MANAGE = "sealed:manage"
    USER_MANAGE = "user:manage"
