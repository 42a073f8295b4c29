"""Timed beats: each beat is said by the voice, and its animations are fitted to the speech.

A scene says what it narrates around the animations that show it::

    with self.beat("From 0.1 the next step jumps over 0. L1 lands on exactly 0.") as beat:
        self.play(FadeIn(note), run_time=2)           # starts as the beat starts
        beat.play_until("jumps", dot.animate.move_to(zero))  # ends as "jumps" is said
        beat.until("exactly 0")                       # waits for the word...
        self.play(Flash(dot))                         # ...and flashes on it

Entering the beat synthesises its speech (``whyl1.narration.prepare_beat``, cached per
beat): the words said, their times, the caption cues cut at phrase boundaries. The body
then runs against that clock: ``until`` waits for a word, ``play_until`` stretches an
animation to end on one, ``seconds_to`` says how long until a word (for a series of
animations that must end on it), ``remaining`` how much speech is left. Leaving the beat
pads it with a static wait until the speech (and the beat's ``pause``, a deliberate
silence) is over, and writes one subcaption per cue at the times its words are said.
Nothing about timing is typed by hand. The first beat of a scene waits for
``BeatScene.LEAD_IN`` (half a second of quiet) before its first word.

The voice comes from ``$WHYL1_VOICE`` (``joe``, ``none`` or the path of a Piper voice;
``whyl1 render --voice`` sets it; unset, plain ``manim`` uses joe when the voice extra is
installed). With ``none`` the same beats are timed by reading speed and nothing is said.
The scene writes the beats, cues and sections with their times to
``<stem>.timeline.json`` beside its video (``BeatScene.timeline``), from which
``whyl1 render`` places each beat's clip on the soundtrack.

Timing under manim's skipping (``-s``, ``--from_animation_number``, a section with
``skip_animations``, an animation found in manim's cache, a dry run that skips
everything): manim 0.22 advances ``renderer.time`` by an animation's exact run time
when it skips it, but by whole frames when it renders it (``ceil(run_time·fps)``
frames for an animation, ``int(run_time·fps)`` for a static wait). Left alone, a
render that skips its first animations would place every later caption off by up to
a frame per skipped animation. ``BeatScene.play`` therefore advances the clock of a
skipped animation by the frames a render would have written, so beats, bookmarks and
captions come out on the same frame-exact timeline whatever is skipped: a dry run, a
still, a range of animations and a full render agree to the last bit. (A
``wait_until`` with a stop condition cannot be counted without rendering; scenes do not
use it.) A range render that stops inside a beat (``--upto_animation_number``) ends the
scene before the beat closes, so that beat writes no caption: cut ranges at beat
boundaries, which ``plays`` gives (the animation numbers a closed beat holds). A split
render (``whyl1.split``) does: it tells each process its beats (``$WHYL1_BEATS``,
``first:stop``), and the scene sets manim's animation numbers as those beats open
(``BeatScene.reach_beat``).
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
from manim import Animation, Mobject, Scene, config

from whyl1.narration import PreparedBeat, prepare_beat
from whyl1.outputs import BEATS_ENV, COSTS_SUFFIX, TIMELINE_ENV, TIMELINE_SUFFIX, VOICE_ENV
from whyl1.voice import JOE, NONE, VoiceSpec, resolve_voice, voice_available

_EPSILON = 1e-9  # seconds: clock values closer than this are the same moment


class BeatError(RuntimeError):
    """A beat used in a way that cannot be timed: empty, nested, or across a section."""


class MissingBeat(BeatError):
    """A range render (``$WHYL1_BEATS``) was told to start at a beat the scene does not
    have: its plan is stale (``whyl1.render`` plans again)."""


@dataclass(frozen=True)
class Bookmark:
    """A word an animation was timed to: ``at`` is when the beat says ``phrase`` (seconds
    from the beat's start), ``fired`` when the animation started (``until``) or ended
    (``play_until``) on the scene's frame clock; ``fired − at`` is under a frame unless
    the animations before it ran past the word."""

    phrase: str
    at: float
    fired: float


class Beat:
    """One stretch of narration and the animations it holds, as a context manager.

    Public surface: ``script`` (the beat as written), ``speech`` (its ``PreparedBeat``:
    caption, spoken words, word times, cues, clip; set on entering), ``pause`` (seconds
    of silence the beat keeps after its speech, on purpose), ``start`` (scene time when
    the beat opened), ``end`` (when it closed, ``None`` while open), ``elapsed`` (live),
    ``duration``, ``remaining`` (speech and pause still to come), ``plays`` (the numbers
    of the animations it held, as manim counts them) and ``bookmarks``.

    A beat must hold at least one ``play`` or ``wait``; beats do not nest; a section
    boundary inside a beat is an error (the section's video would cut the speech).
    """

    def __init__(self, scene: BeatScene, script: str, *, pause: float = 0.0) -> None:
        if not script.strip():
            raise BeatError("a beat needs a script: the words it narrates")
        if pause < 0:
            raise BeatError(f"a beat's pause is a length of silence, not {pause}")
        self.scene = scene
        self.script = script
        self.pause = pause
        self.speech: PreparedBeat | None = None
        self.start = float("nan")
        self.end: float | None = None
        self.plays = range(0)
        self.bookmarks: list[Bookmark] = []

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

    @property
    def length(self) -> float:
        """The least the beat lasts: its speech, then its pause."""
        return self._said().duration + self.pause

    @property
    def remaining(self) -> float:
        """Seconds of speech and pause still to come (0 once they are over): the run
        time that makes an animation end with the beat."""
        return max(self.length - self.elapsed, 0.0)

    def time_of(self, phrase: str, occurrence: int = 1) -> float:
        """When the beat starts saying ``phrase`` (written as shown or as said: "exactly
        0" or "exactly zero"), in seconds from the beat's start."""
        return self._said().time_of(phrase, occurrence)

    def seconds_to(self, phrase: str, occurrence: int = 1) -> float:
        """Seconds from now until ``phrase`` starts being said (0 once it has): the time
        a series of animations shares when it must end on a word (then ``until`` it)."""
        return max(self.time_of(phrase, occurrence) - self.elapsed, 0.0)

    def until(self, phrase: str, occurrence: int = 1) -> None:
        """Wait (a still frame) until ``phrase`` starts being said, so the next animation
        starts on it. Already past it (the animations before ran long), no wait."""
        at = self.time_of(phrase, occurrence)
        self._wait_for(at)
        self.bookmarks.append(Bookmark(phrase, at, self.elapsed))

    def play_until(
        self, phrase: str, *animations: Animation | Mobject, occurrence: int = 1, **kwargs: Any
    ) -> None:
        """Play ``animations`` with the run time that makes them end as ``phrase`` starts
        being said (at least one frame, if the beat is already there)."""
        at = self.time_of(phrase, occurrence)
        frame = 1 / self.scene.renderer.camera.frame_rate
        self.scene.play(*animations, run_time=max(at - self.elapsed, frame), **kwargs)
        self.bookmarks.append(Bookmark(phrase, at, self.elapsed))

    def _said(self) -> PreparedBeat:
        if self.speech is None:
            raise BeatError(f"{self!r} is not open: its speech is prepared on entering it")
        return self.speech

    def _wait_for(self, moment: float) -> None:
        """Wait until ``elapsed`` reaches ``moment`` (seconds from the beat's start)."""
        self.scene.hold_until(self.start + moment)

    def __enter__(self) -> Beat:
        scene = self.scene
        if scene.current_beat is not None:
            raise BeatError(f"beats do not nest: {self!r} opened inside {scene.current_beat!r}")
        self.speech = scene.prepare_speech(self.script)
        if not scene.beats:
            scene.hold_until(scene.LEAD_IN)  # the first words come after a moment of quiet
        scene.reach_beat(len(scene.beats))
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
        if error is not None:
            scene.current_beat = None
            return  # the scene failed or ended early: no caption for a beat cut short
        if scene.renderer.num_plays == self.plays.start:
            scene.current_beat = None
            raise BeatError(f"{self!r} holds no animation or wait, so it has no length")
        self._wait_for(self.length)  # the speech and the pause are over before it ends
        scene.current_beat = None
        self.plays = range(self.plays.start, scene.renderer.num_plays)
        self.end = scene.renderer.time
        scene.beats.append(self)
        for cue in self._said().cues:
            scene.add_subcaption(
                cue.text, duration=cue.end - cue.start, offset=self.start + cue.start - self.end
            )


class BeatScene(Scene):
    """A manim ``Scene`` with narrated beats (``self.beat``) and a frame-exact clock;
    ``self.beats`` lists the beats played so far, in order, with their times, and
    ``self.timeline()`` everything a soundtrack, a transcript or a range render needs."""

    story = ""  # the name the timeline gives the scene (a story's catalogue name)
    # Seconds of quiet before the first beat: a player starting up, or an AAC encoder,
    # whose first frames overshoot a sudden onset by 3 dB, then never cut the first word.
    LEAD_IN = 0.5

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.beats: list[Beat] = []
        self.current_beat: Beat | None = None
        self.section_starts: list[tuple[str, float]] = [("autocreated", 0.0)]
        self.play_costs: dict[int, float] = {}  # animation number -> CPU seconds to draw it
        # The beats this process draws (a range of a split render), else None: all of them.
        first, _, stop = os.environ.get(BEATS_ENV, "").partition(":")
        self.beat_range = range(int(first), int(stop) if stop else 1 << 30) if first else None
        self.range_started = not self.beat_range or self.beat_range.start == 0
        if not self.range_started:
            config.from_animation_number = 1 << 30  # skip everything until the first beat

    @functools.cached_property
    def voice(self) -> VoiceSpec | None:
        """The voice of ``$WHYL1_VOICE``; unset, joe when installed; None: silent."""
        spec = os.environ.get(VOICE_ENV) or (JOE if voice_available() else NONE)
        return resolve_voice(spec)

    def prepare_speech(self, script: str) -> PreparedBeat:
        """The beat's words, times, cues and (with a voice) cached speech clip."""
        return prepare_beat(script, self.voice)

    def beat(self, script: str, *, pause: float = 0.0) -> Beat:
        """A beat saying ``script`` over the animations played inside its ``with``, then
        keeping ``pause`` seconds of silence (for a result to sink in)."""
        return Beat(self, script, pause=pause)

    def hold_until(self, moment: float) -> None:
        """Hold the picture (a wait) until scene time ``moment``, on whole frames: a static
        wait writes ``int(t·fps)`` frames, an animated one ``ceil(t·fps)``, and ``t·fps``
        is rarely a whole number in floating point, so the wait may fall a frame short;
        one more frame then makes up for it. Already there, no wait."""
        frame = 1 / self.renderer.camera.frame_rate
        if moment - self.renderer.time > _EPSILON:
            self.wait(max(moment - self.renderer.time, frame))
        if moment - self.renderer.time > _EPSILON:
            self.wait(frame)

    def reach_beat(self, index: int) -> None:
        """Beat ``index`` opens: in a range render, draw from the range's first beat on,
        and end the scene as the beat after its last opens (manim's own animation
        numbers, set now that they are known: the next play ends the scene)."""
        if self.beat_range is None:
            return
        if index == self.beat_range.start and not self.range_started:
            config.from_animation_number = self.renderer.num_plays
            self.range_started = True
        if index == self.beat_range.stop:
            config.upto_animation_number = self.renderer.num_plays - 1

    def next_section(self, name: str = "unnamed", *args: Any, **kwargs: Any) -> None:
        """A new section; refused inside a beat, whose speech it would cut."""
        if self.current_beat is not None:
            raise BeatError(f"a section cannot start inside {self.current_beat!r}")
        super().next_section(name, *args, **kwargs)
        self.section_starts.append((name, self.renderer.time))

    def play(self, *args: Any, **kwargs: Any) -> None:
        """Play as manim does; a skipped animation moves the clock by the frames that
        rendering it would have written (see the module docstring), so times do not
        depend on what was skipped."""
        renderer = self.renderer
        before = renderer.time
        number = renderer.num_plays
        cpu_before = time.process_time()  # every thread of manim: drawing and encoding
        super().play(*args, **kwargs)
        if not renderer.skip_animations:
            self.play_costs[number] = time.process_time() - cpu_before
        else:
            renderer.time = before
            dt = 1 / renderer.camera.frame_rate
            if self.is_current_animation_frozen_frame():
                renderer.time += int(self.duration / dt) * dt  # as freeze_current_frame
            else:
                # one frame per step of get_time_progression, added as add_frame does
                for _ in np.arange(0, self.duration, 1 / config["frame_rate"]):
                    renderer.time += 1 * dt

    # ------------------------------------------------------------------ the timeline

    def timeline(self) -> dict[str, Any]:
        """The scene's sections and beats with their times (seconds from the start of
        the video): the contract that the soundtrack, the lecture, the slides and range
        renders read. See ``whyl1.render`` for the format."""
        duration = self.renderer.time
        bounds = [*self.section_starts, ("", duration)]
        sections = [
            {"name": name, "start": _t(start), "end": _t(end)}
            for (name, start), (_, end) in itertools.pairwise(bounds)
            if end - start > _EPSILON  # manim drops an empty section too
        ]
        return {
            "story": self.story,
            "duration": _t(duration),
            "fps": self.renderer.camera.frame_rate,
            "voice": None if self.voice is None else self.voice.identity(),
            "sections": sections,
            "beats": [self._beat_record(beat, sections) for beat in self.beats],
        }

    def _beat_record(self, beat: Beat, sections: list[dict[str, Any]]) -> dict[str, Any]:
        speech = beat._said()
        start = beat.start
        section = next(
            (s["name"] for s in reversed(sections) if s["start"] <= _t(start)),
            sections[0]["name"] if sections else "",
        )
        return {
            "section": section,
            "start": _t(start),
            "end": _t(beat.duration + start),
            "pause": beat.pause,
            "plays": [beat.plays.start, beat.plays.stop],
            "caption": speech.caption,
            "spoken": speech.spoken,
            "clip": None if speech.clip is None else str(speech.clip),
            "cues": [
                {"start": _t(start + c.start), "end": _t(start + c.end), "lines": list(c.lines)}
                for c in speech.cues
            ],
            "words": [
                {"text": w.text, "start": _t(start + w.start), "end": _t(start + w.end)}
                for w in speech.words
            ],
            "bookmarks": [
                {"phrase": b.phrase, "at": _t(start + b.at), "fired": _t(start + b.fired)}
                for b in beat.bookmarks
            ],
        }

    def timeline_path(self) -> Path | None:
        """Where the timeline goes: beside the video manim writes (its captions' name
        with ``.timeline.json``); for a dry run, ``$WHYL1_TIMELINE`` if set (a split
        render plans its ranges from it); None when nothing is written (a still)."""
        if config.dry_run:
            planned = os.environ.get(TIMELINE_ENV)
            return Path(planned) if planned else None
        writer = self.renderer.file_writer
        plan = getattr(writer, "output_plan", None)
        captions = getattr(plan, "subcaption_file", None)
        return None if captions is None else Path(captions).with_suffix(TIMELINE_SUFFIX)

    def tear_down(self) -> None:
        """After construct: write the timeline beside the video, and what each animation
        drawn cost (``<stem>.costs.json``), by which a split render balances its ranges."""
        super().tear_down()
        if not self.range_started:
            raise MissingBeat(
                f"the range starts at beat {self.beat_range.start}, "  # type: ignore[union-attr]
                f"but the scene has {len(self.beats)} beats"
            )
        path = self.timeline_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(self.timeline(), indent=1, ensure_ascii=False) + "\n")
            if self.play_costs and not config.dry_run:
                costs = {str(number): seconds for number, seconds in self.play_costs.items()}
                path.with_name(path.name.replace(TIMELINE_SUFFIX, COSTS_SUFFIX)).write_text(
                    json.dumps(costs) + "\n"
                )


def _t(seconds: float) -> float:
    """A time for the timeline: to the microsecond, as the captions keep it."""
    return round(seconds, 6)
