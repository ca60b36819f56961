"""Render the benchmark results as docs/benchmarks.md.

The figures come from one run of Benchmarks/run.py. The profile findings are written by hand
in Benchmarks/findings.md and appended unchanged, so rerunning the benchmark keeps them.
"""

import os

FINDINGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "findings.md")

# Targets on a 2-core machine.
OFFLINE_SECONDS = 0.25
OFFLINE_MIB = 60
REMOTE_RATIO = 1.15
GROWTH = 11
VERSION_SECONDS = 0.015


def seconds(figure: dict) -> str:
    return f"{figure['median']:.3f} s ({figure['min']:.3f}–{figure['max']:.3f})"


def cpu(figure: dict) -> str:
    """Return the mean CPU time of a figure, or a dash for results saved without it."""
    return f"{figure['cpu']:.3f} s" if "cpu" in figure else "–"


def mebibytes(figure: dict) -> str:
    return f"{figure['median']:.1f} MiB"


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else f"missed by {value / limit:.2f}×"


def header(results: dict) -> list[str]:
    machine, settings = results["machine"], results["settings"]
    load = ", ".join(f"{value:.2f}" for value in machine["load"])
    load_after = ", ".join(f"{value:.2f}" for value in results["load_after"])
    return [
        "# Benchmarks",
        "",
        "Written by `make bench` (Benchmarks/run.py); rerun it to refresh every figure. Each figure is the",
        f"median of {settings['runs']} runs (min–max in brackets) measured with hyperfine, and peak memory is",
        "the median maximum resident set size of 3 runs under `/usr/bin/time -v`. credhash is the",
        "release build (`swift build -c release --product credhash`) unless a row says otherwise.",
        "",
        f"- Date: {results['date']}; commit {results['commit']}.",
        f"- Machine: {machine['cores']} cores, {machine['memory_gib']} GiB, Linux {machine['kernel']}.",
        f"- Load average (1, 5, 15 min) at the start: {load}, and at the end: {load_after}. A load",
        "  above about 0.5 means that other processes shared the machine, so the figures are slower",
        "  than on an idle machine.",
        f"- octoDNS {results['octodns_version']} from PyPI, in the benchmark's own virtual environment.",
        "",
        "Inputs come from Benchmarks/generate.py: N credentials of the four types in turn, every secret",
        "a `${env:…}` or `${file:…}` reference. The state where all match comes from one `credhash apply`",
        "against the emulator without latency, cached in the work folder and checked with",
        "`plan --detailed-exitcode`. The octoDNS zone has N records (A, AAAA, CNAME, MX, TXT in turn),",
        "planned by `octodns-sync` from a YAML source to a YAML target that holds the same zone (match)",
        "or none (empty).",
        "",
    ]


def offline_section(results: dict) -> list[str]:
    lines = [
        "## Offline plan",
        "",
        "`credhash plan --refresh=false` (parse, validate, resolve, fingerprint, diff, render) against",
        "octoDNS planning the same number of records. The ratio is credhash's median over octoDNS's.",
        "CPU time is the mean user plus system time of the runs, which other load changes less than",
        "the wall time.",
        "",
        "| N | state | credhash | CPU time | peak memory | octoDNS | CPU time | peak memory | credhash / octoDNS |",
        "|---:|---|---|---:|---:|---|---:|---:|---:|",
    ]
    for key, figure in results["offline"].items():
        count, target = key.split("/")
        ratio = figure["credhash"]["median"] / figure["octodns"]["median"]
        lines.append(
            f"| {int(count):,} | {target} | {seconds(figure['credhash'])} | {cpu(figure['credhash'])} "
            f"| {mebibytes(figure['credhash_memory'])} | {seconds(figure['octodns'])} | {cpu(figure['octodns'])} "
            f"| {mebibytes(figure['octodns_memory'])} | {ratio:.2f} |"
        )
    return lines + [""]


def growth_lines(results: dict) -> list[str]:
    offline = results["offline"]
    if "1000/match" not in offline or "10000/match" not in offline:
        return ["Growth from 1,000 to 10,000 needs both sizes in BENCH_SIZES.", ""]
    lines = ["| state | time growth, 1,000 → 10,000 | memory growth |", "|---|---:|---:|"]
    for target in ("match", "empty"):
        small, large = offline[f"1000/{target}"], offline[f"10000/{target}"]
        time_growth = large["credhash"]["median"] / small["credhash"]["median"]
        memory_growth = large["credhash_memory"]["median"] / small["credhash_memory"]["median"]
        lines.append(f"| {target} | {time_growth:.1f}× | {memory_growth:.1f}× |")
    return lines + [""]


