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
from dataclasses import dataclass

from whyl1.speech.formula import MATH, SCI, Node, Parser, Token, classify, lex
from whyl1.speech.words import (
    ADDITIVE,
    CHAINED,
    FUNCTIONS,
    GREEK,
    LETTER_NAMES,
    MULTIPLICATIVE,
    PUNCT_PAUSES,
    RELATIONS,
    SPELLED_WORDS,
    SUPERSCRIPTS,
    VULGAR,
    WORD_ACRONYMS,
    UnspeakableText,
    check_speakable,
    decimal_words,
    excerpt,
    fraction_words,
    integer_words,
    scientific_words,
)

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
    if not word.endswith(tuple(PUNCT_PAUSES)):
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


def _read(node: Node) -> Said:
    token = node.token
    at = token.start if token else 0
    kind = node.kind
    if kind == "num":
        assert token is not None
        return _say(decimal_words(token.text), at)
    if kind == "sci":
        assert token is not None
        m = SCI.fullmatch(token.text)
        assert m is not None
        exponent = int("".join(SUPERSCRIPTS[c] for c in m.group(2)).replace("+", ""))
        return _say(scientific_words(m.group(1), exponent), at)
    if kind == "frac":
        assert token is not None
        return _say(fraction_words(*VULGAR[token.text]), at)
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
            return operand[:1] + _say(ADDITIVE[node.text].split(), at) + operand[1:]
        return _say(ADDITIVE[node.text].split(), at) + operand
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


def _factor(node: Node) -> Said:
    """A factor of a product: a bracketed sum is "the quantity …," so that
    (1 − α)‖β‖₁ is not heard as 1 − α‖β‖₁."""
    if node.kind == "group" and node.text == "(" and node.compound:
        assert node.token is not None
        return _pause(_say(["the", "quantity"], node.token.start) + _read(node.children[0]))
    return _read(node)


def _said_with_article(node: Node) -> bool:
    """True when a factor is said starting with "the" (the absolute value, the quantity,
    the norm, the product…): after another factor it needs a "times"."""
    if node.kind in {"abs", "norm", "bigop"} or (node.kind == "group" and node.text == "("):
        return True
    if node.kind in {"sub", "sup"}:
        base = node.children[0]
        return base.kind in {"norm", "abs"} or base.compound or _said_with_article(base)
    return False


def _first_offset(node: Node) -> int:
    """Where a formula piece starts in the caption: its leftmost token (a power's own
    token is its superscript, at the right)."""
    offsets = [t.start for t in (node.token, node.index, *node.ops, *node.words) if t is not None]
    offsets += [_first_offset(child) for child in node.children]
    return min(offsets)


def _read_power(node: Node) -> Said:
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


def _read_group(node: Node) -> Said:
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


def _read_binary(node: Node) -> Said:
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
    if node.text in MULTIPLICATIVE:
        return _factor(left) + _say(MULTIPLICATIVE[node.text].split(), at) + _factor(right)
    return _read(left) + _say(ADDITIVE[node.text].split(), at) + _read(right)


def _unwrapped(node: Node) -> Node:
    """The formula inside one pair of parentheses (said without them)."""
    return node.children[0] if node.kind == "group" and len(node.children) == 1 else node


def _read_relation(node: Node) -> Said:
    ops = node.ops
    chained = sum(op.text in CHAINED for op in ops) > 1
    said = _read(node.children[0])
    for op, part in zip(ops, node.children[1:], strict=True):
        words = CHAINED[op.text] if chained and op.text in CHAINED else RELATIONS[op.text]
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
    tokens = lex(caption)
    classify(tokens)
    said: Said = []
    formula_spans: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind in MATH:
            end = _formula_end(tokens, index)
            formula = tokens[index:end]
            parser = Parser(formula, caption)
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
        raise UnspeakableText(f"nothing to say in {excerpt(caption)}")
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


def _formula_end(tokens: list[Token], start: int) -> int:
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
            if token.kind not in MATH or not joined:
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


def _prose_words(token: Token) -> list[str]:
    if token.spoken:
        return list(token.spoken)
    word = token.text
    if word in WORD_ACRONYMS:
        return [WORD_ACRONYMS[word]]
    if word in SPELLED_WORDS:
        return [LETTER_NAMES[c] for c in word]
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
