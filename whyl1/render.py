"""Renders one story's Manim scene into a folder: video with its narration, captions,
timeline, sections.

Each render runs manim in its own subprocess (``sys.executable -m manim``) with
its own media folder, because manim's global config (output file name, quality)
leaks between scenes rendered in one process. Parameters, theme and voice travel
as environment variables that ``scenes/common.py`` and ``scenes/beat.py`` read, so a
scene file is also a plain manim file. Outputs are moved into place only when complete.

The scene times every beat to its speech (``scenes/beat.py``) and writes three files
beside its video: the captions (``<stem>.srt``, one cue per phrase, timed to the words),
and the timeline (``<stem>.timeline.json``), which ``render_scene`` reads to lay each
beat's speech clip on the soundtrack (``whyl1.soundtrack``: 48 kHz, −16 LUFS, AAC in MP4
with its index at the front, Opus in WebM; a GIF stays silent, and so does
``--voice none``). The timeline is a contract other outputs read (the lecture, the
slides, the quiz's links into the video, range renders); all times are seconds from the
start of the video::

    {
      "story": "steps",
      "duration": 83.4,            # the video's length (its frames ÷ fps)
      "fps": 15,
      "voice": "c875…" | null,     # VoiceSpec.identity() of the voice; null: silent
      "sections": [{"name": "rules", "start": 0.0, "end": 14.2}, …],  # next_section's
      "beats": [{
        "section": "rules", "start": 0.0, "end": 14.2,
        "pause": 0.0,              # seconds of silence the beat asked for after its speech
        "plays": [0, 4],           # the animation numbers it holds (first, stop)
        "caption": "… η = 0.5 …",  # as written and shown
        "spoken": "… eta equals zero point five …",  # as said
        "clip": "/…/speech/<key>/speech.wav" | null,  # its speech in the cache; null: silent
        "cues": [{"start": 0.31, "end": 4.02, "lines": ["…", "…"]}, …],  # the .srt's
        "words": [{"text": "Gradient", "start": 0.31, "end": 0.74}, …],  # spoken words
        "bookmarks": [{"phrase": "exactly 0", "at": 31.2, "fired": 31.267}, …]
      }, …]
    }

``at`` is when the bookmarked phrase is said, ``fired`` when the animation timed to it
started (``beat.until``) or ended (``beat.play_until``) on the frame clock.

The manim process dies with the process that started it (``processes.manim_preexec``),
and whatever stops a render (a failure, a signal unwinding a worker) kills manim and
removes its media folder before the exception leaves ``render_scene``.
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from whyl1 import outputs, processes, split
from whyl1.outputs import (
    BEATS_ENV,
    COSTS_SUFFIX,
    PARAMS_ENV,
    PROGRESS_ENV,
    TEMP_PREFIX,
    THEME_ENV,
    TIMELINE_ENV,
    TIMELINE_SUFFIX,
    VOICE_ENV,
    output_stem,
)
from whyl1.stories import Story

QUALITIES = {"low": "l", "medium": "m", "high": "h", "4k": "k"}
_NO_SPACE = os.strerror(errno.ENOSPC)  # "No space left on device", as manim's log says it
# Free space under which a failed render is put down to a full disk: manim then often
# fails on a file written empty (an SVG of a formula: "ParseError: no element found").
_LOW_SPACE = 1 << 20
SILENT = "none"  # the --voice that says nothing
MISSING_BEAT = "MissingBeat"  # what a range told to start past the scene's beats logs
_PAST_THE_END = 10**9  # an animation number no scene reaches: a dry run skipping them all
_POLL = 0.1  # seconds between looks at the manim processes of a render
# Errors of the narration a scene can stop with, each a one-line message for the user:
# a symbol the verbaliser cannot read, a voice file that cannot be used, no voice extra.
_NARRATION_ERRORS = ("UnspeakableText", "VoiceError", "VoiceUnavailable")


class RenderError(RuntimeError):
    """manim failed for one story; the message is for the user, ``log`` manim's last
    lines."""

    def __init__(self, message: str, log: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.log = "\n".join(log)


@dataclass(frozen=True)
class SceneOutput:
    """Where a scene render went: the video, its captions (.srt), its timeline (see the
    module docstring) and section videos."""

    video: Path
    captions: Path | None
    sections: tuple[Path, ...]
    timeline: Path | None = None


def scene_file(story: Story) -> Path:
    """Path of the story's scene module (``scenes/<module>.py`` in a checkout)."""
    from whyl1 import scenes

    return Path(scenes.__file__).parent / f"{story.module_name}.py"


