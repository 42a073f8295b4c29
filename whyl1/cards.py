"""The lecture's two cards: the title before the first story, the takeaway and the
sources after the last. Drawn with matplotlib at the videos' pixel size (text wrapped to
the width, shrunk step by step until it fits) and encoded as the stories are, so their
packets can share one track with the stories' (``whyl1.streamcopy.StreamShape``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from whyl1 import sources
from whyl1.streamcopy import StreamShape
from whyl1.theme import FONT_FAMILY, Palette

TAKEAWAY = (
    "L1's pull keeps its full size all the way to 0, and its kink at 0 holds a weight "
    "there: weights land on exactly 0. L2's pull fades with the weight, so weights "
    "shrink but never arrive."
)
# What manim gives the partial movies it joins into a scene (libx264 at its default
# constant rate factor): the cards get the same, so their parameter sets equal the
# stories' and one track holds them all (``StreamShape`` checks it).
CARD_ENCODER_OPTIONS = {"crf": "23"}
_CARD_DPI = 100  # the cards are drawn at the video's pixel size: inches = pixels / dpi


@dataclass(frozen=True)
class TextBlock:
    """A run of text on a card: wrapped to the card's width, at a size relative to the
    card's height, in one of the palette's roles."""

    text: str
    size: float  # a fraction of the card's height
    role: str = "foreground"
    bold: bool = False
    gap: float = 0.5  # space after the block, in lines of its size


def counted(number: int, noun: str, plural: str = "") -> str:
    """``1 story``, ``11 stories``: a lecture or deck may hold a single story (``--story``)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def title_card(stories: int) -> list[TextBlock]:
    """The opening card: the lecture's question and how many stories answer it."""
    return [
        TextBlock(
            "Why does L1 regularization give exact zeros, and L2 does not?",
            0.064,
            bold=True,
            gap=1.0,
        ),
        TextBlock(f"A lecture in {counted(stories, 'story', 'stories')}", 0.042, role="muted"),
    ]


def summary_card(cited: Sequence[sources.Source]) -> list[TextBlock]:
    """The closing card: the takeaway, then every source the lecture's stories cite."""
    blocks = [
        TextBlock("In short", 0.05, bold=True, gap=0.3),
        TextBlock(TAKEAWAY, 0.036, gap=0.9),
        TextBlock("Sources", 0.042, bold=True, gap=0.3),
    ]
    blocks += [
        TextBlock(f"{number}. {sources.reference_text(entry)}", 0.024, role="muted", gap=0.25)
        for number, entry in enumerate(cited, start=1)
    ]
    return blocks


def draw_card(width: int, height: int, colors: Palette, blocks: Sequence[TextBlock]) -> Any:
    """A card as an RGB array of ``height × width`` pixels: the blocks wrapped to the
    width and stacked, centred vertically; when they do not fit, every size shrinks by a
    step until they do (a lecture of many stories cites many sources)."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    margin = 0.07 * width
    scale = 1.0
    while True:
        figure = Figure(figsize=(width / _CARD_DPI, height / _CARD_DPI), dpi=_CARD_DPI)
        figure.patch.set_facecolor(colors.background)
        canvas = FigureCanvasAgg(figure)
        renderer = canvas.get_renderer()
        laid = [
            (
                block,
                wrap_lines(
                    block.text,
                    card_font(block, scale * block.size * height),
                    width - 2 * margin,
                    renderer,
                ),
            )
            for block in blocks
        ]
        line_heights = [1.3 * scale * block.size * height for block in blocks]
        total = sum(
            h * (len(lines) + block.gap)
            for (block, lines), h in zip(laid, line_heights, strict=True)
        )
        if total <= 0.88 * height or scale < 0.3:
            break
        scale *= 0.92
    y = (height + total) / 2  # pixels from the bottom
    for (block, lines), line_height in zip(laid, line_heights, strict=True):
        for line in lines:
            y -= line_height
            figure.text(
                margin / width,
                y / height,
                line,
                color=getattr(colors, block.role),
                fontproperties=card_font(block, scale * block.size * height),
                va="baseline",
                parse_math=False,
            )
        y -= line_height * block.gap
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[:, :, :3].copy()


def card_font(block: TextBlock, pixels: float) -> Any:
    """The font of ``block`` at ``pixels`` high (on a card drawn at ``_CARD_DPI``)."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(
        family=FONT_FAMILY, size=pixels * 72 / _CARD_DPI, weight="bold" if block.bold else "normal"
    )


def wrap_lines(text: str, font: Any, width: float, renderer: Any) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (the renderer's pixels) in
    ``font``: at spaces, or inside a word (an address) too long for a line of its own."""

    def fits(line: str) -> bool:
        return renderer.get_text_width_height_descent(line, font, ismath=False)[0] <= width

    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while not fits(current):  # an address longer than a line: cut where it fills one
            cut = len(current) - 1
            while cut > 1 and not fits(current[:cut]):
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def encode_card(image: Any, seconds: int, shape: StreamShape, target: Path) -> int:
    """Encode a still card as ``seconds`` of video shaped like the stories (and silent
    audio like theirs, when they have audio) into ``target``; returns its frame count."""
    import av

    frames = round(seconds * shape.fps)
    frame_time = Fraction(1) / shape.fps
    with av.open(str(target), "w", format="mp4") as container:
        stream = container.add_stream(shape.codec, rate=shape.fps, options=CARD_ENCODER_OPTIONS)
        stream.pix_fmt = shape.pix_fmt
        stream.width = shape.width
        stream.height = shape.height
        # One still, converted to the stories' pixel format once and given each frame's
        # time: the colour conversion is a fifth of a card's encoding time per frame.
        still = av.VideoFrame.from_ndarray(image, format="rgb24").reformat(format=shape.pix_fmt)
        for index in range(frames):
            still.pts = index
            still.time_base = frame_time
            for packet in stream.encode(still):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    if shape.audio is not None:
        from whyl1.soundtrack import mux_narration

        mux_narration(target, [], target)  # no clips: a silent track as long as the card
    return frames
