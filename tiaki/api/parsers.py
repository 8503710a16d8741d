"""Request bodies the API reads: JSON with limits a client is told about.

A JSON body nested deeper than MAX_JSON_DEPTH is refused with 400
``json_too_deep`` (Python's parser would hit its recursion limit near 1,000
levels and answer 500; the services never need more than a few levels), and
a body over Django's DATA_UPLOAD_MAX_MEMORY_SIZE with 413 ``body_too_large``,
each naming its limit. Multipart uploads have their own limit
(TIAKI_UPLOAD_MAX_MB, tiaki.casework.api.views).
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

#: The deepest nesting of objects and arrays a request body may have.
MAX_JSON_DEPTH = 32


class JSONTooDeep(exceptions.ParseError):
    default_code = "json_too_deep"

    def __init__(self) -> None:
        super().__init__(
            f"The JSON body is nested too deeply: at most {MAX_JSON_DEPTH} levels of objects and arrays.",
            code="json_too_deep",
        )
        self.problem_extra = {"max_depth": MAX_JSON_DEPTH}


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(body_too_large_detail(limit), code="body_too_large")
        self.problem_extra = {"limit_bytes": limit}


def body_too_large_detail(limit: int) -> str:
    return f"The request body is too large: at most {limit} bytes. Send less in one request."


def json_depth(data: Any) -> int:
    """How deeply ``data`` nests objects and arrays, without recursing (so it
    cannot itself run out of stack)."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, Mapping):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_JSON_DEPTH:
                return deepest
        pending.extend((child, depth) for child in children)
    return deepest


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with a size and a depth limit (REST_FRAMEWORK's
    DEFAULT_PARSER_CLASSES)."""

    def parse(self, stream: IO[bytes], media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # DRF hands over the raw request stream, which Django's memory limit
        # does not guard: read one byte past the limit to know it was passed.
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise BodyTooLarge(limit)
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(raw, encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise exceptions.ParseError(f"JSON parse error - the body is not {encoding} text.") from exc
        try:
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except RecursionError:
            raise JSONTooDeep from None
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise JSONTooDeep
        return data
