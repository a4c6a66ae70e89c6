"""Neutrality checks of a summary. Pure functions over the article's parse; no I/O.

- `attribution_checks`: a casualty figure or a claim of blame in a summary sentence must be
  attributed in that sentence ("..., the ministry said", "according to X", "X blamed Y").
- `neutrality_report`: the loaded terms of the source, those left in the summary's own
  voice (found again by the detector on the summary text itself), the attribution checks,
  and the subjectivity of both: own-voice loaded terms per 100 words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from summarize.article.loaded import (attribution_rules, find_loaded_language, own_voice, speaker_of, subjectivity,
                                      word_count)
from summarize.models import AttributionCheck, Evidence, LoadedTerm, MatchTier, NeutralityReport

if TYPE_CHECKING:
    from spacy.tokens import Token

    from summarize.models import SummaryResult

# Lemmas that make a number a casualty figure when they govern it or sit beside it.
CASUALTY_LEMMAS = frozenset(
    """kill die dead death wound wounded injure injured injury casualty toll victim hurt life body fatality
    massacre slaughter drown perish fatal dead""".split()
)
# Lemmas that assign blame or a retaliatory motive.
BLAME_LEMMAS = frozenset(
    """blame accuse responsible responsibility fault culprit perpetrator perpetrate orchestrate mastermind
    retaliation retaliate revenge""".split()
)
NOT_COUNTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"}
CLAUSE_HEADS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "pcomp"}
# Reporting verbs that attribute what they govern even as a direct object ("the ministry confirmed 12
# deaths"); others attribute only a clause ("claimed that ...", not "claimed the lives of").
SPEECH_VERBS = frozenset("say tell report announce confirm estimate state add write tweet post testify".split())
# Verbs by which a source gives a figure: "officials put the number of wounded at 21".
FIGURE_VERBS = frozenset("put count record register tally list".split())
REPORTED_CLAUSE_DEPS = {"ccomp", "parataxis", "xcomp", "oprd"}
# "X claimed / denied / took responsibility": the subject owns the blame it states.
OWNING_VERBS = frozenset("claim deny admit accept take acknowledge reject disclaim".split())


def _is_casualty_number(token: "Token") -> bool:
    if not (token.like_num or token.pos_ == "NUM") or token.ent_type_ in NOT_COUNTS:
        return False
    clause = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if clause is None:
        near = list(token.sent)
    else:
        # The words of the number's own clause, not of clauses nested in it: "the number of wounded at 21",
        # but not "struck 30 sites, killing 12".
        near = [t for t in clause.subtree if t.i == clause.i or not any(
            a.dep_ in CLAUSE_HEADS for a in _ancestors_below(t, clause))]
    return any(t.lemma_.lower() in CASUALTY_LEMMAS or t.lower_ in CASUALTY_LEMMAS for t in near)


def _ancestors_below(token: "Token", top: "Token") -> list["Token"]:
    """`token` and its ancestors up to (not including) `top`."""
    chain = [token]
    for ancestor in token.ancestors:
        if ancestor.i == top.i:
            break
        chain.append(ancestor)
    return chain


def _reports(token: "Token") -> bool:
    lemma = token.lemma_.lower()
    return token.pos_ in ("VERB", "AUX") and (lemma in SPEECH_VERBS | FIGURE_VERBS or lemma in attribution_rules(
    ).reporting_verbs and any(c.dep_ in REPORTED_CLAUSE_DEPS for c in token.children))


def _speaker_text(verb: "Token", kept: set[int]) -> str | None:
    speaker = speaker_of(verb)
    if speaker is None or speaker.root.i not in kept:
        return None
    return speaker.text.strip(" ,;:")


def sentence_attribution(tokens: list["Token"], cue: "Token | None" = None) -> str | None:
    """Who the kept tokens of a sentence attribute `cue` (or the sentence) to: the reporting verb
    that governs the cue ("the hospital reported 12 dead"), else any reporting verb whose speaker
    is kept, or 'according to X'. None when the sentence says it in its own voice."""
    kept = {t.i for t in tokens}
    rules = attribution_rules()
    if cue is not None:
        for ancestor in cue.ancestors:
            if ancestor.i in kept and _reports(ancestor) and (speaker := _speaker_text(ancestor, kept)):
                return speaker
    for token in tokens:
        if _reports(token) and (speaker := _speaker_text(token, kept)):
            return speaker
    words = [t.lower_ for t in tokens]
    for phrase in rules.phrases:
        n = len(phrase)
        for k in range(len(words) - n):
            if tuple(words[k:k + n]) == phrase:
                last = tokens[k + n - 1]
                objects = [c for c in last.children if c.dep_ == "pobj" and c.i in kept]
                if objects:
                    return last.doc[objects[0].left_edge.i: objects[0].right_edge.i + 1].text
    return None


def _evidence(token: "Token") -> Evidence:
    start, end = token.idx, token.idx + len(token.text)
    return Evidence(start=start, end=end, quote=token.doc.text[start:end], match=MatchTier.exact)


def attribution_checks(tokens: list["Token"], summary_index: int | None) -> list[AttributionCheck]:
    """One check per casualty figure and per blame word in the kept tokens of a sentence."""
    checks = []
    for token in tokens:
        if _is_casualty_number(token):
            kind = "casualty"
            source = sentence_attribution(tokens, token)
        elif token.lemma_.lower() in BLAME_LEMMAS:
            kind = "blame"
            # "Washington blamed the militia", "the group claimed responsibility": the verb names the source.
            verb = token if token.pos_ == "VERB" and token.lemma_.lower() in ("blame", "accuse") else (
                token.head if token.dep_ == "dobj" and token.head.lemma_.lower() in OWNING_VERBS else None)
            source = sentence_attribution(tokens, token) or (
                _speaker_text(verb, {t.i for t in tokens}) if verb is not None else None)
        else:
            continue
        cue = token.doc[token.head.i: token.head.i + 1] if kind == "casualty" and token.dep_ == "nummod" else None
        cue_text = f"{token.text} {cue.text}" if cue is not None and cue.start == token.i + 1 else token.text
        checks.append(AttributionCheck(
            kind=kind, summary=summary_index if source else None, cue=cue_text, passed=bool(source), source=source,
            reason=None if source else f"the {'casualty figure' if kind == 'casualty' else 'blame'} "
                                       f"'{cue_text}' is not attributed in the sentence",
            evidence=[_evidence(token)],
        ))
    return checks


def summary_loaded_terms(texts: list[str]) -> list[LoadedTerm]:
    """Own-voice loaded terms of summary sentences, found by parsing the sentences themselves
    (so deletion cannot hide a term's new voice). Offsets index each sentence's text, whose
    index is in `sentence`."""
    found: list[LoadedTerm] = []
    if not texts:
        return found
    joined = "\n".join(texts)
    starts = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    for term in own_voice(find_loaded_language(joined)):
        index = max(k for k, s in enumerate(starts) if s <= term.start)
        found.append(term.model_copy(update={"start": term.start - starts[index], "end": term.end - starts[index],
                                             "sentence": index}))
    return found


def neutrality_report(result: "SummaryResult", source_terms: Iterable[LoadedTerm],
                      checks: Iterable[AttributionCheck] = (), removed: Iterable[LoadedTerm] = ()) -> NeutralityReport:
    """The neutrality report of a finished result (after the audit)."""
    source_terms = list(source_terms)
    texts = [sentence.text for sentence in result.summary]
    summary_terms = summary_loaded_terms(texts)
    summary_text = " ".join(texts)
    return NeutralityReport(
        source_terms=source_terms,
        summary_terms=summary_terms,
        removed_terms=list(removed),
        attribution_checks=list(checks),
        source_words=word_count(result.article.text),
        summary_words=word_count(summary_text),
        source_subjectivity=subjectivity(source_terms, result.article.text),
        summary_subjectivity=subjectivity(summary_terms, summary_text),
    )
