#!/usr/bin/env python3
"""Loads Hyperplan report pages in headless Chromium and fails on anything a reader would see go wrong.

Usage:
    python3 scripts/check-report-pages.py [options] PATH...

PATH is an HTML file or a folder (every *.html below it, recursively). Each page is opened from its file://
URL in a fresh browser context at 1280 px wide and must:

  1. finish loading: the load event within --timeout seconds (default 30) of the navigation start, then
     document.readyState === 'complete' and the ready flag below, within the same time;
  2. log no error: no console.error / console.assert failure, no browser log entry of level error, no
     uncaught exception or unhandled promise rejection, no alert/confirm/prompt dialog;
  3. stay offline: every request must be file:, data: or blob:, and none may fail. http(s):, ws(s): and any
     other scheme fails the page even when the request fails (they are blocked, nothing leaves the machine);
  4. draw its charts (the contract below);
  5. define none of the --forbid-global names on window (default: __hyperplan_injected), which is how the
     injection test shows that no user string ran as script;
  6. with --max-load-seconds S, be ready within S seconds of the navigation start.

It prints one line per page, `ok  PATH  (...)` or `FAIL PATH: reason; reason`, then `N passed, M failed`.
Exit status: 0 every page passed, 1 a page failed, 2 a usage error, no page found, or Chromium missing or
not starting. Chromium is killed and its temporary profile removed on every exit, Ctrl-C included (130).

Page contract (what a report page must follow; docs/reports-checking.md has the same text):

  Chart      An element `figure.chart`, or any element with a `data-chart` attribute. Name it with
             data-chart="NAME" (else an id), which is how a failure names it; don't nest charts.
  Marks      Inside a chart, the SVG shapes drawn for data carry class="mark": circle, ellipse, line,
             path, polygon, polyline or rect (any SVGGeometryElement). Axes, grid lines, legends and
             labels do not. A chart needs at least one mark with a non-empty box (width or height > 0).
  Size       A chart contains at least one <svg>, and each of its outermost <svg> elements has a non-zero
             rendered width and height when the page is ready. A chart under display: none (an inactive
             tab hidden that way) fails; one in a closed <details> passes, as Chromium lays it out.
  No charts  A page with no chart fails, unless <body data-charts="none"> (an index page).
  Ready      A page whose scripts still draw after the load event declares <body data-ready="false"> in
             its HTML and sets document.body.dataset.ready = "true" when done; any other value is
             waited for. A page without data-ready is ready at readyState 'complete'.

Timing, in seconds from the navigation start (the page's performance time origin): "load" is the end of the
load event (Navigation Timing loadEventEnd), "ready" the later of that and the moment data-ready turned
"true". Both are printed when they differ; --max-load-seconds applies to "ready". The first page of a run
pays for a cold renderer; a report's own budget should leave room for that.

Screenshots: a PNG per page, 1280 px wide and as tall as the page (at most --max-screenshot-height), named
after the page's path below the folder given (report/index.html -> index.png, report/runs/a.html ->
runs/a.png); a file given alone is named after itself.
"""

import argparse
import base64
import hashlib
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

DEFAULT_FORBIDDEN_GLOBAL = "__hyperplan_injected"
ALLOWED_SCHEMES = ("file", "data", "blob")
VIEWPORT_WIDTH = 1280
VIEWPORT_HEIGHT = 800
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = ("install it with `sudo apt-get update && sudo apt-get install -y chromium` (Debian/Ubuntu), "
                "or name a Chrome/Chromium binary with --chromium PATH or the CHROMIUM environment variable")


class UsageError(Exception):
    """A problem with the command line or the machine: exit status 2."""


class BrowserError(Exception):
    """The browser or the DevTools connection failed (not a page): exit status 2."""


# WebSocket client (RFC 6455), just what the DevTools protocol needs --------------------------------------

WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONTINUATION, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


