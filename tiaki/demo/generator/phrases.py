"""Plain-language phrases for the seeded casework: note titles and texts,
case-phase reasons, closing summaries, plan goals, the child's voice, whānau
views, FGC and court wording.

Short sentences a kaimahi would write, combined at random
(tiaki.demo.generator.casework), so a million notes read plausibly without
naming anyone: the words are "the tamariki", "Mum", "the whānau", never a
person's name, address or a notifier, which keeps the chronology free of
SENSITIVE values as tiaki.chronology.services requires.
"""

from __future__ import annotations

from tiaki.casework.models import Case, CaseNote, CourtOrder, EngagementAttempt

_K = CaseNote.Kind

NOTE_KINDS = ((_K.VISIT, 0.35), (_K.PHONE, 0.3), (_K.MEETING, 0.15), (_K.SUPERVISION, 0.12), (_K.OTHER, 0.08))

NOTE_TITLES: dict[str, tuple[str, ...]] = {
    _K.VISIT: ("Home visit", "Visit at kura", "Visit with the whānau", "Unannounced visit", "Visit at the marae",
               "Visit to the caregivers' home", "After-school visit", "Joint visit with Police"),
    _K.PHONE: ("Call with Mum", "Call with Dad", "Call from the kura", "Call with the GP", "Call with a kaumātua",
               "Call with the caregiver", "Call from Plunket", "Call with the whānau"),
    _K.MEETING: ("Whānau hui", "Hui at the marae", "Professionals meeting", "School meeting",
                 "Safety planning hui", "Meeting with the iwi social services", "Strategy meeting"),
    _K.SUPERVISION: ("Supervision", "Case review in supervision", "Supervision: next steps"),
    _K.OTHER: ("Records check", "Referral sent", "Letter to the whānau", "Update from the health nurse",
               "Information from Police"),
}  # fmt: skip

NOTE_OPENINGS: dict[str, tuple[str, ...]] = {
    _K.VISIT: (
        "Visited the whare after school; Mum and the tamariki were home.",
        "Saw the tamariki at kura with the principal's agreement.",
        "Visited with the whānau; Nan was there and made us a cup of tea.",
        "Unannounced visit in the late afternoon; Dad answered the door.",
        "Met the tamariki at the marae during the whānau hui.",
        "Visited the caregivers' home; the tamariki were settled and playing outside.",
    ),
    _K.PHONE: (
        "Mum rang to talk about the week.",
        "The kura rang about attendance this term.",
        "Spoke with the GP about the last check-up.",
        "A kaumātua rang to offer support from the marae.",
        "Rang the caregiver to plan the next visit.",
        "Dad called back after the letter was sent.",
    ),
    _K.MEETING: (
        "Whānau hui held with both sides of the whānau and a kaumātua.",
        "Professionals met to share what each service is seeing.",
        "Met the school's senior leaders and the learning support coordinator.",
        "Safety planning hui with the whānau and their support people.",
        "Hui at the marae with the iwi social services kaimahi.",
    ),
    _K.SUPERVISION: (
        "Talked through the case with my supervisor.",
        "Supervision: reviewed the safety plan and what has changed.",
        "Reviewed the risk and the whānau strengths in supervision.",
    ),
    _K.OTHER: (
        "Checked the records held by other agencies.",
        "Sent a referral to the community partner.",
        "Wrote to the whānau to confirm what was agreed.",
        "The public health nurse sent an update.",
        "Police shared a callout record from the weekend.",
    ),
}

NOTE_MIDDLES = (
    "The tamariki said they feel safe at home at the moment.",
    "The house was warm and there was kai in the cupboards.",
    "Attendance at kura has improved over the last month.",
    "The youngest was unwell with a cold; Mum has a GP appointment booked.",
    "There has been no further family violence reported since the last visit.",
    "Mum says money is tight this fortnight; talked about a food parcel.",
    "The eldest is finding school hard and wants to see a counsellor.",
    "Nan and Koro are helping with the morning routine.",
    "The whānau want to keep the tamariki connected to their marae.",
    "Dad is attending the stopping violence programme each week.",
    "The caregivers say sleep has settled and the tamariki are eating well.",
    "The tamariki talked about a trip to the beach with their cousins.",
    "There are still worries about who is coming and going from the house.",
    "Mum has started the parenting course at the community centre.",
    "The tamariki showed me their rooms and their schoolwork.",
    "A neighbour has raised more worries about shouting at night.",
)

NOTE_ENDINGS = (
    "Next visit booked for next week.",
    "Will follow up with the kura on Friday.",
    "Agreed to meet again after the hui.",
    "Safety plan reviewed; no changes needed.",
    "Will talk this through in supervision.",
    "Referral to the whānau support service to be sent.",
    "Whānau know how to reach the office after hours.",
    "Plan to check in by phone in two days.",
)

CORRECTION_REASONS = (
    "Wrong date typed for the visit.",
    "Recorded on the wrong child's behalf; corrected who was present.",
    "Added what the kura told me after the call.",
    "Spelling and a missing sentence.",
    "The supervisor asked for the safety wording to be clearer.",
)

CORRECTION_ADDITIONS = (
    "Correction: the visit was in the afternoon, not the morning.",
    "Correction: Nan was present for the whole visit.",
    "Added: the kura confirmed attendance is now above 90%.",
    "Added: the safety plan was read back and agreed by everyone present.",
)

