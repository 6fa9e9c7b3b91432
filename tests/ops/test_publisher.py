from datetime import datetime, timedelta, timezone

import boto3
import pytest
from moto import mock_aws

from ops import metric_map, publisher

ENV = "paint-prod"


def statistic(cloudwatch, name, statistic="Sum", instance="i-0abc"):
    """The per-instance series. (moto matches any series whose dimensions include the ones
    asked for, so asking for Environment alone would add both series up; the environment
    series is checked through list_metrics and the data sent instead.)"""
    dimensions = [{"Name": "Environment", "Value": ENV}, {"Name": "InstanceId", "Value": instance}]
    now = datetime.now(timezone.utc)
    points = cloudwatch.get_metric_statistics(
        Namespace="PaintBatch", MetricName=name, Dimensions=dimensions,
        StartTime=now - timedelta(minutes=10), EndTime=now + timedelta(minutes=1),
        Period=60, Statistics=[statistic])["Datapoints"]
    return sum(p[statistic] for p in points)


@pytest.fixture
def cloudwatch(aws):
    with mock_aws():
        yield boto3.client("cloudwatch")


def publish(cloudwatch, multiproc_dir, tmp_path):
    return publisher.publish_once(cloudwatch, str(multiproc_dir), tmp_path / "state.json", ENV, "i-0abc")


def test_counters_are_sent_as_increases_since_the_last_run(cloudwatch, multiproc_dir, tmp_path, worker):
    worker(requests=[[["v2_solve", "POST", "200"], 5], [["v2_solve", "POST", "500"], 2],
                     [["legacy_v1", "GET", "503"], 1], [["health", "GET", "500"], 4]],
           solves={"solved": 3, "impossible": 1}, rejected=2, history=1, auth=7)
    publish(cloudwatch, multiproc_dir, tmp_path)
    worker(requests=[[["v2_solve", "POST", "200"], 10]], solves={"impossible": 2}, auth=1)
    publish(cloudwatch, multiproc_dir, tmp_path)

    # Two runs: first the totals, then only what the second worker added.
    assert statistic(cloudwatch, "Requests") == 12 + 10
    assert statistic(cloudwatch, "Requests", statistic="Maximum") == 12
    assert statistic(cloudwatch, "SolveErrors") == 3  # health-check 500s are not solve errors
    assert statistic(cloudwatch, "Solves") == 4 + 2
    assert statistic(cloudwatch, "ImpossibleAnswers") == 1 + 2
    assert statistic(cloudwatch, "RejectedInputs") == 2
    assert statistic(cloudwatch, "HistoryWriteFailures") == 1
    assert statistic(cloudwatch, "AuthFailures") == 8


def test_every_metric_is_sent_per_instance_and_per_environment(cloudwatch, multiproc_dir, tmp_path, worker):
    worker(solves={"solved": 1}, durations=[0.005])
    data = publish(cloudwatch, multiproc_dir, tmp_path)
    per_environment = [d for d in data if len(d["Dimensions"]) == 1]
    per_instance = [d for d in data if len(d["Dimensions"]) == 2]
    assert [{**d, "Dimensions": None} for d in per_environment] == [{**d, "Dimensions": None} for d in per_instance]
    listed = cloudwatch.list_metrics(Namespace="PaintBatch")["Metrics"]
    seen = {(m["MetricName"], tuple(sorted(d["Name"] for d in m["Dimensions"]))) for m in listed}
    for name in metric_map.published_metric_names():
        assert (name, ("Environment",)) in seen
        assert (name, ("Environment", "InstanceId")) in seen


def test_zero_increases_are_sent_so_alarms_see_data(cloudwatch, multiproc_dir, tmp_path, worker):
    worker(solves={"solved": 1})
    publish(cloudwatch, multiproc_dir, tmp_path)
    data = publish(cloudwatch, multiproc_dir, tmp_path)
    assert {d["MetricName"]: d["Value"] for d in data if "Value" in d}["HistoryWriteFailures"] == 0


def test_solve_durations_become_a_distribution_for_percentiles(cloudwatch, multiproc_dir, tmp_path, worker):
    worker(durations=[0.005, 0.005, 0.05, 0.5, 7.0])
    data = publish(cloudwatch, multiproc_dir, tmp_path)
    duration = next(d for d in data if d["MetricName"] == "SolveDuration")
    # Each observation at its bucket's upper bound; beyond the last bound, at the last bound.
    assert duration["Values"] == [0.005, 0.05, 1.0]
    assert duration["Counts"] == [2, 1, 2]
    assert duration["Unit"] == "Seconds"
    assert statistic(cloudwatch, "SolveDuration", statistic="SampleCount") == 5
    worker(durations=[0.05])
    second = next(d for d in publish(cloudwatch, multiproc_dir, tmp_path) if d["MetricName"] == "SolveDuration")
    assert (second["Values"], second["Counts"]) == ([0.05], [1])


def test_an_app_restart_counts_the_new_totals_in_full():
    assert publisher.increase(3, 10) == 3
    assert publisher.increase(12, 10) == 2
    assert publisher.increase(5, None) == 5
    restarted = publisher.histogram_increase({"0.1": 1, "+Inf": 1}, {"0.1": 4, "+Inf": 9})
    assert restarted == {"0.1": 1, "+Inf": 0}


def test_state_is_kept_only_after_a_successful_send(aws, multiproc_dir, tmp_path, worker):
    class Unreachable:
        def put_metric_data(self, **_):
            raise ConnectionError("CloudWatch unreachable")

    worker(auth=2)
    with pytest.raises(ConnectionError):
        publish(Unreachable(), multiproc_dir, tmp_path)
    assert not (tmp_path / "state.json").exists()


def test_calls_stay_within_the_put_metric_data_limit():
    items = list(range(2345))
    sizes = [len(b) for b in publisher.batches(items)]
    assert sizes == [1000, 1000, 345]
    assert max(sizes) <= publisher.MAX_DATA_PER_CALL <= 1000


def test_main_reads_its_settings_from_the_environment(cloudwatch, multiproc_dir, tmp_path, worker):
    worker(rejected=4)
    environ = {"PROMETHEUS_MULTIPROC_DIR": str(multiproc_dir), "METRICS_ENVIRONMENT": ENV,
               "INSTANCE_ID": "i-0def", "AWS_REGION": "eu-west-1",
               "PUBLISHER_STATE": str(tmp_path / "state.json")}
    assert publisher.main(environ) == 0
    assert statistic(cloudwatch, "RejectedInputs", instance="i-0def") == 4
    with pytest.raises(SystemExit, match="METRICS_ENVIRONMENT"):
        publisher.main({**environ, "METRICS_ENVIRONMENT": ""})
