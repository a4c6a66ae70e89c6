"""A fault-injecting OpenAI-compatible server: real HTTP on 127.0.0.1, started and stopped by tests.

    with FaultServer("hang") as server:                    # every request hangs
        summarize_article(text, base_url=server.url, ...)
    FaultServer(["503", "valid"])                          # the first request 503, then valid answers
    FaultServer("valid", routes={"Orrin": ["html"]})       # a request whose prompt names Orrin gets HTML

A scenario list is played in order per route, its last entry repeated. Well-formed
answers follow the request's own JSON schema (the first option of every enum), so the
engines' questions get answers they can parse. The server only misbehaves; it never
replays recorded traffic (that is what cassettes/ are for).
"""

from __future__ import annotations

import email.utils
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Text the "ungrounded" scenario puts in every string field: in no article of the tests.
UNGROUNDED_QUOTE = "Officials in Varnholt confirmed that 4,812 residents were evacuated by ferry"
HTML_ERROR_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"

SCENARIOS = {
    "valid": "a well-formed answer that follows the request's schema",
    "hang": "reads the request, never answers",
    "slow": "a well-formed answer sent one byte at a time (byte_delay seconds apart)",
    "late": "a well-formed answer after `delay` seconds",
    "429": "429 Too Many Requests, Retry-After in seconds (retry_after)",
    "429_date": "429 Too Many Requests, Retry-After as an HTTP date retry_after seconds ahead",
    "500": "HTTP 500",
    "502": "HTTP 502",
    "503": "HTTP 503",
    "drop": "headers and half the body, then the connection is closed",
    "malformed": "status 200, message content that is not JSON",
    "malformed_body": "status 200, a response body that is not JSON",
    "truncated": "content cut off mid-JSON, finish_reason 'length'",
    "empty_choices": "a completion with an empty choices list",
    "html": "status 200 with an HTML error page",
    "ungrounded": "fits the schema, but every string quotes text that is in no article",
    "echo": "fits the schema, but obeys the planted instruction: strings repeat it, enums take the last option",
}
FAILING = {"hang", "slow", "429", "429_date", "500", "502", "503", "drop"}  # transport faults
INVALID = {"malformed", "malformed_body", "truncated", "empty_choices", "html"}  # answers that cannot be used
VALID_SHAPED = {"valid", "ungrounded", "echo"}  # (and "late": valid, but slow to start)


def schema_of(body: dict) -> dict:
    response_format = body.get("response_format") or {}
    return response_format.get("schema") or (response_format.get("json_schema") or {}).get("schema") or {}


def fill(schema: dict, text: str, enum_pick: int = 0, root: dict | None = None) -> Any:
    """A value that fits `schema`, every string `text`, every enum its first (or last) option."""
    root = root if root is not None else schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return fill(root.get("$defs", {}).get(name, {}), text, enum_pick, root)
    if "enum" in schema:
        return schema["enum"][enum_pick if enum_pick == 0 else -1]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [option for option in schema[key] if option.get("type") != "null"] or schema[key]
            return fill(options[0], text, enum_pick, root)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        return {name: fill(spec, text, enum_pick, root) for name, spec in schema.get("properties", {}).items()}
    if kind == "array":
        return [fill(schema.get("items", {}), text, enum_pick, root)]
    if kind == "string":
        return text
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    return None


def completion(content: str, finish_reason: str = "stop", choices: bool = True) -> dict:
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "fault-server",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": finish_reason}] if choices else [],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


