"""The whānau map's layout (tiaki.people.genogram), without a database."""

from __future__ import annotations

import itertools

import pytest

from tiaki.people.genogram import LABEL_BOTTOM, SHAPE, SLOT, Genogram, Member, Tie, layout

TUI, HEMI, AROHA, RAWIRI, KAHU, JOHN, MERE, WIREMU, HUIA, KIRI, PITA = range(1, 12)

WHANAU = [
    Member(TUI, "Tūī Te Whare", "female", 2015),
    Member(HEMI, "Hēmi Te Whare", "male", 1988),
    Member(AROHA, "Aroha Ngata", "female", 1990),
    Member(RAWIRI, "Rawiri Te Whare", "male", 2012),
    Member(KAHU, "Kahu Smith", "another", 2019),
    Member(JOHN, "John Smith", "male", 1985),
    Member(MERE, "Mere Te Whare", "female", 1960, deceased=True),
    Member(WIREMU, "Wiremu Te Whare", "male", 1958),
    Member(HUIA, "Huia Te Whare", "female", 1986),
    Member(KIRI, "Kiri Walker", "unknown", None),
    Member(PITA, "Pita Walker", "male", 1980),
]
TIES = [
    Tie(HEMI, TUI, "parent"),
    Tie(AROHA, TUI, "parent"),
    Tie(HEMI, AROHA, "partner"),
    Tie(HEMI, RAWIRI, "parent"),
    Tie(AROHA, RAWIRI, "parent"),
    Tie(RAWIRI, TUI, "sibling"),
    # Kahu is Aroha's child with John: a half-sibling through Aroha only.
    Tie(AROHA, KAHU, "parent"),
    Tie(JOHN, KAHU, "parent"),
    Tie(JOHN, AROHA, "partner", ended=True),
    Tie(KAHU, TUI, "half-sibling"),
    Tie(MERE, HEMI, "parent"),
    Tie(WIREMU, HEMI, "parent"),
    Tie(WIREMU, MERE, "partner"),
    Tie(HUIA, HEMI, "sibling"),
    Tie(HUIA, TUI, "aunt-uncle"),
    Tie(KIRI, TUI, "whanau"),
    Tie(PITA, TUI, "caregiver"),
]


def node(g: Genogram, person_id: int):
    return next(n for n in g.nodes if n.id == person_id)


def segments(g: Genogram, style: str) -> set[tuple[tuple[float, float], tuple[float, float]]]:
    return {seg for line in g.lines if line.style == style for seg in itertools.pairwise(line.points)}


def touches(g: Genogram, style: str, person_id: int) -> bool:
    """Whether a line of ``style`` ends at the person's shape."""
    n = node(g, person_id)
    ends = {p for line in g.lines if line.style == style for p in (line.points[0], line.points[-1])}
    return any(abs(x - n.x) <= SHAPE / 2 + 0.1 and abs(y - n.y) <= LABEL_BOTTOM + 0.1 for x, y in ends)


@pytest.fixture
def whanau() -> Genogram:
    return layout(TUI, WHANAU, TIES)


def test_it_puts_grandparents_above_parents_above_the_child(whanau):
    rows = {p: node(whanau, p).generation for p in (MERE, WIREMU, HEMI, AROHA, HUIA, TUI, RAWIRI, KAHU)}
    assert rows == {MERE: -2, WIREMU: -2, HEMI: -1, AROHA: -1, HUIA: -1, TUI: 0, RAWIRI: 0, KAHU: 0}
    assert node(whanau, MERE).y < node(whanau, HEMI).y < node(whanau, TUI).y
    assert node(whanau, HUIA).y == node(whanau, HEMI).y  # the aunt at the parents' level


def test_it_draws_conventional_shapes():
    assert [node(layout(TUI, WHANAU, TIES), p).shape for p in (HEMI, AROHA, KAHU, KIRI)] == [
        "square",
        "circle",
        "diamond",
        "diamond",
    ]


def test_the_focus_person_is_marked_and_named_as_such(whanau):
    assert [n.id for n in whanau.nodes if n.focus] == [TUI]
    assert node(whanau, TUI).title == "Tūī Te Whare (focus), born 2015"
    assert node(whanau, HEMI).title == "Hēmi Te Whare, parent of Tūī Te Whare, born 1988"
    assert node(whanau, MERE).title == "Mere Te Whare, parent of Hēmi Te Whare, born 1960, died"
    assert node(whanau, KIRI).title == "Kiri Walker, whānau member of Tūī Te Whare, birth year not known"


