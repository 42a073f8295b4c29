"""Timed beats: each caption spans exactly the animations it narrates.

A scene says what it narrates around the animations that show it::

    with self.beat("L1 lands on exactly 0.") as beat:
        self.play(FadeIn(note), run_time=2)
        self.wait(1)

and the caption covers exactly those three seconds, however the run times change.
Everything about a beat's timing lives in this module, so that narration (a voice
read over the beat) is added here and nowhere else.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import numpy as np
from manim import Scene, config


class BeatError(RuntimeError):
    """A beat used in a way that cannot be timed: empty, nested, or across a section."""


class Beat:
    """One stretch of narration and the animations it holds, as a context manager.

    Public surface: ``script`` (the caption's words), ``start`` (scene time when the
    beat opened, seconds), ``end`` (scene time when it closed, ``None`` while open),
    ``elapsed`` (seconds since ``start``, live), ``duration`` (``end − start``) and
    ``plays`` (the numbers of the animations it held, as manim counts them).

    On exit the beat adds one subcaption, from ``start`` to the scene time after its
    last animation: the caption is measured, never typed. A beat must hold at least
    one ``play`` or ``wait``; beats do not nest; a section boundary inside a beat is an
    error (the section's video would cut the caption in two).

    Where narration plugs in (all three stay inside this class):

    - synthesise the beat's speech before the body runs: in ``__enter__``, from
      ``script``;
    - pad the beat to the speech's length: in ``__exit__``, before the caption is
      written, ``self.scene.wait(speech − self.elapsed)`` when the speech is longer;
    - wait for a named word ("bookmark"): a method that waits until ``elapsed``
      reaches the word's time in the speech, called from the body.

    Timing under manim's skipping (``-s``, ``--from_animation_number``, a section with
    ``skip_animations``, an animation found in manim's cache, a dry run that skips
    everything): manim 0.22 advances ``renderer.time`` by an animation's exact run time
    when it skips it, but by whole frames when it renders it (``ceil(run_time·fps)``
    frames for an animation, ``int(run_time·fps)`` for a static wait). Left alone, a
    render that skips its first animations would place every later caption off by up to
    a frame per skipped animation. ``BeatScene.play`` therefore advances the clock of a
    skipped animation by the frames a render would have written, so captions come out on
    the same frame-exact timeline whatever is skipped: a dry run, a still, a range of
    animations and a full render agree to the last bit. (A ``wait_until`` with a stop
    condition cannot be counted without rendering; scenes do not use it.) A range render
    that stops inside a beat (``--upto_animation_number``) ends the scene before the
    beat closes, so that beat writes no caption: cut ranges at beat boundaries, which
    ``plays`` gives (the animation numbers a closed beat holds).
    """

    def __init__(self, scene: BeatScene, script: str) -> None:
        if not script.strip():
            raise BeatError("a beat needs a script: the words it narrates")
        self.scene = scene
        self.script = script
        self.start = float("nan")
        self.end: float | None = None
        self.plays = range(0)

    def __repr__(self) -> str:
        return f"Beat({self.script[:40]!r}, start={self.start}, end={self.end})"

    @property
    def elapsed(self) -> float:
        """Seconds of scene time since the beat opened."""
        return self.scene.renderer.time - self.start

    @property
    def duration(self) -> float:
        """Seconds from the beat's start to its end (only once it has closed)."""
        if self.end is None:
            raise BeatError(f"{self!r} has not ended yet")
        return self.end - self.start

    def __enter__(self) -> Beat:
        scene = self.scene
        if scene.current_beat is not None:
            raise BeatError(f"beats do not nest: {self!r} opened inside {scene.current_beat!r}")
        self.start = scene.renderer.time
        self.plays = range(scene.renderer.num_plays, scene.renderer.num_plays)
        scene.current_beat = self
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        scene = self.scene
        scene.current_beat = None
        if error is not None:
            return  # the scene failed or ended early: no caption for a beat cut short
        self.plays = range(self.plays.start, scene.renderer.num_plays)
        if not self.plays:
            raise BeatError(f"{self!r} holds no animation or wait, so it has no length")
        self.end = scene.renderer.time
        scene.beats.append(self)
        scene.add_subcaption(self.script, duration=self.duration, offset=-self.duration)


class BeatScene(Scene):
    """A manim ``Scene`` with timed beats (``self.beat``) and a frame-exact clock;
    ``self.beats`` lists the beats played so far, in order, with their times."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.beats: list[Beat] = []
        self.current_beat: Beat | None = None

    def beat(self, script: str) -> Beat:
        """A beat narrating ``script`` over the animations played inside its ``with``."""
        return Beat(self, script)

    def next_section(self, *args: Any, **kwargs: Any) -> None:
        """A new section; refused inside a beat, whose caption it would cut."""
        if self.current_beat is not None:
            raise BeatError(f"a section cannot start inside {self.current_beat!r}")
        super().next_section(*args, **kwargs)

    def play(self, *args: Any, **kwargs: Any) -> None:
        """Play as manim does; a skipped animation moves the clock by the frames that
        rendering it would have written (see ``Beat``), so times do not depend on
        what was skipped."""
        renderer = self.renderer
        before = renderer.time
        super().play(*args, **kwargs)
        if renderer.skip_animations:
            renderer.time = before
            dt = 1 / renderer.camera.frame_rate
            if self.is_current_animation_frozen_frame():
                renderer.time += int(self.duration / dt) * dt  # as freeze_current_frame
            else:
                # one frame per step of get_time_progression, added as add_frame does
                for _ in np.arange(0, self.duration, 1 / config["frame_rate"]):
                    renderer.time += 1 * dt
