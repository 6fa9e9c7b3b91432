"""Run a legacy batch file and print ``Case #k: <answer>`` lines.

    python -m legacy.batch FILE                 solve in-process
    python -m legacy.batch FILE --url BASE_URL  send each problem to BASE_URL/v1/

The file holds C, then per problem N, M and M lines ``T x1 y1 ... xT yT``.
With ``--url`` ops can run the acceptance file against any deployed environment.
"""
from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import TextIO

from solver import Limits, solve

from .wire import format_answer, to_problem


class BatchFileError(ValueError):
    """The batch file does not follow the format; the message names the line."""


def read_problems(lines: TextIO) -> Iterator[dict]:
    """Yield each problem of a batch file as a v1 payload."""
    numbered = ((number, line.split()) for number, line in enumerate(lines, start=1))
    rows = ((number, words) for number, words in numbered if words)
    count = _one_number(rows, "the number of problems")
    for case in range(1, count + 1):
        colors = _one_number(rows, f"case {case}: the number of colours")
        customers = _one_number(rows, f"case {case}: the number of customers")
        demands = [_numbers(_next(rows, f"case {case}: customer {k + 1}")) for k in range(customers)]
        yield {"colors": colors, "customers": customers, "demands": demands}


def answer_locally(payload: dict, limits: Limits) -> str:
    return format_answer(solve(to_problem(payload, limits)))


def answer_remotely(payload: dict, base_url: str, timeout: float = 30.0) -> str:
    query = urllib.parse.urlencode({"input": json.dumps(payload, separators=(",", ":"))})
    url = f"{base_url.rstrip('/')}/v1/?{query}"
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m legacy.batch", description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=argparse.FileType("r"), help="legacy batch file ('-' for standard input)")
    parser.add_argument("--url", help="base URL of a running service, e.g. http://127.0.0.1:8080")
    # A batch file is trusted ops input: allow problems past the published limits.
    parser.add_argument("--max-likes", type=int, default=Limits().likes, help="in-process only: total likes allowed")
    args = parser.parse_args(argv)
    limits = Limits(colors=args.max_likes, customers=args.max_likes, likes=args.max_likes)
    try:
        for case, payload in enumerate(read_problems(args.file), start=1):
            answer = answer_remotely(payload, args.url) if args.url else answer_locally(payload, limits)
            print(f"Case #{case}: {answer}", flush=True)
    except BatchFileError as error:
        print(f"{args.file.name}: {error}", file=sys.stderr)
        return 2
    except urllib.error.HTTPError as error:
        print(f"case {case}: the service answered {error.code}: {error.read().decode('utf-8', 'replace')}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as error:
        print(f"cannot reach {args.url}: {error}", file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"case {case}: {error}", file=sys.stderr)
        return 1
    return 0


def _next(rows: Iterator, what: str) -> tuple[int, list[str]]:
    try:
        return next(rows)
    except StopIteration:
        raise BatchFileError(f"file ends where {what} should be") from None


def _numbers(row: tuple[int, list[str]]) -> list[int]:
    number, words = row
    try:
        return [int(word) for word in words]
    except ValueError:
        raise BatchFileError(f"line {number}: expected whole numbers, got {' '.join(words)!r}") from None


def _one_number(rows: Iterator, what: str) -> int:
    values = _numbers(_next(rows, what))
    if len(values) != 1:
        raise BatchFileError(f"{what}: expected one number, got {len(values)}")
    return values[0]


if __name__ == "__main__":
    sys.exit(main())
