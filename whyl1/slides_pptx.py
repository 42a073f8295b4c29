"""The PowerPoint deck (``slides.pptx``, also for LibreOffice Impress), with python-pptx.

A title slide; then for each story a slide per section, its clip as a movie filling the
slide with the clip's first frame as its poster and the section's narration as the
speaker notes; the story's figure at slide size; and a closing slide with the sources.
Every picture and movie carries alt text (python-pptx has no setting for it: the shape's
``cNvPr/@descr``, where PowerPoint keeps it).

Nothing here goes beyond what python-pptx writes itself (its movie shape, its layouts),
so the file opens in PowerPoint and Impress alike. Clips above 720p are re-encoded to
720p first (``whyl1.slides.downscaled_clip``): PowerPoint falters on decks with many
1080p videos, and a lecture deck has about fifty.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from whyl1 import outputs
from whyl1.cards import counted
from whyl1.lecture import cited_sources
from whyl1.slides import DECK_TITLE, PPTX, StoryDeck, downscaled_clip
from whyl1.sources import reference_text

# 16:9 at PowerPoint's default widescreen size (13.333 × 7.5 in), in EMU.
SLIDE_WIDTH = 12_192_000
SLIDE_HEIGHT = 6_858_000
TITLE_LAYOUT, TITLE_ONLY_LAYOUT, BLANK_LAYOUT = 0, 5, 6  # in python-pptx's default template


def set_alt_text(shape: object, text: str) -> None:
    """Give a picture or movie its alt text (``descr`` of its ``p:cNvPr``)."""
    shape._element.nvPicPr.cNvPr.set("descr", text)  # type: ignore[attr-defined]


def build_pptx(out_dir: Path, decks: Sequence[StoryDeck]) -> Path:
    """Write ``<out>/slides.pptx`` from the prepared decks (clips and stills cut already)."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
    layouts = presentation.slide_layouts
    full = (Emu(0), Emu(0), Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT))

    opening = presentation.slides.add_slide(layouts[TITLE_LAYOUT])
    title, subtitle = opening.shapes.title, opening.placeholders[1]
    title.text = DECK_TITLE
    subtitle.text = (
        f"{counted(len(decks), 'story', 'stories')}, a slide per step: click a step's video "
        "to play it. The narration is in the speaker notes."
    )
    margin = Emu(SLIDE_WIDTH // 12)
    for shape, top, height in ((title, 0.22, 0.36), (subtitle, 0.62, 0.2)):
        shape.left, shape.width = margin, Emu(SLIDE_WIDTH - 2 * margin)
        shape.top, shape.height = Emu(int(SLIDE_HEIGHT * top)), Emu(int(SLIDE_HEIGHT * height))

    with tempfile.TemporaryDirectory(prefix=outputs.TEMP_PREFIX, dir=out_dir) as scratch:
        for deck in decks:
            for section in deck.sections:
                slide = presentation.slides.add_slide(layouts[BLANK_LAYOUT])
                clip = downscaled_clip(section.clip, Path(scratch) / section.clip.name)
                movie = slide.shapes.add_movie(
                    str(clip), *full, poster_frame_image=str(section.first_still),
                    mime_type="video/mp4",
                )  # fmt: skip
                lead = section.beats[0] if section.beats else ""
                set_alt_text(movie, f"Animation: {section.title}. {lead}".strip())
                slide.notes_slide.notes_text_frame.text = section.narration
            if deck.figure is not None:
                slide = presentation.slides.add_slide(layouts[BLANK_LAYOUT])
                picture = slide.shapes.add_picture(str(deck.figure.image), *full)
                set_alt_text(picture, deck.figure.alt)
                slide.notes_slide.notes_text_frame.text = deck.figure.alt

        closing = presentation.slides.add_slide(layouts[TITLE_ONLY_LAYOUT])
        heading = closing.shapes.title
        heading.text = "Sources"
        # All four: setting only some gives the placeholder a position of its own with
        # the rest 0, and Impress then draws the heading above the slide's top edge.
        heading.left, heading.width = margin, Emu(SLIDE_WIDTH - 2 * margin)
        heading.top, heading.height = Emu(SLIDE_HEIGHT // 20), Emu(SLIDE_HEIGHT // 8)
        box = closing.shapes.add_textbox(
            margin,
            Emu(SLIDE_HEIGHT // 5),
            Emu(SLIDE_WIDTH - 2 * margin),
            Emu(SLIDE_HEIGHT * 3 // 4),
        )
        frame = box.text_frame
        frame.word_wrap = True
        cited = cited_sources([deck.story for deck in decks])
        for number, entry in enumerate(cited, start=1):
            paragraph = frame.paragraphs[0] if number == 1 else frame.add_paragraph()
            paragraph.text = f"{number}. {reference_text(entry)}"
            paragraph.font.size = Pt(11 if len(cited) > 6 else 14)

        target = out_dir / PPTX
        with outputs.atomic_path(target) as temporary:
            presentation.save(str(temporary))
    return target
