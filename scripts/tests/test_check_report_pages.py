"""Tests of scripts/check-report-pages.py: that it passes a good page and fails each kind of broken one.

Run from the repository root (stdlib only; the browser tests need Chromium, as the checker does):
    python3 -m unittest discover -s scripts/tests -v

The browser tests run the checker as a program on the pages in fixtures/, each written to pass or to fail in
one way, and check the exit status, the reason printed for each page, the screenshots and the clean-up. The
WebSocket tests talk to a scripted server on the loopback interface, without a browser.
"""

import base64
import hashlib
import importlib.util
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
SCRIPT = HERE.parent / "check-report-pages.py"

spec = importlib.util.spec_from_file_location("check_report_pages", SCRIPT)
checker = importlib.util.module_from_spec(spec)
spec.loader.exec_module(checker)

CHROMIUM_MISSING = None
try:
    checker.find_chromium(None)
except checker.UsageError as error:
    CHROMIUM_MISSING = str(error)

# Each fixture page: None to pass, else a pattern that its FAIL line must match. Every fixture must be listed.
EXPECTED = {
    "good.html": None,
    "index-no-charts.html": None,
    "ready-late.html": None,
    "slow.html": None,
    "tall.html": None,
    "custom-global.html": None,
    "console-error.html": r"console error: 'could not parse trials 42'",
    "uncaught-exception.html": r"uncaught exception: 'TypeError: scores is undefined",
    "rejected-promise.html": r"unhandled promise rejection: 'Error: fetch of trials.csv failed'",
    "dialog.html": r"alert\(\) dialog opened: 'xss'",
    "empty-chart.html": r"chart 'parallel-coordinates' has no marks",
    "invisible-marks.html": r"chart 'contour' has 2 marks, but none has a non-empty box",
    "zero-size-chart.html": r"chart 'timeline' has an <svg> with no rendered size \(0×100 px\)",
    "no-charts.html": r"no charts: a page without charts must say <body data-charts=\"none\">",
    "http-script.html": r"network request \(a report must be offline\): 'http://cdn\.example\.invalid/chart\.js'",
    "missing-asset.html": r"failed request: 'file://.*/assets/missing\.css \(net::ERR_FILE_NOT_FOUND\)'",
    "injected.html": r"window\.__hyperplan_injected is defined",
    "never-loads.html": r"did not finish loading: no load event within 3 s",
    "never-ready.html": r"not ready within 3 s: body data-ready is still 'false', not 'true'",
}

# Reasons that must not show up on a page of the main run except where EXPECTED names them: a fixture that
# fails must fail for its own reason only.
OTHER_REASONS = ["console error", "uncaught exception", "network request", "failed request", "no marks",
                 "no rendered size", "no charts", "is defined", "dialog", "did not finish", "not ready", "too slow",
                 "browser error", "promise rejection", "crashed"]


def run_checker(*arguments, timeout=120, env=None):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, arguments)], capture_output=True, text=True,
                          timeout=timeout, env=env)


def png_size(path):
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def lines_by_page(stdout):
    """{page file name: its line} from the checker's output."""
    pages = {}
    for line in stdout.splitlines():
        match = re.match(r"^(?:ok  |FAIL )(\S+?)(?::|  )", line)
        if match:
            pages[Path(match.group(1)).name] = line
    return pages


