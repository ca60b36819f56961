#!/usr/bin/env python3
"""Traffic generator for the emulator: one create, read and deactivation per kind.

It replaces the credhash client so that the conformance check has real
traffic to validate. Standard library only. Redirects are not followed,
so a 303 reaches the caller as it was sent.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
import uuid
from typing import Any

CREDENTIALS = {
    "emails": {
        "host": "smtp.example.com",
        "port": 587,
        "encryption": "tls",
        "auth": {"type": "plain", "username": "mailer", "password": "smtp-password"},
    },
    "webhooks": {
        "host": "hooks.example.com",
        "auth": {
            "type": "oauth1", "consumerKey": "consumer-key", "consumerSecret": "consumer-secret",
            "token": "token", "tokenSecret": "token-secret",
        },
    },
    "mailgun": {
        "emailFrom": "billing@example.com",
        "apiKey": "key-mailgun",
        "domain": "mg.example.com",
    },
    "aws-ses": {
        "key": "AKIAEXAMPLEKEY",
        "secret": "aws-secret",
        "region": "eu-west-1",
        "configurationSetName": "Transactional",
    },
}

# Requests the definitions reject, each with the status the emulator must return.
INVALID_CREATES = {
    "emails": ({"host": "smtp.example.com", "auth": {"type": "login", "username": "u"}}, 422),
    "webhooks": ({"auth": {"type": "basic"}}, 422),
    "mailgun": ({"emailFrom": "billing@example.com"}, 422),
    "aws-ses": ({"key": "k", "secret": "s"}, 422),
}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class TrafficError(Exception):
    """The emulator returned a status other than the one the scenario expects."""


class Client:
    """Minimal JSON client for one emulator base URL."""

    def __init__(self, base_url: str, api_key: str | None, organization: str | None) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.prefix = f"/organizations/{organization}" if organization else ""
        self._opener = urllib.request.build_opener(_NoRedirect)

    def request(
        self, method: str, path: str, body: Any = None, expected: int = 200,
        send_key: bool = True,
    ) -> Any:
        """Send a request and return the decoded body. Raise TrafficError on another status."""
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self.api_key is not None and send_key:
            headers["REB-APIKEY"] = self.api_key
        url = f"{self.base_url}{self.prefix}{path}"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self._opener.open(request, timeout=10) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        if status != expected:
            raise TrafficError(f"{method} {url}: expected status {expected}, got {status}: {raw[:300]!r}")
        return json.loads(raw) if raw else None


def run_scenario(client: Client, include_invalid: bool) -> int:
    """Create, re-create, read and deactivate one credential of each kind.

    With include_invalid, also send requests that must fail (401, 404, 422),
    so that the problem bodies get checked too. Returns the request count.
    """
    count = 0
    for kind, body in CREDENTIALS.items():
        collection = f"/credential-hashes/{kind}"
        created = client.request("POST", collection, body, expected=201)
        client.request("POST", collection, body, expected=303)
        item = f"{collection}/{created['hash']}"
        client.request("GET", item, expected=200)
        client.request("PATCH", item, {"status": "deactivated"}, expected=200)
        client.request("GET", item, expected=200)
        count += 5
        if include_invalid:
            invalid_body, status = INVALID_CREATES[kind]
            client.request("POST", collection, invalid_body, expected=status)
            client.request("PATCH", item, {"status": "active"}, expected=422)
            client.request("GET", f"{collection}/{uuid.uuid4()}", expected=404)
            client.request("PATCH", f"{collection}/{uuid.uuid4()}", {"status": "deactivated"},
                           expected=404)
            count += 4
    if include_invalid and client.api_key is not None:
        client.request("GET", f"/credential-hashes/emails/{uuid.uuid4()}", expected=401,
                       send_key=False)
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="emulator base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--api-key", help="value of the REB-APIKEY header")
    parser.add_argument("--organization", help="send requests under /organizations/ID")
    parser.add_argument("--include-invalid", action="store_true",
                        help="also send requests that must fail with 401, 404 or 422")
    parser.add_argument("--output", metavar="FILE",
                        help="write the emulator's request log to FILE afterwards")
    arguments = parser.parse_args(argv)

    client = Client(arguments.url, arguments.api_key, arguments.organization)
    try:
        count = run_scenario(client, arguments.include_invalid)
        if arguments.output:
            control = Client(arguments.url, None, None)
            log = control.request("GET", "/__emulator/requests")
            with open(arguments.output, "w", encoding="utf-8") as file:
                json.dump(log, file, indent=2)
    except (TrafficError, urllib.error.URLError, OSError) as error:
        print(f"traffic: failed: {error}", file=sys.stderr)
        return 1
    print(f"traffic: sent {count} requests to {arguments.url}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
