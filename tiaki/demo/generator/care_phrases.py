"""Plain-language phrases for the seeded care records: why a child came into
care, what they said, why they moved, what they said on coming back after
being missing, About me's items, and the caregiver register's notes.

As tiaki.demo.generator.phrases: short sentences a kaimahi would write,
naming no one and no place, so the chronology (which takes some of them as
summaries) never holds a SENSITIVE value.
"""

from __future__ import annotations

from tiaki.care.models import CareEntryReason, CareEpisode, Placement

_R = CareEntryReason.Code
_E = Placement.EndReason
_L = CareEpisode.LeavingReason

REASONS_TEXT: dict[str, tuple[str, ...]] = {
    _R.PHYSICAL_ABUSE: ("Unexplained injuries seen at kura; the safety plan with whānau did not hold.",
                        "The child was hurt by an adult in the home and is frightened to go back."),
    _R.SEXUAL_ABUSE: ("The young person disclosed harm by an adult living in the home.",
                      "Police and the agency agreed the child could not stay safely at home during the investigation."),
    _R.EMOTIONAL_ABUSE: ("Years of belittling and threats; the child is withdrawn and anxious.",
                         "The child is regularly locked out and told they are not wanted."),
    _R.NEGLECT: ("The tamariki were left without food or supervision for days at a time.",
                 "The house was unsafe and cold and the baby was not gaining weight."),
    _R.FAMILY_VIOLENCE: ("Repeated family violence in front of the tamariki; the safety plan broke down.",
                         "Police attended again this month; Mum could not keep the tamariki safe."),
    _R.PARENT_SUBSTANCE: ("Mum's drug use means there is no one sober to care for the tamariki.",
                          "Both parents are drinking heavily and the tamariki are caring for themselves."),
    _R.PARENT_MENTAL_HEALTH: ("Mum is in hospital and there is no whānau able to care for the tamariki yet.",
                              "Dad's mental health has worsened and he cannot care for the children safely."),
    _R.PARENT_UNABLE: ("Dad is in prison and Mum has died; whānau are being found to care.",
                       "The parent is seriously unwell and cannot care for the child."),
    _R.ABANDONMENT: ("The child was left with a neighbour and no one came back for them.",),
    _R.RELATIONSHIP_BREAKDOWN: ("The young person and their parents cannot live together safely just now.",),
    _R.CHILD_BEHAVIOUR: ("The young person is putting themself at serious risk at night.",),
    _R.CHILD_DISABILITY: ("The child's care needs are more than the whānau can meet at home with support.",),
    _R.YOUTH_JUSTICE: ("Remanded to the agency's custody by the Youth Court.",),
    _R.OTHER: ("The whānau asked for help while they get back on their feet.",),
}  # fmt: skip

CHILD_VIEWS = (
    "I want to stay with my brothers and sisters.",
    "I miss Mum but I feel safe here.",
    "I want to live with Nan.",
    "I don't want to change schools.",
    "I was scared at home. I want to go back when it's safe.",
    "I want to keep going to kapa haka.",
    "Can I still see my dog?",
    "I don't know yet.",
)
LIVING_WITH_DETAIL = ("", "", "", "Mum and her partner", "Nan, most of the time", "Moving between whānau")

END_DETAIL: dict[str, tuple[str, ...]] = {
    _E.PLANNED_MOVE: ("A longer-term home was found with caregivers who can keep the child at their kura.",),
    _E.CAREGIVER_REQUEST: ("The caregivers' own health means they cannot keep caring.",
                           "The caregivers asked for a break after a hard few months."),
    _E.CHILD_REQUEST: ("The young person asked to move and the caregivers agreed it was for the best.",),
    _E.BREAKDOWN: ("The placement broke down after several difficult weeks despite extra support.",),
    _E.SAFETY: ("Concerns were raised about care in the placement and the child was moved the same day.",),
    _E.CLOSER_TO_WHANAU: ("Moved so the child can see their whānau more often and stay at their kura.",),
    _E.WITH_SIBLINGS: ("Moved to join their brothers and sisters.",),
    _E.TO_WHANAU: ("Whānau were assessed and can now care for the child.",),
    _E.EMERGENCY_ENDED: ("The emergency placement ended as planned.",),
    _E.OTHER: ("The caregivers moved out of the area.",),
    _E.LEFT_CARE: ("",),
}  # fmt: skip

MOVE_REASONS: dict[str, tuple[str, ...]] = {
    _E.PLANNED_MOVE: ("A home where the child can stay for the long term.",),
    _E.CAREGIVER_REQUEST: ("The previous caregivers could not continue.",),
    _E.CHILD_REQUEST: ("The young person asked for a new home.",),
    _E.BREAKDOWN: ("The last placement broke down.",),
    _E.SAFETY: ("To keep the child safe.",),
    _E.CLOSER_TO_WHANAU: ("Closer to whānau, kura and marae.",),
    _E.WITH_SIBLINGS: ("To live with brothers and sisters.",),
    _E.TO_WHANAU: ("Whānau can care for the child.",),
    _E.EMERGENCY_ENDED: ("Out of the emergency placement to a planned one.",),
    _E.OTHER: ("The caregivers moved away.",),
}

