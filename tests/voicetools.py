"""Test helpers for narration: the network switched off, and silent videos to mux into.

Used by ``tests/test_narration.py`` and ``tests/test_soundtrack.py``.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import av
import numpy as np
import pytest


class NetworkBlocked(OSError):
    """Raised by every socket connection while ``offline()`` is active."""


@contextmanager
def offline() -> Iterator[None]:
    """No socket can connect or resolve a name inside this block: synthesis that
    reached for the network would fail loudly instead of downloading."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkBlocked("network access during a test that must run offline")

    with pytest.MonkeyPatch.context() as patch:
        for name in ("connect", "connect_ex", "sendto"):
            patch.setattr(socket.socket, name, refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield


def silent_video(path: Path, seconds: float, fps: int = 15) -> Path:
    """A small silent video (64×36, a grey ramp so frames differ): H.264 in .mp4,
    VP9 in .webm, as manim writes them."""
    codec = {".mp4": "libx264", ".webm": "libvpx-vp9"}[path.suffix]
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = 64, 36, "yuv420p"
        for index in range(round(seconds * fps)):
            pixels = np.full((36, 64, 3), index % 256, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path
