"""Mutated and honest quotes for the aligner (issue 10, item 6).

`ARTICLES` are fictional articles written for this set. Every sentence is a quote; each
mutation class changes one thing that carries meaning (a number, a unit, a currency, a bound
word, a time marker, a negation, a name, the order of two numbers, or a start or end inside a
word) and each honest variant changes only how the same words are written (case, quote marks,
dashes, spaces, a typo in an ordinary word, wrapping quotation marks or ellipses, accents).

`mutation_set()` builds the deterministic set the benchmark reports on; the property tests in
tests/test_aligner_mutations.py draw from the same mutation functions with hypothesis.
A mutated quote is only kept when its words occur nowhere in the article, so finding it at
all is a false accept.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from summarize.verify.boundaries import on_word_boundaries
from summarize.verify.folding import fold
from summarize.verify.guard import PROTECTED_WORDS

ARTICLES = [
    # 0: conflict
    "Coastal Guard jets struck at least 14 militia depots near Port Verin at 5 a.m. on Friday, the defence ministry said.\n\n"
    "Ministry spokesman Dragan Petrović said the strikes destroyed 3 ammunition stores and killed 12 fighters.\n\n"
    "The Saltmarsh naval base was hit by 40 rockets on Tuesday, wounding at most 9 sailors and killing 2 cooks.\n\n"
    "Militia commander Ilse Ivanova denied that her forces had fired on the harbour, calling the claim “a fabrication.”\n\n"
    "The army did not confirm the figures, and no independent observers were allowed into the port.\n\n"
    "About 2,500 residents fled north along the coast road — many on foot — before 11 p.m. on Thursday.\n\n"
    "Aid agencies said more than 600 families needed shelter and that 1.5 tonnes of flour had arrived by truck.\n\n"
    "The strikes were the heaviest since March, when 31 people died in the shelling of Kessa.",
    # 1: business
    "Harlan Mining reported a quarterly profit of $48 million, up 12 percent from a year earlier, on Wednesday.\n\n"
    "Chief executive Marta Lindqvist said copper output rose by 7,400 tonnes to 61,000 tonnes in the three months to June.\n\n"
    "The shares fell 3.5 percent to €14.20 in Frankfurt after the company cut its dividend to 40 cents a share.\n\n"
    "Analysts at Brekka Capital had expected revenue of up to £310 million, but sales reached only £284 million.\n\n"
    "The company will not build the planned smelter in Aldmouth, which would have cost ¥90 billion.\n\n"
    "Lindqvist told reporters that wages would rise by 2 points above inflation for 4,200 workers.\n\n"
    "Trading opened at 9:30 a.m. and was halted for 15 minutes after the announcement at 10 a.m.\n\n"
    "Harlan never disclosed how much it paid for the Sorrel Creek mine, which produces 800 kg of silver a year.",
    # 2: disaster and weather
    "Heavy rain dropped 120 mm of water on Delvane in 6 hours on Sunday, flooding the lower town.\n\n"
    "Rescue teams pulled 23 people from the river, and at least 5 remain missing, the fire service said.\n\n"
    "The river rose 2.4 metres above its normal level, breaking a record set in 1987.\n\n"
    "Mayor Tomas Rell said the town had not seen such a storm in 40 years and asked for 3 army helicopters.\n\n"
    "Power was cut to nearly 18,000 homes, and 70 km of rail line was closed between Delvane and Kessa.\n\n"
    "Temperatures dropped to 4 degrees overnight, and forecasters expect up to 60 mm more by Tuesday evening.\n\n"
    "The regional council approved €2 million in emergency aid, less than half of what the mayor had asked for.\n\n"
    "Residents said the warning siren never sounded, although officials insisted it was tested at 8 p.m. on Saturday.",
    # 3: courts and politics
    "A court in Brekka sentenced former mayor Anton Vasiljević to 6 years in prison for fraud on Monday.\n\n"
    "Judges found that he had taken $1.2 million in bribes between 2016 and 2019, the prosecutor said.\n\n"
    "His lawyer, Tom Eklund, said Vasiljević was innocent and would appeal within 30 days.\n\n"
    "Parliament voted 212 to 87 to approve the budget, with 14 members abstaining, late on Thursday.\n\n"
    "The opposition leader, Sara Okafor, said the plan would raise taxes on fewer than 3 percent of households.\n\n"
    "Finance Minister Jonas Berg promised that pensions would rise by 4 percent in January and 2 percent in July.\n\n"
    "The vote came after a 19-hour debate that ended at 3 a.m., the longest since 2008.\n\n"
    "Okafor said her party would never support cuts to hospitals, and she called the budget “a betrayal.”",
    # 4: sport and science
    "Estmark beat Larkmoor 3-1 in the cup final on Saturday in front of 41,000 fans.\n\n"
    "Striker Ana Vell scored twice in the first 20 minutes, and goalkeeper Ivo Marić saved a penalty.\n\n"
    "The marathon winner, Kemal Arslan, finished in 2 hours 7 minutes, more than a minute ahead of the field.\n\n"
    "Researchers at the Aldmouth institute said the new battery holds 40 percent more charge and weighs 300 g.\n\n"
    "The probe travelled 480 million km in 7 years before it reached the asteroid on 12 May.\n\n"
    "Its camera can resolve objects as small as 5 cm from an altitude of 20 km, the team said.\n\n"
    "The team did not find water ice, but it measured surface temperatures of minus 150 degrees.\n\n"
    "Funding of $75 million came from 11 countries, and the mission will end no later than 2031.",
    # 5: health and transport
    "The health ministry reported 1,240 new cases of measles in the past week, up from 980 the week before.\n\n"
    "Doctors in Kessa said at least 60 children were treated in hospital, and 4 of them died.\n\n"
    "Vaccination rates fell to 82 percent in 2024 from 91 percent in 2019, according to the ministry.\n\n"
    "The ferry from Port Verin to Aldmouth now leaves at 7 a.m. and arrives at 1 p.m., six hours later.\n\n"
    "Tickets will cost £45 for adults and £20 for children from next month, the operator said.\n\n"
    "A train derailed near Sorrel Creek at 40 km/h, injuring 17 passengers but killing no one.\n\n"
    "Investigators said the driver had not slept for 20 hours and that the track was last inspected in 2021.\n\n"
    "The operator, Northline Rail, said it would pay up to $10,000 to each injured passenger.",
    # 6: typography: curly quotes, apostrophes, dashes and accented names
    "“We won’t leave,” said José Müller, whose café in Sorrel Creek has stood for 45 years.\n\n"
    "The mayor’s office — which had promised a decision by Friday — said the tower’s 12 floors were unsafe.\n\n"
    "Councillor Zoë Brontë called it “a scandal” and said the 2019–2023 repairs cost €3.1 million.\n\n"
    "Residents’ lawyers said François Lefèvre’s report found cracks up to 4 cm wide in the north wall.\n\n"
    "The city’s engineer, Søren Åberg, said the building ‘could stand for decades’ with new steel beams.\n\n"
    "Demolition – if it is approved – would begin at 6 a.m. on 3 June and take about 9 weeks.\n\n"
    "Renée Dubois, 71, said she hadn’t been told where she would live, and that her rent was £640 a month.\n\n"
    "Officials didn’t say how many of the 130 households had accepted the city’s offer of temporary flats.",
]


@dataclass(frozen=True)
class Case:
    article: int  # index in ARTICLES
    kind: str  # mutation class or honest variant name
    quote: str  # what is located
    start: int  # the original sentence's span in the article
    end: int
    honest: bool


def sentences(article: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (one sentence per paragraph here)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", article)]


# --- mutations: each returns the changed quote, or None when the class does not apply ----------

_NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,:]\d+)*(?![\w])")
_NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty"]
_UNIT_SWAPS = {
    "mm": "cm", "cm": "mm", "km": "m", "km/h": "mph", "kg": "g", "g": "kg", "percent": "points", "points": "percent",
    "metres": "miles", "tonnes": "tons", "hours": "days", "minutes": "seconds", "degrees": "percent",
    "years": "months", "days": "weeks", "cents": "pence",
}
_CURRENCY_SWAPS = {"$": "€", "€": "$", "£": "$", "¥": "£"}
_BOUND_SWAPS = {
    "at least": "at most", "at most": "at least", "more than": "less than", "less than": "more than",
    "fewer than": "more than", "up to": "at least", "nearly": "over", "about": "exactly", "as small as": "as large as",
    "no later than": "no earlier than", "only": "nearly", "up ": "down ", "above": "below", "rose": "fell",
    "fell": "rose",
}
_TIME_SWAPS = {"a.m.": "p.m.", "p.m.": "a.m.", "evening": "morning", "overnight": "by noon"}
_NEGATION_REMOVALS = {" not ": " ", " never ": " ", "no one": "someone", "no ": "some ", " denied ": " admitted "}
_NEGATABLE = [" was ", " were ", " had ", " would ", " will ", " did ", " is ", " has "]
_NAME_RE = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-zà-ž]+(?:ić|ová|ova)?\b")


def _number_changed(text: str, rng: random.Random) -> str | None:
    numbers = list(_NUMBER_RE.finditer(text))
    if not numbers:
        return None
    target = rng.choice(numbers)
    digits = [i for i, c in enumerate(target.group()) if c.isdigit()]
    at = rng.choice(digits)
    old = target.group()[at]
    new = rng.choice([d for d in "0123456789" if d != old and not (at == 0 and d == "0")])
    changed = target.group()[:at] + new + target.group()[at + 1:]
    return text[:target.start()] + changed + text[target.end():]


def _numbers_swapped(text: str, rng: random.Random) -> str | None:
    numbers = [m for m in _NUMBER_RE.finditer(text)]
    pairs = [(a, b) for i, a in enumerate(numbers) for b in numbers[i + 1:] if a.group() != b.group()]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    return text[:a.start()] + b.group() + text[a.end():b.start()] + a.group() + text[b.end():]


def _swap_one(text: str, swaps: dict[str, str], rng: random.Random, *, word: bool = True) -> str | None:
    found = []
    for old, new in swaps.items():
        pattern = (r"(?<![\w])" + re.escape(old) + r"(?![\w])") if word and old[-1].isalnum() else re.escape(old)
        found += [(m, new) for m in re.finditer(pattern, text)]
    if not found:
        return None
    match, new = rng.choice(found)
    return text[:match.start()] + new + text[match.end():]


def _unit_changed(text, rng):
    return _swap_one(text, _UNIT_SWAPS, rng)


def _currency_changed(text, rng):
    return _swap_one(text, _CURRENCY_SWAPS, rng, word=False)


def _bound_changed(text, rng):
    return _swap_one(text, _BOUND_SWAPS, rng)


def _time_marker_changed(text, rng):
    return _swap_one(text, _TIME_SWAPS, rng, word=False)


def _negation_changed(text: str, rng: random.Random) -> str | None:
    removal = _swap_one(text, _NEGATION_REMOVALS, rng, word=False)
    if removal is not None and rng.random() < 0.5:
        return removal
    spots = [m for aux in _NEGATABLE for m in re.finditer(re.escape(aux), text)]
    if not spots:
        return removal
    spot = rng.choice(spots)
    return text[:spot.end()] + "not " + text[spot.end():]


def _name_changed(text: str, rng: random.Random) -> str | None:
    names = [m for m in _NAME_RE.finditer(text) if len(m.group()) >= 4]
    if not names:
        return None
    name = rng.choice(names)
    word = name.group()
    at = rng.randrange(1, len(word))
    edit = rng.choice(["drop", "double", "swap"])
    if edit == "drop":
        changed = word[:at] + word[at + 1:]
    elif edit == "double":
        changed = word[:at] + word[at] + word[at:]
    else:
        changed = word[:at] + rng.choice([c for c in "aeiou" if c != word[at]]) + word[at + 1:]
    return text[:name.start()] + changed + text[name.end():]


def _word_boundary_broken(text: str, rng: random.Random) -> str | None:
    """The quote starts or ends inside a word or number: 'Petrov' for 'Petrović', '14' for '140'."""
    inner = [m for m in re.finditer(r"\w{4,}", text)]
    if not inner:
        return None
    word = rng.choice(inner)
    cut = word.start() + rng.randrange(1, len(word.group()))
    if rng.random() < 0.5 and word.start() >= 16:
        return text[:cut]  # ends inside the word
    return text[cut:]  # starts inside the word


MUTATIONS: dict[str, Callable[[str, random.Random], str | None]] = {
    "number": _number_changed,
    "swapped_numbers": _numbers_swapped,
    "unit": _unit_changed,
    "currency": _currency_changed,
    "bound_word": _bound_changed,
    "time_marker": _time_marker_changed,
    "negation": _negation_changed,
    "name": _name_changed,
    "word_boundary": _word_boundary_broken,
}


# --- honest variants: the same words, written differently -----------------------------------


def _typo(text: str, rng: random.Random) -> str | None:
    """One edit inside an ordinary lower-case word of five letters or more (never the first letter)."""
    previous = {m.start(): text[:m.start()].split()[-1:] for m in re.finditer(r"\b[a-z]{5,}\b", text)}
    words = [m for m in re.finditer(r"\b[a-z]{5,}\b", text)
             if m.group() not in PROTECTED_WORDS and not any(c.isdigit() for c in "".join(previous[m.start()]))]
    if not words:
        return None
    word = rng.choice(words)
    w = word.group()
    at = rng.randrange(1, len(w) - 1)
    edit = rng.choice(["drop", "double", "replace", "transpose"])
    if edit == "drop":
        changed = w[:at] + w[at + 1:]
    elif edit == "double":
        changed = w[:at] + w[at] + w[at:]
    elif edit == "transpose" and len(w) >= 6:
        changed = w[:at] + w[at + 1] + w[at] + w[at + 2:]
    else:
        changed = w[:at] + rng.choice([c for c in "aeiou" if c != w[at]]) + w[at + 1:]
    if changed in PROTECTED_WORDS:  # "flour" -> "four": the typo made a number, a different meaning
        return None
    return text[:word.start()] + changed + text[word.end():]


def _case(text, rng):
    return text.lower() if rng.random() < 0.5 else text.upper()


def _quote_marks(text, rng):
    table = {"“": '"', "”": '"', "’": "'", '"': "“", "'": "’"}
    changed = "".join(table.get(c, c) for c in text)
    return changed if changed != text else None


def _dashes(text, rng):
    if not any(dash in text for dash in "—–-"):
        return None
    return "".join(rng.choice([d for d in "—–-" if d != c]) if c in "—–-" else c for c in text)


def _whitespace(text, rng):
    spaces = [m.start() for m in re.finditer(" ", text)]
    chosen = set(rng.sample(spaces, k=min(3, len(spaces))))
    return "".join(rng.choice(["  ", "\n", " \t"]) if i in chosen else c for i, c in enumerate(text))


def _wrapped_in_quotes(text, rng):
    return rng.choice(['"{}"', "“{}”", "«{}»"]).format(text.rstrip("."))


def _wrapped_in_ellipses(text, rng):
    return rng.choice(["…{}…", "...{}...", "[…] {}", "{} ..."]).format(text.rstrip("."))


def _accents_dropped(text, rng):
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped if stripped != text else None


HONEST: dict[str, Callable[[str, random.Random], str | None]] = {
    "case": _case,
    "quote_marks": _quote_marks,
    "dashes": _dashes,
    "whitespace": _whitespace,
    "typo": _typo,
    "wrapped_in_quotes": _wrapped_in_quotes,
    "wrapped_in_ellipses": _wrapped_in_ellipses,
    "accents": _accents_dropped,
}


def is_impostor(kind: str, quote: str, article: str) -> bool:
    """A mutated quote whose words occur nowhere in the article (so finding it is a false accept)."""
    if kind == "word_boundary":
        positions = [m.start() for m in re.finditer(re.escape(quote), article)]
        return bool(quote.strip()) and not any(on_word_boundaries(article, p, p + len(quote)) for p in positions)
    folded = fold(quote).text
    return bool(folded) and folded not in fold(article).text


def mutation_set(seed: int = 10, per_class: int = 3) -> list[Case]:
    """Every sentence of every article through every class, `per_class` draws each (deduplicated)."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for index, article in enumerate(ARTICLES):
        for start, end in sentences(article):
            sentence = article[start:end]
            for kind, make in MUTATIONS.items():
                seen = set()
                for _ in range(per_class):
                    quote = make(sentence, rng)
                    if quote and quote not in seen and is_impostor(kind, quote, article):
                        seen.add(quote)
                        cases.append(Case(index, kind, quote, start, end, honest=False))
            for kind, make in HONEST.items():
                seen = set()
                for _ in range(per_class):
                    quote = make(sentence, rng)
                    if quote and quote != sentence and quote not in seen:
                        seen.add(quote)
                        cases.append(Case(index, kind, quote, start, end, honest=True))
    return cases


def found_where_expected(case: Case, start: int, end: int) -> bool:
    """An honest variant is found when the span is its sentence, give or take the final mark."""
    return start == case.start and case.end - 1 <= end <= case.end
