#!/usr/bin/env python3
"""Check recorded credential-hashes traffic against Rebilly's OpenAPI definitions.

Reads the emulator's request log: a JSON file, a running emulator's
/__emulator/requests, or traffic generated here. It validates every request
body, and every response body, Content-Type and declared header, against the
schema of the operation for that method, path and status. OpenAPI 3.0
specifics are translated to JSON Schema draft 7: readOnly properties are
ignored in requests and writeOnly ones in responses, `nullable` adds null,
`discriminator` selects the mapped schema, and the formats email, date-time
and uri are checked.

Needs PyYAML and jsonschema (the Makefile installs them into .venv).
Exit status: 0 when everything conforms or the definitions folder is
missing, 1 on a conformance failure, 2 on a usage or input error.
"""

from __future__ import annotations

import argparse
import copy
import ipaddress
import json
import os
import re
import sys
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

try:
    import jsonschema
    import yaml
except ImportError as import_error:  # pragma: no cover - reported by main()
    jsonschema = None
    yaml = None
    IMPORT_ERROR: ImportError | None = import_error
else:
    IMPORT_ERROR = None

REPOSITORY_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SPEC_DIR = os.path.join(
    REPOSITORY_ROOT, "..", "shared", "rebilly-openapi", "api-definitions-3ec000255"
)

PATH_FILE_PATTERN = re.compile(r"^credential-hashes@.+\.yaml$")
ORGANIZATION_PREFIX = re.compile(r"^/organizations/[^/]+(?=/)")

# Problem schema for statuses an operation does not document (for example
# injected 429 and 500 responses, or 400 for a body that is not JSON).
GENERIC_PROBLEM_SCHEMA = "openapi/components/schemas/ProblemTypes/BaseProblem.yaml"

DATE_TIME_PATTERN = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)
URI_SCHEME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+$")

SOURCE_KEY = "x-source-file"


class SpecError(Exception):
    """The definitions cannot be loaded or contain a reference that does not resolve."""


# ---------------------------------------------------------------------------
# Loading the definitions and translating OpenAPI 3.0 schemas to JSON Schema
# ---------------------------------------------------------------------------


class Definitions:
    """YAML files of one definitions folder, with $ref resolution across files."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self._documents: dict[str, Any] = {}

    def load(self, relative_path: str) -> Any:
        relative_path = os.path.normpath(relative_path)
        if relative_path not in self._documents:
            full_path = os.path.join(self.root, relative_path)
            try:
                with open(full_path, encoding="utf-8") as file:
                    self._documents[relative_path] = yaml.safe_load(file)
            except (OSError, yaml.YAMLError) as error:
                raise SpecError(f"cannot load {relative_path}: {error}") from error
        return self._documents[relative_path]

    def resolve(self, reference: str, current_file: str) -> tuple[Any, str]:
        """Return the target of a $ref and the file that contains it."""
        file_part, _, pointer = reference.partition("#")
        if file_part:
            target_file = os.path.normpath(
                os.path.join(os.path.dirname(current_file), file_part)
            )
        else:
            target_file = current_file
        node = self.load(target_file)
        for token in filter(None, pointer.split("/")):
            token = token.replace("~1", "/").replace("~0", "~")
            try:
                node = node[int(token)] if isinstance(node, list) else node[token]
            except (KeyError, IndexError, ValueError, TypeError):
                raise SpecError(f"{current_file}: $ref {reference} does not resolve") from None
        return node, target_file

    def deref(self, node: Any, current_file: str) -> tuple[Any, str]:
        """Follow $ref chains until a node that is not a reference."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            key = (current_file, node["$ref"])
            if key in seen:
                raise SpecError(f"{current_file}: $ref cycle at {node['$ref']}")
            seen.add(key)
            node, current_file = self.resolve(node["$ref"], current_file)
        return node, current_file


