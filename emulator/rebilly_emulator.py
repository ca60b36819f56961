#!/usr/bin/env python3
"""Local emulator of Rebilly's credential-hashes API, for tests.

Serves POST, GET and PATCH for the email (SMTP), webhook, Mailgun and AWS SES
credential kinds, with and without the /organizations/{organizationId} prefix,
following Rebilly's OpenAPI definitions. It can inject faults (latency, 429,
500, dropped connections, late responses) and records every API request it
receives. Python standard library only. See docs/emulator.md.
"""

from __future__ import annotations

import argparse
import base64
import copy
import dataclasses
import email.utils
import ipaddress
import json
import logging
import os
import random
import re
import signal
import socket
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote, unquote, urlsplit

LOG = logging.getLogger("rebilly_emulator")

# URL path segment of each credential kind.
KINDS = ("emails", "webhooks", "mailgun", "aws-ses")

# The webhook schema is the only one without `_links`.
KINDS_WITH_LINKS = ("emails", "mailgun", "aws-ses")

# Fields the definitions mark readOnly. A create request may contain them and
# the emulator ignores them, as OpenAPI specifies for readOnly properties.
READ_ONLY_FIELDS = ("hash", "deactivationTime", "_links")

SMTP_AUTH_FIELDS = {
    "none": (),
    "plain": ("username", "password"),
    "login": ("username", "password"),
    "cram-md5": ("username", "password"),
}

WEBHOOK_AUTH_FIELDS = {
    "none": (),
    "basic": ("username", "password"),
    "digest": ("username", "password"),
    "oauth1": ("consumerKey", "consumerSecret", "token", "tokenSecret"),
}

SMTP_ENCRYPTIONS = ("none", "tls", "ssl")

# A bare host name: no scheme, path or port. Rebilly's later service
# credentials schema states this pattern for the webhook host.
WEBHOOK_HOST_PATTERN = re.compile(r"^[A-Za-z0-9.-]+$")

# Deliberately loose, like most server-side "format: email" checks: one @
# with a non-empty local part and domain, no white space.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+$")
EMAIL_MAX_LENGTH = 254

API_PATH_PATTERN = re.compile(
    r"^(?:/organizations/(?P<organization>[^/]+))?"
    r"/credential-hashes/(?P<kind>[^/]+)(?:/(?P<hash>[^/]+))?$"
)

CONTROL_PREFIX = "/__emulator/"

MAX_BODY_BYTES = 1024 * 1024

RATE_LIMIT_HEADER_FORMS = (
    "retry-after-seconds",
    "retry-after-date",
    "x-ratelimit-retry-after",
    "rate-limit-reset",
    "none",
)

DATA_FILE_FORMAT = 1


# ---------------------------------------------------------------------------
# Validation and normalisation of submitted credentials
# ---------------------------------------------------------------------------


