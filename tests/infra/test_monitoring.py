"""Alarms, dashboard and the restart function name only metrics that exist, with the
thresholds the service needs, and every alarm tells someone."""
import json
import re

import pytest

from ops import metric_map
from tests.infra.documents import data_file, template

MONITORING = template("monitoring.yml")
RESOURCES = MONITORING["Resources"]
AWS_METRICS = data_file("aws-metrics.yml")
ALARMS = {name: r["Properties"] for name, r in RESOURCES.items() if r["Type"] == "AWS::CloudWatch::Alarm"}


def known(namespace, metric):
    if namespace == metric_map.NAMESPACE:
        return metric in metric_map.published_metric_names()
    return metric in AWS_METRICS.get(namespace, {}).get("metrics", [])


def alarm_on(metric):
    return [a for a in ALARMS.values() if a["MetricName"] == metric]


def test_every_aws_metric_names_its_documentation_page():
    for namespace, entry in AWS_METRICS.items():
        assert entry["source"].startswith("https://docs.aws.amazon.com/"), namespace


@pytest.mark.parametrize("name", sorted(ALARMS))
def test_every_alarm_watches_a_real_metric_and_notifies_the_topic(name):
    alarm = ALARMS[name]
    assert known(alarm["Namespace"], alarm["MetricName"])
    assert {"Ref": "AlarmTopic"} in alarm["AlarmActions"]


def test_availability_alarms():
    [target_5xx] = alarm_on("HTTPCode_Target_5XX_Count")
    assert target_5xx["Statistic"] == "Sum"
    [unhealthy] = alarm_on("UnHealthyHostCount")
    assert unhealthy["Threshold"] == 1 and unhealthy["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    [latency] = alarm_on("TargetResponseTime")
    assert latency["ExtendedStatistic"] == "p99"


def test_environment_health_alarm_fires_from_degraded():
    degraded = [a for a in alarm_on("EnvironmentHealth") if a["Threshold"] == 20]
    assert len(degraded) == 1
    assert degraded[0]["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert degraded[0]["Dimensions"] == [{"Name": "EnvironmentName", "Value": {"Ref": "EnvironmentName"}}]


@pytest.mark.parametrize("metric", ["SolveErrors", "HistoryWriteFailures", "AuthFailures"])
def test_service_metric_alarms_watch_the_whole_environment(metric):
    [alarm] = alarm_on(metric)
    assert alarm["Namespace"] == "PaintBatch"
    # The publisher's environment-wide series: an alarm cannot add up per-instance ones.
    assert alarm["Dimensions"] == [{"Name": "Environment", "Value": {"Ref": "EnvironmentName"}}]
    assert alarm["TreatMissingData"] == "notBreaching"


def test_a_severe_environment_invokes_the_restart_function():
    [restart] = [a for a in ALARMS.values() if {"Fn::GetAtt": ["RestartFunction", "Arn"]} in a["AlarmActions"]]
    assert restart["MetricName"] == "EnvironmentHealth" and restart["Threshold"] == 25
    permission = RESOURCES["RestartFunctionInvokedByAlarm"]["Properties"]
    assert permission["Principal"] == "lambda.alarms.cloudwatch.amazonaws.com"
    assert permission["SourceArn"] == {"Fn::GetAtt": ["EnvironmentSevereAlarm", "Arn"]}


def test_restart_function_runs_the_handler_in_ops():
    function = RESOURCES["RestartFunction"]["Properties"]
    assert function["Code"] == "../ops"
    assert function["Handler"] == "restart_handler.handler"
    assert function["Environment"]["Variables"] == {"EB_ENVIRONMENT_NAME": {"Ref": "EnvironmentName"}}


def test_restart_function_may_restart_only_its_environment():
    statements = RESOURCES["RestartFunctionRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    grants = {action: s["Resource"] for s in statements
              for action in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    # Besides the restart and its own logs, only the look-ups Elastic Beanstalk makes with
    # the caller's permissions.
    changes = {a for a in grants if ":Describe" not in a}
    assert changes == {"elasticbeanstalk:RestartAppServer", "logs:CreateLogStream", "logs:PutLogEvents"}
    assert grants["elasticbeanstalk:RestartAppServer"]["Fn::Sub"].endswith(
        ":environment/${ApplicationName}/${EnvironmentName}")


def dashboard_metrics():
    body = RESOURCES["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    # Placeholders for the template's substitutions; numbers where a number is expected.
    body = re.sub(r'"\$\{[^}]+\}"', '"placeholder"', body)
    body = re.sub(r"\$\{[^}]+\}", "1", body)
    widgets = json.loads(body)["widgets"]
    return [m for w in widgets for m in w["properties"].get("metrics", []) if isinstance(m[0], str)]


def test_dashboard_names_only_metrics_aws_publishes_or_our_publisher_sends():
    unknown = [(m[0], m[1]) for m in dashboard_metrics() if not known(m[0], m[1])]
    assert unknown == []


def test_dashboard_shows_what_ops_watch():
    shown = {m[1] for m in dashboard_metrics()}
    assert {"RequestCount", "HTTPCode_Target_5XX_Count", "TargetResponseTime", "HealthyHostCount",
            "UnHealthyHostCount", "EnvironmentHealth"} <= shown
    assert metric_map.published_metric_names() - {"Requests"} <= shown
    stats = {m[-1].get("stat") for m in dashboard_metrics() if m[1] == "TargetResponseTime"}
    assert stats == {"p50", "p99"}