def test_a_deceased_person_is_marked(whanau):
    assert node(whanau, MERE).deceased
    assert node(whanau, MERE).label[-1] == "b. 1960 · died"
    assert not node(whanau, WIREMU).deceased


def test_partners_sit_side_by_side_joined_by_a_line(whanau):
    hemi, aroha = node(whanau, HEMI), node(whanau, AROHA)
    assert abs(hemi.x - aroha.x) == SLOT
    left, right = sorted((hemi.x, aroha.x))
    assert ((left + SHAPE / 2, hemi.y), (right - SHAPE / 2, hemi.y)) in segments(whanau, "partner")


def test_an_ended_partnership_is_marked(whanau):
    assert [line.ended for line in whanau.lines if line.style == "partner"].count(True) == 1
    assert whanau.has_ended


def test_a_half_sibling_hangs_only_from_the_shared_parent(whanau):
    kahu, aroha, john, hemi = (node(whanau, p) for p in (KAHU, AROHA, JOHN, HEMI))
    # Kahu's descent starts between Aroha and John, the full siblings' between Aroha and Hēmi.
    drops = {line.points[0][0] for line in whanau.lines if line.style == "descent" and line.points[0][1] == aroha.y}
    assert drops == {(aroha.x + john.x) / 2, (aroha.x + hemi.x) / 2}
    kahu_bar = next(
        line for line in whanau.lines if line.style == "descent" and line.points[-1] == (kahu.x, kahu.y - SHAPE / 2)
    )
    bar_y = kahu_bar.points[0][1]
    bar = next(s for s in segments(whanau, "descent") if s[0][1] == s[1][1] == bar_y and kahu.x in (s[0][0], s[1][0]))
    assert not min(bar[0][0], bar[1][0]) <= node(whanau, TUI).x <= max(bar[0][0], bar[1][0])
    # The half-sibling tie is explained by the shared parent: no extra line.
    assert segments(whanau, "half-sibling") == set()


def test_a_half_sibling_with_no_recorded_parents_gets_its_own_line():
    g = layout(
        TUI, [*WHANAU[:3], Member(KAHU, "Kahu Smith", "male", 2019)], [*TIES[:3], Tie(KAHU, TUI, "half-sibling")]
    )
    assert touches(g, "half-sibling", KAHU)
    assert touches(g, "half-sibling", TUI)


def test_children_sit_under_their_parents(whanau):
    couple = (node(whanau, HEMI).x + node(whanau, AROHA).x) / 2
    children = [node(whanau, p).x for p in (TUI, RAWIRI)]
    assert min(children) <= couple <= max(children)


def test_step_parent_caregiver_and_whanau_lines_have_their_own_styles():
    g = layout(TUI, WHANAU, [*TIES, Tie(JOHN, TUI, "step-parent"), Tie(PITA, KIRI, "other")])
    assert touches(g, "caregiver", PITA)
    assert touches(g, "caregiver", TUI)
    assert touches(g, "whanau", KIRI)
    assert touches(g, "step-parent", JOHN)
    assert touches(g, "step-parent", TUI)
    assert touches(g, "other", PITA)
    assert touches(g, "other", KIRI)
    assert {"step-parent", "caregiver", "whanau", "other"} <= {style for style, _ in g.styles}


def test_an_aunt_recorded_as_a_parents_sibling_needs_no_extra_line(whanau):
    assert segments(whanau, "kin") == set()
    g = layout(TUI, WHANAU, [t for t in TIES if (t.from_id, t.to_id) != (HUIA, HEMI)])
    assert touches(g, "kin", HUIA)


def test_it_is_deterministic_whatever_the_input_order():
    first = layout(TUI, WHANAU, TIES)
    again = layout(TUI, list(reversed(WHANAU)), list(reversed(TIES)))
    assert first == again


def no_overlaps(g: Genogram) -> None:
    by_row: dict[float, list[float]] = {}
    for n in g.nodes:
        by_row.setdefault(n.y, []).append(n.x)
    for xs in by_row.values():
        xs.sort()
        assert all(b - a >= SLOT - 0.2 for a, b in itertools.pairwise(xs))  # rounded to 0.1
    ys = sorted(by_row)
    assert all(b - a > LABEL_BOTTOM + SHAPE for a, b in itertools.pairwise(ys))
    # Horizontal runs in the same place belong to one line, never two.
    runs = [
        (line, s)
        for line in g.lines
        for s in itertools.pairwise(line.points)
        if s[0][1] == s[1][1] and line.style != "partner" and line.points[0][1] != s[0][1]
    ]
    for (la, (a1, a2)), (lb, (b1, b2)) in itertools.combinations(runs, 2):
        if la is not lb and a1[1] == b1[1]:
            assert max(a1[0], a2[0]) < min(b1[0], b2[0]) or max(b1[0], b2[0]) < min(a1[0], a2[0]), (la, lb)


