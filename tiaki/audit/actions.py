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
    ABOUT_ME_READ = "about_me.read"
    ABOUT_ME_SAVE = "about_me.save"
    CAREGIVER_APPROVE = "caregiver.approve"  # the decision on an assessment
    CAREGIVER_ASSESS = "caregiver.assess"
    CAREGIVER_CREATE = "caregiver.create"
    CAREGIVER_LIST = "caregiver.list"  # households shown in the register's list: not opened
    CAREGIVER_READ = "caregiver.read"
    CAREGIVER_UPDATE = "caregiver.update"  # members, checks, training, visits, reviews, support plan
    CARE_ENTER = "care.enter"
    CARE_LEAVE = "care.leave"
    CARE_READ = "care.read"
    CASE_CLOSE = "case.close"
    CASE_CLOSE_DECLINE = "case.close_decline"
    CASE_CLOSE_REQUEST = "case.close_request"
    CASE_OPEN = "case.open"
    CASE_READ = "case.read"
    CASE_UPDATE = "case.update"
    CHRONOLOGY_READ = "chronology.read"
    DASHBOARD_VIEW = "dashboard.view"
    DISCLOSURE_BLOCK = "disclosure.block"  # the guard stopped an artefact: a near miss
    DISCLOSURE_MAKE = "disclosure.make"  # an artefact left through the pipeline
    DISCLOSURE_OVERRIDE = "disclosure.override"  # a second person let a blocked artefact through
    DISCLOSURE_READ = "disclosure.read"  # the disclosure record (by document id) opened
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
    LETTER_SAVE = "letter.save"
    LETTER_TEMPLATE_UPDATE = "letter_template.update"
    JOBS_VIEW = "jobs.view"  # only ever refused: the jobs page holds no personal data
    NOTE_ADD = "note.add"
    NOTE_CORRECT = "note.correct"
    ORDER_RECORD = "order.record"
    PARTNER_CREATE = "partner.create"
    PARTNER_DISPOSAL_CONFIRM = "partner.disposal_confirm"
    PARTNER_READ = "partner.read"
    PARTNER_UPDATE = "partner.update"
    PERSON_CREATE = "person.create"
    PERSON_LIST = "person.list"  # people shown in a list (home page, duplicates): not opened
    PERSON_READ = "person.read"
    PERSON_SEARCH = "person.search"
    PERSON_UPDATE = "person.update"
    MISSING_RECORD = "missing.record"
    PLACEMENT_APPROVE = "placement.approve"  # a manager's approval of an unapproved caregiver
    PLACEMENT_RECORD = "placement.record"
    PLACEMENT_SEARCH = "placement.search"
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
    SHARE_CREATE = "share.create"
    SHARE_LIST = "share.list"  # shares listed (a child's, or a recipient's): not opened
    SHARE_READ = "share.read"  # a caregiver or partner worker opened what was shared
    SHARE_REVOKE = "share.revoke"
    TASK_ADD = "task.add"
    TASK_COMPLETE = "task.complete"
    USER_CREATE = "user.create"
    USER_READ = "user.read"  # only ever refused: administrators' reads of accounts are not personal data
    USER_UPDATE = "user.update"


class Outcome(StrEnum):
    ALLOWED = "allowed"
    REFUSED = "refused"
