"""The verbaliser: one narration text becomes what is shown and what is said.

A beat is written once, the way a lecturer would write it on a slide
(``η = 0.5``, ``4.76837×10⁻⁶``, ``β|w|``, ``‖β‖₁``). The caption shows that text;
the speech engine gets plain English words (``eta equals zero point five``,
``about four point seven seven times ten to the minus six``, ``beta times the
absolute value of w``, ``the L one norm of beta``), because a text-to-speech
engine reads symbols badly or not at all. Every spoken word remembers which
caption word it came from, so word times from the engine become caption times.

Formulas are parsed (a small precedence parser: relations, sums, products,
juxtaposition, powers, subscripts, accents, calls, brackets, absolute values
and norms) rather than replaced symbol by symbol, so that ``(w − c)²`` is read
"the quantity w minus c, squared" and ``[−β, β]`` "the interval from minus beta
to beta". Anything the verbaliser cannot read raises ``UnspeakableText``, and
``check_speakable`` stops anything but plain ASCII words and punctuation from
reaching the engine.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
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
            f"cannot say {bad!r} (U+{ord(bad):04X}) in {_excerpt(text)}: verbalise it first"
        )
    return text


def _excerpt(text: str, width: int = 60) -> str:
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
_BIG_OPERATORS = {"Σ": "sum", "Π": "product"}

# A letter said on its own. espeak reads a lone "a" as the article "uh"; "eh" is the name.
LETTER_NAMES = {
    "a": "eh", "b": "bee", "c": "see", "d": "dee", "e": "ee", "f": "ef", "g": "jee",
    "h": "aitch", "i": "eye", "j": "jay", "k": "kay", "l": "el", "m": "em", "n": "en",
    "o": "oh", "p": "pee", "q": "cue", "r": "ar", "s": "ess", "t": "tee", "u": "you",
    "v": "vee", "w": "double-u", "x": "ex", "y": "why", "z": "zee",
}  # fmt: skip

_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ₊₋₌₍₎",
                       "0123456789aeoxhklmnpstijruv+-=()", strict=True))  # fmt: skip
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹ⁱⁿᵀᵖ⁺⁻⁼⁽⁾", "0123456789inTp+-=()", strict=True))
_ACCENTS = {"\u0302": "hat", "\u0304": "bar", "\u0305": "bar", "\u0303": "tilde",
            "\u0307": "dot", "\u0308": "double dot"}  # fmt: skip
_VULGAR = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5),
           "⅙": (1, 6), "⅛": (1, 8)}  # fmt: skip

# Relations and operators, by the words they are said with.
_RELATIONS = {
    "=": "equals", "≠": "is not equal to", "≈": "is approximately", "<": "is less than",
    ">": "is greater than", "≤": "is at most", "≥": "is at least", "∈": "in",
    "∉": "not in", "~": "is distributed as", "∼": "is distributed as", "→": "tends to",
    "∝": "is proportional to", "⇒": "implies", "⇔": "is equivalent to", "←": "becomes",
    "↦": "maps to", "–": "to",
}  # fmt: skip
# In a chain (a ≤ b ≤ c) "is at most ... is at most" reads badly; these read as a chain.
_CHAINED = {"<": "less than", ">": "greater than", "≤": "less than or equal to",
            "≥": "greater than or equal to"}  # fmt: skip
_ADDITIVE = {"+": "plus", "−": "minus", "-": "minus", "±": "plus or minus"}
_MULTIPLICATIVE = {"×": "times", "·": "times", "*": "times", "/": "over"}
_ASCII_RELATIONS = {"<=": "≤", ">=": "≥", "!=": "≠", "->": "→"}

# Function names that take arguments in parentheses: sign(w) is "sign of w".
FUNCTIONS = {
    "sign": "sign", "sgn": "sign", "log": "log", "ln": "natural log", "exp": "exponential",
    "max": "max", "min": "min", "argmin": "arg min", "argmax": "arg max", "prox": "prox",
    "det": "determinant", "tr": "trace", "diag": "diag", "sin": "sine", "cos": "cosine",
    "tan": "tangent", "var": "variance", "cov": "covariance",
}  # fmt: skip
# Single letters written as functions in the scripts: L(w), P(…), N(…), f(x).
_FUNCTION_LETTERS = set("ABCDEFGHJKLMNPQRSTUVWXYZfgh") | {"Φ", "Ψ", "Γ"}

# Prose abbreviations, said in full; matched before the lexer splits at their periods.
ABBREVIATIONS = {
    "e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "vs.": "versus",
    "Fig.": "figure", "et al.": "and others", "approx.": "approximately",
}  # fmt: skip
# Capitalised words said as words, not spelled out.
WORD_ACRONYMS = {"LASSO": "lasso", "LARS": "lars", "ISTA": "ista"}

_PUNCT_PAUSES = {",", ";", ":", ".", "!", "?"}
_QUOTES = set('"“”‘’«»')


# --- lexer ---------------------------------------------------------------------------


@dataclass
class _Token:
    """A piece of the caption. ``kind`` is one of: word, norm (L1), ident (a letter or
    function name in a formula), greek, num, sci (4.8×10⁻⁶), frac (½), inf, op, open,
    close, bar (|), dbar (‖), sub, sup, accent, prime, punct, quote, dash, hyphen,
    aside (a parenthesis around words)."""

    kind: str
    text: str
    start: int
    space_before: bool
    spoken: tuple[str, ...] = ()  # fixed readings (prose words, norms, abbreviations)


_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿ"
_WORD = re.compile(rf"[{_LETTERS}]+(?:['’\-][{_LETTERS}]+)*")
_SCI = re.compile(r"(\d+(?:\.\d+)?)×10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|\.\d+")
_NORM_NAME = re.compile(r"[Lℓ]([0-9]+|[₀-₉]+|[pq∞])(['’]s)?(?![A-Za-z0-9])")
_ABBREVIATION = re.compile("|".join(re.escape(a) for a in ABBREVIATIONS))
_ASCII_SUB = re.compile(r"_(\{[^}]*\}|[A-Za-z0-9]+)")
_ASCII_SUP = re.compile(r"\^(\{[^}]*\}|-?[A-Za-z0-9]+)")
_SUB_RUN = re.compile(f"[{''.join(_SUBSCRIPTS)}]+")
_SUP_RUN = re.compile(f"[{''.join(_SUPERSCRIPTS)}]+")
_UNITS = {"%": "percent", "°": "degrees", "&": "and"}
_NORM_INDEX = {"∞": "infinity"}


# Characters that are a token on their own, by kind. The en dash is a pause in prose;
# between two numbers (1–7) the lexer makes it the range "to".
_SINGLE = {
    **dict.fromkeys(_ACCENTS, "accent"), **dict.fromkeys(_VULGAR, "frac"), "∞": "inf",
    **dict.fromkeys([*_RELATIONS, *_ADDITIVE, *_MULTIPLICATIVE], "op"),
    **dict.fromkeys("([{", "open"), **dict.fromkeys(")]}", "close"), "|": "bar", "‖": "dbar",
    **dict.fromkeys(_PUNCT_PAUSES, "punct"), **dict.fromkeys("—–…", "dash"),
    **dict.fromkeys(_QUOTES, "quote"), "'": "quote", "′": "quote",
}  # fmt: skip


def _lex(text: str) -> list[_Token]:
    """Split a caption into tokens, each with its offset in the caption."""
    tokens: list[_Token] = []
    i, space = 0, False
    while i < len(text):
        if text[i].isspace():
            i, space = i + 1, True
            continue
        kind, value, length, spoken = _lex_one(text, i, tokens[-1] if tokens else None, space)
        tokens.append(_Token(kind, value, i, space, spoken))
        i, space = i + length, False
    return tokens


def _lex_one(
    text: str, i: int, previous: _Token | None, space: bool
) -> tuple[str, str, int, tuple[str, ...]]:
    """The token at ``text[i]``: its kind, text, length and fixed reading, if any."""
    ch = text[i]
    if m := _ABBREVIATION.match(text, i):
        return "word", m.group(), len(m.group()), tuple(ABBREVIATIONS[m.group()].split())
    if m := _SCI.match(text, i):
        return "sci", m.group(), len(m.group()), ()
    if m := _NORM_NAME.match(text, i):
        index = "".join(_SUBSCRIPTS.get(c, c) for c in m.group(1))
        said = integer_words(int(index)) if index.isdigit() else [_NORM_INDEX.get(index, index)]
        if m.group(2):
            said[-1] += "'s"
        return "norm", m.group(), len(m.group()), ("L", *said)
    if m := _NUMBER.match(text, i):
        return "num", m.group(), len(m.group()), ()
    if m := _WORD.match(text, i):
        return "word", m.group().replace("’", "'"), len(m.group()), ()
    if ch in GREEK:
        return "greek", ch, 1, ()
    if ch == "_" and (m := _ASCII_SUB.match(text, i)):
        return "sub", m.group(1).strip("{}"), len(m.group()), ()
    if m := _SUB_RUN.match(text, i):
        return "sub", "".join(_SUBSCRIPTS[c] for c in m.group()), len(m.group()), ()
    if ch == "^" and (m := _ASCII_SUP.match(text, i)):
        return "sup", m.group(1).strip("{}"), len(m.group()), ()
    if m := _SUP_RUN.match(text, i):
        return "sup", "".join(_SUPERSCRIPTS[c] for c in m.group()), len(m.group()), ()
    if text.startswith(tuple(_ASCII_RELATIONS), i):
        return "op", _ASCII_RELATIONS[text[i : i + 2]], 2, ()
    glued = previous is not None and not space
    if ch == "-" and glued and previous.kind in {"word", "norm"} and text[i + 1 : i + 2].isalpha():
        return "hyphen", ch, 1, ()  # L1-regularised: shown, not said
    if ch == "–" and glued and previous.kind == "num":
        return "op", ch, 1, ()
    if (
        ch in "'′"
        and glued
        and (
            previous.kind in {"greek", "close"}
            or (previous.kind == "word" and len(previous.text) == 1)
        )
    ):
        return "prime", ch, 1, ()  # L'(0)
    if ch in _UNITS:
        return "word", ch, 1, (_UNITS[ch],)
    if ch in _SINGLE:
        return _SINGLE[ch], ch, 1, ()
    raise UnspeakableText(f"no reading for {ch!r} (U+{ord(ch):04X}) in {_excerpt(text)}")


# Tokens that can belong to a formula.
_MATH = {"ident", "greek", "num", "sci", "frac", "inf", "op", "open", "close", "bar", "dbar",
         "sub", "sup", "accent", "prime"}  # fmt: skip


def _is_prose_word(token: _Token) -> bool:
    return token.kind == "norm" or (token.kind == "word" and len(token.text) > 1)


def _classify(tokens: list[_Token]) -> None:
    """Decide which single letters and names are maths: a lone ``a``, ``A`` or ``I``
    between spaces is English; a letter next to a formula, a one-letter name, or a
    function name before its parenthesis is maths."""
    opened: list[_Token] = []
    for index, token in enumerate(tokens):
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind == "open":
            # "(the axes themselves)", "(a set of area 0)": words, not a formula
            second = tokens[index + 2] if index + 2 < len(tokens) else None
            prose = (
                token.text == "("
                and token.space_before
                and after is not None
                and (
                    _is_prose_word(after)
                    or (after.kind == "word" and second is not None and second.space_before
                        and _is_prose_word(second))
                )
            )  # fmt: skip
            if prose:
                token.kind = "aside"  # "(an aside in words)": said as a pause
            opened.append(token)
        elif token.kind == "close" and opened:
            if opened.pop().kind == "aside":
                token.kind = "aside"
        if token.kind != "word":
            continue
        called = (
            after is not None
            and after.kind == "open"
            and after.text == "("
            and not after.space_before
        )
        if token.text in FUNCTIONS and called:
            token.kind = "ident"
        elif len(token.text) == 1 and token.text.isascii() and token.text.isalpha():
            before = tokens[index - 1] if index else None
            glued = (after is not None and not after.space_before and after.kind in _MATH) or (
                before is not None and not token.space_before and before.kind in _MATH
            )
            operator_next = (after is not None and after.kind == "op") or (
                before is not None and before.kind == "op"
            )
            if token.text in "aAI" and not (glued or operator_next):
                continue  # the article, the pronoun
            token.kind = "ident"


# --- parser --------------------------------------------------------------------------


@dataclass
class _Node:
    """A parsed formula piece. ``text`` is its operator, script, accent or bracket;
    ``ops`` the relations of a chain; ``index`` a big operator's subscript;
    ``separator`` the comma before a bracket item; ``words`` prose inside brackets."""

    kind: str
    token: _Token | None = None
    children: list[_Node] = field(default_factory=list)
    text: str = ""
    ops: list[_Token] = field(default_factory=list)
    index: _Token | None = None
    separator: _Token | None = None
    words: list[_Token] = field(default_factory=list)

    @property
    def compound(self) -> bool:
        """True when reading it needs grouping words ("the quantity …")."""
        if self.kind in {"binary", "relation", "neg", "juxt"}:
            return True
        if self.kind == "group" and len(self.children) == 1:
            return self.children[0].compound
        return False


class _Parser:
    """Precedence parser over one formula's tokens."""

    def __init__(self, tokens: list[_Token], text: str) -> None:
        self.tokens, self.pos, self.text = tokens, 0, text
        self.bar_depth = 0
        self.dbar_depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def fail(self, why: str) -> UnspeakableText:
        return UnspeakableText(f"cannot read the formula in {_excerpt(self.text)}: {why}")

    def expect(self, kind: str, text: str | None = None) -> _Token:
        token = self.peek()
        if token is None or token.kind != kind or (text is not None and token.text != text):
            raise self.fail(f"expected {text or kind}")
        return self.take()

    # relation := additive (REL additive)*
    def relation(self) -> _Node:
        first = self.additive()
        parts, ops = [first], []
        while (t := self.peek()) and t.kind == "op" and t.text in _RELATIONS:
            ops.append(self.take())
            parts.append(self.additive())
        if not ops:
            return first
        return _Node("relation", children=parts, ops=ops)

    def additive(self) -> _Node:
        left = self.unary()
        while (t := self.peek()) and t.kind == "op" and t.text in _ADDITIVE:
            op = self.take()
            left = _Node("binary", op, [left, self.term()], op.text)
        return left

    def unary(self) -> _Node:
        t = self.peek()
        if t and t.kind == "op" and t.text in _ADDITIVE:
            op = self.take()
            return _Node("neg", op, [self.unary()], op.text)
        return self.term()

    def term(self) -> _Node:
        left = self.postfix()
        while t := self.peek():
            if t.kind == "op" and t.text in _MULTIPLICATIVE:
                op = self.take()
                right = self.unary() if (n := self.peek()) and n.kind == "op" else self.postfix()
                left = _Node("binary", op, [left, right], op.text)
            elif not t.space_before and self.starts_atom(t):
                left = _Node("juxt", None, [left, self.postfix()])
            elif t.kind in {"word", "norm"}:  # words after a term, inside brackets: (1 step)
                left = _Node("juxt", None, [left, self.atom()])
            else:
                break
        return left

    def starts_atom(self, token: _Token) -> bool:
        if token.kind in {"num", "sci", "frac", "inf", "ident", "greek"}:
            return True
        if token.kind == "open" and token.text in "([":
            return True
        if token.kind == "bar":
            return self.bar_depth == 0
        return token.kind == "dbar" and self.dbar_depth == 0

    def postfix(self) -> _Node:
        node = self.atom()
        while t := self.peek():
            if t.kind == "sub" and not t.space_before:
                node = _Node("sub", self.take(), [node], t.text)
            elif t.kind == "sup" and not t.space_before:
                node = _Node("sup", self.take(), [node], t.text)
            elif t.kind == "accent":
                node = _Node("accent", self.take(), [node], _ACCENTS.get(t.text, ""))
                if not node.text:
                    raise self.fail(f"no reading for the accent U+{ord(t.text):04X}")
            elif t.kind == "prime" and not t.space_before:
                node = _Node("prime", self.take(), [node])
            elif t.kind == "open" and t.text == "(" and not t.space_before and _callable(node):
                open_token = self.take()
                args = self.items(")")
                node = _Node("call", open_token, [node, *args])
            else:
                break
        return node

    def items(self, closer: str) -> list[_Node]:
        """Comma-separated relations up to ``closer`` (which is consumed)."""
        items = [self.relation()]
        while (t := self.peek()) and t.kind == "punct" and t.text == ",":
            comma = self.take()
            item = self.relation()
            item.separator = comma
            items.append(item)
        self.expect("close", closer)
        return items

    def atom(self) -> _Node:
        t = self.peek()
        if t is None:
            raise self.fail("it ends too early")
        if t.kind in {"word", "norm"}:  # words inside brackets: P(lasso sparse)
            words = [self.take()]
            while (n := self.peek()) and n.kind in {"word", "norm"}:
                words.append(self.take())
            return _Node("words", t, words=words)
        if t.kind in {"num", "sci", "frac", "inf", "greek", "ident"}:
            self.take()
            if t.kind == "greek" and t.text in _BIG_OPERATORS and self.big_operator_follows():
                return self.big_operator(t)
            return _Node(t.kind, t)
        if t.kind == "open":
            self.take()
            closer = {"(": ")", "[": "]", "{": "}"}[t.text]
            return _Node("group", t, self.items(closer), t.text)
        if t.kind == "bar":
            self.take()
            self.bar_depth += 1
            inner = self.relation()
            self.bar_depth -= 1
            self.expect("bar")
            return _Node("abs", t, [inner])
        if t.kind == "dbar":
            self.take()
            self.dbar_depth += 1
            inner = self.relation()
            self.dbar_depth -= 1
            self.expect("dbar")
            return _Node("norm", t, [inner])
        raise self.fail(f"unexpected {t.text!r}")

    def big_operator_follows(self) -> bool:
        following = self.peek()
        return (
            following is not None
            and not following.space_before
            and (following.kind == "sub" or self.starts_atom(following))
        )

    def big_operator(self, token: _Token) -> _Node:
        node = _Node("bigop", token, [], _BIG_OPERATORS[token.text])
        if (t := self.peek()) and t.kind == "sub":
            node.index = self.take()
        node.children = [self.postfix()]
        return node


