#!/usr/bin/env python3
"""Write the benchmark inputs for N credentials: a credhash config and an octoDNS zone.

The credhash config mixes the four credential types in turn. Every secret is a reference:
credentials read `${env:BENCH_SECRET_<k>}` and
`${file:secrets/<k>.txt}` in alternate groups of four, so each type gets both kinds. Each secret value is unique, so no two credentials are identical
and every create stores a new hash. `secrets.env` contains the `export` lines for the variables.

The octoDNS side is a zone `bench.example.` of N records (A, AAAA, CNAME, MX and TXT in turn)
for a YAML source, and a `config.yaml` that plans it against a YAML target folder.
"""

import argparse
import os
import sys

ZONE = "bench.example."
KINDS = ("email", "webhook", "mailgun", "aws-ses")


def credential_lines(index: int, secret: str) -> list[str]:
    """Return the YAML lines of credential number `index`, whose secret is `secret`."""
    kind = KINDS[index % len(KINDS)]
    lines = [f"  site-{index:05d}:", f"    type: {kind}"]
    if kind == "email":
        lines += [
            f"    host: smtp-{index}.mail.example.com",
            "    port: 587",
            "    encryption: tls",
            "    auth:",
            "      type: login",
            f"      username: merchant-{index}",
            f"      password: {secret}",
        ]
    elif kind == "webhook":
        lines += [
            f"    host: hooks-{index}.example.com",
            "    auth:",
            "      type: basic",
            f"      username: consumer-{index}",
            f"      password: {secret}",
        ]
    elif kind == "mailgun":
        lines += [
            f"    emailFrom: billing-{index}@example.com",
            f"    apiKey: {secret}",
            f"    domain: mg-{index}.example.com",
        ]
    else:
        lines += [
            f"    key: AKIABENCH{index:08d}",
            f"    secret: {secret}",
            "    region: us-east-1",
        ]
    return lines


def write_credhash(folder: str, count: int) -> None:
    """Write credentials.yaml, secrets.env and secrets/*.txt for `count` credentials."""
    os.makedirs(os.path.join(folder, "secrets"), exist_ok=True)
    config = ["version: 1", "credentials:"]
    exports = []
    for index in range(count):
        value = f"bench-secret-{index:05d}-value"
        if index // len(KINDS) % 2 == 0:
            variable = f"BENCH_SECRET_{index}"
            exports.append(f"export {variable}={value}")
            reference = "${env:" + variable + "}"
        else:
            with open(os.path.join(folder, "secrets", f"{index}.txt"), "w", encoding="utf-8") as file:
                file.write(value + "\n")
            reference = "${file:secrets/" + f"{index}.txt" + "}"
        config += credential_lines(index, reference)
    write_text(os.path.join(folder, "credentials.yaml"), config)
    write_text(os.path.join(folder, "secrets.env"), exports)


def record_lines(index: int) -> list[str]:
    """Return the YAML lines of DNS record number `index` in the octoDNS zone file."""
    name = f"host-{index:05d}"
    kind = ("A", "AAAA", "CNAME", "MX", "TXT")[index % 5]
    if kind == "A":
        value = f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"
    elif kind == "AAAA":
        value = f"2001:db8::{index:x}"
    elif kind == "CNAME":
        value = f"target-{index}.example.com."
    elif kind == "TXT":
        value = f"site-verification-{index}"
    else:
        return [
            f"{name}:",
            "  type: MX",
            "  value:",
            "    exchange: " + f"mx-{index}.example.com.",
            "    preference: 10",
        ]
    return [f"{name}:", f"  type: {kind}", f"  value: {value}"]


def write_octodns(folder: str, count: int) -> None:
    """Write the zone of `count` records, a matching target, an empty target and the configs."""
    zone = ["---"]
    for index in range(count):
        zone += record_lines(index)
    for name in ("source", "target-match"):
        os.makedirs(os.path.join(folder, name), exist_ok=True)
        write_text(os.path.join(folder, name, ZONE + "yaml"), zone)
    os.makedirs(os.path.join(folder, "target-empty"), exist_ok=True)
    for target in ("match", "empty"):
        write_text(os.path.join(folder, f"config-{target}.yaml"), octodns_config(f"target-{target}"))


def octodns_config(target_folder: str) -> list[str]:
    """Return an octoDNS config that plans the source zone against `target_folder`."""
    return [
        "providers:",
        "  source:",
        "    class: octodns.provider.yaml.YamlProvider",
        "    directory: ./source",
        "  target:",
        "    class: octodns.provider.yaml.YamlProvider",
        f"    directory: ./{target_folder}",
        "zones:",
        f"  {ZONE}:",
        "    sources: [source]",
        "    targets: [target]",
    ]


def write_text(path: str, lines: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True, help="number of credentials and records")
    parser.add_argument("--out", required=True, help="folder to write, with credhash/ and octodns/ inside")
    arguments = parser.parse_args()
    if arguments.count < 1:
        parser.error(f"--count must be at least 1, got {arguments.count}")
    write_credhash(os.path.join(arguments.out, "credhash"), arguments.count)
    write_octodns(os.path.join(arguments.out, "octodns"), arguments.count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
