"""Place names of an article.

NER, trained on real names, often mislabels unfamiliar places ("the town of Palva" as an
organisation, "southern Valmora" as a person). The syntax around a name says more: a name
after "the town of", beside "capital", after a compass word, or a wire dateline's city is a
place, and every other mention of the same name in the article is the same place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarize.article.language import DATELINE_KEY, PLACE_LABELS, entity_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Nouns for a settlement or an area: "the town of Orvane", "the Teskari capital Vellgrad".
PLACE_NOUNS = frozenset(
    """town village city capital region province district area neighbourhood neighborhood county
    suburb island""".split())
# Parts of a place: "the centre of Grelle", "the outskirts of Lennick".
PART_NOUNS = frozenset("centre center outskirts heart edge suburbs".split())
# A proper name before one of these names a natural or built feature: "the Dalvo hills",
# "Tormstad Central station", "the Drovny coal mine", "the Colvane Stadium".
FEATURE_NOUNS = frozenset(
    """hill mountain valley river coast border desert plain lake sea gulf bay strait peninsula forest
    delta station stadium airport airfield bridge mine plant prison base square park arena highway
    motorway camp harbour harbor""".split())
COMPASS = frozenset(
    """northern southern eastern western central north south east west northeastern northwestern
    southeastern southwestern northeast northwest southeast southwest""".split())
NOT_PLACES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
USER_DATA_KEY = "place_names"


def is_proper(token: "Token") -> bool:
    """A proper noun, or a capitalised noun inside a sentence the tagger took for a common one
    ('the Teskari capital Vellgrad')."""
    return token.pos_ == "PROPN" or token.pos_ == "NOUN" and token.is_title and not token.is_sent_start


def name_of(token: "Token") -> "Span":
    """The proper name `token` is part of: its entity, else its run of proper nouns."""
    doc = token.doc
    if token.ent_type_:
        return entity_of(token)
    start, end = token.i, token.i + 1
    while start > 0 and is_proper(doc[start - 1]) and not doc[start - 1].ent_type_:
        start -= 1
    while end < len(doc) and is_proper(doc[end]) and not doc[end].ent_type_:
        end += 1
    return doc[start:end]


def _shown_a_place(name: "Span") -> bool:
    """Whether the syntax around a proper name says it is a place."""
    root = name.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS | PART_NOUNS:
        return True  # "the town of Palva", "the centre of Grelle"
    if root.dep_ in ("appos", "compound") and head.lemma_.lower() in PLACE_NOUNS and head.i < root.i:
        return True  # "the capital, Vellgrad", "the capital Vellgrad"
    for child in root.children:
        if child.dep_ in ("compound", "appos") and child.i < name.start and child.lemma_.lower() in PLACE_NOUNS:
            return True  # "the Teskari capital Vellgrad" parsed with 'capital' modifying the name
        if child.dep_ == "amod" and child.lower_ in COMPASS and root.dep_ not in ("compound", "amod", "nmod"):
            return True  # "southern Valmora" (not "the northern Pellaran city")
    return False


def place_names(doc: "Doc") -> frozenset[str]:
    """Lower-cased names the article shows are places (besides NER's places), found once per parse."""
    cached = doc.user_data.get(USER_DATA_KEY)
    if cached is not None:
        return cached
    names = set()
    if dateline := doc.user_data.get(DATELINE_KEY):
        names.add(dateline.lower())
    for token in doc:
        if is_proper(token) and token.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
            name = name_of(token)
            if token.i == name.root.i and _shown_a_place(name):
                names.add(name.text.lower())
    doc.user_data[USER_DATA_KEY] = frozenset(names)
    return doc.user_data[USER_DATA_KEY]


def feature_phrase(name: "Span") -> "Span | None":
    """'the Dalvo hills', 'the Drovny coal mine', 'the Colvane Stadium': a name with the feature
    noun it modifies or ends in, as one place."""
    root = name.root
    if root.lemma_.lower() in FEATURE_NOUNS and len(name) > 1 and root.i == name.end - 1:
        return name
    head = root.head
    if root.dep_ == "compound" and head.i > root.i and head.lemma_.lower() in FEATURE_NOUNS and all(
            t.dep_ == "compound" and t.head.i == head.i or t.head.i == root.i for t in name.doc[name.end: head.i]):
        return name.doc[name.start: head.i + 1]
    return None


def with_compass(name: "Span") -> "Span":
    """'northern Carsland': the compass word is part of where."""
    left = name.start
    while left > 0 and name.doc[left - 1].lower_ in COMPASS and name.doc[left - 1].head.i == name.root.i:
        left -= 1
    return name.doc[left: name.end]


def is_area_name(span: "Span") -> bool:
    """A town, region or country, by NER or by what the article shows about the same name (not a
    site such as 'Ain al-Asad Air Base', which can also be the target of an attack)."""
    return span.root.ent_type_ in ("GPE", "LOC") or span.text.lower() in place_names(span.doc)



def places_in(sentence: "Span") -> list["Span"]:
    """The place names of a sentence: NER's places and names the article shows are places."""
    known = place_names(sentence.doc)
    names = list(sentence.ents) + [name_of(t) for t in sentence if is_proper(t) and not t.ent_type_
                                   and (t.i == sentence.start or not is_proper(t.nbor(-1)) or t.nbor(-1).ent_type_)]
    found = []
    for name in names:
        if name.label_ in NOT_PLACES:
            continue
        if (feature := feature_phrase(name)) is not None:
            found.append(feature)
        elif name.label_ in PLACE_LABELS or name.text.lower() in known:
            found.append(with_compass(name))
    return sorted(found, key=lambda span: span.start)
