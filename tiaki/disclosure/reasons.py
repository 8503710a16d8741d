"""Refusal codes the disclosure domain audits (said in words by
tiaki.privacy.words.REASONS)."""

#: The guard found something the recipient may not receive (a near miss).
DISCLOSURE_BLOCKED = "disclosure_blocked"
#: The person the guard stopped tried to override their own attempt.
OVERRIDE_OWN = "override_own"
#: An override asked for a finding no one may override (sealed).
OVERRIDE_NOT_ALLOWED = "override_not_allowed"
#: A letter to post with no address on record for the recipient.
NO_ADDRESS = "no_address"
#: A disclosure with no purpose given (the record says why it left).
NO_PURPOSE = "no_purpose"
#: A disclosure with no recipient or no way out (channel) chosen.
NO_RECIPIENT = "no_recipient"
#: A letter template naming a field that does not exist.
TEMPLATE_FIELD_UNKNOWN = "template_field_unknown"
#: A share without purpose, consent or override, or expiring in the past.
SHARE_INVALID = "share_invalid"
#: A share read after it expired, or after it was revoked.
SHARE_EXPIRED = "share_expired"
SHARE_REVOKED = "share_revoked"
#: Something outside what a partner organisation's agreement lets it receive.
PARTNER_NOT_AGREED = "partner_not_agreed"
#: Subject access: a request acted on before the requester's identity was verified.
IDENTITY_NOT_VERIFIED = "identity_not_verified"
#: Subject access: a release with a redaction that gives the requester no reason.
REDACTION_NO_REASON = "redaction_no_reason"
#: Subject access: a release stage approved by the person who prepared or reviewed it.
APPROVE_OWN = "approve_own"
#: Subject access: bad input on a request (dates, extension, transfer, decision).
SUBJECT_ACCESS_INVALID = "subject_access_invalid"
#: A correction asked about information Tiaki does not hold about the person.
CORRECTION_NOT_HELD = "correction_not_held"