def _callable(node: _Node) -> bool:
    if node.kind == "prime":
        return True
    if node.kind == "ident" and node.token is not None:
        name = node.token.text
        return name in FUNCTIONS or name in _FUNCTION_LETTERS
    return node.kind == "greek" and node.token is not None and node.token.text in _FUNCTION_LETTERS


# --- reading -------------------------------------------------------------------------

Said = list[tuple[str, int]]  # words with the caption offset of the token that said them


def _say(words: list[str] | tuple[str, ...], at: int) -> Said:
    return [(w, at) for w in words]


def _pause(said: Said, mark: str = ",") -> Said:
    """Attach a pause mark to the last word (prosody), unless one is there already."""
    if not said:
        return said
    word, at = said[-1]
    if word.endswith(","):  # a stronger mark (a full stop after an aside) replaces a comma
        word = word[:-1]
    if not word.endswith(tuple(_PUNCT_PAUSES)):
        said[-1] = (word + mark, at)
    return said


def _symbol_words(text: str) -> list[str]:
    """A sub- or superscript's characters: digits as numbers, letters by name."""
    words: list[str] = []
    for part in re.findall(r"\d+|[A-Za-z]|[+\-=()]", text):
        if part.isdigit():
            words += integer_words(int(part))
        elif part.isalpha():
            words.append(LETTER_NAMES["a"] if part in "aA" else part)
        else:
            words.append({"+": "plus", "-": "minus", "=": "equals"}.get(part, ""))
    return [w for w in words if w]