class SchemaTranslator:
    """Turns an OpenAPI 3.0 schema into a self-contained JSON Schema (draft 7).

    mode "request" drops readOnly properties and mode "response" drops
    writeOnly ones, as OpenAPI 3.0 specifies. Each schema taken from a file
    is tagged with SOURCE_KEY so that failures can name the file.
    """

    def __init__(self, definitions: Definitions, mode: str) -> None:
        self.definitions = definitions
        self.mode = mode
        self.hidden_flag = "readOnly" if mode == "request" else "writeOnly"

    def translate(self, schema: Any, current_file: str) -> Any:
        return self._translate(schema, current_file, frozenset(), ())

    def _translate(
        self, schema: Any, current_file: str, suppressed: frozenset, stack: tuple
    ) -> Any:
        if not isinstance(schema, dict):
            return schema

        if "$ref" in schema:
            target, target_file = self.definitions.resolve(schema["$ref"], current_file)
            # The discriminator cycle (base -> mapped -> base) revisits a file
            # with more discriminators suppressed, so it is not a repeat.
            key = (target_file, id(target), suppressed)
            if key in stack:
                raise SpecError(f"{current_file}: recursive $ref {schema['$ref']} is not supported")
            translated = self._translate(target, target_file, suppressed, stack + (key,))
            if isinstance(translated, dict) and SOURCE_KEY not in translated:
                translated = dict(translated)
                translated[SOURCE_KEY] = target_file
            elif isinstance(translated, dict):
                translated = {"allOf": [translated], SOURCE_KEY: target_file}
            return translated

        discriminator_key = (current_file, id(schema))
        if "discriminator" in schema and discriminator_key not in suppressed:
            return self._translate_discriminator(
                schema, current_file, suppressed | {discriminator_key}, stack
            )

        result: dict[str, Any] = {}
        for keyword, value in schema.items():
            if keyword in ("discriminator", "nullable"):
                continue
            if keyword == "properties":
                result["properties"] = {
                    name: self._translate(child, current_file, suppressed, stack)
                    for name, child in value.items()
                }
            elif keyword in ("allOf", "anyOf", "oneOf"):
                result[keyword] = [
                    self._translate(child, current_file, suppressed, stack) for child in value
                ]
            elif keyword in ("items", "not", "additionalProperties") and isinstance(value, dict):
                result[keyword] = self._translate(value, current_file, suppressed, stack)
            else:
                result[keyword] = copy.deepcopy(value)

        self._drop_hidden_properties(result)
        self._apply_nullable(schema, result)
        self._convert_exclusive_bounds(result)
        return result

    def _translate_discriminator(
        self, schema: dict, current_file: str, suppressed: frozenset, stack: tuple
    ) -> dict:
        """Validate against the mapped schema chosen by the discriminator property.

        The mapped schemas extend this one through allOf, so inside them the
        discriminator is suppressed, which keeps the translation finite. A
        missing discriminator property selects the mapping of its default.
        """
        discriminator = schema["discriminator"]
        property_name = discriminator["propertyName"]
        base = self._translate(schema, current_file, suppressed, stack)
        branches: list[dict] = [base]
        mapping = discriminator.get("mapping", {})
        for value, reference in mapping.items():
            mapped = self._translate({"$ref": reference}, current_file, suppressed, stack)
            branches.append({
                "if": {"properties": {property_name: {"const": value}},
                       "required": [property_name]},
                "then": mapped,
            })
        default = schema.get("properties", {}).get(property_name, {}).get("default")
        if default in mapping:
            mapped = self._translate({"$ref": mapping[default]}, current_file, suppressed, stack)
            branches.append({"if": {"not": {"required": [property_name]}}, "then": mapped})
        return {"allOf": branches}

    def _is_hidden(self, schema: Any) -> bool:
        if not isinstance(schema, dict):
            return False
        if schema.get(self.hidden_flag) is True:
            return True
        return any(self._is_hidden(member) for member in schema.get("allOf", []))

    def _drop_hidden_properties(self, result: dict) -> None:
        properties = result.get("properties")
        if not isinstance(properties, dict):
            return
        hidden = [name for name, child in properties.items() if self._is_hidden(child)]
        for name in hidden:
            del properties[name]
        if hidden and isinstance(result.get("required"), list):
            result["required"] = [name for name in result["required"] if name not in hidden]

    @staticmethod
    def _apply_nullable(schema: dict, result: dict) -> None:
        # OpenAPI 3.0 `nullable: true` only has an effect next to `type`.
        if schema.get("nullable") is not True or "type" not in result:
            return
        types = result["type"] if isinstance(result["type"], list) else [result["type"]]
        result["type"] = [*types, "null"]
        if "enum" in result and None not in result["enum"]:
            result["enum"] = [*result["enum"], None]

    @staticmethod
    def _convert_exclusive_bounds(result: dict) -> None:
        # OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum.
        for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
            if result.get(exclusive) is True and bound in result:
                result[exclusive] = result.pop(bound)
            elif result.get(exclusive) is False:
                del result[exclusive]