def scene_environment(overrides: Mapping[str, str], theme: str, voice: str) -> dict[str, str]:
    """The environment a scene subprocess reads its parameters, theme and voice from.
    ``HF_HUB_OFFLINE``: nothing the speech engine loads may reach for the network."""
    return {
        **os.environ,
        PARAMS_ENV: json.dumps(dict(overrides)),
        THEME_ENV: theme,
        VOICE_ENV: voice,
        "HF_HUB_OFFLINE": "1",
    }


def render_scene(
    story: Story,
    overrides: Mapping[str, str],
    *,
    out_dir: Path,
    quality: str = "low",
    fmt: str = "mp4",
    theme: str = "light",
    voice: str = SILENT,
    save_sections: bool = False,
    on_frames: Callable[[int], None] | None = None,
    cores: int = 1,
) -> SceneOutput:
    """Render ``story``'s scene with manim, lay its narration on it, and move the results
    into ``out_dir``.

    ``overrides`` are the ``--set`` texts, already validated by the catalogue; ``voice``
    is ``--voice``'s (``joe``, ``none`` or a Piper voice's path, already checked).
    ``on_frames(n)`` is called as frames are written (``n`` so far), for a
    progress display on long renders. With ``cores`` above 1 an MP4 without section
    videos is rendered in that many ranges at once and joined (``whyl1.split``); the
    file is the serial render's, frame for frame. Raises ``RenderError`` with manim's
    last log lines when manim fails.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = output_stem(story.name, theme)
    # The media folder lives in out_dir so finished files are renamed, not copied, into
    # place; its prefix lets the next run sweep it away if this one is killed. Being new,
    # it never holds manim's cached partial movies, so manim is told not to hash every
    # play call looking for them (a fifth of a low-quality render). ``-P`` keeps the
    # working folder off manim's import path: a stray ``cloup.py`` there would break it.
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{stem}-", dir=out_dir) as folder:
        media = Path(folder)
        env = scene_environment(overrides, theme, voice)

        def manim(*options: str) -> list[str]:
            return [
                sys.executable, "-P", "-m", "manim", "render",
                "--quality", QUALITIES[quality],
                "--format", fmt,
                "--output_file", stem,
                "--progress_bar", "none",
                "--disable_caching",
                "--verbosity", "WARNING",
                *(["--save_sections"] if save_sections else []),
                *options,
                str(scene_file(story)),
                story.scene_class,
            ]  # fmt: skip

        def plan(planned: Path) -> list[split.BeatRange]:
            """The ranges from the beats of a dry run skipping every animation."""
            dry_run = manim("--media_dir", str(media / "plan"), "--dry_run",
                            "--from_animation_number", str(_PAST_THE_END))  # fmt: skip
            _run_manim([dry_run], {**env, TIMELINE_ENV: str(planned)}, story.name, out_dir)
            timeline = json.loads(planned.read_text(encoding="utf-8"))
            return split.plan_ranges(split.beat_weights(timeline), cores)

        def draw(ranges: Sequence[split.BeatRange]) -> None:
            """Render the ranges at once, each in its own media folder, and join them."""
            folders = [media / f"range-{index}" for index in range(len(ranges))]
            beats = [f"{first}:{'' if stop is None else stop}" for first, stop in ranges]
            _run_manim(
                [manim("--media_dir", str(folder)) for folder in folders],
                env, story.name, out_dir, on_frames, [{BEATS_ENV: text} for text in beats],
            )  # fmt: skip
            _join_ranges(media, stem, len(ranges))

        splits = cores > 1 and fmt == "mp4" and not save_sections
        recorded = split.recorded_weights(story.name, quality) if splits else None
        if not splits or (recorded is not None and len(recorded) < 2):  # one beat: one range
            _run_manim([manim("--media_dir", str(media))], env, story.name, out_dir, on_frames)
        elif recorded is None:
            draw(plan(media / f"plan{TIMELINE_SUFFIX}"))
        else:
            try:
                draw(split.plan_ranges(recorded, cores))
            except RenderError as error:
                if MISSING_BEAT not in error.log:
                    raise
                for leftover in media.iterdir():  # the stale plan's ranges
                    shutil.rmtree(leftover)
                draw(plan(media / f"plan{TIMELINE_SUFFIX}"))
        timeline = _manim_video(media, stem, fmt).with_name(f"{stem}{TIMELINE_SUFFIX}")
        split.record_costs(story.name, quality, timeline, media.rglob(f"{stem}{COSTS_SUFFIX}"))
        return _collect(media, stem, fmt, out_dir)


def _join_ranges(media: Path, stem: str, count: int) -> None:
    """Join the ranges' videos into ``media/videos/<stem>.mp4``, beside the last range's
    captions and timeline (the last range runs the whole ``construct``, so they are the
    whole scene's), where ``_collect`` finds them. A join whose frames do not add up to
    the timeline's length would be a scene the split cannot render (a ``wait_until``
    with a stop condition): an error, not a wrong video."""
    from whyl1 import streamcopy

    pieces = [_manim_video(media / f"range-{index}", stem, "mp4") for index in range(count)]
    joined = media / "videos" / f"{stem}.mp4"
    joined.parent.mkdir(parents=True)
    streamcopy.concatenate(pieces, joined)
    for suffix in (".srt", TIMELINE_SUFFIX):
        last = pieces[-1].with_name(f"{stem}{suffix}")
        if last.exists():
            _move(last, joined.with_name(last.name))
    timeline = json.loads(joined.with_name(f"{stem}{TIMELINE_SUFFIX}").read_text())
    expected = round(timeline["duration"] * timeline["fps"])
    if (frames := streamcopy.frame_count(joined)) != expected:
        raise RenderError(
            f"the {count} ranges of {stem} joined into {frames} frames, not the {expected} of "
            "its timeline: render it with --jobs 1"
        )


def _run_manim(
    commands: Sequence[list[str]],
    env: Mapping[str, str],
    story: str,
    out_dir: Path,
    on_frames: Callable[[int], None] | None = None,
    own_env: Sequence[Mapping[str, str]] | None = None,
) -> None:
    """Run manim ``commands`` at once, each in its own process group, with ``env`` and
    its own additions (``own_env``), passing the sum of their frame counts to
    ``on_frames``. The first to fail stops the others and raises ``RenderError``;
    whatever stops this (a signal unwinding a worker) kills them all."""
    written = [0] * len(commands)

    def counter(index: int) -> Callable[[int], None] | None:
        if on_frames is None:
            return None

        def count(frames: int) -> None:
            written[index] = frames
            on_frames(sum(written))

        return count

    manims: list[_Manim] = []
    try:
        for index, command in enumerate(commands):
            extra = own_env[index] if own_env else {}
            manims.append(_Manim(command, {**env, **extra}, counter(index)))
        # Threads start after every fork: a preexec_fn is safest in a single-threaded parent.
        for manim in manims:
            manim.follow()
        while True:
            if failed := next((manim for manim in manims if manim.failed), None):
                raise RenderError(_failure(story, failed.log_tail(), out_dir), failed.log)
            if all(manim.finished for manim in manims):
                break
            time.sleep(_POLL)
        for manim in manims:
            manim.log_tail()  # its frame counts, read to the end
    finally:
        for manim in manims:
            manim.stop()  # stopped early (or failed): nothing of it goes on


class _Manim:
    """One manim process, its log and its frame counts followed in threads."""

    def __init__(
        self, command: list[str], env: Mapping[str, str], on_frames: Callable[[int], None] | None
    ) -> None:
        env = dict(env)
        self.read_end = write_end = None
        if on_frames:
            self.read_end, write_end = os.pipe()
            env[PROGRESS_ENV] = str(write_end)
        self.on_frames = on_frames
        try:
            self.process = subprocess.Popen(
                command,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                pass_fds=() if write_end is None else (write_end,),
                process_group=0,  # manim and its latex children: one group to kill
                preexec_fn=processes.manim_preexec(),
            )
        except BaseException:
            if self.read_end is not None:
                os.close(self.read_end)
            raise
        finally:
            if write_end is not None:
                os.close(write_end)  # the scene holds the only write end: its exit ends the thread
        self.log: list[str] = []
        self.threads: list[threading.Thread] = []

    def follow(self) -> None:
        """Start reading the log and the frame counts."""

        def read_log() -> None:
            self.log = follow_log(self.process.stdout)  # type: ignore[arg-type]

        log_thread = threading.Thread(target=read_log, daemon=True)
        log_thread.start()
        self.threads.append(log_thread)
        if self.read_end is not None and self.on_frames is not None:
            self.threads.append(follow_progress(self.read_end, self.on_frames))

    @property
    def finished(self) -> bool:
        return self.process.poll() is not None

    @property
    def failed(self) -> bool:
        return self.process.poll() not in (None, 0)

    def log_tail(self) -> list[str]:
        """The last lines of the log (and every frame count), once manim has ended."""
        for thread in self.threads:
            thread.join()
        return self.log

    def stop(self) -> None:
        processes.kill_group(self.process)
        self.process.stdout.close()  # type: ignore[union-attr]


def _failure(story: str, log: list[str], out_dir: Path) -> str:
    """What to tell the user when manim failed: one line for a full disk (the log is
    noise then; checked while manim's files still take their space) or for a narration
    error (``cannot narrate 'steps': cannot say '⊕' …``), else manim's last log lines."""
    if any(_NO_SPACE in line for line in log) or shutil.disk_usage(out_dir).free < _LOW_SPACE:
        return f"cannot render {story!r} into {out_dir}: {_NO_SPACE}"
    for index, line in enumerate(log):
        name, colon, message = line.partition(": ")
        if colon and name.rpartition(".")[2] in _NARRATION_ERRORS:
            # the traceback's last line, wrapped by manim's log at the terminal's width
            whole = " ".join([message, *(rest.strip() for rest in log[index + 1 :])])
            return f"cannot narrate {story!r}: {whole.strip()}"
    return f"manim failed for {story!r}:\n" + "\n".join(log)


def follow_log(stream: io.BufferedReader) -> list[str]:
    """Read manim's output to the end; its last lines explain a failure."""
    tail: deque[str] = deque(maxlen=15)
    for line in stream:
        if line.strip():
            tail.append(line.decode(errors="replace").rstrip())
    return list(tail)


def follow_progress(read_end: int, on_frames: Callable[[int], None]) -> threading.Thread:
    """A thread passing the frame counts a scene writes to ``read_end`` (one per line,
    see ``scenes/common.py``) to ``on_frames``, until the scene closes its end."""

    def forward() -> None:
        with open(read_end, "rb") as counts:
            for line in counts:
                on_frames(int(line))

    thread = threading.Thread(target=forward, daemon=True)
    thread.start()
    return thread


def _collect(media: Path, stem: str, fmt: str, out_dir: Path) -> SceneOutput:
    """Lay the narration on the video (or make an MP4 web-ready), then move the finished
    files out of manim's media tree into ``out_dir``."""
    videos = [_manim_video(media, stem, fmt)]
    timeline_file = videos[0].with_name(f"{stem}{TIMELINE_SUFFIX}")
    placements = narration(timeline_file) if fmt in ("mp4", "webm") else []
    if placements:
        from whyl1.soundtrack import mux_narration

        mux_narration(videos[0], placements, videos[0])  # an MP4 keeps its index in front
    elif fmt == "mp4":
        move_index_to_front(videos[0])
    video = _move(videos[0], out_dir / videos[0].name)
    srt = videos[0].with_suffix(".srt")
    captions = _move(srt, out_dir / srt.name) if srt.exists() else None
    timeline = (
        _move(timeline_file, out_dir / timeline_file.name) if timeline_file.exists() else None
    )
    sections: list[Path] = []
    section_dir = videos[0].parent / "sections"
    if section_dir.is_dir():
        target = out_dir / f"{stem}-sections"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        for path in sorted(section_dir.iterdir()):
            sections.append(_move(path, target / path.name))
    return SceneOutput(video, captions, tuple(p for p in sections if p.suffix != ".json"), timeline)


def _manim_video(media: Path, stem: str, fmt: str) -> Path:
    """The video (or still) manim wrote under its media folder ``media``."""
    folder = "images" if fmt == "png" else "videos"
    videos = [p for p in (media / folder).rglob(f"{stem}.{fmt}") if "partial" not in p.parts]
    if not videos:
        raise RenderError(f"manim wrote no {stem}.{fmt} under {media}")
    return videos[0]


def narration(timeline: Path) -> list:
    """Each said beat's clip and where its beat starts, from a scene's timeline (none for
    a silent render, or a scene that wrote no timeline)."""
    if not timeline.is_file():
        return []
    from whyl1.soundtrack import Placement

    beats = json.loads(timeline.read_text(encoding="utf-8"))["beats"]
    return [Placement(Path(beat["clip"]), beat["start"]) for beat in beats if beat["clip"]]


def move_index_to_front(video: Path) -> None:
    """Remux an MP4 with its index (``moov``) before the data (``faststart``), so a
    browser starts playback before the download ends. Packets are copied, not
    re-encoded: the frames are bit-identical."""
    import av

    with (
        outputs.atomic_path(video) as remuxed,
        av.open(str(video)) as source,
        av.open(str(remuxed), "w", format="mp4", options={"movflags": "faststart"}) as target,
    ):
        stream = source.streams.video[0]
        copy = target.add_stream_from_template(stream)
        for packet in source.demux(stream):
            if packet.dts is None:  # the demuxer's end-of-stream flush packet
                continue
            packet.stream = copy
            target.mux(packet)


def _move(source: Path, target: Path) -> Path:
    """Rename into place (same filesystem: atomic), so a reader never sees half a file."""
    os.replace(source, target)
    return target
