"""Which differences the fuzzy tier may forgive: a typo inside an ordinary word, or a dropped
comma-like mark. Everything that carries meaning must be identical. Pure functions.

Both texts are folded (lower case, accents and quote/dash variants removed) before they get here.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

_TOKEN_RE = re.compile(r"\w+|[^\w\s]")

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million "
    "billion trillion dozen score half quarter double twice triple treble single first second third fourth fifth "
    "sixth seventh eighth ninth tenth eleventh twelfth hundredth thousandth millionth once thrice couple pair"
).split()
_BOUND_WORDS = (
    "least most more less fewer than over under above below about around approximately nearly almost roughly "
    "some exactly only just up upto maximum minimum max min beyond within between excess plus minus several "
    "many few dozens scores numerous nearby estimated estimate approx circa upwards downwards top"
).split()
_NEGATIONS = (
    "no not never none nor neither without nobody nothing cannot nowhere hardly barely scarcely seldom rarely "
    "non un lack lacks lacking failed fails fail refused refuses denied denies deny"
).split()
_MODALS = "will would could should might must may can shall wont ought".split()
_TIME_MARKERS = (
    "am pm a p m noon midnight morning afternoon evening night tonight today yesterday tomorrow dawn dusk "
    "overnight earlier later ago gmt utc bst cet cest est edt pst pdt local hours hour daily weekly monthly "
    "annually yearly before after since until till"
).split()
_UNITS = (
    "percent percentage per cent points point pts basis bps degree degrees celsius fahrenheit kelvin mm cm m km "
    "metre metres meter meters kilometre kilometres kilometer kilometers millimetre millimetres millimeter "
    "millimeters centimetre centimetres centimeter centimeters mile miles yard yards foot feet inch inches mg g "
    "kg gram grams kilogram kilograms kilo kilos tonne tonnes ton tons pound pounds lb lbs ounce ounces oz litre "
    "litres liter liters ml gallon gallons barrel barrels bpd hectare hectares acre acres sq square cubic mph "
    "kph kmh knots knot mw gw kw kwh mwh gwh watt watts volt volts minute minutes mins second seconds secs day "
    "days week weeks month months year years decade decades century centuries storey storeys floor floors"
).split()
_CURRENCIES = (
    "dollar dollars usd euro euros eur sterling gbp yen jpy yuan renminbi rmb cny rupee rupees inr rouble "
    "roubles ruble rubles franc francs chf peso pesos real reais lira liras lire dinar dinars dirham dirhams "
    "riyal riyals rial rials shekel shekels naira rand cent cents pence penny pennies won krona kronor krone "
    "kroner zloty forint hryvnia bitcoin bitcoins"
).split()
_MONTHS_AND_DAYS = (
    "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday weekend"
).split()
_DIRECTIONS = (
    "north south east west northern southern eastern western northeast northwest southeast southwest "
    "northeastern northwestern southeastern southwestern left right upper lower inner outer"
).split()
_PRONOUNS = "he she him her his hers they them their theirs we us our ours i me my you your it its".split()

PROTECTED_WORDS = frozenset(
    _NUMBER_WORDS + [w + "s" for w in _NUMBER_WORDS] + _BOUND_WORDS + _NEGATIONS + _MODALS + _TIME_MARKERS
    + _UNITS + _CURRENCIES + _MONTHS_AND_DAYS + _DIRECTIONS + _PRONOUNS
)
# Marks whose presence or absence never changes what is said (numbers are compared by shape apart).
_SOFT_MARKS = frozenset(",;:!?\"'()[].")


def _is_number(token: str) -> bool:
    return any(char.isdigit() for char in token) or token in PROTECTED_WORDS and token.rstrip("s") in _NUMBER_WORDS


def _is_typo(wrong: str, right: str) -> bool:
    """A small misspelling of one ordinary word: same first letter, length within one,
    one edit (two for words of six letters or more), neither word meaning-bearing."""
    if not (wrong.isalpha() and right.isalpha()):
        return False
    shorter = min(len(wrong), len(right))
    if shorter < 4 or wrong[0] != right[0] or abs(len(wrong) - len(right)) > 1:
        return False
    if wrong in PROTECTED_WORDS or right in PROTECTED_WORDS:
        return False
    return Levenshtein.distance(wrong, right) <= (2 if shorter >= 6 else 1)


_NUMBER_SHAPE_RE = re.compile(r"\d+(?:\s?[.,:/]\s?\d+)*")


def differs_only_by_typos(quote: str, window: str) -> bool:
    """True when `quote` and `window` (both folded) say the same: apart from soft marks, every
    token is equal or a typo of an ordinary word not right after a number; numbers keep their
    shape ("3.5" is not "3,5") and their order."""
    if _NUMBER_SHAPE_RE.findall(quote) != _NUMBER_SHAPE_RE.findall(window):
        return False
    quote_words = [t for t in _TOKEN_RE.findall(quote) if t not in _SOFT_MARKS]
    window_words = [t for t in _TOKEN_RE.findall(window) if t not in _SOFT_MARKS]
    for tag, q1, q2, w1, w2 in Levenshtein.opcodes(quote_words, window_words).as_list():
        if tag == "equal":
            continue
        if tag != "replace" or q2 - q1 != w2 - w1:
            return False
        for q, w in zip(range(q1, q2), range(w1, w2)):
            after_number = q > 0 and _is_number(quote_words[q - 1]) or w > 0 and _is_number(window_words[w - 1])
            if after_number or not _is_typo(quote_words[q], window_words[w]):
                return False
    return True