def encode_frame(opcode, payload, mask_key=None, fin=True):
    """One frame. A client must mask its frames (RFC 6455 5.3); mask_key is random unless given (tests)."""
    if mask_key is None:
        mask_key = os.urandom(4)
    header = bytearray([(0x80 if fin else 0) | opcode])
    length = len(payload)
    if length < 126:
        header.append(0x80 | length)
    elif length < 1 << 16:
        header.append(0x80 | 126)
        header += struct.pack("!H", length)
    else:
        header.append(0x80 | 127)
        header += struct.pack("!Q", length)
    header += mask_key
    return bytes(header) + apply_mask(payload, mask_key)


def apply_mask(payload, mask_key):
    # XOR with the key repeated; done on big integers, since a byte loop is slow on multi-MB screenshots.
    if not payload:
        return b""
    repeated = (mask_key * (len(payload) // 4 + 1))[:len(payload)]
    value = int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")
    return value.to_bytes(len(payload), "big")


def decode_frame(buffer):
    """Parses one frame from the start of buffer: (fin, opcode, payload, bytes used), or None if incomplete."""
    if len(buffer) < 2:
        return None
    first, second = buffer[0], buffer[1]
    if first & 0x70:
        raise BrowserError("WebSocket frame with reserved bits set (no extension was negotiated)")
    fin, opcode, masked, length = bool(first & 0x80), first & 0x0F, bool(second & 0x80), second & 0x7F
    offset = 2
    if length == 126:
        if len(buffer) < offset + 2:
            return None
        (length,) = struct.unpack_from("!H", buffer, offset)
        offset += 2
    elif length == 127:
        if len(buffer) < offset + 8:
            return None
        (length,) = struct.unpack_from("!Q", buffer, offset)
        offset += 8
    mask_key = b""
    if masked:
        if len(buffer) < offset + 4:
            return None
        mask_key = bytes(buffer[offset:offset + 4])
        offset += 4
    if len(buffer) < offset + length:
        return None
    payload = bytes(buffer[offset:offset + length])
    if masked:
        payload = apply_mask(payload, mask_key)
    return fin, opcode, payload, offset + length


class WebSocket:
    """A blocking WebSocket client over a plain TCP socket (ws:// only, which is all DevTools offers)."""

    def __init__(self, url, timeout=10.0):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme != "ws":
            raise BrowserError(f"unsupported WebSocket URL '{url}'")
        self.sock = socket.create_connection((parsed.hostname, parsed.port or 80), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = bytearray()
        self.fragments = None  # (opcode, [payload, ...]) while a fragmented message is arriving
        try:
            self._handshake(parsed, timeout)
        except BaseException:
            self.sock.close()
            raise

    def _handshake(self, parsed, timeout):
        key = base64.b64encode(os.urandom(16)).decode()
        path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        request = (f"GET {path} HTTP/1.1\r\nHost: {parsed.netloc}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buffer:
            self._receive_more(deadline)
        head, _, rest = bytes(self.buffer).partition(b"\r\n\r\n")
        self.buffer = bytearray(rest)
        lines = head.decode("latin-1").split("\r\n")
        if len(lines[0].split()) < 2 or lines[0].split()[1] != "101":
            raise BrowserError(f"WebSocket handshake refused: {lines[0]}")
        headers = {name.strip().lower(): value.strip()
                   for name, _, value in (line.partition(":") for line in lines[1:])}
        expected = base64.b64encode(hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != expected:
            raise BrowserError("WebSocket handshake: wrong Sec-WebSocket-Accept")

    def send_text(self, text):
        self.sock.sendall(encode_frame(OP_TEXT, text.encode()))

    def receive(self, deadline):
        """The next whole text or binary message; raises TimeoutError at deadline (time.monotonic())."""
        while True:
            frame = decode_frame(self.buffer)
            if frame is None:
                self._receive_more(deadline)
                continue
            fin, opcode, payload, used = frame
            del self.buffer[:used]
            if opcode == OP_PING:
                self.sock.sendall(encode_frame(OP_PONG, payload))
            elif opcode == OP_PONG:
                pass
            elif opcode == OP_CLOSE:
                raise BrowserError("the browser closed the DevTools connection")
            elif opcode == OP_CONTINUATION:
                if self.fragments is None:
                    raise BrowserError("WebSocket continuation frame without a first fragment")
                self.fragments[1].append(payload)
                if fin:
                    first_opcode, parts = self.fragments
                    self.fragments = None
                    return self._message(first_opcode, b"".join(parts))
            elif opcode in (OP_TEXT, OP_BINARY):
                if fin:
                    return self._message(opcode, payload)
                self.fragments = (opcode, [payload])
            else:
                raise BrowserError(f"WebSocket frame with unknown opcode {opcode}")

    @staticmethod
    def _message(opcode, payload):
        return payload.decode("utf-8") if opcode == OP_TEXT else payload

    def _receive_more(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        self.sock.settimeout(remaining)
        try:
            chunk = self.sock.recv(1 << 20)
        except socket.timeout:
            raise TimeoutError from None
        if not chunk:
            raise BrowserError("the browser closed the DevTools connection")
        self.buffer += chunk

    def close(self):
        try:
            self.sock.sendall(encode_frame(OP_CLOSE, struct.pack("!H", 1000)))
        except OSError:
            pass
        self.sock.close()


# Chrome DevTools Protocol -------------------------------------------------------------------------------

class CommandError(Exception):
    """A DevTools command answered with an error."""


class DevTools:
    """Commands and events over one browser WebSocket; page sessions are flattened into it (sessionId)."""

    def __init__(self, websocket):
        self.websocket = websocket
        self.next_id = 0
        self.listeners = {}  # sessionId -> callable(method, params)

    def send(self, method, params=None, session=None):
        """Sends a command without waiting for its answer (which is then skipped); returns its id."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.websocket.send_text(json.dumps(message))
        return self.next_id

    def call(self, method, params=None, session=None, timeout=10.0):
        """Sends a command and returns its result, dispatching the events that arrive meanwhile."""
        command_id = self.send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            reply = self._next(deadline, f"{method} got no answer within {timeout:g} s")
            if reply.get("id") == command_id:
                if "error" in reply:
                    raise CommandError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})

    def wait(self, condition, deadline):
        """Dispatches events until condition() holds; False if deadline (time.monotonic()) passes first."""
        while not condition():
            try:
                self._next(deadline, None)
            except TimeoutError:
                return condition()
        return True

    def _next(self, deadline, timeout_message):
        try:
            message = json.loads(self.websocket.receive(deadline))
        except TimeoutError:
            if timeout_message is None:
                raise
            raise TimeoutError(timeout_message) from None
        if "method" in message:
            listener = self.listeners.get(message.get("sessionId"))
            if listener:
                listener(message["method"], message.get("params", {}))
        return message


class Browser:
    """A headless Chromium with a temporary profile, started and always cleaned up by this object."""

    def __init__(self, binary, start_timeout=30.0):
        self.profile = tempfile.mkdtemp(prefix="hyperplan-chromium-")
        self.log_path = os.path.join(self.profile, "chromium-stderr.log")
        self.process = None
        self.devtools = None
        arguments = [
            binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
            f"--user-data-dir={self.profile}", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--disable-breakpad", "--disable-crash-reporter",
            "--disable-domain-reliability",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--force-color-profile=srgb",
            # No name resolves, so even a request that slipped past the blocked URLs could not leave.
            "--host-resolver-rules=MAP * ~NOTFOUND", f"--window-size={VIEWPORT_WIDTH},{VIEWPORT_HEIGHT}",
            "about:blank",
        ]
        try:
            # Keeps what Chromium writes outside its profile (crash reports, caches) in the temporary folder.
            environment = dict(os.environ, XDG_CONFIG_HOME=self.profile, XDG_CACHE_HOME=self.profile)
            with open(self.log_path, "wb") as log:
                # A session of its own, so that closing kills the whole process group (the Debian launcher is
                # a shell script whose children can outlive it).
                self.process = subprocess.Popen(arguments, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                                env=environment, start_new_session=True)
            url = self._devtools_url(start_timeout)
            try:
                self.devtools = DevTools(WebSocket(url))
            except (OSError, BrowserError) as error:
                raise BrowserError(f"could not connect to Chromium's DevTools at {url}: {error}") from None
        except BaseException:
            self.close()
            raise

    def _devtools_url(self, timeout):
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(port_file):
                lines = Path(port_file).read_text().split()
                if len(lines) >= 2:
                    return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            for line in self.log_tail(50).splitlines():
                if line.startswith("DevTools listening on ws://"):
                    return line.split(" on ", 1)[1].strip()
            if self.process.poll() is not None:
                raise BrowserError(f"Chromium exited with status {self.process.returncode} before DevTools "
                                   f"was listening; its output:\n{self.log_tail(20)}")
            time.sleep(0.05)
        raise BrowserError(f"Chromium did not open DevTools within {timeout:g} s; its output:\n{self.log_tail(20)}")

    def log_tail(self, count):
        try:
            return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-count:])
        except OSError:
            return ""

    def _signal_group(self, sig):
        """Sends sig to Chromium's process group; False when the group is gone."""
        try:
            os.killpg(self.process.pid, sig)
            return True
        except ProcessLookupError:
            return False
        except PermissionError:
            return False  # the ids were reused by someone else's processes: ours are gone

    def _group_running(self):
        """Whether a process of Chromium's group still runs; zombies waiting for init to reap them don't count."""
        if not os.path.isdir("/proc/self"):
            return self._signal_group(0)
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": state, ppid, pgrp, ...
            if int(fields[2]) == self.process.pid and fields[0] not in ("Z", "X"):
                return True
        return False

    def close(self):
        if self.devtools:
            try:
                self.devtools.call("Browser.close", timeout=3)
            except (TimeoutError, OSError, BrowserError, CommandError):
                pass
            self.devtools.websocket.close()
            self.devtools = None
        if self.process:
            try:
                self.process.wait(timeout=3)  # the launcher, once Browser.close has been heard
            except subprocess.TimeoutExpired:
                pass
            # Then the helpers still winding down (Chromium's own SIGTERM path takes seconds, and the profile is
            # thrown away): SIGKILL to our own process group (start_new_session), nothing else.
            self._signal_group(signal.SIGKILL)
            deadline = time.monotonic() + 5
            while self._group_running() and time.monotonic() < deadline:
                time.sleep(0.02)
            try:
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


# Checking one page --------------------------------------------------------------------------------------

# Runs in the page before its own scripts and notes when <body data-ready> turns "true", so that the ready time
# is the page's and not the moment the checker looked.
READY_OBSERVER_SCRIPT = """
(() => {
  let readyAt = null;
  const note = () => {
    if (readyAt === null && document.body && document.body.dataset.ready === 'true') readyAt = performance.now();
  };
  new MutationObserver(note).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-ready']});
  Object.defineProperty(window, '__checkReportPagesReadyAt', {get: () => readyAt, enumerable: false});
})();
"""

# Resolves once the page is ready, with the load and ready times in ms from the navigation start.
READY_SCRIPT = """
new Promise(resolve => {
  const check = () => {
    const body = document.body;
    const flag = body && 'ready' in body.dataset ? body.dataset.ready : null;
    const entry = performance.getEntriesByType('navigation')[0];
    const loaded = document.readyState === 'complete' && entry && entry.loadEventEnd > 0;
    if (loaded && (flag === null || flag === 'true')) {
      const flagAt = window.__checkReportPagesReadyAt;
      resolve(JSON.stringify({load: entry.loadEventEnd,
                              ready: Math.max(entry.loadEventEnd, typeof flagAt === 'number' ? flagAt : 0)}));
    } else {
      setTimeout(check, 5);
    }
  };
  check();
})
"""

STATE_SCRIPT = """
JSON.stringify({readyState: document.readyState,
                ready: document.body && 'ready' in document.body.dataset ? document.body.dataset.ready : null})
"""

CHARTS_SCRIPT = """
JSON.stringify((() => {
  const charts = Array.from(document.querySelectorAll('figure.chart, [data-chart]'));
  return {
    noChartsDeclared: !!document.body && document.body.dataset.charts === 'none',
    charts: charts.map((chart, index) => {
      const name = chart.getAttribute('data-chart') || chart.id || `chart #${index + 1}`;
      const svgs = Array.from(chart.querySelectorAll('svg')).filter(svg => !svg.parentElement.closest('svg'));
      const sizes = svgs.map(svg => { const r = svg.getBoundingClientRect(); return [r.width, r.height]; });
      const marks = Array.from(chart.querySelectorAll('.mark')).filter(el => el instanceof SVGGeometryElement);
      let drawn = 0;
      for (const mark of marks) {
        let box = null;
        try { box = mark.getBBox(); } catch (e) { box = null; }
        if (box && Number.isFinite(box.width) && Number.isFinite(box.height) && (box.width > 0 || box.height > 0)) {
          drawn += 1;
        }
      }
      return {name, svgs: sizes, marks: marks.length, drawn};
    }),
  };
})())
"""

FORBIDDEN_GLOBALS_SCRIPT = """
JSON.stringify(%s.filter(name => typeof window[name] !== 'undefined' || name in window))
"""


def remote_value(argument):
    """Readable text of a Runtime.RemoteObject (a console.error argument)."""
    if "value" in argument:
        value = argument["value"]
        return value if isinstance(value, str) else json.dumps(value)
    return argument.get("description") or argument.get("unserializableValue") or argument.get("type", "?")


def plural(count, noun):
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def short(text, limit=200):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class PageEvents:
    """What the page's session reported while it loaded: errors, requests, the load event."""

    def __init__(self, dismiss_dialog):
        self.dismiss_dialog = dismiss_dialog
        self.problems = []  # (kind, message, network request id or None), in order of arrival
        self.requests = {}  # requestId -> url
        self.reported_requests = set()
        self.loads = {}  # loaderId -> True once the main frame's load lifecycle event came
        self.main_frame = None
        self.crashed = False

    def __call__(self, method, params):
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(remote_value(argument) for argument in params.get("args", []))
            label = "console.assert failed" if params["type"] == "assert" else "console error"
            self.problems.append((label, text or "(no message)", None))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            exception = details.get("exception") or {}
            text = exception.get("description") or details.get("text") or "exception"
            where = details.get("url", "").rsplit("/", 1)[-1]
            if where:
                text += f" (at {where}:{details.get('lineNumber', 0) + 1})"
            kind = "unhandled promise rejection" if "(in promise)" in details.get("text", "") else "uncaught exception"
            self.problems.append((kind, text.splitlines()[0] if text else text, None))
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") == "error":
                self.problems.append(("browser error", entry.get("text", ""), entry.get("networkRequestId")))
        elif method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            self.requests[params.get("requestId")] = url
            scheme = url.split(":", 1)[0].lower()
            if scheme not in ALLOWED_SCHEMES:
                self.reported_requests.add(params.get("requestId"))
                self.problems.append(("network request (a report must be offline)", url, None))
        elif method == "Network.webSocketCreated":
            self.problems.append(("network request (a report must be offline)", params.get("url", ""), None))
        elif method == "Network.loadingFailed":
            request_id = params.get("requestId")
            if request_id in self.reported_requests:
                return
            self.reported_requests.add(request_id)
            reason = params.get("errorText") or "failed"
            if params.get("blockedReason"):
                reason += f", blocked: {params['blockedReason']}"
            self.problems.append(("failed request", f"{self.requests.get(request_id, '?')} ({reason})", None))
        elif method == "Page.lifecycleEvent":
            if params.get("name") == "load" and params.get("frameId") == self.main_frame:
                self.loads[params.get("loaderId")] = True
        elif method == "Page.javascriptDialogOpening":
            self.problems.append((f"{params.get('type', 'dialog')}() dialog opened", params.get("message", ""), None))
            self.dismiss_dialog()  # an open dialog blocks the page
        elif method in ("Inspector.targetCrashed", "Target.targetCrashed"):
            self.crashed = True
            self.problems.append(("renderer crashed", "the page's renderer process died", None))

    def summary(self):
        """One phrase per kind of problem, the first few messages quoted."""
        grouped = {}
        for kind, message, request_id in self.problems:
            if request_id is not None and request_id in self.reported_requests:
                continue  # the browser's "Failed to load resource" line for a request reported already
            grouped.setdefault(kind, []).append(message)
        phrases = []
        for kind, messages in grouped.items():
            shown = "; ".join(f"'{short(message, 160)}'" for message in messages[:3])
            more = f" and {len(messages) - 3} more" if len(messages) > 3 else ""
            count = f" ×{len(messages)}" if len(messages) > 1 else ""
            phrases.append(f"{kind}{count}: {shown}{more}")
        return phrases


class PageResult:
    def __init__(self, path):
        self.path = path
        self.failures = []
        self.load_seconds = None
        self.ready_seconds = None
        self.charts = 0
        self.marks = 0
        self.screenshot = None

    @property
    def ok(self):
        return not self.failures

    def line(self):
        if self.ok:
            timing = f"{self.ready_seconds:.2f} s"
            if self.ready_seconds - self.load_seconds >= 0.005:
                timing = f"load {self.load_seconds:.2f} s, ready {self.ready_seconds:.2f} s"
            return f"ok  {self.path}  ({timing}, {plural(self.charts, 'chart')}, {plural(self.marks, 'mark')})"
        return f"FAIL {self.path}: " + "; ".join(self.failures)


def check_page(browser, path, options, screenshot_path):
    """Loads one page in its own browser context and returns a PageResult."""
    result = PageResult(path)
    devtools = browser.devtools
    context = devtools.call("Target.createBrowserContext", {"disposeOnDetach": True})["browserContextId"]
    target = None
    try:
        target = devtools.call("Target.createTarget", {"url": "about:blank", "browserContextId": context})
        target = target["targetId"]
        session = devtools.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        events = PageEvents(lambda: devtools.send("Page.handleJavaScriptDialog", {"accept": False}, session))
        devtools.listeners[session] = events
        _load_and_check(devtools, session, events, result, options, screenshot_path)
        devtools.listeners.pop(session, None)
    except Exception:
        _close_page(devtools, target, context)
        raise
    # Not on Ctrl-C (KeyboardInterrupt is no Exception): closing the browser then is quicker and enough.
    _close_page(devtools, target, context)
    return result


def _close_page(devtools, target, context):
    for method, params in (("Target.closeTarget", {"targetId": target}),
                           ("Target.disposeBrowserContext", {"browserContextId": context})):
        if list(params.values())[0] is None:
            continue
        try:
            devtools.call(method, params, timeout=10)
        except (TimeoutError, CommandError):
            pass


def _load_and_check(devtools, session, events, result, options, screenshot_path):
    def call(method, params=None, timeout=10.0):
        return devtools.call(method, params, session=session, timeout=timeout)

    for domain in ("Page", "Runtime", "Log", "Network", "Inspector"):
        call(f"{domain}.enable")
    call("Page.setLifecycleEventsEnabled", {"enabled": True})
    call("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]})
    call("Emulation.setDeviceMetricsOverride",
         {"width": VIEWPORT_WIDTH, "height": VIEWPORT_HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    call("Page.addScriptToEvaluateOnNewDocument", {"source": READY_OBSERVER_SCRIPT})
    events.main_frame = call("Page.getFrameTree")["frameTree"]["frame"]["id"]

    url = Path(os.path.abspath(result.path)).as_uri()
    started = time.monotonic()
    deadline = started + options.timeout
    navigation = call("Page.navigate", {"url": url}, timeout=options.timeout)
    if navigation.get("errorText"):
        result.failures.append(f"could not open the page ({navigation['errorText']})")
        return
    loader = navigation.get("loaderId")

    if not devtools.wait(lambda: events.crashed or loader in events.loads, deadline) or events.crashed:
        if not events.crashed:
            result.failures.append(f"did not finish loading: no load event within {options.timeout:g} s")
        result.failures.extend(events.summary())
        return

    try:
        times = json.loads(_evaluate(call, READY_SCRIPT, await_promise=True,
                                     timeout=max(0.1, deadline - time.monotonic())))
        result.load_seconds, result.ready_seconds = times["load"] / 1000, times["ready"] / 1000
    except TimeoutError:
        state = {}
        try:
            state = json.loads(_evaluate(call, STATE_SCRIPT, timeout=2))
        except (TimeoutError, CommandError):
            pass
        if state.get("readyState") == "complete" and state.get("ready") is not None:
            reason = f"body data-ready is still '{state['ready']}', not 'true'"
        else:
            reason = f"document.readyState is '{state.get('readyState', 'unknown')}'"
        result.failures.append(f"not ready within {options.timeout:g} s: {reason}")
        result.failures.extend(events.summary())
        return
    report = json.loads(_evaluate(call, CHARTS_SCRIPT))
    result.failures.extend(chart_failures(report))
    result.charts = len(report["charts"])
    result.marks = sum(chart["marks"] for chart in report["charts"])

    if screenshot_path:
        result.screenshot = take_screenshot(call, screenshot_path, options.max_screenshot_height)

    defined = json.loads(_evaluate(call, FORBIDDEN_GLOBALS_SCRIPT % json.dumps(options.forbid_global)))
    result.failures.extend(f"window.{name} is defined: a script that the page must not run ran" for name in defined)

    if options.max_load_seconds is not None and result.ready_seconds > options.max_load_seconds:
        result.failures.append(f"too slow: ready after {result.ready_seconds:.2f} s, "
                               f"the limit is {options.max_load_seconds:g} s")
    result.failures.extend(events.summary())


def _evaluate(call, expression, await_promise=False, timeout=10.0):
    reply = call("Runtime.evaluate", {"expression": expression, "awaitPromise": await_promise,
                                      "returnByValue": True}, timeout=timeout)
    if "exceptionDetails" in reply:
        details = reply["exceptionDetails"]
        raise CommandError("the checker's script failed in the page: "
                           + ((details.get("exception") or {}).get("description") or details.get("text", "")))
    return reply["result"].get("value")


def chart_failures(report):
    failures = []
    if not report["charts"] and not report["noChartsDeclared"]:
        failures.append("no charts: a page without charts must say <body data-charts=\"none\">")
    for chart in report["charts"]:
        name = f"chart '{chart['name']}'"
        sized = False
        if not chart["svgs"]:
            failures.append(f"{name} has no <svg>")
        elif any(width <= 0 or height <= 0 for width, height in chart["svgs"]):
            sizes = ", ".join(f"{width:g}×{height:g}" for width, height in chart["svgs"])
            failures.append(f"{name} has an <svg> with no rendered size ({sizes} px)")
        else:
            sized = True
        if chart["marks"] == 0:
            failures.append(f"{name} has no marks (no SVG shape with class 'mark')")
        elif chart["drawn"] == 0 and sized:  # an undisplayed <svg> gives every shape an empty box: said above
            failures.append(f"{name} has {plural(chart['marks'], 'mark')}, but none has a non-empty box")
    return failures


def take_screenshot(call, path, max_height):
    """Full-page PNG at the viewport width, cut at max_height CSS pixels."""
    metrics = call("Page.getLayoutMetrics")
    content = metrics.get("cssContentSize") or metrics["contentSize"]
    height = max(1, min(int(content["height"] + 0.5), max_height))
    shot = call("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True, "fromSurface": True,
        "clip": {"x": 0, "y": 0, "width": VIEWPORT_WIDTH, "height": height, "scale": 1},
    }, timeout=60)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


# Command line -------------------------------------------------------------------------------------------

def find_pages(arguments):
    """(page path, screenshot name) for every HTML file given or below a folder given, in a stable order."""
    pages = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".html", ".htm") and p.is_file())
            if not found:
                raise UsageError(f"no *.html file in '{argument}'")
            pages.extend((page, page.relative_to(path).with_suffix(".png")) for page in found)
        elif path.is_file():
            pages.append((path, Path(path.name).with_suffix(".png")))
        else:
            raise UsageError(f"no such file or folder '{argument}'")
    names, unique = set(), []
    for page, name in pages:
        candidate, number = name, 2
        while candidate in names:
            candidate = name.with_name(f"{name.stem}-{number}{name.suffix}")
            number += 1
        names.add(candidate)
        unique.append((page, candidate))
    return unique


def find_chromium(explicit):
    candidates = [explicit] if explicit else ([os.environ["CHROMIUM"]] if os.environ.get("CHROMIUM") else [])
    if candidates:
        found = shutil.which(candidates[0])
        if not found:
            raise UsageError(f"Chromium not found at '{candidates[0]}'; {INSTALL_HINT}")
        return found
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise UsageError(f"Chromium is not installed (looked for {', '.join(CHROMIUM_NAMES)} on PATH); {INSTALL_HINT}")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="check-report-pages.py", formatter_class=argparse.RawDescriptionHelpFormatter,
        description=__doc__.split("\n\n", 1)[0],
        epilog=__doc__.split("\n\n", 1)[1].split("Usage:", 1)[-1].split("\n\n", 1)[-1])
    parser.add_argument("paths", nargs="+", metavar="PATH", help="an HTML file, or a folder of them (recursive)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="S",
                        help="seconds from navigation start to the load event and to ready (default 30)")
    parser.add_argument("--max-load-seconds", type=float, metavar="S",
                        help="fail a page not ready within S seconds of the navigation start")
    parser.add_argument("--forbid-global", action="append", metavar="NAME",
                        help=f"fail if window[NAME] is defined after load (repeatable; default "
                             f"{DEFAULT_FORBIDDEN_GLOBAL}; giving any replaces the default)")
    parser.add_argument("--screenshots", type=Path, metavar="DIR",
                        help="write a full-page PNG of each page here, named after its path below the PATH given")
    parser.add_argument("--max-screenshot-height", type=int, default=12000, metavar="PX",
                        help="cut screenshots of taller pages at this height (default 12000)")
    parser.add_argument("--chromium", metavar="PATH", help="the browser binary (default: $CHROMIUM, else chromium "
                                                            "on PATH)")
    options = parser.parse_args(argv)
    if options.timeout <= 0:
        parser.error("--timeout must be positive")
    if options.max_screenshot_height < 1:
        parser.error("--max-screenshot-height must be at least 1")
    options.forbid_global = options.forbid_global or [DEFAULT_FORBIDDEN_GLOBAL]
    return options


def terminate(*_):
    """SIGTERM: unwinds like Ctrl-C, through the clean-up of main, and exits 143."""
    print("check-report-pages: terminated", file=sys.stderr)
    sys.exit(143)


def main(argv):
    options = parse_arguments(argv)
    browser = None
    previous_sigterm = signal.signal(signal.SIGTERM, terminate)
    try:
        pages = find_pages(options.paths)
        binary = find_chromium(options.chromium)
        browser = Browser(binary)
        passed = failed = 0
        for page, screenshot_name in pages:
            screenshot = options.screenshots / screenshot_name if options.screenshots else None
            try:
                result = check_page(browser, str(page), options, screenshot)
            except CommandError as error:
                result = PageResult(str(page))
                result.failures.append(str(error))
            except TimeoutError as error:
                result = PageResult(str(page))
                result.failures.append(f"the browser stopped answering: {error}")
            print(result.line(), flush=True)
            passed, failed = (passed + 1, failed) if result.ok else (passed, failed + 1)
        print(f"{passed} passed, {failed} failed", flush=True)
        return 0 if failed == 0 else 1
    except UsageError as error:
        print(f"check-report-pages: error: {error}", file=sys.stderr)
        return 2
    except BrowserError as error:
        print(f"check-report-pages: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"check-report-pages: error: lost the connection to Chromium: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("check-report-pages: interrupted", file=sys.stderr)
        return 130
    finally:
        if browser:
            browser.close()
        signal.signal(signal.SIGTERM, previous_sigterm)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
