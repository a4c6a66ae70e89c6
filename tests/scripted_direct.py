"""A scripted OpenAI-compatible endpoint for the direct engine (httpx.MockTransport).

It answers each chat completion with the next answer of a script: a dict (sent as JSON),
a str (sent as is, e.g. broken JSON), or a callable of the request's prompt. Every
request body is kept, so tests can assert on the number of calls and what was sent.
"""

from __future__ import annotations

import json
from typing import Any, Callable

import httpx

from tests.scripted import completion

Answer = dict | str | Callable[[str], "dict | str"]


def article_numbers(prompt: str) -> dict[int, str]:
    """The numbered sentences of the data block in a direct-engine prompt."""
    block = prompt.split("<<<ARTICLE\n", 1)[1].split("\nARTICLE>>>", 1)[0]
    numbered = {}
    for line in block.splitlines():
        number, _, sentence = line.partition("] ")
        numbered[int(number.lstrip("["))] = sentence
    return numbered


class ScriptedDirectServer:
    def __init__(self, answers: list[Answer], *, count_tokens: Callable[[str], int] | None = None) -> None:
        self.answers = list(answers)
        self.requests: list[dict] = []
        self.count_tokens = count_tokens or (lambda text: len(text.split()))

    def prompt(self, index: int) -> str:
        return "\n".join(m["content"] for m in self.requests[index]["messages"])

    def handler(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        prompt = "\n".join(m["content"] for m in body["messages"])
        answer: Any = self.answers.pop(0) if self.answers else {"events": [], "claims": [], "summary": []}
        if callable(answer):
            answer = answer(prompt)
        content = answer if isinstance(answer, str) else json.dumps(answer)
        return httpx.Response(200, json=completion(content, prompt_tokens=self.count_tokens(prompt)))

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handler))
