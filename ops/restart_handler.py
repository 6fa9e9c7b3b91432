"""Lambda handler: restart the app servers of one Elastic Beanstalk environment.

A CloudWatch alarm invokes it directly when the environment stays Severe. RestartAppServer
restarts the web server on every instance without replacing them, which clears a wedged
process pool faster than waiting for the load balancer to give up on the instances.
Standalone on purpose (only boto3, which the Lambda runtime provides): this file alone is
the function's code.

Environment: EB_ENVIRONMENT_NAME.
"""
from __future__ import annotations

import json
import logging
import os

import boto3

log = logging.getLogger()
log.setLevel(logging.INFO)


def alarm_state(event: dict) -> str | None:
    """The state the alarm moved to, from a CloudWatch alarm's Lambda action event."""
    return event.get("alarmData", {}).get("state", {}).get("value")


def handler(event: dict, context=None, client=None) -> dict:
    environment = os.environ["EB_ENVIRONMENT_NAME"]
    state = alarm_state(event)
    if state not in (None, "ALARM"):
        # Only the move into ALARM should restart anything (a test invoke has no state).
        log.info("alarm is %s: nothing to do", state)
        return {"restarted": False, "environment": environment}
    client = client or boto3.client("elasticbeanstalk")
    client.restart_app_server(EnvironmentName=environment)
    log.info(json.dumps({"restarted": environment, "alarm": event.get("alarmData", {}).get("alarmName")}))
    return {"restarted": True, "environment": environment}