SIBLINGS_APART = (
    "No caregiver could take all of the brothers and sisters together; they see each other every week.",
    "The older sibling is in a placement that meets their own needs; visits are fortnightly.",
    "They asked to live apart for now and see each other at whānau hui.",
)

LEFT_TO: dict[str, tuple[str, ...]] = {
    _L.RETURNED_HOME: ("Home to Mum", "Home to Dad", "Home to both parents"),
    _L.WHANAU_ORDER: ("To Nan and Koro under a parenting order", "To an aunty under a guardianship order"),
    _L.ADOPTED: ("Adopted",),
    _L.INDEPENDENCE: ("Own flat with support", "Supported flat with other young people"),
    _L.AGED_OUT: ("Staying on with the caregivers", "Flatting with a friend"),
    _L.TRANSFERRED: ("To another agency's care",),
    _L.OTHER: ("To a residential programme",),
}
LEAVING_DETAIL: dict[str, tuple[str, ...]] = {
    _L.RETURNED_HOME: ("The safety plan is working and the whānau are well supported.",
                       "The concerns have been addressed; transition home went well."),
    _L.WHANAU_ORDER: ("Whānau hold a parenting order and the child is settled.",),
    _L.ADOPTED: ("The adoption order was made.",),
    _L.INDEPENDENCE: ("Transition support continues.",),
    _L.AGED_OUT: ("Turned 18; transition support continues if they want it.",),
    _L.TRANSFERRED: ("Care transferred with the whānau's agreement.",),
    _L.OTHER: ("Explained in the case notes.",),
}  # fmt: skip

MISSING_FOUND = ("At a friend's house", "With Mum", "In town with friends", "At a cousin's", "At the skate park")
RETURN_CONVERSATIONS = (
    "Said they went to see friends and lost track of time. Agreed to text the caregiver next time.",
    "Wanted to see Mum. Talked about how to plan visits so they don't need to run.",
    "Didn't want to say much. Said they were safe. Will talk again with their worker tomorrow.",
    "Upset about school. Agreed a plan with the caregiver and the kura.",
    "Said an older friend picked them up. Safety concerns passed to Police.",
)

ABOUT_ME: dict[str, tuple[tuple[str, bool], ...]] = {
    # topic: ((text, written in the child's own words), ...)
    "sleep": (("I like the light on in the hallway.", True), ("Goes to bed at 8 with a story.", False)),
    "food": (("I love boil-up and I hate mushrooms.", True), ("No peanuts: allergy (EpiPen in the bag).", False)),
    "school_run": (("I walk with my cousin.", True), ("Needs dropping at the gate; the bus worries them.", False)),
    "likes": (("Rugby, drawing and my cat.", True), ("Kapa haka and being outdoors.", False)),
    "dislikes": (("Loud voices.", True), ("Being rushed in the morning.", False)),
    "when_upset": (("Let me go outside for a bit.", True), ("Quiet time with music helps; don't crowd them.", False)),
    "health": (("Asthma: inhaler at kura and at home.", False),),
    "culture": (("I'm proud to be Māori.", True), ("Goes to the marae with whānau on special days.", False)),
    "whakapapa": (("My Nan knows our whakapapa.", True),),
    "iwi": (("Ngāpuhi on Mum's side.", True),),
    "important_people": (("Nan, my brother and my best friend.", True), ("Their older sister: weekly calls.", False)),
    "other": (("I want to be a builder.", True),),
}

HOUSEHOLD_CULTURE = ("Māori", "Pākehā", "Samoan", "Tongan", "Cook Islands Māori", "Māori and Pākehā", "Chinese",
                     "Indian", "Pākehā")  # fmt: skip
LANGUAGES = ("English", "English and te reo Māori", "English and Samoan", "English and Tongan", "English")
SUPPORT_PLANS = (
    "Respite one weekend a month; caregiver support group; fortnightly calls with the social worker.",
    "Support with school transport; trauma-informed training booked; monthly visits.",
    "Help with the costs of sport and music; visits every eight weeks; 24-hour support line.",
)
CLOSED_REASONS = ("The caregivers retired from caring.", "The household moved overseas.",
                  "The caregivers asked to close after their last placement.",
                  "Approval ended at the review.")  # fmt: skip
DECLINE_REASONS = ("The checks raised concerns the household could not address.",
                   "The household decided not to go ahead.")  # fmt: skip
ASSESSMENT_SUMMARIES = (
    "A warm, stable home with strong whānau support; the household understands the tamariki's needs.",
    "Experienced parents with room for two; they are open to contact with birth whānau.",
    "Kin caregivers with deep connections to the child's marae and whakapapa.",
)
REVIEW_SUMMARIES = ("Care continues well; training is up to date.", "Going well; support needs reviewed.",
                    "Good care; a respite plan added.")  # fmt: skip
VISIT_SUMMARIES = (
    "Visited the caregivers; the tamariki are settled and the home is well kept.",
    "Talked about school, contact with whānau and respite.",
    "The caregivers are tired after a hard month: extra respite arranged.",
    "Checked the support plan; training booked for next term.",
)
CHECK_NOTES = ("", "", "", "An old matter disclosed and explained; no risk to children.")
