"""Given names staff treat as one person's: Māori and English forms
(Wiremu / William) and nicknames (Bill / William).

The built-in pairs below are a starting list; staff extend it through the
NameVariant table, which tiaki.people.selectors.variants reads again
whenever it changes and installs here (``_VariantIndex``; no ORM in this
module). Everything is stored and compared folded (normalise.fold).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from tiaki.people.matching.normalise import fold

TRANSLITERATION = "transliteration"
NICKNAME = "nickname"

#: (Māori form, English form), folded.
TRANSLITERATIONS: tuple[tuple[str, str], ...] = (
    ("wiremu", "william"), ("wi", "bill"), ("wi", "william"), ("hemi", "james"), ("mere", "mary"),
    ("meri", "mary"), ("rawiri", "david"), ("pita", "peter"), ("hone", "john"), ("tame", "thomas"),
    ("tamati", "thomas"), ("ruihi", "lucy"), ("hohepa", "joseph"), ("mereana", "marian"),
    ("mereana", "marianne"), ("tipene", "stephen"), ("mikaere", "michael"), ("matiu", "matthew"),
    ("miriama", "miriam"), ("hana", "hannah"), ("ripeka", "rebecca"), ("rahera", "rachel"),
    ("heni", "jane"), ("wikitoria", "victoria"), ("erana", "ellen"), ("paora", "paul"),
    ("ropata", "robert"), ("ihaia", "isaiah"), ("henare", "henry"), ("kereama", "graham"),
    ("hori", "george"), ("tiaki", "jack"), ("mata", "martha"), ("ani", "annie"), ("ana", "anna"),
    ("rihari", "richard"), ("pene", "ben"), ("aperahama", "abraham"), ("eruera", "edward"),
    ("hamiora", "samuel"), ("ihaka", "isaac"), ("kiri", "kiri"), ("maka", "mark"), ("nikora", "nicholas"),
    ("patariki", "patrick"), ("riria", "lydia"), ("roera", "joel"), ("tiare", "charles"),
    ("tiemi", "jimmy"), ("wiremu", "bill"), ("arapeta", "albert"), ("hariata", "harriet"),
    ("huriana", "julianne"), ("keita", "kate"), ("mereta", "marjorie"), ("peti", "betty"),
    ("riwai", "levi"), ("teina", "dina"), ("timoti", "timothy"), ("piripi", "philip"),
)  # fmt: skip

#: (short form, full form), folded.
NICKNAMES: tuple[tuple[str, str], ...] = (
    ("bill", "william"), ("will", "william"), ("billy", "william"), ("liam", "william"), ("liz", "elizabeth"),
    ("beth", "elizabeth"), ("lizzie", "elizabeth"), ("betty", "elizabeth"), ("eliza", "elizabeth"),
    ("jim", "james"), ("jimmy", "james"), ("jamie", "james"), ("kate", "katherine"), ("katie", "katherine"),
    ("kate", "catherine"), ("cathy", "catherine"), ("kathy", "katherine"), ("rob", "robert"),
    ("bob", "robert"), ("bobby", "robert"), ("robbie", "robert"), ("mike", "michael"), ("mick", "michael"),
    ("tom", "thomas"), ("tommy", "thomas"), ("jon", "jonathan"), ("alex", "alexander"), ("sam", "samuel"),
    ("sam", "samantha"), ("ben", "benjamin"), ("charlie", "charlotte"), ("charlie", "charles"),
    ("josh", "joshua"), ("matt", "matthew"), ("chris", "christopher"), ("chris", "christine"),
    ("dan", "daniel"), ("danny", "daniel"), ("nick", "nicholas"), ("becky", "rebecca"), ("bec", "rebecca"),
    ("jess", "jessica"), ("maggie", "margaret"), ("meg", "margaret"), ("peggy", "margaret"),
    ("joe", "joseph"), ("joey", "joseph"), ("tony", "anthony"), ("andy", "andrew"), ("drew", "andrew"),
    ("jen", "jennifer"), ("jenny", "jennifer"), ("tori", "victoria"), ("vicky", "victoria"),
    ("bella", "isabella"), ("izzy", "isabella"), ("dave", "david"), ("davey", "david"), ("pete", "peter"),
    ("jack", "john"), ("johnny", "john"), ("steve", "stephen"), ("steve", "steven"), ("ted", "edward"),
    ("ed", "edward"), ("eddie", "edward"), ("harry", "henry"), ("hank", "henry"), ("dick", "richard"),
    ("rick", "richard"), ("rich", "richard"), ("greg", "gregory"), ("tim", "timothy"), ("pat", "patrick"),
    ("pat", "patricia"), ("patty", "patricia"), ("sue", "susan"), ("suzie", "susan"), ("debbie", "deborah"),
    ("deb", "deborah"), ("mandy", "amanda"), ("sandy", "sandra"), ("cindy", "cynthia"), ("abby", "abigail"),
    ("nat", "natalie"), ("nate", "nathan"), ("zac", "zachary"), ("zach", "zachary"), ("ollie", "oliver"),
    ("fred", "frederick"), ("freddie", "frederick"), ("gus", "angus"), ("mattie", "matilda"),
    ("tilly", "matilda"), ("annie", "anne"), ("annie", "anna"), ("molly", "mary"), ("polly", "mary"),
    ("wiri", "wiremu"), ("kahu", "kahurangi"), ("rangi", "rangimarie"), ("ana", "anahera"),
    ("hine", "hineamaru"), ("wai", "waimarie"), ("tam", "tamati"), ("mika", "mikaere"), ("al", "alan"),
    ("al", "albert"), ("bert", "albert"), ("len", "leonard"), ("lenny", "leonard"), ("phil", "philip"),
    ("ray", "raymond"), ("ron", "ronald"), ("ronnie", "ronald"), ("russ", "russell"), ("stu", "stuart"),
    ("terry", "terence"), ("vince", "vincent"), ("walt", "walter"), ("wally", "walter"), ("les", "leslie"),
    ("gerry", "gerald"), ("jeff", "jeffrey"), ("ken", "kenneth"), ("kenny", "kenneth"), ("larry", "lawrence"),
    ("lou", "louis"), ("max", "maxwell"), ("mel", "melissa"), ("mel", "melanie"), ("nicky", "nicola"),
    ("nikki", "nicole"), ("sophie", "sophia"), ("steph", "stephanie"), ("val", "valerie"), ("vic", "victor"),
    ("jo", "joanne"), ("josie", "josephine"), ("kim", "kimberley"), ("kris", "kristen"), ("lexi", "alexis"),
    ("lucy", "lucinda"), ("maddie", "madison"), ("millie", "amelia"), ("sally", "sarah"), ("trish", "patricia"),
)  # fmt: skip


class _VariantIndex:
    """The variant groups: the built-in pairs, and the staff's NameVariant
    pairs once they are installed (tiaki.people.selectors.variants reads the
    table and installs it again whenever a row was added or removed). Until
    then, the built-in pairs alone."""

    def __init__(self) -> None:
        self.fingerprint: tuple[int, int | None] | None = None
        self.groups: dict[str, dict[str, str]] = {}
        self.builtin: dict[str, dict[str, str]] | None = None

    def get(self) -> dict[str, dict[str, str]]:
        if self.fingerprint is not None:
            return self.groups
        if self.builtin is None:
            self.builtin = build_groups(())
        return self.builtin

    def install(self, fingerprint: tuple[int, int | None], pairs: Iterable[tuple[str, str, str]]) -> None:
        self.groups = build_groups(pairs)
        self.fingerprint = fingerprint

    def clear(self) -> None:
        self.fingerprint = None


_index = _VariantIndex()


def build_groups(staff_pairs: Iterable[tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    """Variant groups from the built-in pairs and ``staff_pairs`` ((name,
    variant, kind) as stored; folded here)."""
    pairs: list[tuple[str, str, str]] = [(a, b, TRANSLITERATION) for a, b in TRANSLITERATIONS]
    pairs += [(a, b, NICKNAME) for a, b in NICKNAMES]
    pairs += [(fold(a), fold(b), kind) for a, b, kind in staff_pairs]
    groups: dict[str, dict[str, str]] = defaultdict(dict)
    for a, b, kind in pairs:
        if a and b and a != b:
            groups[a].setdefault(b, kind)
            groups[b].setdefault(a, kind)
    # Names sharing a full form are variants of each other too (Bill, Billy
    # and Wiremu all via William). Only through the full form (the second of
    # a pair): through a short form, Samuel and Samantha would meet via Sam.
    spokes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, b, kind in pairs:
        if a and b and a != b:
            spokes[b].append((a, kind))
    for around in spokes.values():
        for a, kind_a in around:
            for b, kind_b in around:
                if a != b:
                    groups[a].setdefault(b, kind_a if kind_a == kind_b else TRANSLITERATION)
    return dict(groups)


def variants_of(name: str) -> dict[str, str]:
    """Folded names that are variants of folded ``name``, each with its kind."""
    return _index.get().get(name, {})


def variant_kind(a: str, b: str) -> str | None:
    """The kind of variant pair (a, b) is, or None."""
    return variants_of(a).get(b)


def loaded_fingerprint() -> tuple[int, int | None] | None:
    """Which state of the NameVariant table is installed (its row count and
    highest id), or None if none is."""
    return _index.fingerprint


def install(fingerprint: tuple[int, int | None], pairs: Iterable[tuple[str, str, str]]) -> None:
    """Use the built-in pairs and these staff pairs from now on."""
    _index.install(fingerprint, pairs)


def forget_cached_variants() -> None:
    """Re-read the NameVariant table on the next search (after an edit in place)."""
    _index.clear()
