"""Reading the repository's AWS documents: CloudFormation templates, .ebextensions, data files."""
from __future__ import annotations

from pathlib import Path

import yaml
from cfnlint.decode import decode

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
EBEXTENSIONS = ROOT / ".ebextensions"
TEMPLATES = sorted(p for p in INFRA.glob("*.yml") if p.name not in {"eb-options.yml", "aws-metrics.yml"})


def template(name: str) -> dict:
    """A CloudFormation template, short forms (!Ref, !Sub) read as their long forms."""
    decoded, errors = decode(str(INFRA / name))
    assert not errors, errors
    return decoded


def data_file(name: str) -> dict:
    return yaml.safe_load((INFRA / name).read_text())


def ebextension_files() -> list[Path]:
    return sorted(EBEXTENSIONS.glob("*.config"))


def ebextension(path: Path) -> dict:
    decoded, errors = decode(str(path))
    assert not errors, errors
    return decoded or {}


def config_options(document: dict) -> list[tuple[str, str, object]]:
    """(namespace, option, value) of a config file's option_settings, in either of the two
    forms Elastic Beanstalk accepts: a map of namespaces, or a list of entries."""
    settings = document.get("option_settings") or {}
    if isinstance(settings, list):
        return [(e.get("namespace", "aws:elasticbeanstalk:application:environment"),
                 e["option_name"], e.get("value")) for e in settings]
    return [(namespace, option, value) for namespace, options in settings.items()
            for option, value in (options or {}).items()]


def bundle_options() -> dict[tuple[str, str], object]:
    return {(ns, name): value for path in ebextension_files() for ns, name, value in config_options(ebextension(path))}


def environment_options(tmpl: dict) -> dict[tuple[str, str], object]:
    """OptionSettings of the template's Elastic Beanstalk environment, parameters replaced by
    their defaults where the value is a plain Ref."""
    environment = next(r for r in tmpl["Resources"].values() if r["Type"] == "AWS::ElasticBeanstalk::Environment")
    parameters = tmpl.get("Parameters", {})
    options = {}
    for setting in environment["Properties"]["OptionSettings"]:
        value = setting["Value"]
        if isinstance(value, dict) and set(value) == {"Ref"} and value["Ref"] in parameters:
            value = parameters[value["Ref"]].get("Default", value)
        options[(setting["Namespace"], setting["OptionName"])] = value
    return options


def same_value(a: object, b: object) -> bool:
    """Option values compare as Elastic Beanstalk reads them: as text (true == "true", 2 == "2")."""
    def text(v):
        return str(v).lower() if isinstance(v, bool) else str(v)
    return text(a) == text(b)
