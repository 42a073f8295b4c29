"""The verbaliser: every symbol and number form of the scripts, said in plain words.

The expected readings are written out by hand (how a lecturer says them), numbers
are checked by parsing the words back with an independent little parser, and the
guard is checked to stop anything unspeakable before it reaches the engine.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from whyl1.speech import (
    UnspeakableText,
    check_speakable,
    decimal_words,
    integer_words,
    verbalise,
)

# Every form the scene narrations and theme.number_text produce, and the forms of the
# figures' texts a later script may use: caption text -> what the engine is given.
READINGS = [
    # the issue's own examples
    ("η = 0.5", "eta equals zero point five"),
    ("4.76837×10⁻⁶", "about four point seven seven times ten to the minus six"),
    ("L1", "L one"),
    ("β̂", "beta hat"),
    ("|w|", "the absolute value of w"),
    ("sign(w)", "sign of w"),
    # norms and their names
    ("L2's gradient", "L two's gradient"),
    ("L1's steps", "L one's steps"),
    ("‖β‖₁", "the L one norm of beta"),
    ("‖β‖₂²", "the squared L two norm of beta"),
    ("ℓ₁ ball", "L one ball"),
    ("the L∞ ball", "the L infinity ball"),
    ("L1-regularised", "L one regularised"),
    (
        "α‖β‖₁ + (1 − α)‖β‖₂² ≤ 1",
        "alpha times the L one norm of beta plus the quantity one minus alpha, "
        "times the squared L two norm of beta is at most one",
    ),
    # numbers (theme.number_text: true minus, ×10 with superscripts, up to 6 digits)
    ("w = 5", "w equals five"),
    ("w = 5.1", "w equals five point one"),
    ("−0.4", "minus zero point four"),
    ("−1.414", "about minus one point four one"),
    ("from −1.414 to 1.414", "from about minus one point four one to about one point four one"),
    ("0.0975", "zero point zero nine seven five"),
    ("0.5595", "about zero point five six"),
    ("1.596", "about one point six"),
    ("0.7071", "about zero point seven zero seven"),
    ("1×10⁻⁶", "ten to the minus six"),
    ("1.93656×10⁻⁷", "about one point nine four times ten to the minus seven"),
    ("2.5×10⁶", "two point five times ten to the six"),
    ("1000", "one thousand"),
    ("1,000 features", "one thousand features"),
    ("100,000 draws", "one hundred thousand draws"),
    ("442×10", "four hundred forty two times ten"),
    ("step 10", "step ten"),
    ("the last 4 steps", "the last four steps"),
    ("20 steps", "twenty steps"),
    ("½", "one half"),
    ("¼", "one quarter"),
    ("3/4", "three quarters"),
    ("1/2", "one half"),
    ("50%", "fifty percent"),
    ("1–7 s", "one to seven s"),
    # Greek letters, hats, bars, subscripts, primes
    ("ηλ", "eta lambda"),
    ("1 − ηλ", "one minus eta lambda"),
    ("λ|w|", "lambda times the absolute value of w"),
    ("β|w|", "beta times the absolute value of w"),
    ("βw²", "beta w squared"),
    ("x̄", "x bar"),
    ("βⱼ", "beta j"),
    ("β₁", "beta one"),
    ("A_L", "eh L"),
    ("A_R", "eh R"),
    ("L'(0)", "L prime of zero"),
    ("L′(0)", "L prime of zero"),
    ("−L'(0)", "minus L prime of zero"),
    ("ε", "epsilon"),
    ("δ σ γ Φ", "delta sigma gamma Phi"),
    # powers, products, fractions, brackets
    ("x = (1, ε)", "x equals one, epsilon"),
    ("1 + ε²", "one plus epsilon squared"),
    ("2δ − δ²", "two delta minus delta squared"),
    ("2εδ − δ²", "two epsilon delta minus delta squared"),
    ("L(w) = ½(w − c)²", "L of w equals one half times the quantity w minus c, squared"),
    ("½a(w − c)²", "one half eh times the quantity w minus c, squared"),
    ("−c", "minus c"),
    ("|w|/b plus", "the absolute value of w, over b, plus"),
    ("β̂/(1 + γ)", "beta hat over one plus gamma"),
    ("c/(1 + 2β)", "c over one plus two beta"),
    ("2(a + b)", "two times the quantity eh plus b"),
    ("|β₁|^p", "the absolute value of beta one, to the p"),
    ("x^2 + y^{10}", "x squared plus y to the ten"),
    ("XᵀX = I", "X transpose X equals I"),
    ("[−β, β]", "the interval from minus beta to beta"),
    ("Πⱼ[1 − x]", "the product over j of one minus x"),
    ("w ← w − η·sign(w)", "w becomes w minus eta times sign of w"),
    # relations
    ("sign(0) = 0", "sign of zero equals zero"),
    ("|L'(0)| ≤ β", "the absolute value of L prime of zero is at most beta"),
    (
        "−β ≤ L'(0) ≤ β",
        "minus beta less than or equal to L prime of zero less than or equal to beta",
    ),
    ("p ≥ 1", "p is at least one"),
    ("p < 1 and p > 1", "p is less than one and p is greater than one"),
    ("n → ∞", "n tends to infinity"),
    ("β̂ ~ N(β, σ²I)", "beta hat is distributed as N of beta, sigma squared I"),
    ("P(β̂ ∈ A_L)", "P of beta hat in eh L"),
    ("P(lasso sparse) > 0", "P of lasso sparse is greater than zero"),
    ("N(0, unit variance)", "N of zero, unit variance"),
    ("|w|² and (|w|)²", "the absolute value of w, squared and the absolute value of w, squared"),
    (
        "1 − Πⱼ[1 − (Φ((γ−βⱼ)/σ) − Φ((−γ−βⱼ)/σ))] = 0.5595",
        "one minus the product over j of one minus Phi of gamma minus beta j, over sigma, "
        "minus Phi of minus gamma minus beta j, over sigma, equals about zero point five six",
    ),
    # prose: articles, acronyms, abbreviations, asides, compounds
    ("A step that would cross 0", "A step that would cross zero"),
    ("L1 a Laplace prior", "L one a Laplace prior"),
    ("Seen as MAP estimation", "Seen as em eh pee estimation"),
    ("The Gaussian MAPs", "The Gaussian em eh pees"),
    ("e.g. the lasso", "for example the lasso"),
    ("the proximal step of ISTA", "the proximal step of ista"),
    ("Fig. 3.11", "figure three point one one"),
    ("A_R (the axes themselves) is", "eh R, the axes themselves, is"),
    ("the axes (a set of area 0).", "the axes, a set of area zero."),
    ("the pair (a, b)", "the pair eh, b"),
    ("non-zero, soft-thresholding, log-prior", "non-zero, soft-thresholding, log-prior"),
    ("the disk's contact point", "the disk's contact point"),
    ("a budget t. With noise s.", "a budget t. With noise s."),
    ("“exact” zeros — always", "exact zeros, always"),
    # espeak pauses at a full stop only before a capital
    ("the gradients. sign(w) keeps", "the gradients. Sign of w keeps"),
]


@pytest.mark.parametrize(("caption", "spoken"), READINGS, ids=[r[0] for r in READINGS])
def test_every_form_is_said_in_words(caption, spoken):
    said = verbalise(caption)
    assert said.spoken == spoken
    assert said.caption == caption  # the caption shows the text as written
    check_speakable(said.spoken)


def test_a_whole_narration_beat():
    beat = (
        "Take the loss L(w) = ½(w − c)², whose slope at w = 0 is −c. Add the L1 penalty "
        "β|w| on the left, or the L2 penalty βw² on the right, and mark each minimiser."
    )
    assert verbalise(beat).spoken == (
        "Take the loss L of w equals one half times the quantity w minus c, squared, whose "
        "slope at w equals zero is minus c. Add the L one penalty beta times the absolute "
        "value of w on the left, or the L two penalty beta w squared on the right, and mark "
        "each minimiser."
    )


def test_spoken_words_map_back_to_the_caption_words_they_came_from():
    said = verbalise("Take the loss L(w) = ½(w − c)², whose slope")
    assert said.caption_words == (
        "Take", "the", "loss", "L(w)", "=", "½(w", "−", "c)²,", "whose", "slope",
    )  # fmt: skip
    by_caption_word = [
        " ".join(said.spoken_words[k] for k in said.spoken_range(i))
        for i in range(len(said.caption_words))
    ]
    assert by_caption_word == [
        "Take", "the", "loss", "L of w", "equals", "one half times the quantity w", "minus",
        "c, squared,", "whose", "slope",
    ]  # fmt: skip
    # A caption may be cut between words, but not inside the formula L(w) = ½(w − c)².
    assert said.in_formula == (False, False, False, True, True, True, True, False, False)


def test_a_superscript_belongs_to_the_caption_word_it_is_written_in():
    said = verbalise("α‖β‖₁ + (1 − α)‖β‖₂² ≤ 1")
    owners = dict(zip(said.spoken_words, said.owners, strict=False))
    assert said.caption_words[owners["alpha,"]] == "α)‖β‖₂²"
    assert said.caption_words[owners["plus"]] == "+"
    assert list(said.owners) == sorted(said.owners)


def test_whitespace_is_normalised_and_the_caption_kept_otherwise():
    said = verbalise("  Zoom\n into the last   4 steps. ")
    assert said.caption == "Zoom into the last 4 steps."
    assert said.spoken == "Zoom into the last four steps."


@pytest.mark.parametrize("text", ["", "   ", "The set ℝ of reals", "a → ", "(1, 2", "‖β", "x = ☃"])
def test_what_cannot_be_read_raises_one_clear_error(text):
    with pytest.raises(UnspeakableText) as error:
        verbalise(text)
    assert "\n" not in str(error.value)


# --- the guard before the engine -----------------------------------------------------


@pytest.mark.parametrize("text", ["eta equals zero point five.", "L one's step, w: ok? yes!"])
def test_the_guard_passes_plain_words(text):
    assert check_speakable(text) == text


@pytest.mark.parametrize(
    ("text", "bad"),
    [("η = 0.5", "η"), ("x²", "²"), ("w − c", "−"), ("x = 1", "="), ("β̂", "β"), ("a|b", "|"),
     ("naïve", "ï"), ("tab\there", "\t")],
)  # fmt: skip
def test_the_guard_names_the_first_unspeakable_character(text, bad):
    with pytest.raises(UnspeakableText, match=re.escape(f"cannot say {bad!r}")):
        check_speakable(text)


SYMBOLS = "ηλβεδσγΦΠαμ0123456789.,;:+−-×·/=≤≥<>~∈→|‖()[]²³ᵀ⁻¹⁶₁₂ⱼ_^½′'̂̄ "
WORDS = st.sampled_from(["w", "x", "a", "the", "step", "L1", "L2's", "sign", "MAP", "zero"])


@given(st.lists(st.one_of(WORDS, st.text(SYMBOLS, min_size=1, max_size=6)), max_size=8))
def test_any_mixture_is_said_speakably_or_refused(pieces):
    """Random mixtures of the scripts' symbols: either one clear refusal, or speakable
    words, every one owned by a caption word, in caption order."""
    text = " ".join(pieces)
    try:
        said = verbalise(text)
    except UnspeakableText:
        return
    check_speakable(said.spoken)
    assert len(said.owners) == len(said.spoken_words)
    assert list(said.owners) == sorted(said.owners)
    assert all(0 <= owner < len(said.caption_words) for owner in said.owners)
    assert len(said.in_formula) == len(said.caption_words) - 1


# --- numbers against an independent reader of number words ---------------------------

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}  # fmt: skip
_TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}  # fmt: skip
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def read_back(words: list[str]) -> Decimal:
    """Number words to a value, the way a listener adds them up (independent of the
    verbaliser's code: accumulate units and tens, multiply by hundred and scales)."""
    sign = 1
    if words[:1] == ["about"]:
        words = words[1:]
    if words[:1] == ["minus"]:
        sign, words = -1, words[1:]
    whole_words, fraction = words, []
    if "point" in words:
        at = words.index("point")
        whole_words, fraction = words[:at], words[at + 1 :]
    total = group = 0
    for word in whole_words:
        if word in _UNITS:
            group += _UNITS[word]
        elif word in _TENS:
            group += _TENS[word]
        elif word == "hundred":
            group *= 100
        else:
            total, group = total + group * _SCALES[word], 0
    digits = "".join(str(_UNITS[w]) for w in fraction)
    return sign * Decimal(f"{total + group}.{digits}" if digits else total + group)


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
def test_integers_read_back_exactly(n):
    assert read_back(integer_words(n)) == n


@given(st.decimals(min_value=0, max_value=10**6, places=6, allow_nan=False))
def test_decimals_read_back_to_three_significant_digits(value):
    text = format(value.normalize(), "f")
    words = decimal_words(text)
    said = read_back(words)
    significant = len(text.replace(".", "").lstrip("0").rstrip("0") if "." in text else "1")
    if "." not in text or significant <= 3:
        assert said == value and words[0] != "about"
    else:
        # rounded to three significant digits, or to the units when more are whole
        unit = Decimal(10) ** min(value.adjusted() - 2, 0)
        assert abs(said - value) <= unit / 2
        assert (words[0] == "about") == (said != value)
