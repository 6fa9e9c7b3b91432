"""buildspec.yml tests before it packages, and packages what the instances need (and no more)."""
import re
import subprocess

import yaml

from tests.infra.documents import ROOT

BUILDSPEC = yaml.safe_load((ROOT / "buildspec.yml").read_text())


def glob_regex(pattern):
    """CodeBuild's artifact globs: ** spans directories, * and ? stay within one."""
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", pattern)
    table = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(table.get(p, re.escape(p)) for p in parts) + r"\Z")


def bundle(paths):
    artifacts = BUILDSPEC["artifacts"]
    included = [glob_regex(p) for p in artifacts["files"]]
    excluded = [glob_regex(p) for p in artifacts.get("exclude-paths", [])]
    return {p for p in paths if any(r.match(p) for r in included) and not any(r.match(p) for r in excluded)}


def test_install_gets_apache_headers_for_mod_wsgi():
    install = " ".join(BUILDSPEC["phases"]["install"]["commands"])
    assert "httpd-devel" in install
    assert "python" in BUILDSPEC["phases"]["install"]["runtime-versions"]


def test_build_runs_the_whole_test_suite():
    assert any(c.startswith("make test") for c in BUILDSPEC["phases"]["build"]["commands"])


def test_bundle_holds_what_the_instances_need():
    repository = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    would_be = ["Procfile", "migrations/env.py", "migrations/versions/0001_initial.py", "models/user.py"]
    packaged = bundle(repository + would_be)
    for needed in ["application.py", "requirements.txt", "Procfile", "api/app.py", "solver/search.py",
                   "legacy/wire.py", "ops/publisher.py", "models/user.py", "migrations/env.py",
                   "migrations/versions/0001_initial.py", ".ebextensions/10-capacity.config",
                   ".ebextensions/60-migrations.config", ".platform/bin/with-app-env",
                   ".platform/hooks/postdeploy/50_metrics_publisher.sh"]:
        assert needed in packaged, needed


def test_bundle_leaves_out_tests_and_local_state():
    left_out = ["tests/conftest.py", "tests/ops/test_publisher.py", ".venv/bin/python", "bench/results/solver.md",
                "api/__pycache__/app.cpython-311.pyc", ".git/HEAD", "infra/pipeline.yml"]
    assert bundle(left_out) == set()
    assert bundle(["bench/solver.py"]) == {"bench/solver.py"}  # code, harmless; results are not


def test_globs_behave_like_codebuild():
    assert glob_regex("**/*").match("Procfile") and glob_regex("**/*").match("a/b/c.py")
    assert glob_regex("tests/**/*").match("tests/x.py") and not glob_regex("tests/**/*").match("testsuite.py")
