#!/usr/bin/env python3
"""Save-to-reload latency of `rotalog serve` (a benchmark, not a test).

Starts `rotalog serve` on SITE_DIR, listens to the live-reload stream like
an open page does, then saves one program file ROUNDS times and measures,
from the moment the file is written and closed:

  reload  the `reload` event naming the program's page arrives
  page    the page with the edit has been fetched (what the browser does next)
  lists   the second `reload`, for the pages listing the program, arrives
  during  page fetched, for a second program saved right after the first
          one's page arrived, while the first one's lists are being redone

Usage:
  python3 /work/shared/bench/gen_catalog.py 10000 /tmp/cat10k --format native
  cargo build --release
  python3 tests/bench/serve_latency.py /tmp/cat10k [ROUNDS] [BINARY]

The site's files are edited in place and restored at the end.
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time


def main():
    site = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    binary = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
        os.path.dirname(__file__), "..", "..", "target", "release", "rotalog")
    programs = os.path.join(site, "content", "programs")
    names = sorted(f for f in os.listdir(programs) if f.endswith(".md"))
    name, other_name = names[len(names) // 2], names[len(names) // 3]
    path = os.path.join(programs, name)
    other_path = os.path.join(programs, other_name)
    slug = name[:-3]
    other_slug = other_name[:-3]
    original = open(path, encoding="utf-8").read()
    other_original = open(other_path, encoding="utf-8").read()

    server = subprocess.Popen(
        [binary, "serve", site, "--port", "0", "--date", "2026-11-22"],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"})
    port = base = None
    started = time.perf_counter()
    for line in server.stderr:
        sys.stderr.write(line)
        m = re.search(r"http://127\.0\.0\.1:(\d+)(\S*)/", line)
        if m:
            port, base = int(m.group(1)), m.group(2)
            break
    print(f"initial build and start: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    log = []
    threading.Thread(target=lambda: log.extend(server.stderr), daemon=True).start()
    url = f"{base}/programs/{slug}/"
    other_url = f"{base}/programs/{other_slug}/"

    events = socket.create_connection(("127.0.0.1", port))
    events.sendall(f"GET /__rotalog/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    buffer = b""

    def next_reload(deadline=10.0, naming=None):
        nonlocal buffer
        end = time.perf_counter() + deadline
        while time.perf_counter() < end:
            while b"\n\n" in buffer:
                record, buffer = buffer.split(b"\n\n", 1)
                text = record.decode()
                if text.startswith("event: reload") and (naming is None or f'"{naming}"' in text):
                    return text
            events.settimeout(max(0.01, end - time.perf_counter()))
            buffer += events.recv(65536)
        raise TimeoutError("no reload event")

    def quiet(seconds=2.0):
        """Reads events until none came for `seconds`."""
        nonlocal buffer
        while True:
            events.settimeout(seconds)
            try:
                chunk = events.recv(65536)
            except TimeoutError:
                buffer = b""
                return
            buffer += chunk

    def get(target):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        body = b""
        while chunk := s.recv(1 << 20):
            body += chunk
        s.close()
        return body.decode("utf-8", "replace")

    time.sleep(1.0)
    reload_ms, page_ms, lists_ms, during_ms = [], [], [], []
    try:
        for i in range(rounds):
            marker = f"Bench edit {i} {time.time_ns()}"
            text = re.sub(r"^title: .*$", f"title: {marker}", original, count=1, flags=re.M)
            t0 = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            data = next_reload()
            t1 = time.perf_counter()
            assert url in data, data
            page = get(url)
            t2 = time.perf_counter()
            assert marker in page, "the served page lacks the edit"
            next_reload()
            t3 = time.perf_counter()
            reload_ms.append((t1 - t0) * 1000)
            page_ms.append((t2 - t0) * 1000)
            lists_ms.append((t3 - t0) * 1000)
            time.sleep(0.3)
            # A save while the lists of the previous one are being redone.
            marker = f"Bench other {i} {time.time_ns()}"
            text = re.sub(r"^title: .*$", f"title: {marker}", other_original, count=1, flags=re.M)
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace("title:", "title: Again", 1))
            next_reload(naming=url)
            t0 = time.perf_counter()
            with open(other_path, "w", encoding="utf-8") as f:
                f.write(text)
            next_reload(naming=other_url)
            assert marker in get(other_url), "the served page lacks the edit"
            during_ms.append((time.perf_counter() - t0) * 1000)
            quiet()
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        with open(other_path, "w", encoding="utf-8") as f:
            f.write(other_original)
        time.sleep(0.5)
        server.terminate()

    def show(label, xs):
        print(f"{label:7} median {statistics.median(xs):6.0f} ms   max {max(xs):6.0f} ms")

    timings = [l.strip() for l in log if l.startswith(("rebuilt in", "updated in"))]
    print("the server's own timings (from the end of the debounce):", *timings[-4:], sep="\n  ")
    print(f"{rounds} saves of {name}:")
    show("reload", reload_ms)
    show("page", page_ms)
    show("lists", lists_ms)
    show("during", during_ms)


if __name__ == "__main__":
    main()