def _read(node: _Node) -> Said:
    token = node.token
    at = token.start if token else 0
    kind = node.kind
    if kind == "num":
        assert token is not None
        return _say(decimal_words(token.text), at)
    if kind == "sci":
        assert token is not None
        m = _SCI.fullmatch(token.text)
        assert m is not None
        exponent = int("".join(_SUPERSCRIPTS[c] for c in m.group(2)).replace("+", ""))
        return _say(scientific_words(m.group(1), exponent), at)
    if kind == "frac":
        assert token is not None
        return _say(fraction_words(*_VULGAR[token.text]), at)
    if kind == "inf":
        return _say(["infinity"], at)
    if kind == "words":
        return [(w, word.start) for word in node.words for w in _prose_words(word)]
    if kind == "greek":
        assert token is not None
        return _say([GREEK[token.text]], at)
    if kind == "ident":
        assert token is not None
        name = token.text
        if name in FUNCTIONS and len(name) > 1:
            return _say(FUNCTIONS[name].split(), at)
        return _say([LETTER_NAMES["a"] if name in "aA" else name], at)
    if kind == "sub":
        assert token is not None
        base = node.children[0]
        if base.kind == "norm":  # ‖β‖₁ is "the L one norm of beta"
            assert base.token is not None
            index = _say(["the", "L", *_symbol_words(node.text), "norm", "of"], base.token.start)
            return index + _read(base.children[0])
        return _read(base) + _say(_symbol_words(node.text), token.start)
    if kind == "accent":
        assert token is not None
        return _read(node.children[0]) + _say(node.text.split(), token.start)
    if kind == "prime":
        return _read(node.children[0]) + _say(["prime"], at)
    if kind == "sup":
        return _read_power(node)
    if kind == "call":
        function, *args = node.children
        said = _read(function) + _say(["of"], at)
        for index, arg in enumerate(args):
            if index:
                _pause(said)
            said += _read(arg)
        return said
    if kind == "group":
        return _read_group(node)
    if kind == "abs":
        return _say(["the", "absolute", "value", "of"], at) + _read(node.children[0])
    if kind == "norm":
        return _say(["the", "norm", "of"], at) + _read(node.children[0])
    if kind == "bigop":
        said = _say(["the", node.text], at)
        if node.index is not None:
            said += _say(["over", *_symbol_words(node.index.text)], node.index.start)
        return said + _say(["of"], at) + _read(node.children[0])
    if kind == "neg":
        operand = _factor(node.children[0])
        if operand and operand[0][0] == "about":  # −1.414: "about minus one point four one"
            return operand[:1] + _say(_ADDITIVE[node.text].split(), at) + operand[1:]
        return _say(_ADDITIVE[node.text].split(), at) + operand
    if kind == "binary":
        return _read_binary(node)
    if kind == "juxt":
        left, right = node.children
        said = _factor(left)
        if _said_with_article(right):
            said += _say(["times"], _first_offset(right))
        return said + _factor(right)
    if kind == "relation":
        return _read_relation(node)
    raise AssertionError(f"unknown node {kind}")  # pragma: no cover


