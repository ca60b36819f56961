#!/usr/bin/env python3
"""Run the credhash benchmarks and the octoDNS comparison, then write docs/benchmarks.md.

Every server is an emulator this script starts on 127.0.0.1 and stops by its process id.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys

from emulator import Emulator, load_alone
from measure import hyperfine, machine, peak_memory
import report

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
API_KEY = "bench-key"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--credhash", required=True, help="release build of credhash")
    parser.add_argument("--static-credhash", help="static build of credhash, timed for start-up only")
    parser.add_argument("--octodns-sync", required=True, help="octodns-sync from the benchmark's virtual environment")
    parser.add_argument("--work", required=True, help="folder for inputs and cached states")
    parser.add_argument("--sizes", default="100,1000,10000", help="credential counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure")
    parser.add_argument("--remote-count", type=int, default=1000, help="credentials in the refresh and apply figures")
    parser.add_argument("--latency-ms", type=int, default=20, help="emulator latency per API request")
    parser.add_argument("--parallelism", type=int, default=16, help="requests at once in refresh and apply")
    parser.add_argument("--output", default=os.path.join(ROOT, "docs", "benchmarks.md"), help="page to write")
    return parser.parse_args()


def credhash_env(folder: str, url: str | None = None) -> dict:
    """Return the environment for credhash: the secrets, no colour, and the emulator when given."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("REBILLY_", "CREDHASH_", "GITHUB_"))}
    env["NO_COLOR"] = "1"
    with open(os.path.join(folder, "secrets.env"), encoding="utf-8") as file:
        for line in file:
            name, value = line.removeprefix("export ").strip().split("=", 1)
            env[name] = value
    if url is not None:
        env["REBILLY_API_URL"] = url
        env["REBILLY_API_KEY"] = API_KEY
    return env


def prepare_inputs(arguments: argparse.Namespace, count: int) -> str:
    """Generate the inputs for `count` and a state where all match; return the credhash folder.

    The matching state comes from credhash itself: one apply against an emulator without
    latency, whose credentials are saved for the refresh figure. Both are cached in the work
    folder, and an offline plan with --detailed-exitcode must then report no changes.
    """
    folder = os.path.join(arguments.work, str(count))
    credhash_folder = os.path.join(folder, "credhash")
    if not os.path.exists(os.path.join(credhash_folder, "emulator-data.json")):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--count", str(count), "--out", folder], check=True)
        with Emulator() as emulator:
            apply = [arguments.credhash, "apply", "--auto-approve", "--quiet", "--parallelism", "16", "--state", "match.json"]
            subprocess.run(apply, cwd=credhash_folder, env=credhash_env(credhash_folder, emulator.url), check=True, stdout=subprocess.DEVNULL)
            emulator.save_credentials(os.path.join(credhash_folder, "emulator-data.json"))
    check = [arguments.credhash, "plan", "--refresh=false", "--quiet", "--detailed-exitcode", "--state", "match.json"]
    completed = subprocess.run(check, cwd=credhash_folder, env=credhash_env(credhash_folder), stdout=subprocess.DEVNULL)
    if completed.returncode != 0:
        raise RuntimeError(f"the cached state for {count} credentials does not match (plan exit {completed.returncode}); delete {folder}")
    return credhash_folder


def offline_figures(arguments: argparse.Namespace, folders: dict) -> dict:
    """Time offline plans against the matching and the empty state, and octoDNS's plans."""
    figures = {}
    for count, folder in folders.items():
        env = credhash_env(folder)
        octodns_folder = os.path.join(os.path.dirname(folder), "octodns")
        for target in ("match", "empty"):
            plan = [arguments.credhash, "plan", "--refresh=false", "--state", f"{target}.json"]
            octodns = [arguments.octodns_sync, "--config-file", f"config-{target}.yaml"]
            print(f"offline plan, {count} credentials, {target} state", flush=True)
            figures[f"{count}/{target}"] = {
                "credhash": hyperfine(plan, arguments.runs, env, folder),
                "credhash_memory": peak_memory(plan, 3, env, folder),
                "octodns": hyperfine(octodns, arguments.runs, os.environ, octodns_folder),
                "octodns_memory": peak_memory(octodns, 3, os.environ, octodns_folder),
            }
    return figures