class FieldErrors:
    """Invalid fields of one request, in the `invalidFields` shape of a 422."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, field: str, message: str) -> None:
        self.items.append({"field": field, "message": message})

    def __bool__(self) -> bool:
        return bool(self.items)


def _json_type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _take_string(
    body: dict, name: str, field: str, errors: FieldErrors, required: bool
) -> str | None:
    """Return body[name] when it is a non-empty string, else record why not."""
    if name not in body:
        if required:
            errors.add(field, f"{field} is required")
        return None
    value = body[name]
    if not isinstance(value, str):
        errors.add(field, f"{field} must be a string, not {_json_type_name(value)}")
        return None
    if value == "":
        errors.add(field, f"{field} must not be empty")
        return None
    return value


def _take_enum(
    body: dict, name: str, field: str, allowed: tuple[str, ...], default: str | None,
    errors: FieldErrors,
) -> str | None:
    if name not in body:
        if default is None:
            errors.add(field, f"{field} is required")
        return default
    value = body[name]
    if not isinstance(value, str) or value not in allowed:
        errors.add(field, f"{field} must be one of {', '.join(allowed)}")
        return None
    return value


def _reject_unknown(body: dict, allowed: set[str], prefix: str, errors: FieldErrors) -> None:
    for name in body:
        if name not in allowed:
            errors.add(prefix + name, f"{prefix + name} is not a known field")


def _normalize_auth(
    body: dict, auth_fields: dict[str, tuple[str, ...]], type_required: bool,
    errors: FieldErrors,
) -> dict | None:
    """Validate the `auth` object and return it with its `type` default filled."""
    if "auth" not in body:
        return {"type": "none"}
    auth = body["auth"]
    if not isinstance(auth, dict):
        errors.add("auth", f"auth must be an object, not {_json_type_name(auth)}")
        return None
    default_type = None if type_required else "none"
    auth_type = _take_enum(
        auth, "type", "auth.type", tuple(auth_fields), default_type, errors
    )
    if auth_type is None:
        return None
    normalized = {"type": auth_type}
    for name in auth_fields[auth_type]:
        value = _take_string(auth, name, f"auth.{name}", errors, required=True)
        if value is not None:
            normalized[name] = value
    _reject_unknown(auth, {"type", *auth_fields[auth_type]}, "auth.", errors)
    return normalized


def normalize_email(body: dict, errors: FieldErrors) -> dict:
    fields: dict[str, Any] = {}
    fields["host"] = _take_string(body, "host", "host", errors, required=True)

    port = body.get("port", 25)
    if isinstance(port, bool) or not isinstance(port, int):
        errors.add("port", f"port must be an integer, not {_json_type_name(port)}")
    elif not 1 <= port <= 65535:
        errors.add("port", "port must be between 1 and 65535")
    fields["port"] = port

    fields["encryption"] = _take_enum(
        body, "encryption", "encryption", SMTP_ENCRYPTIONS, "none", errors
    )
    fields["auth"] = _normalize_auth(body, SMTP_AUTH_FIELDS, False, errors)
    _reject_unknown(body, {"host", "port", "encryption", "auth"}, "", errors)
    return fields


def normalize_webhook(body: dict, errors: FieldErrors) -> dict:
    fields: dict[str, Any] = {}
    host = _take_string(body, "host", "host", errors, required=True)
    if host is not None and not WEBHOOK_HOST_PATTERN.match(host):
        errors.add(
            "host",
            "host must be a bare host name (letters, digits, dots and hyphens), "
            "without scheme, path or port",
        )
    fields["host"] = host
    fields["auth"] = _normalize_auth(body, WEBHOOK_AUTH_FIELDS, True, errors)
    _reject_unknown(body, {"host", "auth"}, "", errors)
    return fields


def normalize_mailgun(body: dict, errors: FieldErrors) -> dict:
    fields: dict[str, Any] = {}
    email_from = _take_string(body, "emailFrom", "emailFrom", errors, required=True)
    if email_from is not None and (
        len(email_from) > EMAIL_MAX_LENGTH or not EMAIL_PATTERN.match(email_from)
    ):
        errors.add("emailFrom", "emailFrom must be an email address")
    fields["emailFrom"] = email_from
    fields["apiKey"] = _take_string(body, "apiKey", "apiKey", errors, required=True)
    fields["domain"] = _take_string(body, "domain", "domain", errors, required=True)
    _reject_unknown(body, {"emailFrom", "apiKey", "domain"}, "", errors)
    return fields


def normalize_aws_ses(body: dict, errors: FieldErrors) -> dict:
    fields: dict[str, Any] = {}
    for name in ("key", "secret", "region"):
        fields[name] = _take_string(body, name, name, errors, required=True)
    name = "configurationSetName"
    value = _take_string(body, name, name, errors, required=False)
    if value is not None:
        fields[name] = value
    _reject_unknown(body, {"key", "secret", "region", name}, "", errors)
    return fields


NORMALIZERS = {
    "emails": normalize_email,
    "webhooks": normalize_webhook,
    "mailgun": normalize_mailgun,
    "aws-ses": normalize_aws_ses,
}


def normalize_create_body(kind: str, body: dict) -> tuple[dict, FieldErrors]:
    """Validate a create request and return its fields with defaults filled.

    readOnly fields are dropped. `status` is accepted only as "active",
    because a new credential is always active.
    """
    errors = FieldErrors()
    submitted = {k: v for k, v in body.items() if k not in READ_ONLY_FIELDS}
    if "status" in submitted:
        if submitted.pop("status") != "active":
            errors.add("status", "status of a new credential must be active")
    fields = NORMALIZERS[kind](submitted, errors)
    return fields, errors


def validate_patch_body(body: dict) -> FieldErrors:
    """Check that a PATCH body is exactly {"status": "deactivated"}."""
    errors = FieldErrors()
    if "status" not in body:
        errors.add("status", "status is required")
    elif body["status"] != "deactivated":
        errors.add("status", "status must be deactivated, the only change allowed")
    _reject_unknown(body, {"status"}, "", errors)
    return errors


# ---------------------------------------------------------------------------
# Credential store
# ---------------------------------------------------------------------------


def utc_now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _identity(organization: str | None, kind: str, fields: dict) -> str:
    return json.dumps([organization, kind, fields], sort_keys=True, separators=(",", ":"))


class StoreFileError(Exception):
    """The --data file exists but cannot be read as a credential store."""


class CredentialStore:
    """Credentials by hash, thread-safe, optionally persisted to a JSON file.

    A record is {"hash", "kind", "organization", "fields", "status",
    "deactivationTime"}. `organization` is None for requests without the
    /organizations/{id} prefix. Records are scoped by organization and kind.
    """

    def __init__(self, data_path: str | None = None) -> None:
        self._lock = threading.Lock()
        self._records: dict[str, dict] = {}
        self._hash_by_identity: dict[str, str] = {}
        self._data_path = data_path
        if data_path is not None and os.path.exists(data_path):
            self._load(data_path)

    def _load(self, path: str) -> None:
        try:
            with open(path, encoding="utf-8") as file:
                document = json.load(file)
            if document.get("format") != DATA_FILE_FORMAT:
                raise StoreFileError(
                    f"{path}: unsupported format {document.get('format')!r}, "
                    f"expected {DATA_FILE_FORMAT}"
                )
            for record in document["credentials"]:
                self._add(record)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise StoreFileError(f"{path}: cannot load credentials: {error}") from error

    def _add(self, record: dict) -> None:
        self._records[record["hash"]] = record
        identity = _identity(record["organization"], record["kind"], record["fields"])
        self._hash_by_identity[identity] = record["hash"]

    def _save(self) -> None:
        """Write all records to the data file atomically (temp file, fsync, rename)."""
        if self._data_path is None:
            return
        directory = os.path.dirname(os.path.abspath(self._data_path))
        document = {"format": DATA_FILE_FORMAT, "credentials": list(self._records.values())}
        descriptor, temp_path = tempfile.mkstemp(
            dir=directory, prefix=".credentials-", suffix=".tmp"
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                json.dump(document, file, indent=2, sort_keys=True)
                file.write("\n")
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp_path, self._data_path)
        except BaseException:
            try:
                os.unlink(temp_path)
            except FileNotFoundError:
                pass
            raise
        directory_descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(directory_descriptor)
        finally:
            os.close(directory_descriptor)

    def create(self, organization: str | None, kind: str, fields: dict) -> tuple[dict, bool]:
        """Store a new credential, or find the identical one.

        Returns (record, created). An identical credential has the same
        organization, kind and normalised fields, secrets included, and is
        returned whatever its status.
        """
        identity = _identity(organization, kind, fields)
        with self._lock:
            existing = self._hash_by_identity.get(identity)
            if existing is not None:
                return copy.deepcopy(self._records[existing]), False
            record = {
                "hash": str(uuid.uuid4()),
                "kind": kind,
                "organization": organization,
                "fields": copy.deepcopy(fields),
                "status": "active",
                "deactivationTime": None,
            }
            self._add(record)
            self._save()
            return copy.deepcopy(record), True

    def get(self, organization: str | None, kind: str, credential_hash: str) -> dict | None:
        with self._lock:
            record = self._records.get(credential_hash)
            if record is None or record["kind"] != kind or record["organization"] != organization:
                return None
            return copy.deepcopy(record)

    def deactivate(
        self, organization: str | None, kind: str, credential_hash: str
    ) -> dict | None:
        """Deactivate a credential. An already deactivated one is left unchanged."""
        with self._lock:
            record = self._records.get(credential_hash)
            if record is None or record["kind"] != kind or record["organization"] != organization:
                return None
            if record["status"] != "deactivated":
                record["status"] = "deactivated"
                record["deactivationTime"] = utc_now_iso()
                self._save()
            return copy.deepcopy(record)

    def all_records(self) -> list[dict]:
        with self._lock:
            return copy.deepcopy(list(self._records.values()))

    def clear(self) -> None:
        with self._lock:
            self._records.clear()
            self._hash_by_identity.clear()
            self._save()


def credential_url(base_url: str, record: dict) -> str:
    prefix = ""
    if record["organization"] is not None:
        prefix = f"/organizations/{record['organization']}"
    return f"{base_url}{prefix}/credential-hashes/{record['kind']}/{record['hash']}"


def credential_body(base_url: str, record: dict) -> dict:
    """Build the API representation of a stored credential.

    `deactivationTime` is present only once the credential is deactivated,
    because the definitions declare it as a date-time string that is not
    nullable.
    """
    body: dict[str, Any] = {"hash": record["hash"]}
    body.update(copy.deepcopy(record["fields"]))
    body["status"] = record["status"]
    if record["deactivationTime"] is not None:
        body["deactivationTime"] = record["deactivationTime"]
    if record["kind"] in KINDS_WITH_LINKS:
        body["_links"] = [{"href": credential_url(base_url, record), "rel": "self"}]
    return body


# ---------------------------------------------------------------------------
# Fault injection
# ---------------------------------------------------------------------------


class FaultConfigError(ValueError):
    """A fault setting has an unknown key or an invalid value."""


@dataclasses.dataclass
class FaultConfig:
    """Faults applied to API requests (never to /__emulator/ endpoints)."""

    latency_ms: int = 0
    rate_limit_every: int = 0
    rate_limit_header: str = "retry-after-seconds"
    rate_limit_delay_s: int = 1
    error_rate: float = 0.0
    seed: int | None = None
    drop_after_create: int = 0
    stall_s: float = 0.0
    stall_count: int = 0
    empty_303_body: bool = False
    fail_status: int = 0
    echo_request: bool = False

    @classmethod
    def from_json(cls, document: Any) -> "FaultConfig":
        """Build a configuration from a JSON object. Missing keys take defaults."""
        if not isinstance(document, dict):
            raise FaultConfigError("fault settings must be a JSON object")
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(set(document) - known)
        if unknown:
            raise FaultConfigError(
                f"unknown fault setting {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        config = cls(**document)
        config.validate()
        return config

    def validate(self) -> None:
        def is_int(value: Any) -> bool:
            return isinstance(value, int) and not isinstance(value, bool)

        def is_number(value: Any) -> bool:
            return isinstance(value, (int, float)) and not isinstance(value, bool)

        for name in ("latency_ms", "rate_limit_every", "rate_limit_delay_s",
                     "drop_after_create", "stall_count"):
            value = getattr(self, name)
            if not is_int(value) or value < 0:
                raise FaultConfigError(f"{name} must be an integer >= 0, got {value!r}")
        if self.rate_limit_header not in RATE_LIMIT_HEADER_FORMS:
            raise FaultConfigError(
                f"rate_limit_header must be one of {', '.join(RATE_LIMIT_HEADER_FORMS)}, "
                f"got {self.rate_limit_header!r}"
            )
        if not is_number(self.error_rate) or not 0 <= self.error_rate <= 1:
            raise FaultConfigError(f"error_rate must be a number from 0 to 1, got {self.error_rate!r}")
        if self.seed is not None and not is_int(self.seed):
            raise FaultConfigError(f"seed must be an integer or null, got {self.seed!r}")
        if not is_number(self.stall_s) or self.stall_s < 0:
            raise FaultConfigError(f"stall_s must be a number >= 0, got {self.stall_s!r}")
        if not isinstance(self.empty_303_body, bool):
            raise FaultConfigError(f"empty_303_body must be true or false, got {self.empty_303_body!r}")
        if not is_int(self.fail_status) or not (self.fail_status == 0 or 400 <= self.fail_status <= 599):
            raise FaultConfigError(f"fail_status must be 0 or an HTTP status from 400 to 599, got {self.fail_status!r}")
        if not isinstance(self.echo_request, bool):
            raise FaultConfigError(f"echo_request must be true or false, got {self.echo_request!r}")


@dataclasses.dataclass
class RequestFaults:
    """Faults chosen for one API request."""

    latency_s: float = 0.0
    rate_limited: bool = False
    server_error: bool = False
    stall_s: float = 0.0


class FaultInjector:
    """Applies a FaultConfig across requests. configure() restarts the counters."""

    def __init__(self, config: FaultConfig) -> None:
        self._lock = threading.Lock()
        self.configure(config)

    def configure(self, config: FaultConfig) -> None:
        with self._lock:
            self._config = dataclasses.replace(config)
            self._request_count = 0
            self._random = random.Random(config.seed)
            self._drops_left = config.drop_after_create
            self._stalls_left = config.stall_count

    def snapshot(self) -> dict:
        """Return the configuration, with the counts still to be used."""
        with self._lock:
            document = dataclasses.asdict(self._config)
            document["drop_after_create"] = self._drops_left
            if self._config.stall_count:
                document["stall_count"] = self._stalls_left
            return document

    @property
    def config(self) -> FaultConfig:
        with self._lock:
            return dataclasses.replace(self._config)

    def next_request(self) -> RequestFaults:
        with self._lock:
            config = self._config
            self._request_count += 1
            faults = RequestFaults(latency_s=config.latency_ms / 1000)
            if config.rate_limit_every and self._request_count % config.rate_limit_every == 0:
                faults.rate_limited = True
            if config.error_rate and self._random.random() < config.error_rate:
                faults.server_error = True
            if config.stall_s:
                if config.stall_count == 0:
                    faults.stall_s = config.stall_s
                elif self._stalls_left > 0:
                    self._stalls_left -= 1
                    faults.stall_s = config.stall_s
            return faults

    def take_drop(self) -> bool:
        """Consume one "drop the connection after a create" if any is left."""
        with self._lock:
            if self._drops_left > 0:
                self._drops_left -= 1
                return True
            return False


def rate_limit_headers(form: str, delay_s: int) -> dict[str, str]:
    retry_at = time.time() + delay_s
    if form == "retry-after-seconds":
        return {"Retry-After": str(delay_s)}
    if form == "retry-after-date":
        return {"Retry-After": email.utils.formatdate(retry_at, usegmt=True)}
    if form == "x-ratelimit-retry-after":
        return {"X-RateLimit-Retry-After": str(int(retry_at + 0.999))}
    if form == "rate-limit-reset":
        return {"Rate-Limit-Reset": email.utils.formatdate(retry_at, usegmt=True)}
    return {}


# ---------------------------------------------------------------------------
# HTTP server
# ---------------------------------------------------------------------------


def echo_invalid_fields(raw_body: str) -> list[dict]:
    """Return one 422 `invalidFields` entry per string value in a JSON request body."""
    try:
        body = json.loads(raw_body)
    except ValueError:
        return [{"field": "body", "message": f"cannot parse {raw_body}"}]
    entries = []
    for field, value in _string_leaves(body, ""):
        encoded = base64.b64encode(value.encode("utf-8")).decode("ascii")
        message = (f"{value!r} is not accepted (starts {value[:12]!r}, "
                   f"base64 {encoded}, url {quote(value, safe='')})")
        entries.append({"field": field, "message": message})
    return entries


def _string_leaves(value: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [leaf for key, item in value.items()
                for leaf in _string_leaves(item, f"{path}.{key}" if path else key)]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value)
                for leaf in _string_leaves(item, f"{path}[{index}]")]
    return []


def problem(status: int, detail: str, title: str | None = None, **extra: Any) -> dict:
    """Build an RFC 7807 problem body."""
    body = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    body.update(extra)
    return body


@dataclasses.dataclass
class Reply:
    """A response the handler is about to send."""

    status: int
    body: Any = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    empty_body: bool = False
    drop_connection: bool = False
    stall_s: float = 0.0


class EmulatorServer(ThreadingHTTPServer):
    """Threaded HTTP server holding the emulator's state."""

    daemon_threads = True
    block_on_close = False
    # Benchmarks open many connections at once; the default backlog of 5
    # makes the kernel drop SYNs and the client wait for a retransmit.
    request_queue_size = 128

    def __init__(
        self,
        host: str,
        port: int,
        api_key: str | None = None,
        data_path: str | None = None,
        faults: FaultConfig | None = None,
        quiet: bool = False,
    ) -> None:
        address = ipaddress.ip_address(host)
        if not address.is_loopback:
            raise ValueError(
                f"cannot bind {host}: only loopback addresses are allowed; use 127.0.0.1 or ::1"
            )
        if address.version == 6:
            self.address_family = socket.AF_INET6
        self.api_key = api_key
        self.quiet = quiet
        self.store = CredentialStore(data_path)
        self.startup_faults = faults or FaultConfig()
        self.faults = FaultInjector(self.startup_faults)
        self.stopping = threading.Event()
        self._log_lock = threading.Lock()
        self._request_log: list[dict] = []
        super().__init__((host, port), EmulatorRequestHandler)
        bound_host = f"[{host}]" if address.version == 6 else host
        self.base_url = f"http://{bound_host}:{self.server_address[1]}"

    @property
    def port(self) -> int:
        return self.server_address[1]

    def record(self, entry: dict) -> None:
        with self._log_lock:
            self._request_log.append(entry)

    def request_log(self) -> list[dict]:
        with self._log_lock:
            return copy.deepcopy(self._request_log)

    def reset(self) -> None:
        """Clear credentials and the request log, and restore the startup faults."""
        self.store.clear()
        with self._log_lock:
            self._request_log.clear()
        self.faults.configure(self.startup_faults)

    def stop(self) -> None:
        """Stop serving, and wake requests that are stalling on purpose."""
        self.stopping.set()
        self.shutdown()
        self.server_close()