def build_format_checker() -> "jsonschema.FormatChecker":
    """Return checks for the formats the credential-hashes definitions use."""
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("date-time")
    def is_date_time(value: Any) -> bool:
        if not isinstance(value, str):
            return True
        if not DATE_TIME_PATTERN.match(value):
            return False
        try:
            datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        except ValueError:
            return False
        return True

    @checker.checks("uri")
    @checker.checks("url")
    def is_uri(value: Any) -> bool:
        if not isinstance(value, str):
            return True
        return bool(URI_SCHEME_PATTERN.match(value)) and not any(c.isspace() for c in value)

    @checker.checks("email")
    def is_email(value: Any) -> bool:
        if not isinstance(value, str):
            return True
        return bool(EMAIL_PATTERN.match(value))

    return checker


# ---------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------


@dataclass
class Operation:
    method: str
    template: str
    path_file: str
    definition: dict


class OperationIndex:
    """Operations of the credential-hashes path files, matched by method and path."""

    def __init__(self, definitions: Definitions) -> None:
        self.definitions = definitions
        self._paths: list[tuple[re.Pattern, str, str, dict]] = []
        paths_dir = os.path.join(definitions.root, "openapi", "paths")
        try:
            names = sorted(os.listdir(paths_dir))
        except OSError as error:
            raise SpecError(f"cannot list {paths_dir}: {error}") from error
        for name in names:
            if not PATH_FILE_PATTERN.match(name):
                continue
            relative = os.path.join("openapi", "paths", name)
            # Each path file is named after its path, with @ in place of /.
            template = "/" + name[: -len(".yaml")].replace("@", "/")
            pattern = re.compile(
                "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            )
            self._paths.append((pattern, template, relative, definitions.load(relative)))
        if not self._paths:
            raise SpecError(f"no credential-hashes path files in {paths_dir}")

    def find(self, method: str, path: str) -> tuple[Operation | None, str | None]:
        """Return the operation, or None and the path file when only the method is unknown."""
        for pattern, template, relative, document in self._paths:
            if pattern.match(path):
                definition = document.get(method.lower())
                if definition is None:
                    return None, relative
                return Operation(method, template, relative, definition), relative
        return None, None


# ---------------------------------------------------------------------------
# Checking a request log
# ---------------------------------------------------------------------------


@dataclass
class Finding:
    method: str
    path: str
    status: str
    side: str
    schema_file: str
    field_path: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.method} {self.path} {self.status} {self.side}: "
            f"{self.schema_file}: {self.field_path}: {self.message}"
        )


@dataclass
class Report:
    failures: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    requests_checked: int = 0
    responses_checked: int = 0


def _field_path(error: "jsonschema.ValidationError") -> str:
    parts = []
    for element in error.absolute_path:
        if isinstance(element, int):
            parts.append(f"[{element}]")
        else:
            parts.append(("." if parts else "") + str(element))
    path = "".join(parts)
    if error.validator == "required":
        match = re.match(r"^'(.+)' is a required property$", error.message)
        if match:
            path = f"{path}.{match[1]}" if path else match[1]
    return path or "(body)"


