"""Words for numbers and symbols, and the guard that only plain words reach the engine.

The tables the lexer and the reader share: how a digit string, a fraction or a Greek
letter is said. Kept apart from the parser so each can be read on its own.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal

# What may reach the speech engine: ASCII letters, digits, spaces and the punctuation
# that only shapes prosody. Everything else is the verbaliser's job.
SPEAKABLE = re.compile(r"[A-Za-z0-9 ,.;:!?'\-]*")


class UnspeakableText(ValueError):
    """A text holds a character the engine must not see, or the verbaliser cannot read."""


def check_speakable(text: str) -> str:
    """Return ``text`` if it is plain speakable ASCII, else raise ``UnspeakableText``
    naming the first offending character: the last guard before the engine."""
    match = SPEAKABLE.fullmatch(text)
    if match is None:
        bad = next(ch for ch in text if not SPEAKABLE.fullmatch(ch))
        raise UnspeakableText(
            f"cannot say {bad!r} (U+{ord(bad):04X}) in {excerpt(text)}: verbalise it first"
        )
    return text


def excerpt(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


# --- numbers -------------------------------------------------------------------------

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))

# Significant digits a listener can take in; longer decimals are rounded and said "about".
SPOKEN_DIGITS = 3


def integer_words(n: int) -> list[str]:
    """``n`` in American English words, without "and": 442 → four hundred forty two."""
    if n < 0:
        return ["minus", *integer_words(-n)]
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [_TENS[tens]] + ([_ONES[ones]] if ones else [])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return [_ONES[hundreds], "hundred"] + (integer_words(rest) if rest else [])
    for size, name in _SCALES:
        if n >= size:
            high, rest = divmod(n, size)
            return [*integer_words(high), name] + (integer_words(rest) if rest else [])
    raise AssertionError("unreachable")  # pragma: no cover


def decimal_words(digits: str) -> list[str]:
    """A decimal numeral (``"0.0975"``, ``"1,000"``) in words, digit by digit after the
    point; more than ``SPOKEN_DIGITS`` significant digits are rounded and said "about"."""
    plain = digits.replace(",", "")
    value = Decimal(plain)
    about = False
    if "." in plain:
        significant = len(plain.replace(".", "").lstrip("0"))
        if significant > SPOKEN_DIGITS:
            whole_digits = len(plain.split(".")[0].lstrip("0"))
            keep = max(SPOKEN_DIGITS, whole_digits)
            exponent = value.adjusted() - keep + 1
            rounded = value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN)
            about = rounded != value
            plain = format(rounded, "f")
    whole, _, fraction = plain.partition(".")
    fraction = fraction.rstrip("0") if about else fraction
    words = integer_words(int(whole or "0"))
    if fraction:
        words += ["point", *(_ONES[int(d)] for d in fraction)]
    return (["about"] if about else []) + words


def scientific_words(mantissa: str, exponent: int) -> list[str]:
    """``4.76837×10⁻⁶`` → about four point seven seven times ten to the minus six."""
    power = ["ten", "to", "the", *integer_words(exponent)]
    if Decimal(mantissa) == 1:
        return power
    words = decimal_words(mantissa)
    return [*words, "times", *power]


_FRACTION_NAMES = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters")}
_ORDINALS = "_ _ _ _ fourth fifth sixth seventh eighth ninth tenth".split()


def fraction_words(numerator: int, denominator: int) -> list[str]:
    """A simple fraction as said aloud: 1/2 → one half, 3/4 → three quarters; other
    denominators above ten as "a over b"."""
    if 2 <= denominator <= 10 and numerator > 0:
        if denominator in _FRACTION_NAMES:
            one, many = _FRACTION_NAMES[denominator]
        else:
            one, many = _ORDINALS[denominator], _ORDINALS[denominator] + "s"
        return [*integer_words(numerator), one if numerator == 1 else many]
    return [*integer_words(numerator), "over", *integer_words(denominator)]


# --- symbol tables -------------------------------------------------------------------

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "zai", "ο": "omicron", "π": "pi", "ρ": "rho",
    "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta",
    "Λ": "Lambda", "Ξ": "Zai", "Π": "Pi", "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi",
    "Ψ": "Psi", "Ω": "Omega",
}  # fmt: skip
BIG_OPERATORS = {"Σ": "sum", "Π": "product"}

# A letter said on its own. espeak reads a lone "a" as the article "uh"; "eh" is the name.
LETTER_NAMES = {
    "a": "eh", "b": "bee", "c": "see", "d": "dee", "e": "ee", "f": "ef", "g": "jee",
    "h": "aitch", "i": "eye", "j": "jay", "k": "kay", "l": "el", "m": "em", "n": "en",
    "o": "oh", "p": "pee", "q": "cue", "r": "ar", "s": "ess", "t": "tee", "u": "you",
    "v": "vee", "w": "double-u", "x": "ex", "y": "why", "z": "zee",
}  # fmt: skip

SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ₊₋₌₍₎",
                       "0123456789aeoxhklmnpstijruv+-=()", strict=True))  # fmt: skip
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹ⁱⁿᵀᵖ⁺⁻⁼⁽⁾", "0123456789inTp+-=()", strict=True))
ACCENTS = {"\u0302": "hat", "\u0304": "bar", "\u0305": "bar", "\u0303": "tilde",
            "\u0307": "dot", "\u0308": "double dot"}  # fmt: skip
VULGAR = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5),
           "⅙": (1, 6), "⅛": (1, 8)}  # fmt: skip

# Relations and operators, by the words they are said with.
RELATIONS = {
    "=": "equals", "≠": "is not equal to", "≈": "is approximately", "<": "is less than",
    ">": "is greater than", "≤": "is at most", "≥": "is at least", "∈": "in",
    "∉": "not in", "~": "is distributed as", "∼": "is distributed as", "→": "tends to",
    "∝": "is proportional to", "⇒": "implies", "⇔": "is equivalent to", "←": "becomes",
    "↦": "maps to", "–": "to",
}  # fmt: skip
# In a chain (a ≤ b ≤ c) "is at most ... is at most" reads badly; these read as a chain.
CHAINED = {"<": "less than", ">": "greater than", "≤": "less than or equal to",
            "≥": "greater than or equal to"}  # fmt: skip
ADDITIVE = {"+": "plus", "−": "minus", "-": "minus", "±": "plus or minus"}
MULTIPLICATIVE = {"×": "times", "·": "times", "*": "times", "/": "over"}
ASCII_RELATIONS = {"<=": "≤", ">=": "≥", "!=": "≠", "->": "→"}

# Function names that take arguments in parentheses: sign(w) is "sign of w".
FUNCTIONS = {
    "sign": "sign", "sgn": "sign", "log": "log", "ln": "natural log", "exp": "exponential",
    "max": "max", "min": "min", "argmin": "arg min", "argmax": "arg max", "prox": "prox",
    "det": "determinant", "tr": "trace", "diag": "diag", "sin": "sine", "cos": "cosine",
    "tan": "tangent", "var": "variance", "cov": "covariance",
}  # fmt: skip
# Single letters written as functions in the scripts: L(w), P(…), N(…), f(x).
FUNCTION_LETTERS = set("ABCDEFGHJKLMNPQRSTUVWXYZfgh") | {"Φ", "Ψ", "Γ"}

# Prose abbreviations, said in full; matched before the lexer splits at their periods.
ABBREVIATIONS = {
    "e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "vs.": "versus",
    "Fig.": "figure", "et al.": "and others", "approx.": "approximately",
}  # fmt: skip
# Capitalised words said as words, not spelled out.
WORD_ACRONYMS = {"LASSO": "lasso", "LARS": "lars", "ISTA": "ista"}
# Lower-case abbreviations spelled out letter by letter: the diabetes data's feature names
# (body mass index, blood pressure), which an engine would otherwise read as a word.
SPELLED_WORDS = {"bmi", "bp"}

PUNCT_PAUSES = {",", ";", ":", ".", "!", "?"}
QUOTES = set('"“”‘’«»')
