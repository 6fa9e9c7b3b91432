"""The .platform scripts Elastic Beanstalk runs on the instances: runnable, and wired to the publisher."""
import configparser
import os
import subprocess

import pytest

from tests.infra.documents import ROOT

SCRIPTS = sorted(p for p in (ROOT / ".platform").rglob("*") if p.is_file() and p.parent.name in {"bin", "postdeploy"})


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_scripts_are_executable_bash_that_parses(script):
    # Elastic Beanstalk skips hooks that are not executable.
    assert os.access(script, os.X_OK)
    assert script.read_text().startswith("#!/bin/bash\n")
    subprocess.run(["bash", "-n", str(script)], check=True)


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / ".platform" / "systemd" / name)
    return parser


def test_the_timer_publishes_every_minute_as_the_web_server_user():
    assert unit("paint-metrics-publisher.timer")["Timer"]["OnUnitActiveSec"] == "60"
    service = unit("paint-metrics-publisher.service")["Service"]
    assert service["User"] == "webapp"
    assert "-m ops.publisher" in service["ExecStart"]
    assert int(service["TimeoutStartSec"]) < 60  # a hung run never overlaps the next


def test_the_hook_gives_the_publisher_every_setting_it_requires():
    hook = (ROOT / ".platform/hooks/postdeploy/50_metrics_publisher.sh").read_text()
    for name in ("PROMETHEUS_MULTIPROC_DIR", "METRICS_ENVIRONMENT", "INSTANCE_ID", "AWS_REGION"):
        assert f"{name}=" in hook