PHASE_REASONS: dict[str, tuple[str, ...]] = {
    Case.Kind.ONGOING: (
        "The assessment found care and protection concerns that need ongoing work with the whānau.",
        "The safety plan is not yet holding; ongoing work is needed.",
        "The FGC recommended ongoing support and a plan for the tamariki.",
    ),
    Case.Kind.TRANSITION: (
        "The young person is 15 and wants support to plan for living independently.",
        "Starting transition support as the young person approaches 18.",
    ),
}

CLOSURE_SUMMARIES: dict[str, tuple[str, ...]] = {
    Case.ClosureReason.CONCERNS_ADDRESSED: (
        "The concerns were addressed: the tamariki are safe at home with the whānau's support.",
        "The whānau made the changes agreed at the hui; the kura and GP report things are going well.",
    ),
    Case.ClosureReason.SAFETY_PLAN: (
        "The safety plan with the whānau has held for three months; the whānau know who to call.",
        "Nan and Koro are part of the safety plan and the tamariki are safe.",
    ),
    Case.ClosureReason.NO_FURTHER_ACTION: (
        "The assessment found the tamariki are safe and well cared for; no further action.",
        "No care or protection concerns were found; the whānau were given information about support.",
    ),
    Case.ClosureReason.TRANSFERRED: ("The whānau moved; the case was transferred to the site where they now live.",),
    Case.ClosureReason.AGED_OUT: ("Transition support has ended; the young person has a flat and a job.",),
    Case.ClosureReason.MOVED_AWAY: ("The whānau moved overseas; information was shared with the agency there.",),
}

GOALS = (
    ("The tamariki are safe at home", "Keep to the safety plan agreed at the hui", "Mum and Dad"),
    ("Go to kura every day", "Walk the tamariki to school and meet the teacher each term", "Nan"),
    ("Stay connected to the marae", "Go to the marae for the monthly whānau day", "Koro"),
    ("See the GP and the dentist", "Book the health and dental checks", "Social worker"),
    ("No more family violence", "Finish the stopping violence programme", "Dad"),
    ("A warm, dry home", "Apply for the healthy homes grant", "Social worker"),
    ("Regular contact with siblings", "Arrange a visit every fortnight", "Caregiver"),
    ("Learn to cook and budget", "Attend the life skills course", "Young person"),
)

CHILD_VOICE = (
    "I want to stay with Nan and see Mum on the weekends.",
    "I like my school and my friends. I don't like it when there is yelling.",
    "I want to go home but only if it's safe.",
    "I want to play rugby and go to the marae with Koro.",
    "Too young to say in words; seen playing happily with the caregiver and reaching for them when upset.",
    "I want my brothers and sisters to live together.",
    "I want a say in where I live when I'm older.",
)

WHANAU_VIEWS = (
    "The whānau want the tamariki to stay within the whānau and are willing to help.",
    "Mum agrees with the plan and wants more help with the morning routine.",
    "Nan and Koro can take the tamariki on weekends.",
    "Dad wants more time with the tamariki and has agreed to the programme.",
    "The kaumātua offered the marae for whānau hui.",
)

FGC_REASONS = (
    "The assessment found care and protection concerns the whānau can plan for together.",
    "The whānau asked for a hui to make a plan for the tamariki.",
    "Repeated reports about the tamariki: the whānau need to come together and make a plan.",
)

FGC_ATTENDEES = (
    "Mum\nDad\nNan\nKoro\nSocial worker\nFGC coordinator",
    "Mum\nAunty\nKaumātua\nKura principal\nSocial worker\nFGC coordinator",
    "Both parents\nThe young person\nUncle\nIwi social services kaimahi\nFGC coordinator",
)

FGC_PLANS = (
    "The tamariki stay with Nan while Mum completes the parenting course; contact every weekend.",
    "The tamariki stay at home with a safety plan; Aunty checks in daily and the whānau meet monthly.",
    "The young person lives with Uncle; the whānau meet at the marae every month to review.",
)

ENGAGEMENT_OUTCOMES = (
    "No answer; left a message asking them to call back.",
    "Mum refused to talk and hung up.",
    "Nobody home; card left at the door.",
    "The kaumātua could not reach the whānau.",
    "Dad said the whānau would not meet with us.",
)

ENGAGEMENT_WHO = ("Mum", "Dad", "Nan", "Aunty", "A kaumātua", "The whānau")

ENGAGEMENT_METHODS = tuple(EngagementAttempt.Method.values)

NO_SAFETY_PLAN_REASONS = (
    "The child was hurt and the whānau could not be reached to agree a safety plan that night.",
    "The adults at the house refused to engage and the child was not safe to stay.",
    "No whānau member was able to care for the child safely at short notice.",
)

ORDER_CONDITIONS: dict[str, str] = {
    CourtOrder.Kind.S78: "Interim custody to the chief executive pending the hearing.",
    CourtOrder.Kind.S101: "Custody to the chief executive; contact with parents as agreed at the FGC.",
    CourtOrder.Kind.S110: "Additional guardian appointed alongside the parents.",
    CourtOrder.Kind.S83: "Services order: the whānau to attend the agreed programmes.",
    CourtOrder.Kind.S91: "Support order: a social worker supports the whānau for six months.",
}
