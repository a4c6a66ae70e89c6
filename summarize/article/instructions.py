"""Sentences that try to instruct a language model rather than report news."""

from __future__ import annotations

import re

from summarize.verify.folding import fold

_INSTRUCTION_PATTERNS = [
    r"\bignore (?:all |any |the )?(?:previous|prior|above|earlier|preceding)\b",
    r"\bdisregard (?:all |any |the )?(?:previous|prior|above|earlier|instructions)\b",
    r"\b(?:language model|an ai\b|ai assistant|chatbot|llm\b|system prompt|assistant:)",
    r"\b(?:summari[sz]er|summary tool|extraction (?:tool|system))s?\b.*\b(?:must|should|report|write|output|say)\b",
    r"\b(?:you must|you should|you are now|you will now)\b.*\b(?:report|output|write|say|state|summari[sz]e|respond|answer)\b",
    # imperative only: "Respond with ...", "please reply with ..." (not "prompting the U.S. to respond with")
    r"(?:^|[.:;!]\s*|\bplease\s+)(?:respond|reply|answer) (?:only )?with\b",
    r"\bnew instructions?\b",
    # a role label or a model addressed by name: "SYSTEM: ...", "Assistant, disregard ..."
    r"^\W*(?:system|assistant|user|developer)\s*:",
    r"^\W*(?:assistant|chatbot|model|ai)\s*,",
    r"\byou are now (?:in )?\w+ mode\b|\byou are now (?:a|an) (?:ai|assistant|chatbot|model)\b",
    r"\bdisregard (?:all |any |the )?(?:article|text|document|content)\b",
    r"(?:^\W*|[.:;!]\s*|\bplease\s+)(?:output|print|emit) (?:only )?the (?:word|words|string|token|phrase)\b",
    r"\bsummari[sz]e nothing\b",
    r"\boverride\b.*\binstructions?\b",
]
_INSTRUCTION_RE = re.compile("|".join(_INSTRUCTION_PATTERNS), re.IGNORECASE)


def addresses_model(sentence: str) -> bool:
    """True for text that tries to instruct a language model rather than report news."""
    return bool(_INSTRUCTION_RE.search(fold(sentence).text))
