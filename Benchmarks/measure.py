"""Time commands with hyperfine and read their peak memory with /usr/bin/time -v."""

import json
import os
import statistics
import subprocess
import tempfile


def hyperfine(
    command: list[str], runs: int, env: dict, cwd: str, prepare: list[str] | None = None, warmup: int = 1
) -> dict:
    """Run `command` `runs` times without a shell; return median, min and max in seconds.

    `cpu` is the mean user plus system time, which other load on the machine changes less.

    `prepare` runs before every timed run and is not timed. Every run must exit with status 0.
    """
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        arguments = ["hyperfine", "--shell=none", "--runs", str(runs), "--style", "basic", "--export-json", export.name]
        if prepare is not None:
            arguments += ["--prepare", " ".join(prepare)]
        else:
            arguments += ["--warmup", str(warmup)]
        arguments.append(" ".join(command))
        subprocess.run(arguments, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        result = json.load(open(export.name, encoding="utf-8"))["results"][0]
    return {
        "median": result["median"], "min": result["min"], "max": result["max"], "runs": len(result["times"]),
        "cpu": result["user"] + result["system"],
    }


def peak_memory(command: list[str], runs: int, env: dict, cwd: str) -> dict:
    """Run `command` `runs` times under /usr/bin/time -v; return the median, min and max peak RSS in MiB."""
    values = []
    for _ in range(runs):
        completed = subprocess.run(
            ["/usr/bin/time", "-v"] + command,
            env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"{command[0]} exited with {completed.returncode}: {completed.stderr[-500:]}")
        for line in completed.stderr.splitlines():
            if "Maximum resident set size" in line:
                values.append(int(line.rsplit(":", 1)[1]) / 1024)
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def machine() -> dict:
    """Return the core count, total memory, load average and kernel of this machine."""
    with open("/proc/meminfo", encoding="utf-8") as file:
        total_kib = int(file.readline().split()[1])
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(total_kib / 1024 / 1024, 1),
        "load": os.getloadavg(),
        "kernel": os.uname().release,
    }
