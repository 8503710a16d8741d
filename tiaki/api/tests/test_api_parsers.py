"""tiaki.api.parsers: JSON with a depth and a size limit."""

from __future__ import annotations

import io

import pytest
from rest_framework.exceptions import ParseError

from tiaki.api.parsers import MAX_JSON_DEPTH, BodyTooLarge, BoundedJSONParser, JSONTooDeep, json_depth


def parse(raw: bytes):
    return BoundedJSONParser().parse(io.BytesIO(raw), "application/json", {"encoding": "utf-8"})


@pytest.mark.parametrize(
    ("data", "depth"),
    [(1, 0), ([], 1), ({"a": [1, {"b": []}]}, 4), ([[[]], []], 3), ({"a": 1, "b": {"c": {}}}, 3)],
)
def test_it_measures_nesting(data, depth):
    assert json_depth(data) == depth


def test_it_reads_json_up_to_the_depth_limit():
    raw = b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH
    assert json_depth(parse(raw)) == MAX_JSON_DEPTH


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5_000])
def test_it_refuses_json_past_the_depth_limit_without_recursing(depth):
    with pytest.raises(JSONTooDeep) as refused:
        parse(b"[" * depth + b"]" * depth)
    assert refused.value.problem_extra == {"max_depth": MAX_JSON_DEPTH}
    assert refused.value.get_codes() == "json_too_deep"


def test_it_refuses_a_stream_longer_than_the_limit_whatever_its_declared_length(settings):
    # DRF hands the parser the raw request stream: a chunked body declares no length.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    with pytest.raises(BodyTooLarge) as refused:
        parse(b'{"a": "' + b"x" * 200 + b'"}')
    assert refused.value.status_code == 413
    assert refused.value.problem_extra == {"limit_bytes": 100}
    assert parse(b'{"a": "' + b"x" * 80 + b'"}') == {"a": "x" * 80}


@pytest.mark.parametrize("raw", [b"{", b'{"a": NaN}', b"\xff\xfe"])
def test_it_refuses_what_is_not_json_as_a_parse_error(raw):
    with pytest.raises(ParseError) as refused:
        parse(raw)
    assert not isinstance(refused.value, JSONTooDeep)