def _factor(node: _Node) -> Said:
    """A factor of a product: a bracketed sum is "the quantity …," so that
    (1 − α)‖β‖₁ is not heard as 1 − α‖β‖₁."""
    if node.kind == "group" and node.text == "(" and node.compound:
        assert node.token is not None
        return _pause(_say(["the", "quantity"], node.token.start) + _read(node.children[0]))
    return _read(node)


def _said_with_article(node: _Node) -> bool:
    """True when a factor is said starting with "the" (the absolute value, the quantity,
    the norm, the product…): after another factor it needs a "times"."""
    if node.kind in {"abs", "norm", "bigop"} or (node.kind == "group" and node.text == "("):
        return True
    if node.kind in {"sub", "sup"}:
        base = node.children[0]
        return base.kind in {"norm", "abs"} or base.compound or _said_with_article(base)
    return False


def _first_offset(node: _Node) -> int:
    """Where a formula piece starts in the caption: its leftmost token (a power's own
    token is its superscript, at the right)."""
    offsets = [t.start for t in (node.token, node.index, *node.ops, *node.words) if t is not None]
    offsets += [_first_offset(child) for child in node.children]
    return min(offsets)


def _read_power(node: _Node) -> Said:
    base, exponent = node.children[0], node.text
    assert node.token is not None
    if base.kind == "sub" and base.children[0].kind == "norm" and exponent == "2":
        norm = base.children[0]  # ‖β‖₂² is "the squared L two norm of beta"
        assert norm.token is not None
        name = ["the", "squared", "L", *_symbol_words(base.text), "norm", "of"]
        return _say(name, norm.token.start) + _read(norm.children[0])
    if base.kind == "group" and base.compound:  # (w − c)²: "the quantity w minus c, squared"
        said = _factor(base)
    elif _unwrapped(base).kind in {"abs", "call", "norm"}:  # |w|²: "…of w, squared"
        said = _pause(_read(_unwrapped(base)))
    else:
        said = _read(base)
    return said + _say(_power_words(exponent), node.token.start)


