"""The environment holds the values the service relies on, in the bundle and in the template."""
import json

import pytest

from tests.infra.documents import EBEXTENSIONS, TEMPLATES, bundle_options, ebextension, environment_options, template

ENVIRONMENT = template("environment.yml")


@pytest.fixture(params=["bundle", "template"])
def options(request):
    """Each test runs against .ebextensions and against infra/environment.yml."""
    found = bundle_options() if request.param == "bundle" else environment_options(ENVIRONMENT)
    return lambda namespace, name: str(found[(namespace, name)]).lower()


def test_load_balanced_behind_an_application_load_balancer(options):
    assert options("aws:elasticbeanstalk:environment", "EnvironmentType") == "loadbalanced"
    assert options("aws:elasticbeanstalk:environment", "LoadBalancerType") == "application"


def test_two_instances_always_six_at_most_by_default(options):
    assert options("aws:autoscaling:asg", "MinSize") == "2"
    assert options("aws:autoscaling:asg", "MaxSize") == "6"
    assert ENVIRONMENT["Parameters"]["MaxInstances"]["MinValue"] >= 3


def test_scaling_follows_alb_latency(options):
    trigger = {name: options("aws:autoscaling:trigger", name) for name in (
        "MeasureName", "Statistic", "Unit", "Period", "BreachDuration", "UpperThreshold",
        "UpperBreachScaleIncrement", "LowerThreshold", "LowerBreachScaleIncrement")}
    assert trigger == {"MeasureName": "targetresponsetime", "Statistic": "average", "Unit": "seconds",
                       "Period": "1", "BreachDuration": "5", "UpperThreshold": "0.5",
                       "UpperBreachScaleIncrement": "1", "LowerThreshold": "0.25",
                       "LowerBreachScaleIncrement": "-1"}


def test_https_with_a_current_tls_policy(options):
    assert options("aws:elbv2:listener:443", "Protocol") == "https"
    assert options("aws:elbv2:listener:443", "ListenerEnabled") == "true"
    assert options("aws:elbv2:listener:443", "SSLPolicy") == "elbsecuritypolicy-tls13-1-2-2021-06"


def test_the_certificate_is_a_parameter_of_the_environment():
    setting = environment_options(ENVIRONMENT)[("aws:elbv2:listener:443", "SSLCertificateArns")]
    assert setting == {"Ref": "CertificateArn"}
    assert "Default" not in ENVIRONMENT["Parameters"]["CertificateArn"]


def test_port_80_redirects_permanently_to_https():
    resources = ebextension(EBEXTENSIONS / "20-https.config")["Resources"]
    listener = resources["AWSEBV2LoadBalancerListener"]["Properties"]
    assert listener["Port"] == 80
    [action] = listener["DefaultActions"]
    assert action["Type"] == "redirect"
    assert action["RedirectConfig"] == {"Protocol": "HTTPS", "Port": "443", "Host": "#{host}",
                                        "Path": "/#{path}", "Query": "#{query}", "StatusCode": "HTTP_301"}


def test_health_is_checked_on_health_and_reported_enhanced(options):
    assert options("aws:elasticbeanstalk:environment:process:default", "HealthCheckPath") == "/health"
    assert options("aws:elasticbeanstalk:healthreporting:system", "SystemType") == "enhanced"


def test_environment_health_reaches_cloudwatch_and_4xx_do_not_degrade_it():
    document = json.loads(bundle_options()[("aws:elasticbeanstalk:healthreporting:system", "ConfigDocument")])
    assert document["CloudWatchMetrics"]["Environment"]["EnvironmentHealth"] == 60
    assert document["Rules"]["Environment"]["Application"]["ApplicationRequests4xx"] == {"Enabled": False}


def test_instances_failing_the_load_balancer_health_check_are_replaced():
    group = ebextension(EBEXTENSIONS / "10-capacity.config")["Resources"]["AWSEBAutoScalingGroup"]
    assert group["Properties"]["HealthCheckType"] == "ELB"
    assert 60 <= group["Properties"]["HealthCheckGracePeriod"] <= 600


def test_deployments_are_immutable_and_configuration_rolls_on_health(options):
    assert options("aws:elasticbeanstalk:command", "DeploymentPolicy") == "immutable"
    assert options("aws:elasticbeanstalk:command", "IgnoreHealthCheck") == "false"
    assert options("aws:autoscaling:updatepolicy:rollingupdate", "RollingUpdateEnabled") == "true"
    assert options("aws:autoscaling:updatepolicy:rollingupdate", "RollingUpdateType") == "health"
    assert options("aws:autoscaling:updatepolicy:rollingupdate", "MinInstancesInService") == "2"


def test_logs_stream_to_cloudwatch_and_outlive_instances(options):
    assert options("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs") == "true"
    assert options("aws:elasticbeanstalk:cloudwatch:logs", "DeleteOnTerminate") == "false"
    assert int(options("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays")) >= 30


def test_migrations_run_once_per_deployment_inside_the_app_environment():
    commands = ebextension(EBEXTENSIONS / "60-migrations.config")["container_commands"]
    [upgrade] = [c for c in commands.values() if "db upgrade" in c["command"]]
    assert upgrade["leader_only"] is True
    assert upgrade["command"].startswith(".platform/bin/with-app-env flask --app application db upgrade")


def test_database_is_encrypted_private_and_reachable_only_from_the_instances():
    resources = ENVIRONMENT["Resources"]
    database = resources["Database"]["Properties"]
    assert database["StorageEncrypted"] is True
    assert database["PubliclyAccessible"] is False
    assert database["MultiAZ"] == {"Ref": "DatabaseMultiAZ"}
    assert "resolve:secretsmanager" in database["MasterUserPassword"]["Fn::Sub"]
    [rule] = resources["DatabaseSecurityGroup"]["Properties"]["SecurityGroupIngress"]
    assert (rule["FromPort"], rule["ToPort"]) == (5432, 5432)
    assert rule["SourceSecurityGroupId"] == {"Ref": "InstanceSecurityGroup"}
    assert "CidrIp" not in rule
    assert resources["Database"]["DeletionPolicy"] == "Snapshot"


def test_the_app_gets_the_database_settings_it_reads():
    properties = {name for ns, name in environment_options(ENVIRONMENT)
                  if ns == "aws:elasticbeanstalk:application:environment"}
    assert {"RDS_HOSTNAME", "RDS_PORT", "RDS_DB_NAME", "RDS_USERNAME", "RDS_PASSWORD",
            "METRICS_ENVIRONMENT"} <= properties


def test_passwords_come_only_from_secrets_manager():
    for path in TEMPLATES:
        for line in path.read_text().splitlines():
            code = line.split("#")[0]
            if "password" in code.lower() and ("Value:" in code or "Password:" in code):
                assert "{{resolve:secretsmanager:" in line, f"{path.name}: {line.strip()}"
