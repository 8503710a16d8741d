"""Forms read from a page as a browser reads them, for the load test's users
(tiaki/bench/load/locustfile.py): each form's action and the fields it would
submit untouched (hidden inputs, typed values, checked boxes and radios, the
selected option, a textarea's text), so a simulated user posts what the page
offered, CSRF token included, and changes only what a person would type.

Standard library only: it runs in the locust process, which never loads Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Inputs a browser never submits by themselves (buttons send only when pressed).
_NOT_SUBMITTED = frozenset({"submit", "button", "reset", "image", "file"})


@dataclass
class PageForm:
    id: str
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    #: Every option a radio group or select offered, so a user can choose one.
    choices: dict[str, list[str]] = field(default_factory=dict)

    def value(self, name: str) -> str:
        return next((v for n, v in self.fields if n == name), "")

    def names(self) -> set[str]:
        return {n for n, _ in self.fields} | set(self.choices)

    def filled(self, **typed: str | list[str]) -> list[tuple[str, str]]:
        """The fields as submitted, with ``typed`` replacing (or adding) the named ones."""
        kept = [(n, v) for n, v in self.fields if n not in typed]
        for name, value in typed.items():
            kept.extend((name, v) for v in ([value] if isinstance(value, str) else value))
        return kept


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self.by_id: dict[str, PageForm] = {}
        self.current: PageForm | None = None
        # (form id, name, value): fields naming their form (form="...") before it opens.
        self.late: list[tuple[str, str, str]] = []
        self.select: tuple[PageForm | None, str, list[str], list[str]] | None = None
        self.textarea: tuple[PageForm | None, str, list[str]] | None = None
        self.option_value: str | None = None
        self.option_text: list[str] = []

    def _owner(self, attrs: dict[str, str]) -> PageForm | None:
        named = attrs.get("form")
        if named:
            return self.by_id.get(named) or PageForm(id=named, action="", method="")
        return self.current

    def _add(self, owner: PageForm | None, name: str, value: str) -> None:
        if owner is None or not name:
            return
        if owner.id and owner.id not in self.by_id:
            self.late.append((owner.id, name, value))
        else:
            owner.fields.append((name, value))

    def handle_starttag(self, tag: str, raw: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in raw}
        if tag == "form":
            form = PageForm(id=attrs.get("id", ""), action=attrs.get("action", ""), method=attrs.get("method", "get"))
            self.forms.append(form)
            if form.id:
                self.by_id[form.id] = form
            self.current = form
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            name = attrs.get("name", "")
            owner = self._owner(attrs)
            if kind in _NOT_SUBMITTED or not name:
                return
            if kind in {"checkbox", "radio"}:
                if owner is not None and kind == "radio":
                    owner.choices.setdefault(name, []).append(attrs.get("value", "on"))
                if "checked" in attrs:
                    self._add(owner, name, attrs.get("value", "on"))
            else:
                self._add(owner, name, attrs.get("value", ""))
        elif tag == "select":
            self.select = (self._owner(attrs), attrs.get("name", ""), [], [])
        elif tag == "option" and self.select is not None:
            self.option_value = attrs.get("value")
            self.option_text = []
            if "selected" in attrs:
                self.select[3].append(self.option_value or "")
        elif tag == "textarea":
            self.textarea = (self._owner(attrs), attrs.get("name", ""), [])

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[2].append(data)
        elif self.option_value is None and self.select is not None:
            self.option_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "option" and self.select is not None:
            value = self.option_value if self.option_value is not None else "".join(self.option_text).strip()
            self.select[2].append(value)
            self.option_value = None
        elif tag == "select" and self.select is not None:
            owner, name, options, selected = self.select
            if owner is not None and name:
                owner.choices[name] = options
                for value in selected or options[:1]:
                    self._add(owner, name, value)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            owner, name, text = self.textarea
            self._add(owner, name, "".join(text).removeprefix("\n"))
            self.textarea = None


def page_forms(html: str) -> list[PageForm]:
    """Every form on the page, in order, with the fields it would submit."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    for form_id, name, value in reader.late:
        if form_id in reader.by_id:
            reader.by_id[form_id].fields.append((name, value))
    return reader.forms


def form_with(html: str, field_name: str) -> PageForm:
    """The first POST form on the page that has ``field_name``; a page without
    one is not the page expected (the caller counts it as a failure)."""
    for form in page_forms(html):
        if form.method.lower() == "post" and field_name in form.names():
            return form
    raise LookupError(f"no form with a {field_name!r} field on the page")
