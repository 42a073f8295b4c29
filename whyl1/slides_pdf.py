"""The handout (``slides.pdf``): a page per section of each story, then its figure.

Each section's page shows the picture the section ends on (its clip's last frame) and
what the narration says over it; each figure's page the figure and its alt text. Drawn
with matplotlib's PDF backend, with no dates in the file and the pictures embedded as
they are (no resampling), so the same decks give the same bytes. Text is embedded as
TrueType (``pdf.fonttype`` 42): it can be searched, selected and read aloud.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from whyl1 import outputs
from whyl1.cards import wrap_lines
from whyl1.slides import DECK_TITLE, PDF, StoryDeck
from whyl1.theme import FONT_FAMILY, LIGHT

PAGE = (11.69, 8.27)  # A4 landscape, inches
MARGIN = 0.6  # inches
HEADING_PT, BODY_PT = 16, 11
MAX_IMAGE, MIN_IMAGE = 4.6, 2.8  # the picture's height, inches
GAP = 0.3  # inches between the picture and the text
# What a handout needs to be the same every time: no dates, so the bytes follow the
# content; the title and the tool named.
METADATA = {"Title": DECK_TITLE, "Creator": "whyl1", "CreationDate": None, "ModDate": None}


def build_handout(out_dir: Path, decks: Sequence[StoryDeck]) -> Path:
    """Write ``<out>/slides.pdf`` from the prepared decks (stills made already). Printed
    handouts are on white paper, so the page is always in the light palette."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from PIL import Image

    target = out_dir / PDF
    with (
        matplotlib.rc_context({"pdf.fonttype": 42, "font.family": FONT_FAMILY}),
        outputs.atomic_path(target) as temporary,
        PdfPages(temporary, metadata=METADATA) as pdf,
    ):
        for deck in decks:
            for section in deck.sections:
                with Image.open(section.last_still) as picture:
                    pdf.savefig(_page(section.title, picture.convert("RGB"), section.beats))
            if deck.figure is not None:
                with Image.open(deck.figure.image) as picture:
                    title = f"{deck.story.title}: the figure"
                    pdf.savefig(_page(title, picture.convert("RGB"), (deck.figure.alt,)))
    return target


def _page(title: str, picture: object, paragraphs: Sequence[str]) -> object:
    """One page: ``title`` on top, ``picture`` below it at 16:9, then the paragraphs. The
    picture gives up height to a long narration (down to ``MIN_IMAGE``), and the text
    shrinks if it must, so everything fits on the page."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    figure = Figure(figsize=PAGE, dpi=72)  # a point is a pixel: text is measured in points
    figure.patch.set_facecolor(LIGHT.background)
    width, height = PAGE
    figure.text(
        MARGIN / width, 1 - (MARGIN + 0.25) / height, title, fontsize=HEADING_PT,
        fontweight="bold", color=LIGHT.foreground, parse_math=False,
    )  # fmt: skip
    renderer = FigureCanvasAgg(figure).get_renderer()  # measures text (same font metrics)
    top = MARGIN + 0.5  # inches from the top, where the picture starts
    room = height - top - MARGIN - GAP
    size = BODY_PT
    while True:
        font = FontProperties(family=FONT_FAMILY, size=size)
        laid = [wrap_lines(text, font, (width - 2 * MARGIN) * 72, renderer) for text in paragraphs]
        line = size * 1.35 / 72
        text_height = sum(len(lines) + 0.5 for lines in laid) * line
        if room - text_height >= MIN_IMAGE or size <= 7:
            break
        size -= 0.5
    image_height = min(MAX_IMAGE, max(MIN_IMAGE, room - text_height))
    image_width = image_height * 16 / 9
    axes = figure.add_axes(
        (
            (width - image_width) / 2 / width,
            1 - (top + image_height) / height,
            image_width / width,
            image_height / height,
        )
    )
    axes.imshow(np.asarray(picture), interpolation="none", aspect="auto")
    axes.set_axis_off()
    y = top + image_height + GAP
    for lines in laid:
        for text in lines:
            figure.text(
                MARGIN / width, 1 - y / height, text, fontproperties=font,
                color=LIGHT.foreground, va="top", parse_math=False,
            )  # fmt: skip
            y += line
        y += line / 2
    return figure
