"""The mechanical guards: static checks over a source tree that fail on any way
around the one rule. tiaki/access/tests/test_guards.py runs each on the real
tree and on a copy with a bypass planted in it (so a guard that cannot fail
fails there). Each check takes the directory of the ``tiaki`` package and
returns its findings as ``Offence`` rows (path from the package's parent,
line, what).

- ``orm_offences``: an ORM reference to a personal model's manager
  (``Person.objects``, ``._default_manager``) outside services, selectors,
  reach.py and the kernels (a read in a view is an offence too); an ORM
  write outside services, including through a queryset held in a variable,
  and any ``.save()``/``.delete()`` in a selector or a page/API module.
  The personal models are ``personal_models()``: every model of the
  personal apps except one declaring ``holds_personal_data = False`` (the
  agency's rules kept as data) with no relation to a personal model, and
  every model anywhere with a relation to a personal one.
- ``raw_sql_offences``: a raw write statement (``cursor.execute("UPDATE
  ...")``, in an f-string or a variable too) outside migrations, the audit
  trail's own append, the demo generator and the benchmark.
- ``audit_record_offences``: a hand-written ``audit.record`` outside the read
  and write paths (tiaki/access/paths.py), the refusal
  (tiaki/access/enforcement.py), the audit package and the benchmark.
- ``undeclared_access_points``: a public function taking a keyword-only
  ``actor`` in a services or selectors module that is not declared with
  ``@selector``/``@service`` (tiaki.access.paths), except ``UNDECLARED``.
- ``benchmark_switch_offences``: the switch that turns auditing off named
  outside tiaki/bench (and the audit package that holds its variable).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tiaki

ROOT = Path(tiaki.__file__).parent

#: The apps whose every model holds personal information or access to it,
#: unless it declares otherwise (NO_PERSONAL_DATA).
PERSONAL_APPS = frozenset(
    {"people", "intake", "casework", "care", "disclosure", "chronology", "access", "audit", "drafts"}
)

#: The class attribute by which a model of a personal app declares that it
#: holds nothing about anyone (``holds_personal_data = False``: the agency's
#: rules kept as data, such as response timeframes). Honoured only when set
#: on the model's own class (not inherited) and only while the model has no
#: relation to a personal model: a marked model pointing at a person or a
#: case is personal still. test_guards.py pins which models carry it.
NO_PERSONAL_DATA = "holds_personal_data"


@dataclass(frozen=True, order=True)
class Offence:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.what}"


def declares_no_personal_data(model: type) -> bool:
    """The model's own class says ``holds_personal_data = False`` (NO_PERSONAL_DATA)."""
    return vars(model).get(NO_PERSONAL_DATA, True) is False


def personal_models() -> frozenset[str]:
    """Every model of PERSONAL_APPS but those declaring they hold no personal
    data, and every model anywhere (a declaring one too) with a foreign key
    (or one-to-one, many-to-many) to one of them, followed to a fixpoint: a
    new care model that points at a person or a case is covered without
    editing this list, and a declaration cannot hide a relation."""
    from django.apps import apps

    models = apps.get_models(include_auto_created=True)
    personal = {m for m in models if m._meta.app_label in PERSONAL_APPS and not declares_no_personal_data(m)}
    grown = True
    while grown:
        grown = False
        for model in models:
            if model in personal:
                continue
            related = {f.related_model for f in model._meta.get_fields() if f.is_relation and f.concrete}
            if related & personal:
                personal.add(model)
                grown = True
    return frozenset(m.__name__ for m in personal if not m._meta.auto_created)


# ---------------------------------------------------------------- where


def _parts(path: Path, root: Path) -> tuple[str, ...]:
    return path.relative_to(root).parts


def _skipped(parts: tuple[str, ...]) -> bool:
    """Tests and migrations are not checked: fixtures and schema changes
    write on purpose."""
    return "tests" in parts[:-1] or "migrations" in parts[:-1] or parts[-1] == "conftest.py"


