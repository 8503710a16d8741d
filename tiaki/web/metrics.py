"""Prometheus metrics: django-prometheus's request metrics (latency, counts
and errors by route name) and Tiaki's gauges, collected when scraped.

An app registers a gauge from its ``ready()`` with a function that returns
a number, or, with ``label``, a mapping of label values to numbers::

    register_gauge("tiaki_intake_queue_depth", "Reports waiting, by stage", queue_depths, label="stage")

Label values are names (a stage, a route, a job), never ids, usernames or
paths: a value with a digit in it, or anything but lower-case words joined
by ``-``, ``_``, ``.`` or ``:``, is refused at scrape time and the gauge is
left out (logged by name).

Under gunicorn each worker writes its counters to files in
PROMETHEUS_MULTIPROC_DIR (set and cleared by tiaki.config.gunicorn), and a
scrape reads all of them (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import REGISTRY, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

GaugeFunction = Callable[[], "float | Mapping[str, float]"]
_LABEL_VALUE = re.compile(r"^[a-z]+(?:[-_.:][a-z]+)*$")


@dataclass(frozen=True)
class Gauge:
    name: str
    documentation: str
    function: GaugeFunction
    label: str | None


_GAUGES: dict[str, Gauge] = {}


def register_gauge(name: str, documentation: str, function: GaugeFunction, *, label: str | None = None) -> None:
    """Add (or replace, by name) a gauge read at scrape time."""
    _GAUGES[name] = Gauge(name, documentation, function, label)


def unregister_gauge(name: str) -> None:
    _GAUGES.pop(name, None)


def safe_label_value(value: str) -> bool:
    return bool(_LABEL_VALUE.match(value))


class TiakiCollector(Collector):
    """The registered gauges, each asked for its value on every scrape."""

    def collect(self) -> Iterator[Metric]:
        for gauge in list(_GAUGES.values()):
            try:
                value = gauge.function()
                family = GaugeMetricFamily(
                    gauge.name, gauge.documentation, labels=[gauge.label] if gauge.label else None
                )
                if gauge.label is None:
                    if not isinstance(value, int | float):
                        raise TypeError("a gauge without a label returns a number")
                    family.add_metric([], float(value))
                else:
                    if not isinstance(value, Mapping):
                        raise TypeError("a gauge with a label returns a mapping")
                    for label_value, number in sorted(value.items()):
                        if not safe_label_value(label_value):
                            raise ValueError("a label value is not a plain name")
                        family.add_metric([label_value], float(number))
            except Exception as exc:  # noqa: BLE001 - one broken gauge must not hide the others
                logger.warning("Metric %s left out: %s", gauge.name, type(exc).__name__)
                continue
            yield family


def exposition() -> bytes:
    """The metrics in Prometheus's text format: every worker's under
    gunicorn, this process's otherwise, and Tiaki's gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Default())
    registry.register(TiakiCollector())
    return generate_latest(registry)


class _Default(Collector):
    """The process's default registry (django-prometheus's metrics), without
    registering Tiaki's gauges in it for good."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()