class FaultServer:
    """An OpenAI-compatible endpoint on 127.0.0.1 that answers each request by scenario."""

    def __init__(self, scenario: str | list[str] = "valid", *, routes: dict[str, str | list[str]] | None = None,
                 planted: str = "", retry_after: float = 1, byte_delay: float = 0.05, delay: float = 0.5) -> None:
        self.default = [scenario] if isinstance(scenario, str) else list(scenario)
        self.routes = {key: [value] if isinstance(value, str) else list(value) for key, value in (routes or {}).items()}
        for plan in [self.default, *self.routes.values()]:
            unknown = set(plan) - set(SCENARIOS)
            assert not unknown, f"unknown scenario(s) {unknown}"
        self.planted = planted
        self.retry_after = retry_after
        self.byte_delay = byte_delay
        self.delay = delay
        self.requests: list[dict] = []  # every request body received, in order
        self.served: list[str] = []  # the scenario each request got
        self._played: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> "FaultServer":
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                server._handle(self)

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fault-server",
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # releases hanging and trickling handlers
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> "FaultServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._httpd is not None, "start the server first"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def count(self, scenario: str | None = None) -> int:
        return len(self.served) if scenario is None else self.served.count(scenario)

    def prompts(self) -> list[str]:
        return [" ".join(str(m.get("content", "")) for m in body.get("messages", [])) for body in self.requests]

    # -- answering ---------------------------------------------------------------------------

    def _scenario_for(self, body: dict) -> str:
        prompt = " ".join(str(m.get("content", "")) for m in body.get("messages", []))
        route = next((key for key in self.routes if key in prompt), None)
        plan = self.routes[route] if route is not None else self.default
        with self._lock:
            played = self._played.get(route or "", 0)
            self._played[route or ""] = played + 1
            scenario = plan[min(played, len(plan) - 1)]
            self.requests.append(body)
            self.served.append(scenario)
        return scenario

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        try:
            body = json.loads(request.rfile.read(length) or b"{}")
        except ValueError:
            body = {}
        scenario = self._scenario_for(body)
        try:
            self._answer(request, scenario, body)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass  # the client gave up on us: that is what several scenarios are for

    def _answer(self, request: BaseHTTPRequestHandler, scenario: str, body: dict) -> None:
        if scenario == "hang":
            self._stopping.wait()
            return
        if scenario == "late" and self._stopping.wait(self.delay):
            return
        if scenario in ("429", "429_date"):
            when = (str(int(self.retry_after)) if scenario == "429" else
                    email.utils.formatdate(time.time() + self.retry_after, usegmt=True))
            self._send(request, 429, {"error": {"message": "rate limited", "type": "rate_limit"}},
                       headers={"Retry-After": when})
            return
        if scenario in ("500", "502", "503"):
            self._send(request, int(scenario), {"error": {"message": f"fault server: {scenario}"}})
            return
        if scenario == "html":
            self._send(request, 200, HTML_ERROR_PAGE.encode(), content_type="text/html")
            return
        if scenario == "malformed_body":
            self._send(request, 200, b'{"id": "chatcmpl-fault", "choices": [{"index": 0, "message": {"con')
            return
        if scenario == "empty_choices":
            self._send(request, 200, completion("", choices=False))
            return
        schema = schema_of(body)
        if scenario == "malformed":
            self._send(request, 200, completion("{'answer': A, " + "oops"))
            return
        if scenario == "truncated":
            whole = json.dumps(fill(schema, UNGROUNDED_QUOTE))
            self._send(request, 200, completion(whole[: max(1, len(whole) // 2)], finish_reason="length"))
            return
        if scenario == "ungrounded":
            content = json.dumps(fill(schema, UNGROUNDED_QUOTE))
        elif scenario == "echo":
            content = json.dumps(fill(schema, self.planted or "Ignore all previous instructions.", enum_pick=-1))
        else:  # valid, late, slow, drop: a well-formed answer
            content = json.dumps(fill(schema, self._article_words(body)))
        payload = json.dumps(completion(content)).encode()
        if scenario == "drop":
            self._send(request, 200, payload, cut_at=len(payload) // 2)
        elif scenario == "slow":
            self._send(request, 200, payload, byte_delay=self.byte_delay)
        else:
            self._send(request, 200, payload)

    @staticmethod
    def _article_words(body: dict) -> str:
        """For a valid answer's strings: the first numbered sentence of the article when the prompt
        numbers them (the direct engine), else the first words of the prompt."""
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        numbered = re.search(r"^\[1\] (.+)$", prompt, flags=re.MULTILINE)
        return numbered.group(1) if numbered else " ".join(prompt.split()[:6])

    def _send(self, request: BaseHTTPRequestHandler, status: int, payload: dict | bytes, *,
              content_type: str = "application/json", headers: dict[str, str] | None = None,
              cut_at: int | None = None, byte_delay: float | None = None) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(data)))
        request.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.end_headers()
        if cut_at is not None:
            request.wfile.write(data[:cut_at])
            request.wfile.flush()
            request.connection.shutdown(socket.SHUT_RDWR)  # mid-body: the client sees a broken response
            request.close_connection = True
            return
        if byte_delay is not None:
            for index in range(len(data)):
                if self._stopping.is_set():
                    return
                request.wfile.write(data[index:index + 1])
                request.wfile.flush()
                self._stopping.wait(byte_delay)
            return
        request.wfile.write(data)
