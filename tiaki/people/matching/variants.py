"""Given names staff treat as one person's: Māori and English forms
(Wiremu / William) and nicknames (Bill / William).

The built-in pairs below are a starting list; staff extend it through the
NameVariant table, which is read again whenever it changes
(``_VariantIndex``). Everything is stored and compared folded
(normalise.fold).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Max

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
    """The variant groups, rebuilt when the NameVariant table changes.
    ``refresh`` (one tiny aggregate, called once per search by search.py)
    tells whether a row was added or removed, so a pair staff add is used
    by the very next search; lookups in between use the groups as they are."""

    def __init__(self) -> None:
        self.fingerprint: tuple[int, int | None] | None = None
        self.groups: dict[str, dict[str, str]] = {}

    def get(self) -> dict[str, dict[str, str]]:
        if self.fingerprint is None:
            self.refresh()
        return self.groups

    def refresh(self) -> None:
        from tiaki.people.models import NameVariant  # see _build

        seen = NameVariant.objects.aggregate(n=Count("id"), top=Max("id"))
        fingerprint = (seen["n"], seen["top"])
        if fingerprint != self.fingerprint:
            self.groups = _build()
            self.fingerprint = fingerprint

    def clear(self) -> None:
        self.fingerprint = None


_index = _VariantIndex()


def _build() -> dict[str, dict[str, str]]:
    # Imported here: this module is data first, and the model import needs
    # the app registry, which eval.py's CSV reader does not.
    from tiaki.people.models import NameVariant

    pairs: list[tuple[str, str, str]] = [(a, b, TRANSLITERATION) for a, b in TRANSLITERATIONS]
    pairs += [(a, b, NICKNAME) for a, b in NICKNAMES]
    pairs += [(fold(a), fold(b), kind) for a, b, kind in NameVariant.objects.values_list("name", "variant", "kind")]
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


def refresh_variants() -> None:
    """Pick up NameVariant rows added or removed since the last search."""
    _index.refresh()


def forget_cached_variants() -> None:
    """Re-read the NameVariant table on the next search (after an edit in place)."""
    _index.clear()
