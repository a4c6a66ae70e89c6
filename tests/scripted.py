"""A scripted OpenAI-compatible endpoint (httpx.MockTransport) for transport and re-ask tests.

It answers chat completions by choosing from the enum options in the request's own
schema, following a policy the test gives. It never replays recorded traffic; the
recorded model lives in cassettes/.
"""

from __future__ import annotations

import json
import re
from typing import Callable

import httpx

Policy = Callable[[str, dict[str, list[str]], list[dict]], dict[str, str]]


def options_of(body: dict) -> dict[str, list[str]]:
    response_format = body["response_format"]
    schema = response_format.get("schema") or response_format["json_schema"]["schema"]
    return {name: spec["enum"] for name, spec in schema["properties"].items()}


def completion(content: str, prompt_tokens: int = 10, finish_reason: str = "stop") -> dict:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 0,
        "model": "scripted",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": 5, "total_tokens": prompt_tokens + 5},
    }


class ScriptedServer:
    def __init__(self, policy: Policy, *, failures: list[httpx.Response] | None = None) -> None:
        self.policy = policy
        self.failures = list(failures or [])
        self.requests: list[dict] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        if self.failures:
            return self.failures.pop(0)
        prompt = body["messages"][0]["content"]
        answer = self.policy(prompt, options_of(body), body["messages"])
        if isinstance(answer, tuple):  # (finish_reason, answer): e.g. a reply cut off at max_tokens
            finish_reason, answer = answer
        else:
            finish_reason = "stop"
        content = answer if isinstance(answer, str) else json.dumps(answer)  # a str is sent as is
        return httpx.Response(200, json=completion(content, finish_reason=finish_reason))

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handler))


def first_options(prompt: str, options: dict[str, list[str]], messages: list[dict]) -> dict[str, str]:
    return {name: values[0] for name, values in options.items()}


def listed_options(prompt: str) -> dict[str, str]:
    """The lettered options of the last question in a prompt: {'A': 'an air or drone strike', ...}."""
    question = prompt.rsplit("\nQuestion: ", 1)[-1]
    return dict(re.findall(r"^([A-Z])\) (.*)$", question, flags=re.MULTILINE))


def prefer(*wanted: str) -> Policy:
    """Answer with the first allowed option whose text contains a wanted phrase, in order; else 'A'."""

    def policy(prompt: str, options: dict[str, list[str]], messages: list[dict]) -> dict[str, str]:
        allowed = options["answer"]
        listed = listed_options(prompt)
        for phrase in wanted:
            for letter in allowed:
                if phrase in listed.get(letter, ""):
                    return {"answer": letter}
        return {"answer": allowed[0]}

    return policy
