"""Every Elastic Beanstalk option we set is a documented one, and the bundle's .ebextensions
agree with what infra/environment.yml sets on the environment itself."""
import pytest

from tests.infra.documents import (ROOT, bundle_options, config_options, data_file, ebextension,
                                   ebextension_files, environment_options, same_value, template)

DOCUMENTED = data_file("eb-options.yml")["namespaces"]


def undocumented(options):
    return sorted(
        f"{namespace} {name}" for namespace, name in options
        if namespace not in DOCUMENTED
        or not (DOCUMENTED[namespace].get("any") or name in DOCUMENTED[namespace]["options"]))


def test_every_namespace_names_its_documentation_page():
    for namespace, entry in DOCUMENTED.items():
        assert entry["source"].startswith("https://docs.aws.amazon.com/elasticbeanstalk/"), namespace
        assert entry.get("any") or entry["options"], namespace


@pytest.mark.parametrize("path", ebextension_files(), ids=lambda p: p.name)
def test_config_file_options_are_documented(path):
    options = [(ns, name) for ns, name, _ in config_options(ebextension(path))]
    assert undocumented(options) == []


def test_environment_template_options_are_documented():
    assert undocumented(environment_options(template("environment.yml"))) == []


def test_bundle_and_environment_agree_where_both_set_an_option():
    environment = environment_options(template("environment.yml"))
    disagree = {key: (value, environment[key]) for key, value in bundle_options().items()
                if key in environment and not same_value(value, environment[key])}
    assert disagree == {}


def test_the_environment_sets_every_option_the_bundle_relies_on():
    # Settings on the environment win over the bundle's: one missing from the template would
    # be left to whatever the console or EB CLI put there. Environment properties are the
    # exception: nothing else sets them, so the bundle's stand.
    relied_on = {key for key in bundle_options() if key[0] != "aws:elasticbeanstalk:application:environment"}
    missing = relied_on - set(environment_options(template("environment.yml")))
    assert missing == set()


def test_both_option_forms_are_read():
    listed = {"option_settings": [{"namespace": "aws:elasticbeanstalk:environment:proxy",
                                   "option_name": "ProxyServer", "value": "apache"},
                                  {"option_name": "APP_ENV", "value": "production"}]}
    assert config_options(listed) == [("aws:elasticbeanstalk:environment:proxy", "ProxyServer", "apache"),
                                      ("aws:elasticbeanstalk:application:environment", "APP_ENV", "production")]
    assert undocumented([("aws:elasticbeanstalk:environment:proxy", "ProxyServer"),
                         ("aws:elasticbeanstalk:environment", "Made:Up")]) == ["aws:elasticbeanstalk:environment Made:Up"]


def test_platform_proxy_passes_what_bin_serve_accepts():
    """The platform's Apache sits in front of bin/serve: its limits must not be the tighter ones."""
    from api import server
    from api.config import ProductionConfig

    text = (ROOT / ".platform" / "httpd" / "conf.d" / "01-request-limits.conf").read_text()
    limits = dict(line.split() for line in text.splitlines() if line and not line.startswith("#"))
    largest = ProductionConfig.MAX_CONTENT_LENGTH
    assert int(limits["LimitRequestLine"]) >= server.URL_ENCODING_FACTOR * largest + server.LIMIT_SLACK_BYTES
    assert int(limits["LimitRequestBody"]) >= largest + server.LIMIT_SLACK_BYTES