@unittest.skipIf(CHROMIUM_MISSING, CHROMIUM_MISSING)
class FixturePagesTests(unittest.TestCase):
    """One checker run over the whole fixtures folder."""

    @classmethod
    def setUpClass(cls):
        cls.screenshots = Path(tempfile.mkdtemp(prefix="check-report-pages-test-"))
        cls.result = run_checker("--timeout", "3", "--max-load-seconds", "20", "--max-screenshot-height", "2000",
                                 "--screenshots", cls.screenshots, FIXTURES)
        cls.pages = lines_by_page(cls.result.stdout)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.screenshots, ignore_errors=True)

    def test_every_fixture_has_an_expectation(self):
        fixtures = {page.name for page in FIXTURES.glob("*.html")}
        self.assertEqual(fixtures, set(EXPECTED), "list each fixture page in EXPECTED")

    def test_one_line_per_page_and_the_exit_status(self):
        self.assertEqual(set(self.pages), set(EXPECTED), self.result.stdout + self.result.stderr)
        passing = sum(1 for reason in EXPECTED.values() if reason is None)
        self.assertIn(f"\n{passing} passed, {len(EXPECTED) - passing} failed\n", self.result.stdout)
        self.assertEqual(self.result.returncode, 1, self.result.stderr)

    def test_each_page_passes_or_fails_for_its_reason(self):
        for page, pattern in EXPECTED.items():
            with self.subTest(page=page):
                line = self.pages.get(page, "")
                if pattern is None:
                    self.assertTrue(line.startswith("ok  "), line)
                    continue
                self.assertTrue(line.startswith("FAIL "), line)
                self.assertRegex(line, pattern)
                for reason in OTHER_REASONS:
                    if reason not in pattern.replace("\\", ""):
                        self.assertNotIn(reason, line, f"{page} failed for another reason too")

    def test_counts_charts_and_marks_after_the_page_is_ready(self):
        self.assertRegex(self.pages["good.html"], r"\(\d+\.\d\d s, 2 charts, 4 marks\)$")
        # Its marks are drawn 200 ms after the load event, before it sets data-ready="true".
        self.assertRegex(self.pages["ready-late.html"], r"\(load \d+\.\d\d s, ready \d+\.\d\d s, 1 chart, 5 marks\)$")
        load, ready = map(float, re.search(r"load (\S+) s, ready (\S+) s", self.pages["ready-late.html"]).groups())
        self.assertGreaterEqual(ready - load, 0.19)

    def test_screenshots_are_full_page_1280_wide_and_capped(self):
        self.assertEqual(png_size(self.screenshots / "good.png"), (1280, 800))  # shorter than the viewport
        self.assertEqual(png_size(self.screenshots / "tall.png"), (1280, 2000))  # 3000 px, cut at 2000
        self.assertTrue((self.screenshots / "console-error.png").exists())
        self.assertFalse((self.screenshots / "never-loads.png").exists())


