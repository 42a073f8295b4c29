"""One palette and type scale for scenes and figures, in a light and a dark theme.

Colours are the Okabe–Ito set (distinguishable under the common colour-vision
deficiencies). L1 is always blue and L2 always vermillion, in every scene,
figure and page; the dark theme uses lighter tints of the same hues so lines
and labels keep their contrast on a dark background.
"""

from __future__ import annotations

from dataclasses import dataclass

THEMES = ("light", "dark")


@dataclass(frozen=True)
class Palette:
    """Named colours (hex strings) of one theme; roles, not hues, so code reads as meaning."""

    background: str
    foreground: str
    muted: str
    faint: str
    l1: str  # L1, lasso, Laplace
    l2: str  # L2, ridge, Gaussian
    loss: str  # data-loss contours, the unconstrained optimum
    zero: str  # an exact zero landed on
    accent: str  # a third curve (the narrow Gaussian, the elastic net)
    extra: str  # a fourth curve (p = ∞)


# Each role's colour in the light theme and in the dark one, side by side: the dark one
# is a lighter tint of the same hue, so a role's two colours are chosen (and their
# contrast on each background checked) together, on one line.
_COLOURS: dict[str, tuple[str, str]] = {
    "background": ("#FFFFFF", "#15171C"),
    "foreground": ("#1B1B1B", "#EDEDED"),
    "muted": ("#5E5E5E", "#A9A9A9"),
    "faint": ("#D4D4D4", "#3C4048"),
    "l1": ("#0072B2", "#56B4E9"),
    "l2": ("#D55E00", "#F0824A"),
    "loss": ("#CC79A7", "#E08FC0"),
    "zero": ("#009E73", "#2CC495"),
    "accent": ("#E69F00", "#F0C64A"),
    "extra": ("#56B4E9", "#9AD0F0"),
}

LIGHT = Palette(**{role: light for role, (light, _) in _COLOURS.items()})
DARK = Palette(**{role: dark for role, (_, dark) in _COLOURS.items()})


def palette(theme: str) -> Palette:
    """The palette of ``theme`` (``light`` or ``dark``)."""
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, got {theme!r}")
    return LIGHT if theme == "light" else DARK


@dataclass(frozen=True)
class TypeScale:
    """Font sizes relative to the body size, so one scale serves a 1080p video and a
    single-column print figure alike: sizes are multiplied by each medium's base."""

    title: float = 1.45
    heading: float = 1.2
    body: float = 1.0
    label: float = 0.85
    small: float = 0.7


TYPE = TypeScale()

# Manim's font_size units at which TYPE.body is drawn (48 is Manim's default Tex size).
MANIM_BODY_SIZE = 34

# Fonts: DejaVu ships with matplotlib and with Debian (fonts-dejavu-core), so text
# looks the same in both media on a fresh machine; formulas use Computer Modern
# (LaTeX in scenes, mathtext's "cm" set in figures).
FONT_FAMILY = "DejaVu Sans"


def number_parts(value: float, digits: int = 6) -> tuple[str, int | None]:
    """``value`` at most ``digits`` significant digits, trailing zeros dropped, as its
    mantissa (ASCII minus) and power of ten (None when written without one): the one
    rounding rule behind ``number_text`` for screens and ``math_number`` for mathtext."""
    if value == 0:
        return "0", None
    formatted = f"{value:.{digits}g}"
    if "e" not in formatted:
        return formatted, None
    mantissa, exponent = formatted.split("e")
    return mantissa, int(exponent)


def number_text(value: float, digits: int = 6) -> str:
    """A number as a lecturer would write it: at most ``digits`` significant digits,
    trailing zeros dropped, a true minus sign, exact 0 printed as ``0`` and tiny or
    huge values as ``4.76837×10⁻⁶``."""
    mantissa, power = number_parts(value, digits)
    if power is not None:
        mantissa += "×10" + str(power).translate(_SUPERSCRIPTS)
    return mantissa.replace("-", "−")


# Exponents as superscript characters (DejaVu has them), so 4.8×10⁻⁶ reads the same as
# plain text in a scene and in a figure, with no markup language.
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
