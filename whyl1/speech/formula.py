"""The formula lexer and precedence parser of the verbaliser.

A caption is cut into tokens (words, numbers, letters, operators, brackets, scripts),
formula tokens are told from prose, and each formula is parsed into a tree, so that the
reader can say ``(w − c)²`` as "the quantity w minus c, squared" rather than symbol by
symbol.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whyl1.speech.words import (
    ABBREVIATIONS,
    ACCENTS,
    ADDITIVE,
    ASCII_RELATIONS,
    BIG_OPERATORS,
    FUNCTION_LETTERS,
    FUNCTIONS,
    GREEK,
    MULTIPLICATIVE,
    PUNCT_PAUSES,
    QUOTES,
    RELATIONS,
    SUBSCRIPTS,
    SUPERSCRIPTS,
    VULGAR,
    UnspeakableText,
    excerpt,
    integer_words,
)

# --- lexer ---------------------------------------------------------------------------


@dataclass
class Token:
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
SCI = re.compile(r"(\d+(?:\.\d+)?)×10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|\.\d+")
_NORM_NAME = re.compile(r"[Lℓ]([0-9]+|[₀-₉]+|[pq∞])(['’]s)?(?![A-Za-z0-9])")
_ABBREVIATION = re.compile("|".join(re.escape(a) for a in ABBREVIATIONS))
_ASCII_SUB = re.compile(r"_(\{[^}]*\}|[A-Za-z0-9]+)")
_ASCII_SUP = re.compile(r"\^(\{[^}]*\}|-?[A-Za-z0-9]+)")
_SUB_RUN = re.compile(f"[{''.join(SUBSCRIPTS)}]+")
_SUP_RUN = re.compile(f"[{''.join(SUPERSCRIPTS)}]+")
_UNITS = {"%": "percent", "°": "degrees", "&": "and"}
_NORM_INDEX = {"∞": "infinity"}


# Characters that are a token on their own, by kind. The en dash is a pause in prose;
# between two numbers (1–7) the lexer makes it the range "to".
_SINGLE = {
    **dict.fromkeys(ACCENTS, "accent"), **dict.fromkeys(VULGAR, "frac"), "∞": "inf",
    **dict.fromkeys([*RELATIONS, *ADDITIVE, *MULTIPLICATIVE], "op"),
    **dict.fromkeys("([{", "open"), **dict.fromkeys(")]}", "close"), "|": "bar", "‖": "dbar",
    **dict.fromkeys(PUNCT_PAUSES, "punct"), **dict.fromkeys("—–…", "dash"),
    **dict.fromkeys(QUOTES, "quote"), "'": "quote", "′": "quote",
}  # fmt: skip


def lex(text: str) -> list[Token]:
    """Split a caption into tokens, each with its offset in the caption."""
    tokens: list[Token] = []
    i, space = 0, False
    while i < len(text):
        if text[i].isspace():
            i, space = i + 1, True
            continue
        kind, value, length, spoken = _lex_one(text, i, tokens[-1] if tokens else None, space)
        tokens.append(Token(kind, value, i, space, spoken))
        i, space = i + length, False
    return tokens


def _lex_one(
    text: str, i: int, previous: Token | None, space: bool
) -> tuple[str, str, int, tuple[str, ...]]:
    """The token at ``text[i]``: its kind, text, length and fixed reading, if any."""
    ch = text[i]
    if m := _ABBREVIATION.match(text, i):
        return "word", m.group(), len(m.group()), tuple(ABBREVIATIONS[m.group()].split())
    if m := SCI.match(text, i):
        return "sci", m.group(), len(m.group()), ()
    if m := _NORM_NAME.match(text, i):
        index = "".join(SUBSCRIPTS.get(c, c) for c in m.group(1))
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
        return "sub", "".join(SUBSCRIPTS[c] for c in m.group()), len(m.group()), ()
    if ch == "^" and (m := _ASCII_SUP.match(text, i)):
        return "sup", m.group(1).strip("{}"), len(m.group()), ()
    if m := _SUP_RUN.match(text, i):
        return "sup", "".join(SUPERSCRIPTS[c] for c in m.group()), len(m.group()), ()
    if text.startswith(tuple(ASCII_RELATIONS), i):
        return "op", ASCII_RELATIONS[text[i : i + 2]], 2, ()
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
    raise UnspeakableText(f"no reading for {ch!r} (U+{ord(ch):04X}) in {excerpt(text)}")


# Tokens that can belong to a formula.
MATH = {"ident", "greek", "num", "sci", "frac", "inf", "op", "open", "close", "bar", "dbar",
         "sub", "sup", "accent", "prime"}  # fmt: skip


def _is_prose_word(token: Token) -> bool:
    return token.kind == "norm" or (token.kind == "word" and len(token.text) > 1)


def classify(tokens: list[Token]) -> None:
    """Decide which single letters and names are maths: a lone ``a``, ``A`` or ``I``
    between spaces is English; a letter next to a formula, a one-letter name, or a
    function name before its parenthesis is maths."""
    opened: list[Token] = []
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
            glued = (after is not None and not after.space_before and after.kind in MATH) or (
                before is not None and not token.space_before and before.kind in MATH
            )
            operator_next = (after is not None and after.kind == "op") or (
                before is not None and before.kind == "op"
            )
            if token.text in "aAI" and not (glued or operator_next):
                continue  # the article, the pronoun
            token.kind = "ident"


# --- parser --------------------------------------------------------------------------


@dataclass
class Node:
    """A parsed formula piece. ``text`` is its operator, script, accent or bracket;
    ``ops`` the relations of a chain; ``index`` a big operator's subscript;
    ``separator`` the comma before a bracket item; ``words`` prose inside brackets."""

    kind: str
    token: Token | None = None
    children: list[Node] = field(default_factory=list)
    text: str = ""
    ops: list[Token] = field(default_factory=list)
    index: Token | None = None
    separator: Token | None = None
    words: list[Token] = field(default_factory=list)

    @property
    def compound(self) -> bool:
        """True when reading it needs grouping words ("the quantity …")."""
        if self.kind in {"binary", "relation", "neg", "juxt"}:
            return True
        if self.kind == "group" and len(self.children) == 1:
            return self.children[0].compound
        return False


class Parser:
    """Precedence parser over one formula's tokens."""

    def __init__(self, tokens: list[Token], text: str) -> None:
        self.tokens, self.pos, self.text = tokens, 0, text
        # How many |…| and ‖…‖ are open: inside one, its bar closes it rather than opening
        # another.
        self.open_bars = {"bar": 0, "dbar": 0}

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def fail(self, why: str) -> UnspeakableText:
        return UnspeakableText(f"cannot read the formula in {excerpt(self.text)}: {why}")

    def expect(self, kind: str, text: str | None = None) -> Token:
        token = self.peek()
        if token is None or token.kind != kind or (text is not None and token.text != text):
            raise self.fail(f"expected {text or kind}")
        return self.take()

    # relation := additive (REL additive)*
    def relation(self) -> Node:
        first = self.additive()
        parts, ops = [first], []
        while (t := self.peek()) and t.kind == "op" and t.text in RELATIONS:
            ops.append(self.take())
            parts.append(self.additive())
        if not ops:
            return first
        return Node("relation", children=parts, ops=ops)

    def additive(self) -> Node:
        left = self.unary()
        while (t := self.peek()) and t.kind == "op" and t.text in ADDITIVE:
            op = self.take()
            left = Node("binary", op, [left, self.term()], op.text)
        return left

    def unary(self) -> Node:
        t = self.peek()
        if t and t.kind == "op" and t.text in ADDITIVE:
            op = self.take()
            return Node("neg", op, [self.unary()], op.text)
        return self.term()

    def term(self) -> Node:
        left = self.postfix()
        while t := self.peek():
            if t.kind == "op" and t.text in MULTIPLICATIVE:
                op = self.take()
                right = self.unary() if (n := self.peek()) and n.kind == "op" else self.postfix()
                left = Node("binary", op, [left, right], op.text)
            elif not t.space_before and self.starts_atom(t):
                left = Node("juxt", None, [left, self.postfix()])
            elif t.kind in {"word", "norm"}:  # words after a term, inside brackets: (1 step)
                left = Node("juxt", None, [left, self.atom()])
            else:
                break
        return left

    def starts_atom(self, token: Token) -> bool:
        if token.kind in {"num", "sci", "frac", "inf", "ident", "greek"}:
            return True
        if token.kind == "open" and token.text in "([":
            return True
        return token.kind in self.open_bars and self.open_bars[token.kind] == 0

    def postfix(self) -> Node:
        node = self.atom()
        while t := self.peek():
            if t.kind == "sub" and not t.space_before:
                node = Node("sub", self.take(), [node], t.text)
            elif t.kind == "sup" and not t.space_before:
                node = Node("sup", self.take(), [node], t.text)
            elif t.kind == "accent":
                node = Node("accent", self.take(), [node], ACCENTS.get(t.text, ""))
                if not node.text:
                    raise self.fail(f"no reading for the accent U+{ord(t.text):04X}")
            elif t.kind == "prime" and not t.space_before:
                node = Node("prime", self.take(), [node])
            elif t.kind == "open" and t.text == "(" and not t.space_before and _callable(node):
                open_token = self.take()
                args = self.items(")")
                node = Node("call", open_token, [node, *args])
            else:
                break
        return node

    def items(self, closer: str) -> list[Node]:
        """Comma-separated relations up to ``closer`` (which is consumed)."""
        items = [self.relation()]
        while (t := self.peek()) and t.kind == "punct" and t.text == ",":
            comma = self.take()
            item = self.relation()
            item.separator = comma
            items.append(item)
        self.expect("close", closer)
        return items

    def atom(self) -> Node:
        t = self.peek()
        if t is None:
            raise self.fail("it ends too early")
        if t.kind in {"word", "norm"}:  # words inside brackets: P(lasso sparse)
            words = [self.take()]
            while (n := self.peek()) and n.kind in {"word", "norm"}:
                words.append(self.take())
            return Node("words", t, words=words)
        if t.kind in {"num", "sci", "frac", "inf", "greek", "ident"}:
            self.take()
            if t.kind == "greek" and t.text in BIG_OPERATORS and self.big_operator_follows():
                return self.big_operator(t)
            return Node(t.kind, t)
        if t.kind == "open":
            self.take()
            closer = {"(": ")", "[": "]", "{": "}"}[t.text]
            return Node("group", t, self.items(closer), t.text)
        if t.kind in self.open_bars:  # |x| or ‖x‖
            self.take()
            self.open_bars[t.kind] += 1
            inner = self.relation()
            self.open_bars[t.kind] -= 1
            self.expect(t.kind)
            return Node("abs" if t.kind == "bar" else "norm", t, [inner])
        raise self.fail(f"unexpected {t.text!r}")

    def big_operator_follows(self) -> bool:
        following = self.peek()
        return (
            following is not None
            and not following.space_before
            and (following.kind == "sub" or self.starts_atom(following))
        )

    def big_operator(self, token: Token) -> Node:
        node = Node("bigop", token, [], BIG_OPERATORS[token.text])
        if (t := self.peek()) and t.kind == "sub":
            node.index = self.take()
        node.children = [self.postfix()]
        return node


def _callable(node: Node) -> bool:
    if node.kind == "prime":
        return True
    if node.kind == "ident" and node.token is not None:
        name = node.token.text
        return name in FUNCTIONS or name in FUNCTION_LETTERS
    return node.kind == "greek" and node.token is not None and node.token.text in FUNCTION_LETTERS
