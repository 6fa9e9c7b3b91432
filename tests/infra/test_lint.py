"""cfn-lint on every template, and on the .ebextensions Resources as Elastic Beanstalk would
merge them into the environment's own stack."""
import copy
import json

import pytest
from cfnlint.api import ManualArgs, lint_file

from tests.infra.documents import TEMPLATES, ebextension, ebextension_files

# The resources of Elastic Beanstalk's own stack that .ebextensions may modify or reference,
# with the properties they already have there.
EB_STACK = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Parameters": {"Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"},
                   "ImageId": {"Type": "AWS::EC2::Image::Id"}},
    "Resources": {
        "AWSEBEC2LaunchTemplate": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {
            "LaunchTemplateData": {"ImageId": {"Ref": "ImageId"}, "InstanceType": "t3.small"}}},
        "AWSEBAutoScalingGroup": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
            "MinSize": "2", "MaxSize": "6", "VPCZoneIdentifier": {"Ref": "Subnets"},
            "LaunchTemplate": {"LaunchTemplateId": {"Ref": "AWSEBEC2LaunchTemplate"},
                               "Version": {"Fn::GetAtt": ["AWSEBEC2LaunchTemplate", "LatestVersionNumber"]}},
            "TargetGroupARNs": [{"Ref": "AWSEBV2LoadBalancerTargetGroup"}]}},
        "AWSEBV2LoadBalancer": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {
            "Subnets": {"Ref": "Subnets"}}},
        "AWSEBV2LoadBalancerTargetGroup": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {
            "Port": 80, "Protocol": "HTTP", "VpcId": "vpc-0123456789abcdef0"}},
        "AWSEBV2LoadBalancerListener": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
            "LoadBalancerArn": {"Ref": "AWSEBV2LoadBalancer"}, "Port": 80, "Protocol": "HTTP",
            "DefaultActions": [{"Type": "forward", "TargetGroupArn": {"Ref": "AWSEBV2LoadBalancerTargetGroup"}}]}},
    },
}


def merged_eb_stack() -> dict:
    """Elastic Beanstalk's stack with every config file's Resources applied: properties of an
    existing resource are replaced one by one, new resources are added."""
    stack = copy.deepcopy(EB_STACK)
    for path in ebextension_files():
        for name, resource in (ebextension(path).get("Resources") or {}).items():
            existing = stack["Resources"].setdefault(name, {"Type": resource["Type"], "Properties": {}})
            assert existing["Type"] == resource["Type"], f"{path.name}: {name} changes type"
            existing["Properties"].update(resource.get("Properties", {}))
    return stack


def lint(path):
    matches = lint_file(path, config=ManualArgs(regions=["eu-west-1", "us-east-1"]))
    return [f"{m.filename}:{m.linenumber} {m.rule.id} {m.message}" for m in matches]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_template_passes_cfn_lint(path):
    assert lint(path) == []


def test_ebextensions_resources_pass_cfn_lint(tmp_path):
    stack = tmp_path / "eb-stack.json"
    stack.write_text(json.dumps(merged_eb_stack()))
    assert lint(stack) == []


def test_the_merge_really_changes_the_port_80_listener():
    listener = merged_eb_stack()["Resources"]["AWSEBV2LoadBalancerListener"]["Properties"]
    assert [a["Type"] for a in listener["DefaultActions"]] == ["redirect"]
