"""Which Prometheus series the publisher sends to CloudWatch, and under which names.

This table is the one place to change when the service's metric names change. Each counter
row sums the samples of one Prometheus series whose labels match every regular expression in
``labels`` (a missing label counts as the empty string), and sends the increase since the last
run. Histogram rows send the distribution of new observations, so CloudWatch can compute
percentiles (p50, p99) across instances.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

NAMESPACE = "PaintBatch"


@dataclass(frozen=True)
class Counter:
    metric: str  # CloudWatch MetricName
    series: str  # Prometheus sample name
    labels: Mapping[str, str] = field(default_factory=dict)  # label -> regex (fullmatch)


@dataclass(frozen=True)
class Histogram:
    metric: str
    series: str  # Prometheus histogram name, without _bucket/_sum/_count


# A solve error is a server error on a solving endpoint (v2 solve or the legacy v1 adapter).
SOLVE_ENDPOINTS = r".*(solve|v1).*"

COUNTERS = (
    Counter("Requests", "requests_total"),
    Counter("SolveErrors", "requests_total", {"status": r"5\d\d", "endpoint": SOLVE_ENDPOINTS}),
    # Every solve is one observation of the solver's duration histogram.
    Counter("Solves", "solve_duration_seconds_count"),
    Counter("ImpossibleAnswers", "solve_impossible_total"),
    Counter("RejectedInputs", "rejected_inputs_total"),
    Counter("HistoryWriteFailures", "history_write_failures_total"),
    Counter("AuthFailures", "auth_failures_total"),
)

HISTOGRAMS = (Histogram("SolveDuration", "solve_duration_seconds"),)


def published_metric_names() -> set[str]:
    """Every MetricName the publisher can send (the dashboard and alarms may use only these)."""
    return {row.metric for row in COUNTERS + HISTOGRAMS}
