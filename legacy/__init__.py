"""The legacy v1 wire format and batch files, kept working for old clients."""
from .wire import IMPOSSIBLE, MalformedPayload, format_answer, parse_payload, to_problem

__all__ = ["IMPOSSIBLE", "MalformedPayload", "format_answer", "parse_payload", "to_problem"]
