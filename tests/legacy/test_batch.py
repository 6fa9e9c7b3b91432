"""The legacy acceptance file, solved in-process and through a running service."""
from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from legacy.batch import BatchFileError, main, read_problems

DATA = Path(__file__).parent / "data"
CASES = DATA / "legacy-cases.in.txt"
EXPECTED = (DATA / "legacy-cases.out.txt").read_text().split("\n")


def normalized(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.strip().splitlines()]


def test_acceptance_file_in_process(capsys):
    assert main([str(CASES)]) == 0
    assert normalized(capsys.readouterr().out) == normalized("\n".join(EXPECTED))


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def test_acceptance_file_through_the_v1_endpoint(live_server, capsys):
    assert main([str(CASES), "--url", live_server]) == 0
    assert normalized(capsys.readouterr().out) == normalized("\n".join(EXPECTED))


def test_service_refusal_is_reported_with_its_reason(live_server, tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("1\n2\n1\n1 3 0\n")  # colour 3 of 2
    assert main([str(bad), "--url", live_server]) == 1
    assert "422" in capsys.readouterr().err


def test_unreachable_service_is_an_error_not_a_traceback(capsys):
    assert main([str(CASES), "--url", "http://127.0.0.1:9"]) == 1
    assert "cannot reach" in capsys.readouterr().err


def test_reader_yields_v1_payloads():
    problems = list(read_problems(io.StringIO("2\n1\n2\n1 1 0\n1 1 1\n2\n1\n2 1 0 2 1\n")))
    assert problems == [
        {"colors": 1, "customers": 2, "demands": [[1, 1, 0], [1, 1, 1]]},
        {"colors": 2, "customers": 1, "demands": [[2, 1, 0, 2, 1]]},
    ]


@pytest.mark.parametrize(
    "text, words",
    [("2\n1\n1\n1 1 0\n", "case 2: the number of colours"), ("1\n1\n1\n1 x 0\n", "line 4"), ("1\n1 2\n", "expected one number")],
)
def test_reader_names_the_broken_line(text, words):
    with pytest.raises(BatchFileError, match=words):
        list(read_problems(io.StringIO(text)))


def test_truncated_file_exits_2(tmp_path, capsys):
    short = tmp_path / "short.txt"
    short.write_text("3\n1\n1\n1 1 0\n")
    assert main([str(short)]) == 2
    assert "file ends" in capsys.readouterr().err