@unittest.skipIf(CHROMIUM_MISSING, CHROMIUM_MISSING)
class OptionTests(unittest.TestCase):
    def test_max_load_seconds_fails_a_slower_page(self):
        # slow.html spins for 400 ms before its load event, so it cannot be ready within 0.3 s.
        result = run_checker("--max-load-seconds", "0.3", FIXTURES / "slow.html")
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertRegex(result.stdout, r"FAIL \S*slow\.html: too slow: ready after 0\.\d\d s, the limit is 0\.3 s")

    def test_forbid_global_is_repeatable_and_replaces_the_default(self):
        result = run_checker("--forbid-global", "answer", "--forbid-global", "notDefinedAnywhere",
                             FIXTURES / "custom-global.html", FIXTURES / "injected.html")
        pages = lines_by_page(result.stdout)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertRegex(pages["custom-global.html"], r"^FAIL .*window\.answer is defined")
        self.assertNotIn("notDefinedAnywhere", result.stdout)
        self.assertTrue(pages["injected.html"].startswith("ok  "), pages["injected.html"])

    def test_a_passing_run_exits_0_and_screenshots_keep_the_folder_layout(self):
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "report"
            (report / "experiments").mkdir(parents=True)
            shutil.copy(FIXTURES / "index-no-charts.html", report / "index.html")
            shutil.copy(FIXTURES / "good.html", report / "experiments" / "iris-logistic.html")
            shutil.copytree(FIXTURES / "assets", report / "experiments" / "assets")
            result = run_checker("--screenshots", Path(folder) / "shots", report)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertEqual(result.stdout.splitlines()[-1], "2 passed, 0 failed")
            self.assertTrue((Path(folder) / "shots" / "index.png").exists())
            self.assertTrue((Path(folder) / "shots" / "experiments" / "iris-logistic.png").exists())

    def test_ctrl_c_and_sigterm_kill_chromium_and_remove_its_profile(self):
        for sig, status, message in ((signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")):
            with self.subTest(signal=sig.name), tempfile.TemporaryDirectory() as temporary:
                env = dict(os.environ, TMPDIR=temporary)
                process = subprocess.Popen([sys.executable, str(SCRIPT), FIXTURES / "never-loads.html"], env=env,
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                try:
                    port_file = wait_for(lambda: next(Path(temporary).glob("hyperplan-chromium-*/DevToolsActivePort"),
                                                      None), "Chromium to start")
                    profile = port_file.parent
                    wait_for(lambda: processes_using(profile), "Chromium's processes to show")
                    time.sleep(0.5)  # let it reach the page, which never finishes loading
                    process.send_signal(sig)
                    _, stderr = process.communicate(timeout=20)
                finally:
                    if process.poll() is None:
                        process.kill()
                        process.wait()
                self.assertEqual(process.returncode, status, stderr)
                self.assertIn(message, stderr)
                self.assertFalse(profile.exists(), "the temporary profile is left behind")
                self.assertEqual(processes_using(profile), [], "Chromium processes are left running")


class UsageTests(unittest.TestCase):
    def test_a_missing_path_is_a_usage_error(self):
        result = run_checker(FIXTURES / "no-such-page.html")
        self.assertEqual(result.returncode, 2)
        self.assertIn("no such file or folder", result.stderr)

    def test_a_folder_without_pages_is_a_usage_error(self):
        with tempfile.TemporaryDirectory() as folder:
            result = run_checker(folder)
        self.assertEqual(result.returncode, 2)
        self.assertIn("no *.html file in", result.stderr)

    def test_a_missing_chromium_says_how_to_install_it(self):
        result = run_checker("--chromium", "/nonexistent/chromium", FIXTURES / "good.html")
        self.assertEqual(result.returncode, 2)
        self.assertIn("apt-get install -y chromium", result.stderr)

    def test_help_states_the_page_contract(self):
        result = run_checker("--help")
        self.assertEqual(result.returncode, 0)
        for term in ("figure.chart", "data-chart", 'class="mark"', 'data-charts="none"', 'data-ready="false"'):
            self.assertIn(term, result.stdout)


def wait_for(probe, what, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def processes_using(profile):
    """Live (not zombie) processes whose command line names the profile folder."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if str(profile) in command and stat[stat.rindex(")") + 2] not in "ZX":
            found.append(int(entry))
    return found


# WebSocket ----------------------------------------------------------------------------------------------

class ScriptedServer:
    """A one-connection WebSocket server on 127.0.0.1 that answers the handshake, then sends the given bytes
    and records what the client sends."""

    def __init__(self, frames, accept=None):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.frames, self.accept, self.received = frames, accept, bytearray()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        connection, _ = self.listener.accept()
        with connection:
            request = b""
            while b"\r\n\r\n" not in request:
                request += connection.recv(4096)
            key = re.search(rb"Sec-WebSocket-Key: (\S+)", request).group(1)
            accept = self.accept or base64.b64encode(hashlib.sha1(key + checker.WEBSOCKET_GUID.encode()).digest())
            connection.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
            for chunk in self.frames:
                connection.sendall(chunk)
            connection.settimeout(2)
            try:
                while True:
                    data = connection.recv(65536)
                    if not data:
                        break
                    self.received += data
            except socket.timeout:
                pass

    def close(self):
        self.listener.close()
        self.thread.join(5)


def server_frame(opcode, payload, fin=True):
    """An unmasked frame, as a server sends them."""
    header = bytearray([(0x80 if fin else 0) | opcode])
    if len(payload) < 126:
        header.append(len(payload))
    elif len(payload) < 1 << 16:
        header += bytes([126]) + struct.pack("!H", len(payload))
    else:
        header += bytes([127]) + struct.pack("!Q", len(payload))
    return bytes(header) + payload


class WebSocketTests(unittest.TestCase):
    def test_client_frames_are_masked_as_in_rfc_6455(self):
        # RFC 6455, section 5.7: a single-frame masked text message containing "Hello".
        frame = checker.encode_frame(checker.OP_TEXT, b"Hello", mask_key=bytes.fromhex("37fa213d"))
        self.assertEqual(frame, bytes.fromhex("818537fa213d7f9f4d5158"))

    def test_client_frame_lengths_use_16_and_64_bit_forms(self):
        for length, header_length, marker in ((125, 2, 125), (126, 4, 126), (65535, 4, 126), (65536, 10, 127)):
            with self.subTest(length=length):
                payload = bytes(range(256)) * (length // 256) + bytes(length % 256)
                frame = checker.encode_frame(checker.OP_BINARY, payload)
                self.assertEqual(frame[1], 0x80 | marker)
                fin, opcode, decoded, used = checker.decode_frame(frame)
                self.assertEqual((fin, opcode, decoded, used), (True, checker.OP_BINARY, payload, len(frame)))
                self.assertEqual(len(frame), header_length + 4 + length)

    def test_an_incomplete_frame_decodes_to_none(self):
        frame = server_frame(checker.OP_TEXT, b"x" * 300)
        for cut in (0, 1, 3, 100, len(frame) - 1):
            self.assertIsNone(checker.decode_frame(frame[:cut]))

    def test_receives_fragmented_large_and_ping_interleaved_messages(self):
        large = ("é" * 40000 + "end").encode()  # 80,003 bytes: a 64-bit length
        frames = [
            server_frame(checker.OP_TEXT, b'{"id": 1, ', fin=False),
            server_frame(checker.OP_PING, b"are you there"),  # control frames may come between fragments
            server_frame(checker.OP_CONTINUATION, b'"result": ', fin=False),
            server_frame(checker.OP_CONTINUATION, b"{}}"),
            server_frame(checker.OP_TEXT, large),
        ]
        # Sent in pieces so that frames and their headers straddle recv() calls.
        joined = b"".join(frames)
        server = ScriptedServer([joined[i:i + 7] for i in range(0, 63, 7)] + [joined[63:]])
        try:
            client = checker.WebSocket(f"ws://127.0.0.1:{server.port}/devtools/browser/x")
            deadline = time.monotonic() + 5
            self.assertEqual(client.receive(deadline), '{"id": 1, "result": {}}')
            self.assertEqual(client.receive(deadline), large.decode())
            client.send_text("ok")
            client.close()
        finally:
            server.close()
        sent, messages = bytes(server.received), []
        while sent:
            fin, opcode, payload, used = checker.decode_frame(sent)
            self.assertTrue(sent[1] & 0x80, "a client frame is not masked")
            messages.append((opcode, payload))
            sent = sent[used:]
        self.assertEqual(messages[0], (checker.OP_PONG, b"are you there"))
        self.assertEqual(messages[1], (checker.OP_TEXT, b"ok"))
        self.assertEqual(messages[2][0], checker.OP_CLOSE)

    def test_a_wrong_handshake_answer_is_refused(self):
        server = ScriptedServer([], accept=b"d3JvbmcK")
        try:
            with self.assertRaisesRegex(checker.BrowserError, "Sec-WebSocket-Accept"):
                checker.WebSocket(f"ws://127.0.0.1:{server.port}/")
        finally:
            server.close()

    def test_receive_times_out_without_losing_a_partial_frame(self):
        frame = server_frame(checker.OP_TEXT, b"late")
        listener = socket.create_server(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        connections = []

        def serve():
            connection, _ = listener.accept()
            connections.append(connection)
            request = b""
            while b"\r\n\r\n" not in request:
                request += connection.recv(4096)
            key = re.search(rb"Sec-WebSocket-Key: (\S+)", request).group(1)
            accept = base64.b64encode(hashlib.sha1(key + checker.WEBSOCKET_GUID.encode()).digest())
            connection.sendall(b"HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: " + accept
                               + b"\r\n\r\n" + frame[:3])

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            client = checker.WebSocket(f"ws://127.0.0.1:{port}/")
            thread.join(5)
            with self.assertRaises(TimeoutError):
                client.receive(time.monotonic() + 0.2)
            connections[0].sendall(frame[3:])
            self.assertEqual(client.receive(time.monotonic() + 5), "late")
            client.close()
        finally:
            for connection in connections:
                connection.close()
            listener.close()


if __name__ == "__main__":
    unittest.main()