def remote_section(results: dict) -> list[str]:
    remote, settings = results["remote"], results["settings"]
    ideal = remote["ideal"]
    count = settings["remote_count"]
    return [
        "## Against the emulator",
        "",
        f"{count:,} credentials, emulator latency {settings['latency_ms']} ms per request, parallelism",
        f"{settings['parallelism']}. The ideal is N × latency / parallelism = {ideal:.3f} s.",
        "",
        "| figure | time | ratio to ideal |",
        "|---|---|---:|",
        f"| `plan --refresh=true` (reads every hash) | {seconds(remote['refresh'])} | {remote['refresh']['median'] / ideal:.2f} |",
        f"| `apply` of {count:,} creates | {seconds(remote['apply'])} | {remote['apply']['median'] / ideal:.2f} |",
        f"| emulator alone: {count:,} GETs from a Python client | {remote['emulator_get']:.3f} s | {remote['emulator_get'] / ideal:.2f} |",
        f"| emulator alone: {count:,} POSTs from a Python client | {remote['emulator_post']:.3f} s | {remote['emulator_post'] / ideal:.2f} |",
        "",
        "The emulator-alone rows send the same requests from 16 keep-alive connections of a",
        "stdlib Python client (Benchmarks/emulator.py), one run each.",
        "",
    ]


def version_section(results: dict) -> list[str]:
    lines = ["## Start-up", "", "| build | `credhash --version` | peak memory |", "|---|---|---:|"]
    names = {"dynamic": "release build, Swift runtime as shared libraries", "static": "`make release` (static Swift runtime)"}
    for name, label in names.items():
        if name in results["version"]:
            lines.append(f"| {label} | {seconds(results['version'][name])} | {mebibytes(results['version'][name + '_memory'])} |")
    return lines + [""]


def targets_section(results: dict) -> list[str]:
    offline, remote, version = results["offline"], results["remote"], results["version"]
    lines = ["## Targets", "", "| target | measured | result |", "|---|---|---|"]
    for target in ("match", "empty"):
        figure = offline.get(f"10000/{target}")
        if figure:
            value, memory = figure["credhash"]["median"], figure["credhash_memory"]["median"]
            lines.append(f"| offline plan of 10,000 ({target} state) ≤ {OFFLINE_SECONDS} s | {value:.3f} s | {verdict(value, OFFLINE_SECONDS)} |")
            lines.append(f"| its peak memory ≤ {OFFLINE_MIB} MB | {memory * 1.048576:.1f} MB | {verdict(memory * 1.048576, OFFLINE_MIB)} |")
            if f"1000/{target}" in offline:
                growth = value / offline[f"1000/{target}"]["credhash"]["median"]
                lines.append(f"| growth 1,000 → 10,000 ({target}) ≤ {GROWTH}× | {growth:.1f}× | {verdict(growth, GROWTH)} |")
    for name in ("refresh", "apply"):
        ratio = remote[name]["median"] / remote["ideal"]
        lines.append(f"| {name} of 1,000 ≤ {REMOTE_RATIO} × ideal | {ratio:.2f} × | {verdict(ratio, REMOTE_RATIO)} |")
    for name in ("dynamic", "static"):
        if name in version:
            value = version[name]["median"]
            lines.append(f"| `--version` ({name} build) ≤ 15 ms | {value * 1000:.1f} ms | {verdict(value, VERSION_SECONDS)} |")
    return lines + [""]


def render(results: dict) -> str:
    lines = header(results) + targets_section(results) + offline_section(results)
    lines += ["### Growth", ""] + growth_lines(results)
    lines += remote_section(results) + version_section(results)
    if os.path.exists(FINDINGS):
        with open(FINDINGS, encoding="utf-8") as file:
            lines.append(file.read().rstrip("\n"))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    # Render the page again from a saved run, after Benchmarks/findings.md changed.
    import json
    import sys

    if len(sys.argv) != 3:
        sys.exit("usage: report.py RESULTS_JSON OUTPUT_MD")
    with open(sys.argv[1], encoding="utf-8") as results_file:
        page = render(json.load(results_file))
    with open(sys.argv[2], "w", encoding="utf-8") as output_file:
        output_file.write(page)