def is_service_module(parts: tuple[str, ...]) -> bool:
    """A domain's own ``services.py`` or ``services/`` package, and the people
    slice's merging services. Never under web/ (the page kernel) or a
    domain's web/ or api/; the API kernel's tiaki/api/services.py is the
    API app's own (tokens and their uses: no personal data)."""
    if parts[0] == "web":
        return False
    if len(parts) == 2 and parts[1] == "services.py":
        return True
    if len(parts) >= 3 and parts[1] == "services":
        return True
    return parts == ("people", "merging", "services.py")


def is_selector_module(parts: tuple[str, ...]) -> bool:
    if parts[0] == "web":
        return False
    return (len(parts) == 2 and parts[1] == "selectors.py") or (len(parts) >= 3 and parts[1] == "selectors")


def is_reach_module(parts: tuple[str, ...]) -> bool:
    return (len(parts) == 2 and parts[1] == "reach.py") or (len(parts) >= 3 and parts[1] == "reach")


# Where reading and writing personal data is the point, whole packages: the
# audit trail's writer, the synthetic agency (demo/), the benchmark's
# fixtures (bench/).
_ORM_PACKAGES = frozenset({"audit", "demo", "bench"})
# Page and API modules: parse, call one selector or service, render.
_THIN_DIRS = frozenset({"web", "api", "views", "forms", "serializers", "management", "templatetags"})
_THIN_FILES = frozenset({"views.py", "forms.py", "serializers.py", "middleware.py", "admin.py", "urls.py"})


def _thin(parts: tuple[str, ...]) -> bool:
    if is_service_module(parts) or is_selector_module(parts):
        return False
    return parts[-1] in _THIN_FILES or bool(_THIN_DIRS & set(parts[:-1]))


def _read_allowed(parts: tuple[str, ...]) -> bool:
    return (
        parts[0] in _ORM_PACKAGES
        or parts[0] == "access"  # the access kernel decides on the records
        or is_service_module(parts)
        or is_selector_module(parts)
        or is_reach_module(parts)
    )


def _write_allowed(parts: tuple[str, ...]) -> bool:
    return parts[0] in _ORM_PACKAGES or is_service_module(parts)


def _sources(root: Path) -> Iterator[tuple[Path, tuple[str, ...], ast.Module]]:
    for path in sorted(root.rglob("*.py")):
        parts = _parts(path, root)
        if _skipped(parts):
            continue
        yield path, parts, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _where(path: Path, root: Path) -> str:
    return path.relative_to(root.parent).as_posix()


# ---------------------------------------------------------------- ORM

MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
#: Called on any receiver in a selector, reach or page module, they write.
ALWAYS_WRITES = frozenset({"save", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"})
#: Called on a personal manager, queryset or instance, they write.
WRITES = ALWAYS_WRITES | {"create", "update"}


def _model_aliases(tree: ast.Module, personal: frozenset[str]) -> dict[str, str]:
    """Local names that stand for a personal model (``from ... import Person
    as P``), the model's own name included."""
    aliases = {name: name for name in personal}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in personal:
                    aliases[alias.asname or alias.name] = alias.name
    return aliases


def _model_named(node: ast.expr, aliases: dict[str, str]) -> str | None:
    if isinstance(node, ast.Name):
        return aliases.get(node.id)
    if isinstance(node, ast.Attribute) and node.attr in aliases.values():
        return node.attr  # people_models.Person
    return None


def _manager_of(node: ast.AST, aliases: dict[str, str]) -> str | None:
    """The personal model whose manager ``node`` reaches, if it does:
    ``Person.objects``, ``Person._default_manager``, ``Person._meta.default_manager``,
    ``getattr(Person, "objects")``; ``x._default_manager`` on anything not
    known to be harmless counts (the generic way round a named model)."""
    if isinstance(node, ast.Attribute):
        if node.attr in MANAGERS:
            model = _model_named(node.value, aliases)
            if model:
                return model
            if node.attr != "objects":
                return ast.unparse(node.value)
        meta = node.value
        on_meta = isinstance(meta, ast.Attribute) and meta.attr == "_meta"
        if node.attr in {"default_manager", "base_manager"} and on_meta:
            return _model_named(meta.value, aliases)  # type: ignore[attr-defined]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Constant)
        and node.args[1].value in MANAGERS
    ):
        return _model_named(node.args[0], aliases)
    return None


def _targets(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Name):
        yield node.id
    elif isinstance(node, (ast.Tuple, ast.List)):
        for element in node.elts:
            yield from _targets(element)
    elif isinstance(node, ast.Starred):
        yield from _targets(node.value)


def _bindings(tree: ast.Module) -> Iterator[tuple[list[str], ast.expr]]:
    """(names bound, the expression bound to them), everywhere in the module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            yield [n for t in node.targets for n in _targets(t)], node.value
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)) and node.value is not None:
            yield list(_targets(node.target)), node.value
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            yield list(_targets(node.target)), node.iter
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    yield list(_targets(item.optional_vars)), item.context_expr


def _chain(node: ast.AST) -> Iterator[ast.AST]:
    """``node`` and what it is called or looked up on, down to the root:
    ``Person.objects.filter(...).first`` yields each link of the chain."""
    while True:
        yield node
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, (ast.Attribute, ast.Subscript, ast.Await)):
            node = node.value
        else:
            return


def _reaches_personal(node: ast.AST, aliases: dict[str, str], tainted: set[str]) -> bool:
    """``node`` is a personal manager, a queryset or instance from one, or a
    link further along such a chain (``qs.first().names``). A value built
    from one (``set(qs.values_list(...))``) is not: it cannot write."""
    return any(
        _manager_of(link, aliases) is not None or (isinstance(link, ast.Name) and link.id in tainted)
        for link in _chain(node)
    )


def _tainted_names(tree: ast.Module, aliases: dict[str, str]) -> set[str]:
    """Names that hold a personal manager, queryset or instance
    (``qs = Person.objects.filter(...)``, ``for person in qs``), to a
    fixpoint. Flow-insensitive on purpose: a name that ever holds one is suspect."""
    bindings = list(_bindings(tree))
    tainted: set[str] = set()
    grown = True
    while grown:
        grown = False
        for names, value in bindings:
            if not set(names) <= tainted and _reaches_personal(value, aliases, tainted):
                tainted |= set(names)
                grown = True
    return tainted


def orm_offences(root: Path = ROOT, personal: Iterable[str] | None = None) -> list[Offence]:
    """Personal-model manager references outside the places that may read,
    and ORM writes outside services (one finding per line, the write first)."""
    personal = frozenset(personal if personal is not None else personal_models())
    found: dict[tuple[str, int], Offence] = {}
    for path, parts, tree in _sources(root):
        read_ok, write_ok = _read_allowed(parts), _write_allowed(parts)
        if read_ok and write_ok:
            continue
        where = _where(path, root)
        aliases = _model_aliases(tree, personal)
        tainted = _tainted_names(tree, aliases)
        strict = _thin(parts) or is_selector_module(parts) or is_reach_module(parts)
        for node in ast.walk(tree):
            if not write_ok and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                method, receiver = node.func.attr, node.func.value
                if method in WRITES and (
                    (strict and method in ALWAYS_WRITES) or _reaches_personal(receiver, aliases, tainted)
                ):
                    found[(where, node.lineno)] = Offence(
                        where, node.lineno, f"ORM write .{method}() on {ast.unparse(receiver)[:60]}"
                    )
                    continue
            if not read_ok:
                model = _manager_of(node, aliases)
                line = getattr(node, "lineno", 0)
                if model is not None and (where, line) not in found:
                    found[(where, line)] = Offence(where, line, f"ORM read of {model} outside a selector")
    return sorted(found.values())


# ---------------------------------------------------------------- raw SQL

_SQL_CALLS = frozenset({"execute", "executemany", "executescript", "raw", "RawSQL"})
_SQL_WRITE = re.compile(r"\b(INSERT|UPDATE|DELETE|TRUNCATE|ALTER|DROP|MERGE|GRANT|REVOKE)\b", re.IGNORECASE)
# A lock taken by a read is not a write.
_SQL_LOCK = re.compile(r"\bFOR\s+(NO\s+KEY\s+)?UPDATE\b|\bFOR\s+SHARE\b", re.IGNORECASE)
_RAW_SQL_PACKAGES = frozenset({"audit", "demo", "bench"})


def _strings(node: ast.AST, texts: dict[str, str]) -> str:
    """Every piece of literal text in ``node`` (f-strings, concatenations,
    ``.format``, ``sql.SQL(...)``), with names bound to text followed."""
    pieces = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            pieces.append(sub.value)
        elif isinstance(sub, ast.Name) and sub.id in texts:
            pieces.append(texts[sub.id])
    return " ".join(pieces)


def raw_sql_offences(root: Path = ROOT) -> list[Offence]:
    found = []
    for path, parts, tree in _sources(root):
        if parts[0] in _RAW_SQL_PACKAGES:
            continue
        texts: dict[str, str] = {}
        for names, value in _bindings(tree):
            text = _strings(value, {})
            for name in names:
                texts[name] = f"{texts.get(name, '')} {text}"
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in _SQL_CALLS:
                continue
            sql = _SQL_LOCK.sub(" ", _strings(node.args[0], texts))
            statement = _SQL_WRITE.search(sql)
            if statement:
                found.append(Offence(_where(path, root), node.lineno, f"raw SQL {statement.group(1).upper()}"))
    return sorted(found)


# ---------------------------------------------------------------- audit.record

AUDIT_MODULES = frozenset({"tiaki.audit", "tiaki.audit.services"})
#: The read and write paths, the refusal, the trail itself, the benchmark.
AUDIT_RECORDERS = (("access", "paths.py"), ("access", "enforcement.py"), ("audit",), ("bench",))


def _audit_aliases(tree: ast.Module) -> set[str]:
    """Dotted local names bound to tiaki.audit or tiaki.audit.services."""
    names = set(AUDIT_MODULES)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if f"{node.module}.{alias.name}" in AUDIT_MODULES:
                    names.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in AUDIT_MODULES and alias.asname:
                    names.add(alias.asname)
    return names


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def audit_record_offences(root: Path = ROOT) -> list[Offence]:
    found = []
    for path, parts, tree in _sources(root):
        if any(parts[: len(allowed)] == allowed for allowed in AUDIT_RECORDERS):
            continue
        where = _where(path, root)
        modules = _audit_aliases(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in AUDIT_MODULES:
                if any(alias.name == "record" for alias in node.names):
                    found.append(Offence(where, node.lineno, f"imports record from {node.module}"))
            elif isinstance(node, ast.Attribute) and node.attr == "record" and _dotted(node.value) in modules:
                found.append(Offence(where, node.lineno, f"hand-written {_dotted(node)}"))
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
                and len(node.args) >= 2
                and _dotted(node.args[0]) in modules
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value == "record"
            ):
                found.append(Offence(where, node.lineno, "hand-written getattr(audit, 'record')"))
    return sorted(found)


# ---------------------------------------------------------------- the benchmark switch

#: The switch (tiaki.bench.unaudited) and the audit package's private side of it.
SWITCH_NAMES = frozenset({"suspended_for_benchmark", "_benchmark_suspended", "_suspend_for_benchmark"})


def benchmark_switch_offences(root: Path = ROOT) -> list[Offence]:
    found = []
    for path, parts, tree in _sources(root):
        if parts[0] in {"bench", "audit"} or parts == ("access", "guards.py"):
            continue
        for node in ast.walk(tree):
            name = (
                node.id
                if isinstance(node, ast.Name)
                else node.attr
                if isinstance(node, ast.Attribute)
                else node.name
                if isinstance(node, ast.alias)
                else node.value
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
                else None
            )
            if name in SWITCH_NAMES:
                found.append(Offence(_where(path, root), getattr(node, "lineno", 0), f"names {name}"))
    return sorted(found)


# ---------------------------------------------------------------- access points

# Where services and selectors live (DESIGN.md, "Layout"); merging and
# matching are the people slice's sub-packages that may take an actor.
ACCESS_POINT_FILES = (
    "*/services.py",
    "*/services/**/*.py",
    "*/selectors.py",
    "*/selectors/**/*.py",
    "*/*/services.py",
    "*/*/selectors.py",
    "*/merging/**/*.py",
    "*/matching/**/*.py",
)

#: Functions that take an actor but are not access points, each with why.
UNDECLARED: dict[str, str] = {
    # The audit trail itself: the actor is who the event is about.
    "tiaki.audit.services.record": "the audit trail",
    # The actor's own inbox and second factor: about nobody else.
    "tiaki.inbox.selectors.notifications_unread": "own inbox",
    "tiaki.inbox.services.notifications_mark_read": "own inbox",
    "tiaki.inbox.services.notification_open": "own inbox",
    "tiaki.inbox.selectors.email_preferences_for": "own inbox",
    "tiaki.staff.selectors.totp_device_pending": "own second factor",
    "tiaki.staff.selectors.has_confirmed_device": "own second factor",
    "tiaki.staff.services.totp_device_start": "own second factor",
    "tiaki.staff.services.totp_device_confirm": "own second factor",
    # Issued by an operator at the command line (actor None); no page or API
    # calls it (tiaki/api/management/commands/api_token.py).
}


def _dotted_module(path: Path, root: Path) -> str:
    return ".".join((root.name, *path.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")


def actor_functions(root: Path = ROOT) -> dict[str, Callable[..., Any]]:
    """Every public function of a services or selectors module (imported)
    whose signature has a keyword-only ``actor``, by dotted name."""
    found: dict[str, Callable[..., Any]] = {}
    files = sorted({p for pattern in ACCESS_POINT_FILES for p in root.glob(pattern) if "tests" not in p.parts})
    for path in files:
        module = importlib.import_module(_dotted_module(path, root))
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != module.__name__:
                continue
            actor = inspect.signature(function).parameters.get("actor")
            if actor is not None and actor.kind is inspect.Parameter.KEYWORD_ONLY:
                found[f"{module.__name__}.{name}"] = function
    return found


def _declares(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (isinstance(target, ast.Name) and target.id in {"selector", "service"}) or (
        isinstance(target, ast.Attribute) and target.attr in {"selector", "service"}
    )


def undeclared_offences(root: Path = ROOT) -> list[Offence]:
    """The source side of undeclared_access_points (so a plant in a copy of
    the tree is found without importing it): module-level public functions
    with a keyword-only ``actor`` and no @selector/@service decorator."""
    found = []
    files = sorted({p for pattern in ACCESS_POINT_FILES for p in root.glob(pattern) if "tests" not in p.parts})
    for path in files:
        module = _dotted_module(path, root).replace(root.name, "tiaki", 1)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in tree.body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name.startswith("_"):
                continue
            if "actor" not in {a.arg for a in node.args.kwonlyargs} or f"{module}.{node.name}" in UNDECLARED:
                continue
            if not any(_declares(d) for d in node.decorator_list):
                found.append(Offence(_where(path, root), node.lineno, f"{module}.{node.name} is not declared"))
    return sorted(found)


def undeclared_access_points(functions: dict[str, Callable[..., Any]] | None = None) -> list[str]:
    """The functions taking an actor that are neither declared with
    @selector/@service nor in UNDECLARED."""
    functions = actor_functions() if functions is None else functions
    return sorted(
        name for name, function in functions.items() if name not in UNDECLARED and not hasattr(function, "access_point")
    )
