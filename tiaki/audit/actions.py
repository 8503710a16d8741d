"""What an audit event records. Values are stable: they are stored and hashed."""

from enum import StrEnum


class AuditAction(StrEnum):
    ACCESS_LOG_READ = "access_log.read"  # "who has seen this record"
    API_USE = "api.use"  # a refused partner API call (tiaki.access.require)
    API_TOKEN_ISSUE = "api_token.issue"  # noqa: S105 - an action name, not a secret
    API_TOKEN_REVOKE = "api_token.revoke"  # noqa: S105 - an action name, not a secret
    AUDIT_SEARCH = "audit.search"
    BREAKGLASS_ESCALATE = "breakglass.escalate"
    BREAKGLASS_OPEN = "breakglass.open"
    BREAKGLASS_REVIEW = "breakglass.review"
    CASE_CLOSE = "case.close"
    CASE_CLOSE_DECLINE = "case.close_decline"
    CASE_CLOSE_REQUEST = "case.close_request"
    CASE_OPEN = "case.open"
    CASE_READ = "case.read"
    CASE_UPDATE = "case.update"
    CHRONOLOGY_READ = "chronology.read"
    DASHBOARD_VIEW = "dashboard.view"
    DOCUMENT_READ = "document.read"
    DRAFT_KEEP = "draft.keep"  # only ever refused: keeping one's own typing is no event
    DRAFT_READ = "draft.read"  # only ever refused, as DRAFT_KEEP
    DOCUMENT_UPLOAD = "document.upload"
    EMAIL_IMPORT = "email.import"
    EMAIL_PREFERENCES_UPDATE = "email_preferences.update"  # one's own choice of notices by email
    EXPORT = "export"
    FGC_RECORD = "fgc.record"
    HOME_VIEW = "home.view"
    INDUCTION_RECORD = "induction.record"
    JOBS_VIEW = "jobs.view"  # only ever refused: the jobs page holds no personal data
    NOTE_ADD = "note.add"
    NOTE_CORRECT = "note.correct"
    ORDER_RECORD = "order.record"
    PERSON_CREATE = "person.create"
    PERSON_LIST = "person.list"  # people shown in a list (home page, duplicates): not opened
    PERSON_READ = "person.read"
    PERSON_SEARCH = "person.search"
    PERSON_UPDATE = "person.update"
    PLAN_SAVE = "plan.save"
    POLICY_UPDATE = "policy.update"
    REPORT_ALLOCATE = "report.allocate"
    REPORT_APPROVE = "report.approve"
    REPORT_CREATE = "report.create"
    REPORT_ESCALATE = "report.escalate"
    REPORT_READ = "report.read"
    REPORT_RESPOND = "report.respond"
    REPORT_TRIAGE = "report.triage"
    ROLE_GRANT = "role.grant"
    SEALED_GRANT = "sealed.grant"
    SEALED_REVOKE = "sealed.revoke"
    TASK_ADD = "task.add"
    TASK_COMPLETE = "task.complete"
    USER_CREATE = "user.create"
    USER_READ = "user.read"  # only ever refused: administrators' reads of accounts are not personal data
    USER_UPDATE = "user.update"


class Outcome(StrEnum):
    ALLOWED = "allowed"
    REFUSED = "refused"