def test_nothing_overlaps(whanau):
    no_overlaps(whanau)


def big_whanau(children: int) -> tuple[list[Member], list[Tie]]:
    """A focus child, two parents, four grandparents, and many cousins in
    families hanging from ten aunts and uncles."""
    members = [
        Member(1, "Focus Child", "female", 2015),
        Member(2, "Papa", "male", 1985),
        Member(3, "Mama", "female", 1986),
    ]
    ties = [Tie(2, 1, "parent"), Tie(3, 1, "parent"), Tie(2, 3, "partner")]
    for gp, parent in ((4, 2), (5, 2), (6, 3), (7, 3)):
        members.append(Member(gp, f"Grandparent {gp}", "male" if gp % 2 else "female", 1955))
        ties.append(Tie(gp, parent, "parent"))
    next_id = 10
    aunts = []
    for i in range(10):
        aunt = next_id
        next_id += 1
        members.append(Member(aunt, f"Aunt {i}", "female", 1980 + i))
        ties.extend([Tie(4 if i % 2 else 6, aunt, "parent"), Tie(aunt, 1, "aunt-uncle")])
        aunts.append(aunt)
    for i in range(children):
        cousin = next_id
        next_id += 1
        members.append(Member(cousin, f"Cousin {i}", "male", 2000 + i % 20))
        ties.extend([Tie(aunts[i % 10], cousin, "parent"), Tie(cousin, 1, "whanau")])
    return members, ties


def test_it_lays_out_sixty_people_without_overlaps():
    members, ties = big_whanau(43)
    assert len(members) == 60
    g = layout(1, members, ties)
    assert g.left_out == 0
    assert len(g.nodes) == 60
    no_overlaps(g)


def test_beyond_sixty_it_keeps_the_nearest_and_counts_the_rest():
    members, ties = big_whanau(90)
    g = layout(1, members, ties)
    assert len(g.nodes) == 60
    assert g.left_out == len(members) - 60
    # Parents and grandparents are nearer than any cousin, so all stay.
    assert {1, 2, 3, 4, 5, 6, 7} <= set(g.ids)
    no_overlaps(g)


def test_people_not_connected_to_the_focus_are_left_out():
    g = layout(TUI, [*WHANAU, Member(99, "Stranger", "male", 1970)], TIES)
    assert 99 not in g.ids
    assert g.left_out == 1


def test_the_focus_must_be_given():
    with pytest.raises(ValueError, match="focus"):
        layout(99, WHANAU, TIES)


def test_it_draws_siblings_with_no_recorded_parents():
    # Two siblings and nobody else (a parent left off, or sealed from the
    # reader) once crashed the layout: every sibling became a "family" of no parents.
    g = layout(TUI, [WHANAU[0], WHANAU[3]], [Tie(RAWIRI, TUI, "sibling")])
    assert {n.id for n in g.nodes} == {TUI, RAWIRI}
    assert touches(g, "sibling", TUI)
    assert touches(g, "sibling", RAWIRI)


def test_each_line_kind_is_told_apart_in_words_not_colour_alone():
    from tiaki.people.genogram.model import LINE_STYLES

    looks = [label.split(": ", 1)[1] for label in LINE_STYLES.values()]
    assert len(set(looks)) == len(looks)
    assert "double" in LINE_STYLES["partner"]
    assert "single solid" in LINE_STYLES["descent"]


def test_the_map_page_draws_partner_lines_double_and_loads_its_script(client, alice, child, case):
    from tiaki.people.tests.factories import PersonNameFactory, RelationshipFactory

    mother = PersonNameFactory(given_names="Aroha", family_name="Ngata").person
    father = PersonNameFactory(given_names="Hēmi", family_name="Te Whare").person
    for parent in (mother, father):
        RelationshipFactory(from_person=parent, to_person=child)
    RelationshipFactory(from_person=father, to_person=mother, kind="partner")
    client.force_login(alice)
    page = client.get(f"/people/{child.pk}/whanau/").content.decode()
    assert page.count("tiaki-genogram__line--partner-inner") == 2  # the map's line and the key's
    assert "Partners: a double line" in page
    assert "tiaki/genogram" in page
    assert ".mjs" in page
    assert 'data-focus-name="Tūī Te Whare"' in page
    assert "style=" not in page
