"""Publish the service's Prometheus metrics to CloudWatch, once per run.

Runs on each instance from a systemd timer (see .platform/hooks/postdeploy). It reads the
multiprocess registry that every mod_wsgi process writes to PROMETHEUS_MULTIPROC_DIR, turns
the counters into increases since the previous run (totals kept in a small JSON state file)
and calls PutMetricData. Every metric goes out twice: with dimensions Environment and
InstanceId (to find a bad instance) and with Environment alone (what alarms and the dashboard
use, since an alarm cannot add up per-instance series).

Environment: PROMETHEUS_MULTIPROC_DIR, METRICS_ENVIRONMENT, INSTANCE_ID, AWS_REGION (or
AWS_DEFAULT_REGION); optional METRICS_NAMESPACE (default PaintBatch) and PUBLISHER_STATE.
"""
from __future__ import annotations

import json
import logging
import math
import os
import re
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Mapping

from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector

from ops import metric_map

# PutMetricData accepts at most 1000 MetricDatum items (and 1 MB) per call, and at most 150
# distinct values in one item's Values array.
MAX_DATA_PER_CALL = 1000
MAX_VALUES_PER_DATUM = 150
DEFAULT_STATE = "/var/lib/paint-metrics-publisher/state.json"

log = logging.getLogger("ops.publisher")

Samples = list[tuple[str, Mapping[str, str], float]]


def read_samples(multiproc_dir: str) -> Samples:
    """Every sample of the multiprocess registry, summed over the processes that wrote it."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=multiproc_dir)
    return [(s.name, s.labels, s.value) for family in registry.collect() for s in family.samples]


def _matches(labels: Mapping[str, str], wanted: Mapping[str, str]) -> bool:
    return all(re.fullmatch(pattern, labels.get(name, "")) for name, pattern in wanted.items())


def counter_totals(samples: Samples) -> dict[str, float]:
    """Current total of every counter row of the metric map (0 when nothing was counted yet)."""
    return {
        row.metric: sum(v for name, labels, v in samples if name == row.series and _matches(labels, row.labels))
        for row in metric_map.COUNTERS
    }


def bucket_totals(samples: Samples) -> dict[str, dict[str, float]]:
    """Cumulative bucket counts of every histogram row, keyed by the bucket's upper bound."""
    totals: dict[str, dict[str, float]] = {}
    for row in metric_map.HISTOGRAMS:
        buckets = totals.setdefault(row.metric, {})
        for name, labels, value in samples:
            if name == f"{row.series}_bucket":
                buckets[labels["le"]] = buckets.get(labels["le"], 0.0) + value
    return totals


def increase(current: float, previous: float | None) -> float:
    """Increase of a counter since the last run; a smaller total means the app restarted
    and its registry began again from zero, so the whole total is new."""
    if previous is None or current < previous:
        return current
    return current - previous


def histogram_increase(current: dict[str, float], previous: dict[str, float] | None) -> dict[str, float]:
    """New observations per bucket (not cumulative) since the last run."""
    restarted = previous is None or current.get("+Inf", 0.0) < previous.get("+Inf", 0.0)
    cumulative = {le: increase(n, None if restarted else previous.get(le)) for le, n in current.items()}
    bounds = sorted(cumulative, key=float)
    below = 0.0
    per_bucket = {}
    for le in bounds:
        per_bucket[le] = cumulative[le] - below
        below = cumulative[le]
    return per_bucket


def distribution(per_bucket: dict[str, float]) -> tuple[list[float], list[float]]:
    """Values and Counts for PutMetricData: each bucket's observations at its upper bound
    (so percentiles err on the slow side); +Inf ones at the largest finite bound."""
    finite = [float(le) for le in per_bucket if not math.isinf(float(le))]
    largest = max(finite, default=0.0)
    merged: dict[float, float] = {}
    for le, count in per_bucket.items():
        if count > 0:
            value = largest if math.isinf(float(le)) else float(le)
            merged[value] = merged.get(value, 0.0) + count
    values = sorted(merged)[:MAX_VALUES_PER_DATUM]
    return values, [merged[v] for v in values]


def metric_data(counters: dict[str, float], histograms: dict[str, dict[str, float]],
                environment: str, instance_id: str, now: datetime) -> list[dict]:
    """MetricDatum items for one run: each metric for the instance and for the environment."""
    dimension_sets = (
        [{"Name": "Environment", "Value": environment}, {"Name": "InstanceId", "Value": instance_id}],
        [{"Name": "Environment", "Value": environment}],
    )
    data = []
    for dimensions in dimension_sets:
        base = {"Dimensions": dimensions, "Timestamp": now}
        # Zeros are sent on purpose: an alarm then sees "nothing went wrong", not "no data".
        data += [{**base, "MetricName": name, "Value": value, "Unit": "Count"} for name, value in counters.items()]
        for name, per_bucket in histograms.items():
            values, counts = distribution(per_bucket)
            if values:
                data.append({**base, "MetricName": name, "Values": values, "Counts": counts, "Unit": "Seconds"})
    return data


def batches(items: list, size: int = MAX_DATA_PER_CALL) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def load_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def save_state(path: Path, state: dict) -> None:
    """Write then rename, so a run killed halfway never leaves a half-written state file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(state, sort_keys=True))
    partial.replace(path)


def publish_once(cloudwatch, multiproc_dir: str, state_path: Path, environment: str,
                 instance_id: str, namespace: str = metric_map.NAMESPACE) -> list[dict]:
    """One run: read the registry, send the increases, then remember the totals.

    The state is saved only after every call succeeded, so a failed run is sent again
    (added into the next run's increase) instead of being lost."""
    samples = read_samples(multiproc_dir)
    previous = load_state(state_path)
    totals = counter_totals(samples)
    buckets = bucket_totals(samples)
    counters = {name: increase(total, previous.get("counters", {}).get(name)) for name, total in totals.items()}
    histograms = {name: histogram_increase(b, previous.get("buckets", {}).get(name)) for name, b in buckets.items()}
    data = metric_data(counters, histograms, environment, instance_id, datetime.now(timezone.utc))
    for batch in batches(data):
        cloudwatch.put_metric_data(Namespace=namespace, MetricData=batch)
    save_state(state_path, {"counters": totals, "buckets": buckets})
    return data


def _required(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "")
    if not value:
        raise SystemExit(f"ops.publisher: {name} is not set")
    return value


def main(environ: Mapping[str, str] = os.environ, client_factory=None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    multiproc_dir = _required(environ, "PROMETHEUS_MULTIPROC_DIR")
    if not os.path.isdir(multiproc_dir):
        log.info("no metrics yet: %s does not exist", multiproc_dir)
        return 0
    if client_factory is None:
        import boto3
        client_factory = boto3.client
    region = environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
    data = publish_once(
        client_factory("cloudwatch", region_name=region),
        multiproc_dir,
        Path(environ.get("PUBLISHER_STATE", DEFAULT_STATE)),
        _required(environ, "METRICS_ENVIRONMENT"),
        _required(environ, "INSTANCE_ID"),
        environ.get("METRICS_NAMESPACE") or metric_map.NAMESPACE,
    )
    log.info("published %d metric data items", len(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
