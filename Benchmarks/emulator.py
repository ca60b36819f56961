"""Start, configure and stop the Rebilly emulator for the benchmarks, and load it alone.

Every address is 127.0.0.1: the emulator binds loopback and picks its own port.
"""

import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EMULATOR = os.path.join(ROOT, "emulator", "rebilly_emulator.py")
DATA_FILE_FORMAT = 1


class Emulator:
    """An emulator process on 127.0.0.1, stopped by its process id on exit from `with`."""

    def __init__(self, latency_ms: int = 0, data_path: str | None = None) -> None:
        command = [sys.executable, EMULATOR, "--port", "0", "--quiet", "--latency-ms", str(latency_ms)]
        if data_path is not None:
            command += ["--data", data_path]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening on http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"emulator did not start: first output line was {line!r}")
        self.url = line.removeprefix("listening on ")
        self.port = int(self.url.rsplit(":", 1)[1])

    def __enter__(self) -> "Emulator":
        return self

    def __exit__(self, *exception) -> None:
        self.stop()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def post(self, path: str, document: dict | None = None) -> bytes:
        body = json.dumps(document or {}).encode()
        request = urllib.request.Request(
            self.url + path, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()

    def get(self, path: str):
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            return json.loads(response.read())

    def save_credentials(self, path: str) -> int:
        """Write every stored credential to `path` in the --data file format; return the count."""
        records = self.get("/__emulator/credentials")
        with open(path, "w", encoding="utf-8") as file:
            json.dump({"format": DATA_FILE_FORMAT, "credentials": records}, file)
        return len(records)


def load_alone(emulator: Emulator, method: str, count: int, parallelism: int) -> float:
    """Send `count` requests from `parallelism` keep-alive connections; return the seconds taken.

    GET reads the stored credentials in turn, POST creates new email credentials. The client
    is Python's http.client in this process, so the figure includes its own overhead.
    """
    hashes = [record["hash"] for record in emulator.get("/__emulator/credentials") if record["kind"] == "emails"]
    if method == "GET" and not hashes:
        raise RuntimeError("the emulator stores no email credentials to read")
    counter = iter(range(count))
    lock = threading.Lock()
    failures = []

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=30)
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            if method == "GET":
                connection.request("GET", f"/credential-hashes/emails/{hashes[index % len(hashes)]}")
            else:
                body = json.dumps({"host": f"load-{index}-{time.monotonic_ns()}.example.com"})
                connection.request(
                    "POST", "/credential-hashes/emails", body, {"Content-Type": "application/json"}
                )
            response = connection.getresponse()
            response.read()
            if response.status not in (200, 201):
                failures.append(response.status)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(parallelism)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"{len(failures)} load requests failed, first status {failures[0]}")
    return elapsed


def reset(url: str, state_path: str) -> None:
    """Clear the emulator at `url` and remove the state at `state_path` with its backup.

    hyperfine runs this before every timed apply, so each apply starts from nothing.
    """
    for path in (state_path, state_path + ".backup"):
        if os.path.exists(path):
            os.remove(path)
    request = urllib.request.Request(url + "/__emulator/reset", data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "reset":
        sys.exit("usage: emulator.py reset URL STATE")
    reset(sys.argv[2], sys.argv[3])