def _power_words(exponent: str) -> list[str]:
    named = {"2": ["squared"], "3": ["cubed"], "T": ["transpose"], "-1": ["inverse"]}
    return named.get(exponent, ["to", "the", *_symbol_words(exponent)])


def _read_group(node: _Node) -> Said:
    assert node.token is not None
    items = node.children
    if node.text == "[" and len(items) == 2:  # [a, b] is an interval
        separator = items[1].separator
        assert separator is not None
        return (
            _say(["the", "interval", "from"], node.token.start)
            + _read(items[0])
            + _say(["to"], separator.start)
            + _read(items[1])
        )
    said: Said = []
    for index, item in enumerate(items):
        if index:
            _pause(said)
        said += _read(item)
    return said


def _read_binary(node: _Node) -> Said:
    left, right = node.children
    at = node.token.start if node.token else 0
    if node.text == "/":
        numerator, denominator = left.token, right.token
        if left.kind == right.kind == "num" and numerator and denominator:
            if (numerator.text + denominator.text).isdigit():  # 1/2 is "one half"
                return _say(fraction_words(int(numerator.text), int(denominator.text)), at)
        # (γ − βⱼ)/σ is "gamma minus beta j, over sigma,": the pauses group the fraction.
        grouped = left.compound or left.kind == "abs"
        said = _read(_unwrapped(left))
        if grouped:
            _pause(said)
        said += _say(["over"], at) + _read(_unwrapped(right))
        return _pause(said) if grouped else said
    if node.text in _MULTIPLICATIVE:
        return _factor(left) + _say(_MULTIPLICATIVE[node.text].split(), at) + _factor(right)
    return _read(left) + _say(_ADDITIVE[node.text].split(), at) + _read(right)