def remote_figures(arguments: argparse.Namespace, folder: str) -> dict:
    """Time a refreshing plan and an apply of creates against the emulator with latency."""
    count, parallelism = arguments.remote_count, str(arguments.parallelism)
    data = os.path.join(arguments.work, "refresh-data.json")
    shutil.copyfile(os.path.join(folder, "emulator-data.json"), data)
    figures = {}
    with Emulator(latency_ms=arguments.latency_ms, data_path=data) as emulator:
        env = credhash_env(folder, emulator.url)
        plan = [arguments.credhash, "plan", "--refresh=true", "--parallelism", parallelism, "--state", "match.json"]
        check = subprocess.run(plan + ["--detailed-exitcode"], cwd=folder, env=env, stdout=subprocess.DEVNULL)
        reads = sum(1 for entry in emulator.get("/__emulator/requests") if entry["method"] == "GET")
        if check.returncode != 0 or reads != count:
            raise RuntimeError(f"refresh check failed: exit {check.returncode}, {reads} reads for {count} credentials")
        print(f"refresh plan, {count} credentials", flush=True)
        figures["refresh"] = hyperfine(plan, arguments.runs, env, folder)
        figures["emulator_get"] = load_alone(emulator, "GET", count, arguments.parallelism)

    with Emulator(latency_ms=arguments.latency_ms) as emulator:
        env = credhash_env(folder, emulator.url)
        state = os.path.join(arguments.work, "apply-state.json")
        apply = [arguments.credhash, "apply", "--auto-approve", "--quiet", "--parallelism", parallelism, "--state", state]
        reset = [sys.executable, os.path.join(HERE, "emulator.py"), "reset", emulator.url, state]
        print(f"apply, {count} creates", flush=True)
        figures["apply"] = hyperfine(apply, arguments.runs, env, folder, prepare=reset)
        stored = len(emulator.get("/__emulator/credentials"))
        if stored != count:
            raise RuntimeError(f"the last apply stored {stored} credentials, expected {count}")
        subprocess.run(reset, check=True)
        figures["emulator_post"] = load_alone(emulator, "POST", count, arguments.parallelism)
    figures["ideal"] = count * arguments.latency_ms / 1000 / arguments.parallelism
    return figures


def version_figures(arguments: argparse.Namespace) -> dict:
    """Time `credhash --version` for each build given."""
    builds = {"dynamic": arguments.credhash, "static": arguments.static_credhash}
    figures = {}
    for name, binary in builds.items():
        if binary:
            figures[name] = hyperfine([binary, "--version"], max(20, arguments.runs), os.environ, ROOT, warmup=3)
            figures[name + "_memory"] = peak_memory([binary, "--version"], 3, os.environ, ROOT)
    return figures


def describe_commit() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout
    return commit + (" with uncommitted changes" if dirty.strip() else "")


def main() -> int:
    arguments = parse_arguments()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    os.makedirs(arguments.work, exist_ok=True)
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": describe_commit(),
        "machine": machine(),
        "settings": {key: value for key, value in vars(arguments).items() if key in ("runs", "latency_ms", "parallelism", "remote_count")},
    }
    folders = {count: prepare_inputs(arguments, count) for count in sorted(set(sizes + [arguments.remote_count]))}
    results["offline"] = offline_figures(arguments, {count: folders[count] for count in sizes})
    results["remote"] = remote_figures(arguments, folders[arguments.remote_count])
    results["version"] = version_figures(arguments)
    results["octodns_version"] = subprocess.run(
        [os.path.join(os.path.dirname(arguments.octodns_sync), "python"), "-c", "import octodns; print(octodns.__version__)"],
        capture_output=True, text=True).stdout.strip()
    results["load_after"] = os.getloadavg()
    with open(os.path.join(arguments.work, "results.json"), "w", encoding="utf-8") as file:
        json.dump(results, file, indent=2)
    with open(arguments.output, "w", encoding="utf-8") as file:
        file.write(report.render(results))
    print(f"wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
