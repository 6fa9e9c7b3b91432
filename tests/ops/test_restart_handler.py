"""moto does not implement RestartAppServer, so botocore's Stubber checks the call."""
import boto3
import pytest
from botocore.stub import Stubber

from ops import restart_handler


@pytest.fixture
def beanstalk(aws, monkeypatch):
    monkeypatch.setenv("EB_ENVIRONMENT_NAME", "paint-prod")
    client = boto3.client("elasticbeanstalk")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def alarm_event(state):
    return {"source": "aws.cloudwatch", "alarmArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x",
            "alarmData": {"alarmName": "paint-prod-environment-severe", "state": {"value": state}}}


def test_an_alarm_restarts_the_app_servers_of_its_environment(beanstalk):
    client, stubber = beanstalk
    stubber.add_response("restart_app_server", {}, {"EnvironmentName": "paint-prod"})
    result = restart_handler.handler(alarm_event("ALARM"), None, client=client)
    assert result == {"restarted": True, "environment": "paint-prod"}


def test_recovery_restarts_nothing(beanstalk):
    client, _ = beanstalk  # no response queued: any API call would fail the test
    assert restart_handler.handler(alarm_event("OK"), None, client=client)["restarted"] is False


def test_api_errors_surface_so_lambda_retries_and_logs_them(beanstalk):
    client, stubber = beanstalk
    stubber.add_client_error("restart_app_server", "InvalidParameterValue", "No Environment found")
    with pytest.raises(client.exceptions.ClientError):
        restart_handler.handler(alarm_event("ALARM"), None, client=client)