def _schema_file(root_schema: dict, error: "jsonschema.ValidationError", fallback: str) -> str:
    """Return the definitions file of the deepest schema on the error's schema path."""
    source = root_schema.get(SOURCE_KEY, fallback)
    node: Any = root_schema
    for element in error.absolute_schema_path:
        try:
            node = node[element]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and SOURCE_KEY in node:
            source = node[SOURCE_KEY]
    return source


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _header(headers: dict | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name.lower():
            return value
    return None


class Checker:
    """Validates request log entries against the definitions in one folder."""

    def __init__(self, spec_dir: str, allow_rejected_requests: bool = False) -> None:
        self.definitions = Definitions(spec_dir)
        self.operations = OperationIndex(self.definitions)
        self.allow_rejected_requests = allow_rejected_requests
        self._translators = {
            mode: SchemaTranslator(self.definitions, mode) for mode in ("request", "response")
        }
        self._format_checker = build_format_checker()
        self._cache: dict[tuple, dict] = {}

    def _schema(self, schema: Any, current_file: str, mode: str) -> dict:
        key = (current_file, id(schema), mode)
        if key not in self._cache:
            translated = self._translators[mode].translate(schema, current_file)
            if isinstance(translated, dict) and SOURCE_KEY not in translated:
                translated[SOURCE_KEY] = current_file
            self._cache[key] = translated
        return self._cache[key]

    def _validate(
        self, instance: Any, schema: Any, current_file: str, mode: str
    ) -> list[tuple[str, str, str]]:
        """Return (schema file, field path, message) for each violation, without repeats."""
        translated = self._schema(schema, current_file, mode)
        validator = jsonschema.Draft7Validator(translated, format_checker=self._format_checker)
        results = []
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
            item = (_schema_file(translated, error, current_file), _field_path(error), error.message)
            if item not in results:
                results.append(item)
        return results

    def check_log(self, log: list[dict]) -> Report:
        report = Report()
        for entry in log:
            self.check_entry(entry, report)
        return report

    def check_entry(self, entry: dict, report: Report) -> None:
        method = entry.get("method", "?")
        raw_path = entry.get("path", "?")
        response = entry.get("response")
        status = str(response["status"]) if response else "-"

        def finding(side: str, schema_file: str, field_path: str, message: str) -> Finding:
            return Finding(method, raw_path, status, side, schema_file, field_path, message)

        path = ORGANIZATION_PREFIX.sub("", urlsplit(raw_path).path, count=1)
        operation, path_file = self.operations.find(method, path)
        if operation is None:
            message = (
                f"the definitions have no {method} operation for this path"
                if path_file else "the definitions have no such path"
            )
            report.failures.append(finding("request", path_file or "-", "(path)", message))
            if response:
                self._check_undocumented_response(response, report, finding)
            return

        self._check_request(entry, operation, response, report, finding)
        if response is None:
            report.notes.append(finding(
                "response", operation.path_file, "-", "no response: the connection was dropped"
            ))
            return
        self._check_response(response, operation, report, finding)

    def _check_request(self, entry, operation, response, report, finding) -> None:
        report.requests_checked += 1
        request_body = operation.definition.get("requestBody")
        if request_body is None:
            if entry.get("body") is not None:
                report.failures.append(finding(
                    "request", operation.path_file, "(body)",
                    "the operation takes no request body but one was sent",
                ))
            return
        request_body, body_file = self.definitions.deref(request_body, operation.path_file)
        if entry.get("body") is None:
            if request_body.get("required") or "bodyText" in entry:
                detail = ("is not valid JSON" if "bodyText" in entry else "is missing")
                report.failures.append(finding(
                    "request", body_file, "(body)", f"the required JSON request body {detail}"
                ))
            return

        content = request_body.get("content", {})
        media_type = _media_type(_header(entry.get("headers"), "Content-Type"))
        if media_type not in content:
            report.failures.append(finding(
                "request", body_file, "header Content-Type",
                f"{media_type or '(none)'} is not one of {', '.join(content)}",
            ))
            media_type = "application/json"
        schema = content.get(media_type, {}).get("schema")
        if schema is None:
            return
        violations = self._validate(entry["body"], schema, body_file, "request")
        rejected = response is not None and 400 <= response["status"] < 500
        for schema_file, field_path, message in violations:
            item = finding("request", schema_file, field_path, message)
            if rejected and self.allow_rejected_requests:
                report.notes.append(item)
            else:
                report.failures.append(item)
        if response is not None and response["status"] == 422 and not violations:
            fields = ", ".join(
                f"{item.get('field')} ({item.get('message')})"
                for item in (response.get("body") or {}).get("invalidFields", [])
            )
            report.notes.append(finding(
                "request", body_file, "(body)",
                f"valid by the definitions but rejected by the emulator: {fields}",
            ))

    def _check_response(self, response, operation, report, finding) -> None:
        report.responses_checked += 1
        responses = operation.definition.get("responses", {})
        status = str(response["status"])
        definition = responses.get(status) or responses.get(f"{status[0]}XX") or responses.get("default")
        if definition is None:
            report.notes.append(finding(
                "response", operation.path_file, "(status)",
                f"status {status} is not documented for this operation; "
                f"checked against {GENERIC_PROBLEM_SCHEMA}",
            ))
            self._check_undocumented_response(response, report, finding)
            return
        definition, response_file = self.definitions.deref(definition, operation.path_file)

        for name, header in definition.get("headers", {}).items():
            header, header_file = self.definitions.deref(header, response_file)
            value = _header(response.get("headers"), name)
            if value is None or "schema" not in header:
                continue
            for schema_file, _, message in self._validate(value, header["schema"], header_file, "response"):
                report.failures.append(finding("response", schema_file, f"header {name}", message))

        content = definition.get("content")
        if not content:
            return
        body = response.get("body")
        if body is None:
            # HTTP allows a 303 without a body, and the client then GETs Location.
            target = report.notes if status == "303" else report.failures
            target.append(finding(
                "response", response_file, "(body)",
                f"empty body although the definitions declare {', '.join(content)}",
            ))
            return
        media_type = _media_type(_header(response.get("headers"), "Content-Type"))
        if media_type not in content:
            report.failures.append(finding(
                "response", response_file, "header Content-Type",
                f"{media_type or '(none)'} is not one of {', '.join(content)}",
            ))
            media_type = next(iter(content))
        schema = content[media_type].get("schema")
        if schema is None:
            return
        for schema_file, field_path, message in self._validate(body, schema, response_file, "response"):
            report.failures.append(finding("response", schema_file, field_path, message))

    def _check_undocumented_response(self, response, report, finding) -> None:
        """Check that an undocumented error response is an RFC 7807 problem with its status."""
        body = response.get("body")
        status = response["status"]
        if status < 400:
            report.failures.append(finding(
                "response", "-", "(status)", f"undocumented success status {status}"
            ))
            return
        schema = self.definitions.load(GENERIC_PROBLEM_SCHEMA)
        if body is None:
            report.failures.append(finding(
                "response", GENERIC_PROBLEM_SCHEMA, "(body)", "error response without a problem body"
            ))
            return
        for schema_file, field_path, message in self._validate(
            body, schema, GENERIC_PROBLEM_SCHEMA, "response"
        ):
            report.failures.append(finding("response", schema_file, field_path, message))
        if isinstance(body, dict) and body.get("status") != status:
            report.failures.append(finding(
                "response", GENERIC_PROBLEM_SCHEMA, "status",
                f"problem status {body.get('status')!r} differs from the HTTP status {status}",
            ))


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def fetch_log(base_url: str) -> list[dict]:
    """Fetch /__emulator/requests from an emulator on a loopback address."""
    parts = urlsplit(base_url)
    try:
        loopback = parts.scheme == "http" and ipaddress.ip_address(parts.hostname or "").is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(
            f"--url {base_url} is not an http URL on a loopback IP address such as 127.0.0.1"
        )
    with urllib.request.urlopen(base_url.rstrip("/") + "/__emulator/requests", timeout=10) as response:
        return json.load(response)


def generate_log() -> list[dict]:
    """Run the traffic scenario against an in-process emulator and return its log."""
    import threading

    import rebilly_emulator
    import traffic

    api_key = "sk_test_conformance"
    server = rebilly_emulator.EmulatorServer("127.0.0.1", 0, api_key=api_key, quiet=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        traffic.run_scenario(traffic.Client(server.base_url, api_key, None), include_invalid=True)
        traffic.run_scenario(traffic.Client(server.base_url, api_key, "org-conformance"),
                             include_invalid=False)
        return server.request_log()
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check recorded credential-hashes traffic against Rebilly's OpenAPI definitions.",
    )
    parser.add_argument("--spec", default=DEFAULT_SPEC_DIR,
                        help="folder of the OpenAPI definitions (contains openapi/paths)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--log", metavar="FILE", help="request log saved from /__emulator/requests")
    source.add_argument("--url", help="base URL of a running emulator on loopback")
    source.add_argument("--generate", action="store_true",
                        help="start an emulator here, send the traffic scenario "
                             "(including requests that must fail) and check its log")
    parser.add_argument("--allow-rejected-requests", action="store_true",
                        help="report invalid requests that got a 4xx as notes, not failures "
                             "(implied by --generate)")
    parser.add_argument("--quiet", action="store_true", help="do not print notes")
    arguments = parser.parse_args(argv)

    if not os.path.isdir(arguments.spec):
        print(f"conformance: skipped: no OpenAPI definitions at {os.path.normpath(arguments.spec)}")
        return 0
    if IMPORT_ERROR is not None:
        print(f"conformance: PyYAML and jsonschema are required ({IMPORT_ERROR}); "
              "run `make` to create .venv or pip install pyyaml jsonschema", file=sys.stderr)
        return 2

    try:
        checker = Checker(
            arguments.spec,
            allow_rejected_requests=arguments.allow_rejected_requests or arguments.generate,
        )
        if arguments.generate:
            log = generate_log()
        elif arguments.url:
            log = fetch_log(arguments.url)
        else:
            with open(arguments.log, encoding="utf-8") as file:
                log = json.load(file)
        if not isinstance(log, list):
            raise ValueError("the request log must be a JSON array")
        report = checker.check_log(log)
    except (SpecError, OSError, ValueError) as error:
        print(f"conformance: error: {error}", file=sys.stderr)
        return 2

    if not arguments.quiet:
        for note in report.notes:
            print(f"note: {note}")
    for failure in report.failures:
        print(failure)
    print(
        f"conformance: {len(log)} log entries, {report.requests_checked} requests and "
        f"{report.responses_checked} responses checked against "
        f"{os.path.normpath(arguments.spec)}: {len(report.failures)} failures, "
        f"{len(report.notes)} notes"
    )
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