class EmulatorRequestHandler(BaseHTTPRequestHandler):
    server: EmulatorServer
    protocol_version = "HTTP/1.1"
    server_version = "RebillyEmulator/1"
    # Headers and body are written separately, so without TCP_NODELAY a
    # keep-alive client can wait for a delayed ACK on every response.
    disable_nagle_algorithm = True
    # Idle keep-alive connections are closed after this many seconds.
    timeout = 60

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    def do_OPTIONS(self) -> None:
        self._handle("OPTIONS")

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        # One line per request is written by _handle instead.
        pass

    def log_message(self, format: str, *args: Any) -> None:
        LOG.warning("%s %s", self.address_string(), format % args)

    # -- request reading -------------------------------------------------

    def _read_body(self) -> bytes:
        """Read the request body (Content-Length or chunked).

        Raises ValueError with a message for a malformed or too large body.
        """
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked_body()
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            return b""
        try:
            length = int(length_text)
        except ValueError:
            raise ValueError(f"invalid Content-Length {length_text!r}") from None
        if length < 0 or length > MAX_BODY_BYTES:
            raise ValueError(f"Content-Length {length} is outside 0..{MAX_BODY_BYTES}")
        return self.rfile.read(length)

    def _read_chunked_body(self) -> bytes:
        chunks = []
        total = 0
        while True:
            size_line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                raise ValueError(f"invalid chunk size {size_line!r}") from None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            total += size
            if total > MAX_BODY_BYTES:
                raise ValueError(f"request body is larger than {MAX_BODY_BYTES} bytes")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)

    # -- dispatch --------------------------------------------------------

    def _handle(self, method: str) -> None:
        path = urlsplit(self.path).path
        try:
            raw_body = self._read_body()
        except ValueError as error:
            self.close_connection = True
            reply = Reply(400, problem(400, str(error)))
            self._send(method, reply)
            self._log_line(method, path, reply.status)
            return

        if path.startswith(CONTROL_PREFIX):
            reply = self._handle_control(method, path, raw_body)
            self._send(method, reply)
            self._log_line(method, path, reply.status)
            return

        request_body: Any = None
        if raw_body:
            try:
                request_body = json.loads(raw_body)
            except ValueError:
                request_body = None
        entry = {
            "method": method,
            "path": self.path,
            "headers": dict(self.headers.items()),
            "body": request_body,
        }
        if raw_body and request_body is None:
            entry["bodyText"] = raw_body.decode("utf-8", errors="replace")

        faults = self.server.faults.next_request()
        if faults.latency_s:
            # Sleeps outside every lock so concurrent requests overlap.
            self.server.stopping.wait(faults.latency_s)

        reply = self._handle_api(method, path, raw_body, faults)
        reply.stall_s = faults.stall_s

        if reply.drop_connection:
            entry["response"] = None
            entry["dropped"] = True
        else:
            entry["response"] = {
                "status": reply.status,
                "headers": self._reply_headers(method, reply)[0],
                "body": None if reply.empty_body else reply.body,
            }
        # Recorded before responding, so a client that reads the log right
        # after its response always finds its own request there.
        self.server.record(entry)

        if reply.stall_s:
            self.server.stopping.wait(reply.stall_s)
        if reply.drop_connection:
            self._drop()
            self._log_line(method, path, "dropped")
            return
        self._send(method, reply)
        self._log_line(method, path, reply.status)

    def _handle_api(
        self, method: str, path: str, raw_body: bytes, faults: RequestFaults
    ) -> Reply:
        if faults.rate_limited:
            config = self.server.faults.config
            return Reply(
                429,
                problem(429, "Rate limit exceeded; retry later.", title="Rate Limit Exceeded"),
                headers=rate_limit_headers(config.rate_limit_header, config.rate_limit_delay_s),
            )
        if faults.server_error:
            return Reply(500, problem(500, "Injected server error."))
        config = self.server.faults.config
        if config.fail_status:
            return self._injected_failure(config, raw_body)

        if self.server.api_key is not None:
            sent_key = self.headers.get("REB-APIKEY")
            if sent_key != self.server.api_key:
                detail = "REB-APIKEY header is missing." if sent_key is None else "Invalid API key."
                return Reply(401, problem(401, detail, title="Unauthorized"))

        match = API_PATH_PATTERN.match(path)
        if match is None or match["kind"] not in KINDS:
            return Reply(404, problem(404, f"No resource at {path}.", title="Not found"))
        organization = unquote(match["organization"]) if match["organization"] else None
        kind = match["kind"]
        credential_hash = unquote(match["hash"]) if match["hash"] else None

        allowed = ("GET", "PATCH") if credential_hash else ("POST",)
        if method not in allowed:
            return Reply(
                405,
                problem(405, f"{method} is not allowed on {path}; use {', '.join(allowed)}."),
                headers={"Allow": ", ".join(allowed)},
            )

        if method == "GET":
            record = self.server.store.get(organization, kind, credential_hash)
            if record is None:
                return self._not_found(kind, credential_hash)
            return Reply(200, credential_body(self.server.base_url, record))

        body_or_reply = self._parse_json_object(raw_body)
        if isinstance(body_or_reply, Reply):
            return body_or_reply
        body = body_or_reply

        if method == "POST":
            return self._create(organization, kind, body)
        return self._deactivate(organization, kind, credential_hash, body)

    def _parse_json_object(self, raw_body: bytes) -> dict | Reply:
        if not raw_body:
            return Reply(400, problem(400, "Request body is missing; send a JSON object."))
        content_type = self.headers.get("Content-Type", "")
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type != "application/json" and not media_type.endswith("+json"):
            return Reply(
                415,
                problem(415, f"Content-Type {content_type!r} is not supported; use application/json."),
            )
        try:
            body = json.loads(raw_body)
        except ValueError as error:
            return Reply(400, problem(400, f"Request body is not valid JSON: {error}."))
        if not isinstance(body, dict):
            return Reply(
                400,
                problem(400, f"Request body must be a JSON object, not {_json_type_name(body)}."),
            )
        return body

    def _not_found(self, kind: str, credential_hash: str) -> Reply:
        return Reply(
            404,
            problem(404, f"No {kind} credential with hash {credential_hash}.", title="Not found"),
        )

    def _create(self, organization: str | None, kind: str, body: dict) -> Reply:
        fields, errors = normalize_create_body(kind, body)
        if errors:
            return self._validation_error(errors)
        record, created = self.server.store.create(organization, kind, fields)
        base_url = self.server.base_url
        headers = {"Location": credential_url(base_url, record)}
        if created:
            reply = Reply(201, credential_body(base_url, record), headers=headers)
            reply.drop_connection = self.server.faults.take_drop()
            return reply
        reply = Reply(303, credential_body(base_url, record), headers=headers)
        reply.empty_body = self.server.faults.config.empty_303_body
        return reply

    def _deactivate(
        self, organization: str | None, kind: str, credential_hash: str, body: dict
    ) -> Reply:
        if self.server.store.get(organization, kind, credential_hash) is None:
            return self._not_found(kind, credential_hash)
        errors = validate_patch_body(body)
        if errors:
            return self._validation_error(errors)
        record = self.server.store.deactivate(organization, kind, credential_hash)
        if record is None:
            return self._not_found(kind, credential_hash)
        return Reply(200, credential_body(self.server.base_url, record))

    def _validation_error(self, errors: FieldErrors) -> Reply:
        return Reply(
            422,
            problem(
                422,
                "The request contains invalid fields; see invalidFields.",
                title="Validation error",
                invalidFields=errors.items,
            ),
        )

    def _injected_failure(self, config: FaultConfig, raw_body: bytes) -> Reply:
        """Reply with `fail_status`, before the API key check, so 401 can be injected too.

        With `echo_request`, the problem repeats what the client sent, as a careless server
        might. The API key goes in `title` and `instance`, and the raw body and the API key in
        `detail`. A 422 also gets one `invalidFields` entry per string value of the body, with
        the value whole, its first 12 characters, its base64 form and its URL-encoded form.
        """
        status = config.fail_status
        if not config.echo_request:
            return Reply(status, problem(status, f"Injected {status} response."))
        text = raw_body.decode("utf-8", errors="replace")
        api_key = self.headers.get("REB-APIKEY", "")
        extra: dict[str, Any] = {"instance": f"/echo?apiKey={quote(api_key, safe='')}"}
        if status == 422:
            extra["invalidFields"] = echo_invalid_fields(text)
        detail = f"Request was {text} with REB-APIKEY {api_key}."
        return Reply(status, problem(status, detail, title=f"Echo {api_key}", **extra))

    # -- /__emulator/ endpoints ------------------------------------------

    def _handle_control(self, method: str, path: str, raw_body: bytes) -> Reply:
        routes = {
            "/__emulator/requests": ("GET",),
            "/__emulator/credentials": ("GET",),
            "/__emulator/faults": ("GET", "POST"),
            "/__emulator/reset": ("POST",),
        }
        allowed = routes.get(path)
        if allowed is None:
            return Reply(
                404,
                problem(404, f"No emulator endpoint {path}; known: {', '.join(routes)}."),
            )
        if method not in allowed:
            return Reply(
                405,
                problem(405, f"{method} is not allowed on {path}; use {', '.join(allowed)}."),
                headers={"Allow": ", ".join(allowed)},
            )

        if path == "/__emulator/requests":
            return Reply(200, self.server.request_log())
        if path == "/__emulator/credentials":
            return Reply(200, self.server.store.all_records())
        if path == "/__emulator/reset":
            self.server.reset()
            return Reply(204, empty_body=True)
        if method == "GET":
            return Reply(200, self.server.faults.snapshot())

        try:
            document = json.loads(raw_body or b"{}")
            config = FaultConfig.from_json(document)
        except (ValueError, TypeError) as error:
            return Reply(400, problem(400, f"Invalid fault settings: {error}."))
        self.server.faults.configure(config)
        LOG.info("faults set: %s", json.dumps(dataclasses.asdict(config), sort_keys=True))
        return Reply(200, self.server.faults.snapshot())

    # -- response writing ------------------------------------------------

    def _reply_headers(self, method: str, reply: Reply) -> tuple[dict[str, str], bytes]:
        """Return the headers and encoded body for a reply."""
        headers: dict[str, str] = {}
        payload = b""
        if not reply.empty_body and reply.body is not None:
            payload = json.dumps(reply.body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        headers.update(reply.headers)
        headers["Content-Length"] = str(len(payload))
        if method == "HEAD":
            payload = b""
        return headers, payload

    def _send(self, method: str, reply: Reply) -> None:
        headers, payload = self._reply_headers(method, reply)
        try:
            self.send_response(reply.status)
            for name, value in headers.items():
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if payload:
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError) as error:
            LOG.info("client went away before the %d response: %s", reply.status, error)
            self.close_connection = True

    def _drop(self) -> None:
        """Close the connection without sending a response."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _log_line(self, method: str, path: str, status: Any) -> None:
        if not self.server.quiet:
            LOG.info("%s %s %s", method, path, status)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def build_argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Local emulator of Rebilly's credential-hashes API, for tests.",
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="loopback IP address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0,
                        help="TCP port; 0 picks a free port (default 0)")
    parser.add_argument("--api-key", help="respond 401 unless the REB-APIKEY header equals this value")
    parser.add_argument("--data", metavar="FILE",
                        help="JSON file that keeps credentials across restarts; "
                             "without it credentials live in memory only")
    parser.add_argument("--quiet", action="store_true",
                        help="do not log one line per request to stderr")

    faults = parser.add_argument_group("faults (POST /__emulator/faults changes them at run time)")
    faults.add_argument("--latency-ms", type=int, default=0,
                        help="delay every API request by this many milliseconds")
    faults.add_argument("--rate-limit-every", type=int, default=0, metavar="N",
                        help="respond 429 to every Nth API request (0 disables)")
    faults.add_argument("--rate-limit-header", default="retry-after-seconds",
                        choices=RATE_LIMIT_HEADER_FORMS,
                        help="header that tells a rate-limited client when to retry")
    faults.add_argument("--rate-limit-delay-s", type=int, default=1,
                        help="retry delay in seconds announced by a 429 (default 1)")
    faults.add_argument("--error-rate", type=float, default=0.0,
                        help="fraction of API requests, 0 to 1, that get a 500 response")
    faults.add_argument("--seed", type=int, help="random seed for --error-rate")
    faults.add_argument("--drop-after-create", type=int, default=0, metavar="N",
                        help="for the next N creates, store the credential and then "
                             "close the connection without answering")
    faults.add_argument("--stall-s", type=float, default=0.0,
                        help="delay each API response by this many seconds, after processing")
    faults.add_argument("--stall-count", type=int, default=0, metavar="N",
                        help="stall only the next N API requests (0: every request)")
    faults.add_argument("--empty-303-body", action="store_true",
                        help="send an empty body with the 303 for an identical create")
    return parser


def faults_from_arguments(arguments: argparse.Namespace) -> FaultConfig:
    config = FaultConfig(
        latency_ms=arguments.latency_ms,
        rate_limit_every=arguments.rate_limit_every,
        rate_limit_header=arguments.rate_limit_header,
        rate_limit_delay_s=arguments.rate_limit_delay_s,
        error_rate=arguments.error_rate,
        seed=arguments.seed,
        drop_after_create=arguments.drop_after_create,
        stall_s=arguments.stall_s,
        stall_count=arguments.stall_count,
        empty_303_body=arguments.empty_303_body,
    )
    config.validate()
    return config


def main(argv: list[str] | None = None) -> int:
    # A process started by Swift's Foundation.Process from a non-main thread
    # inherits a signal mask that blocks SIGTERM and SIGINT, so unblock them first.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])

    arguments = build_argument_parser().parse_args(argv)
    logging.basicConfig(
        stream=sys.stderr, level=logging.INFO, format="rebilly-emulator: %(message)s"
    )
    try:
        faults = faults_from_arguments(arguments)
        server = EmulatorServer(
            arguments.host,
            arguments.port,
            api_key=arguments.api_key,
            data_path=arguments.data,
            faults=faults,
            quiet=arguments.quiet,
        )
    except (FaultConfigError, StoreFileError, ValueError, OSError) as error:
        LOG.error("cannot start: %s", error)
        return 2

    stop_requested = threading.Event()
    received: list[str] = []

    def request_stop(signum: int, frame: Any) -> None:
        received.append(signal.Signals(signum).name)
        stop_requested.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    serve_thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
    )
    serve_thread.start()
    print(f"listening on {server.base_url}", flush=True)
    LOG.info("started on %s (data file: %s)", server.base_url, arguments.data or "none")

    while not stop_requested.wait(0.5):
        pass
    LOG.info("stopping on %s", received[0] if received else "request")
    server.stop()
    serve_thread.join(timeout=5)
    LOG.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
