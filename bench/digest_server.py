"""A local OpenAI-compatible test server with a fixed latency, for digest benchmarks and tests.

It answers every chat completion after `latency` seconds with the first allowed option
of each field in the request's own JSON schema (the guided engine asks lettered
multiple-choice questions), like a model that always says "A". It can also answer the
first N requests with 429 + Retry-After, or refuse everything (a server that is down
is simply one that is not running). It is a stand-in for timing and failure handling,
never a source of recorded model answers.

    .venv/bin/python bench/digest_server.py --port 8799 --latency 0.5
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _answer(schema: dict) -> dict:
    answer = {}
    for name, spec in schema.get("properties", {}).items():
        if "enum" in spec:
            answer[name] = spec["enum"][0]
        elif spec.get("type") == "string":
            answer[name] = ""
        elif spec.get("type") in ("integer", "number"):
            answer[name] = 0
        elif spec.get("type") == "boolean":
            answer[name] = False
        elif spec.get("type") == "array":
            answer[name] = []
        else:
            answer[name] = None
    return answer


class FixedLatencyServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0, latency: float = 0.5, throttle_first: int = 0, retry_after: float = 1.0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.latency = latency
        self.throttle_left = throttle_first
        self.retry_after = retry_after
        self.requests = 0
        self.throttled = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def start(self) -> "FixedLatencyServer":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: FixedLatencyServer

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        server = self.server
        self._send(200, {"requests": server.requests, "throttled": server.throttled,
                         "max_in_flight": server.max_in_flight})

    def do_POST(self) -> None:
        server = self.server
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        with server.lock:
            server.requests += 1
            throttle = server.throttle_left > 0
            if throttle:
                server.throttle_left -= 1
                server.throttled += 1
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
        try:
            if throttle:
                self._send(429, {"error": {"message": "rate limited", "type": "rate_limit"}},
                           {"Retry-After": f"{server.retry_after:g}"})
                return
            time.sleep(server.latency)
            response_format = body.get("response_format") or {}
            schema = response_format.get("schema") or response_format.get("json_schema", {}).get("schema") or {}
            content = json.dumps(_answer(schema))
            self._send(200, {
                "id": "chatcmpl-fixed", "object": "chat.completion", "created": 0, "model": body.get("model", "fixed"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 5, "total_tokens": 105},
            })
        finally:
            with server.lock:
                server.in_flight -= 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--throttle-first", type=int, default=0)
    args = parser.parse_args()
    server = FixedLatencyServer(args.port, args.latency, args.throttle_first)
    print(server.url, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
