"""A headless Chromium driven over the DevTools protocol, for the page and explorer tests.

Chromium's ``--remote-debugging-pipe`` speaks the DevTools protocol as
NUL-terminated JSON on file descriptors 3 (commands in) and 4 (replies and
events out), so no WebSocket client, driver binary or extra package is needed:
the test talks to the browser the way Puppeteer does, with the standard library.
Every request the page makes, every console message and every uncaught
exception is recorded, so a test can assert "no network, no errors".
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Headless, and nothing that phones home: no background networking, updates, sync,
# QUIC probes, first-run pages or extensions, so the only requests are the page's own.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--mute-audio",
    "--autoplay-policy=no-user-gesture-required",
    "--remote-debugging-pipe",
)


def chromium_path() -> str | None:
    """Debian's ``chromium`` (or another Chromium-family binary) if installed."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    """A DevTools command failed or the browser did not answer in time."""


class Browser:
    """One headless Chromium with one page (tab), attached in flat session mode."""

    def __init__(self, profile_dir: Path, width: int = 1280, height: int = 900) -> None:
        executable = chromium_path()
        if executable is None:
            raise BrowserError("chromium not installed (apt-get install chromium)")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # bash moves our pipe ends to the fixed descriptors Chromium expects (dash, the
        # usual sh, cannot name descriptors above 9, which a busy test process has).
        command = " ".join(
            [
                "exec",
                _quote(executable),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={_quote(str(profile_dir))}",
                f"--window-size={width},{height}",
                "about:blank",
                f"3<&{to_browser_read}",
                f"4>&{from_browser_write}",
            ]
        )
        self._process = subprocess.Popen(
            ["bash", "-c", command],
            pass_fds=(to_browser_read, from_browser_write),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._next_id = 0
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.events: list[dict[str, Any]] = []
        self._event_arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read_messages, daemon=True)
        self._reader.start()
        self.session = self._attach(width, height)

    # -- protocol ----------------------------------------------------------------

    def _read_messages(self) -> None:
        buffer = b""
        while True:
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                message = json.loads(raw)
                if "id" in message:
                    self._replies[message["id"]].put(message)
                else:
                    with self._event_arrived:
                        self.events.append(message)
                        self._event_arrived.notify_all()

    def command(
        self, method: str, params: dict[str, Any] | None = None, *, browser_level: bool = False,
        timeout: float = 30.0,
    ) -> dict[str, Any]:  # fmt: skip
        """Send one DevTools command (to the page's session unless ``browser_level``)
        and return its result."""
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
            self._replies[message_id] = queue.Queue()
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if not browser_level:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        try:
            reply = self._replies[message_id].get(timeout=timeout)
        except queue.Empty:
            raise BrowserError(f"{method}: no answer in {timeout} s") from None
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def wait_for_event(self, method: str, timeout: float = 30.0, since: int = 0) -> dict:
        """The first event named ``method`` at or after index ``since`` of ``events``."""
        deadline = time.monotonic() + timeout
        with self._event_arrived:
            while True:
                for event in self.events[since:]:
                    if event.get("method") == method:
                        return event
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise BrowserError(f"no {method} event in {timeout} s")
                self._event_arrived.wait(remaining)

    def _attach(self, width: int, height: int) -> str:
        targets = self.command("Target.getTargets", browser_level=True)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        attached = self.command(
            "Target.attachToTarget", {"targetId": page["targetId"], "flatten": True},
            browser_level=True,
        )  # fmt: skip
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.command(f"{domain}.enable")
        self.command(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        return self.session

    # -- what tests use ------------------------------------------------------------

    def open(self, url: str, timeout: float = 30.0) -> None:
        """Navigate and wait for the load event."""
        since = len(self.events)
        self.command("Page.navigate", {"url": url})
        self.wait_for_event("Page.loadEventFired", timeout, since)

    def evaluate(self, expression: str, timeout: float = 30.0) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.command(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            timeout=timeout,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            description = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"JavaScript error: {description}")
        return result["result"].get("value")

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        """A PNG of the page (the whole scrollable height when ``full_page``)."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            size = self.command("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {
                "x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1,
            }  # fmt: skip
        data = self.command("Page.captureScreenshot", params)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def mouse(self, kind: str, x: float, y: float, buttons: int = 1) -> None:
        """A mouse event at viewport coordinates: ``mousePressed``, ``mouseMoved``,
        ``mouseReleased``."""
        self.command(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": x, "y": y, "button": "left", "buttons": buttons, "clickCount": 1},
        )

    def drag(self, start: tuple[float, float], end: tuple[float, float], steps: int = 8) -> None:
        """Press at ``start``, move in ``steps`` to ``end``, release: a real pointer drag."""
        self.mouse("mousePressed", *start)
        for i in range(1, steps + 1):
            t = i / steps
            self.mouse("mouseMoved", start[0] + t * (end[0] - start[0]),
                       start[1] + t * (end[1] - start[1]))  # fmt: skip
        self.mouse("mouseReleased", *end, buttons=0)

    def key(self, key: str, code: str, key_code: int) -> None:
        """Press and release one key (e.g. ``"ArrowRight", "ArrowRight", 39``)."""
        for kind in ("rawKeyDown", "keyUp"):
            self.command(
                "Input.dispatchKeyEvent",
                {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code},
            )

    def requested_urls(self) -> list[str]:
        """Every URL the page asked the network stack for, in order."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def failed_requests(self) -> list[str]:
        """Requests that failed (a missing file, a blocked load), with the reason."""
        urls = {
            e["params"]["requestId"]: e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        }
        return [
            f"{urls.get(e['params']['requestId'], '?')}: {e['params'].get('errorText')}"
            for e in self.events
            if e.get("method") == "Network.loadingFailed" and not e["params"].get("canceled")
        ]

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors, as text."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append(" ".join(str(a.get("value", a.get("description"))) for a in
                                      params.get("args", [])))  # fmt: skip
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                found.append(details.get("exception", {}).get("description") or details["text"])
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(f"{params['entry'].get('url', '')}: {params['entry']['text']}")
        return found

    def close(self) -> None:
        try:
            self.command("Browser.close", browser_level=True, timeout=5)
        except BrowserError:
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@contextmanager
def browser(profile_dir: Path, width: int = 1280, height: int = 900) -> Iterator[Browser]:
    """A started browser, closed (and its process reaped) on exit."""
    instance = Browser(profile_dir, width, height)
    try:
        yield instance
    finally:
        instance.close()