def _unwrapped(node: _Node) -> _Node:
    """The formula inside one pair of parentheses (said without them)."""
    return node.children[0] if node.kind == "group" and len(node.children) == 1 else node


def _read_relation(node: _Node) -> Said:
    ops = node.ops
    chained = sum(op.text in _CHAINED for op in ops) > 1
    said = _read(node.children[0])
    for op, part in zip(ops, node.children[1:], strict=True):
        words = _CHAINED[op.text] if chained and op.text in _CHAINED else _RELATIONS[op.text]
        said += _say(words.split(), op.start) + _read(part)
    return said


# --- the verbaliser ------------------------------------------------------------------


@dataclass(frozen=True)
class Verbalised:
    """One beat as shown and as said.

    ``caption_words`` are the caption split at spaces; ``spoken_words`` what the
    engine says, punctuation attached to the word it follows; ``owners[k]`` the
    caption word that spoken word ``k`` came from (never decreasing, so word times
    map onto caption words in order); ``in_formula[i]`` is True when caption words
    ``i`` and ``i + 1`` belong to one formula (a caption is best not cut there).
    """

    caption: str
    caption_words: tuple[str, ...]
    spoken_words: tuple[str, ...]
    owners: tuple[int, ...]
    in_formula: tuple[bool, ...]

    @property
    def spoken(self) -> str:
        """The text the engine gets."""
        return " ".join(self.spoken_words)

    def spoken_range(self, caption_index: int) -> range:
        """Indices of the spoken words that caption word ``caption_index`` became."""
        first = bisect.bisect_left(self.owners, caption_index)
        last = bisect.bisect_right(self.owners, caption_index)
        return range(first, last)


def normalise_caption(text: str) -> str:
    """The caption as shown: composed Unicode, single spaces, no leading or trailing space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def verbalise(text: str) -> Verbalised:
    """Read one narration beat aloud: see the module docstring for the rules."""
    caption = normalise_caption(text)
    if not caption:
        raise UnspeakableText("a narration beat needs some text")
    tokens = _lex(caption)
    _classify(tokens)
    said: Said = []
    formula_spans: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind in _MATH:
            end = _formula_end(tokens, index)
            formula = tokens[index:end]
            parser = _Parser(formula, caption)
            tree = parser.relation()
            if parser.pos != len(formula):
                raise parser.fail(f"unexpected {formula[parser.pos].text!r}")
            said += _read(tree)
            last = formula[-1]
            formula_spans.append((token.start, last.start + len(last.text)))
            index = end
            continue
        index += 1
        if token.kind in {"word", "norm"}:
            said += _say(_prose_words(token), token.start)
        elif token.kind == "punct" and said:
            _pause(said, token.text)
        elif token.kind in {"dash", "aside"}:
            _pause(said)
        # quotes and hyphens inside compounds are shown, not said

    if not said:
        raise UnspeakableText(f"nothing to say in {_excerpt(caption)}")
    caption_words, starts = _caption_words(caption)
    owners: list[int] = []
    for _, at in said:
        owner = bisect.bisect_right(starts, at) - 1
        owners.append(max(owner, owners[-1]) if owners else owner)
    spoken_words = _sentence_case([w for w, _ in said])
    for word in spoken_words:
        check_speakable(word)
    in_formula = [False] * (len(caption_words) - 1)
    for start, end in formula_spans:
        for i in range(len(caption_words) - 1):
            boundary = starts[i + 1] - 1  # the space between caption words i and i + 1
            if start < boundary < end:
                in_formula[i] = True
    return Verbalised(caption, caption_words, spoken_words, tuple(owners), tuple(in_formula))


def _sentence_case(words: list[str]) -> tuple[str, ...]:
    """Capitalise the word after a full stop and drop a pause left dangling at the end:
    espeak ends a sentence (and pauses) at a full stop only before a capital, so
    "… gradients. sign(w) keeps" must be said "… gradients. Sign of w keeps"."""
    for index in range(1, len(words)):
        if words[index - 1].endswith((".", "?", "!")):
            words[index] = words[index][:1].upper() + words[index][1:]
    if words[-1].endswith(","):
        words[-1] = words[-1][:-1]
    return tuple(words)


def _caption_words(caption: str) -> tuple[tuple[str, ...], list[int]]:
    words = caption.split(" ")
    starts, offset = [], 0
    for word in words:
        starts.append(offset)
        offset += len(word) + 1
    return tuple(words), starts


def _formula_end(tokens: list[_Token], start: int) -> int:
    """Index just past the formula starting at ``tokens[start]``: maths tokens joined
    without a space, or through an operator, and everything inside brackets and bars
    (the commas of ``(1, ε)`` included)."""
    depth, bars, dbars = 0, 0, 0
    index = start
    while index < len(tokens):
        token = tokens[index]
        inside = depth > 0 or bars % 2 == 1 or dbars % 2 == 1
        if index > start and not (inside and token.kind in {"punct", "word", "norm"}):
            previous = tokens[index - 1]
            joined = inside or not token.space_before or "op" in (token.kind, previous.kind)
            if token.kind not in _MATH or not joined:
                break
        if token.kind == "open":
            depth += 1
        elif token.kind == "close":
            if depth == 0:
                break
            depth -= 1
        elif token.kind == "bar":
            bars += 1
        elif token.kind == "dbar":
            dbars += 1
        index += 1
    return index


def _prose_words(token: _Token) -> list[str]:
    if token.spoken:
        return list(token.spoken)
    word = token.text
    if word in WORD_ACRONYMS:
        return [WORD_ACRONYMS[word]]
    acronym = re.fullmatch(r"([A-Z]{2,6})(s?)", word)
    if acronym:
        letters = [LETTER_NAMES[c.lower()] for c in acronym.group(1)]
        if acronym.group(2):
            letters[-1] += "s"
        return letters
    ascii_word = "".join(
        c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)
    )
    return [ascii_word]
