"""Tests of the credential-hashes emulator, run against real servers on loopback."""

from __future__ import annotations

import base64
import email.utils
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import rebilly_emulator
from rebilly_emulator import EmulatorServer, FaultConfig

EMULATOR_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rebilly_emulator.py")

VALID_BODIES = {
    "emails": {
        "host": "smtp.example.com",
        "auth": {"type": "login", "username": "mailer", "password": "smtp-secret"},
    },
    "webhooks": {
        "host": "hooks.example.com",
        "auth": {"type": "basic", "username": "hook", "password": "hook-secret"},
    },
    "mailgun": {
        "emailFrom": "billing@example.com",
        "apiKey": "key-mailgun-secret",
        "domain": "mg.example.com",
    },
    "aws-ses": {
        "key": "AKIAEXAMPLEKEY",
        "secret": "aws-secret-value",
        "region": "us-west-2",
    },
}


class Response:
    """Status, headers and decoded body of one HTTP exchange."""

    def __init__(self, status: int, headers: http.client.HTTPMessage, raw: bytes) -> None:
        self.status = status
        self.headers = headers
        self.raw = raw
        self.body = json.loads(raw) if raw else None


def send(
    base_url: str,
    method: str,
    path: str,
    body: object = None,
    headers: dict | None = None,
    raw: bytes | None = None,
    timeout: float = 10,
) -> Response:
    """Send one request on a new connection. A 303 is returned, not followed."""
    host, port = base_url.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        all_headers = dict(headers or {})
        payload = raw
        if body is not None:
            payload = json.dumps(body).encode("utf-8")
            all_headers.setdefault("Content-Type", "application/json")
        connection.request(method, path, body=payload, headers=all_headers)
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


class EmulatorTestCase(unittest.TestCase):
    """Starts an in-process emulator on a free loopback port for each test."""

    api_key: str | None = None
    faults: FaultConfig | None = None

    def setUp(self) -> None:
        self.server = self.start_server()

    def start_server(self, data_path: str | None = None) -> EmulatorServer:
        server = EmulatorServer(
            "127.0.0.1", 0, api_key=self.api_key, data_path=data_path,
            faults=self.faults, quiet=True,
        )
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        self.addCleanup(server.stop)
        return server

    def call(self, method: str, path: str, body: object = None, **options) -> Response:
        return send(self.server.base_url, method, path, body, **options)

    def create(self, kind: str, body: object, **options) -> Response:
        return self.call("POST", f"/credential-hashes/{kind}", body, **options)

    def set_faults(self, **settings) -> Response:
        response = self.call("POST", "/__emulator/faults", settings)
        self.assertEqual(response.status, 200, response.body)
        return response

    def assert_problem(self, response: Response, status: int) -> None:
        self.assertEqual(response.status, status)
        self.assertEqual(response.headers["Content-Type"], "application/json")
        self.assertEqual(response.body["status"], status)
        self.assertEqual(response.body["type"], "about:blank")
        self.assertIsInstance(response.body["title"], str)
        self.assertIsInstance(response.body["detail"], str)

    def invalid_field_names(self, response: Response) -> list[str]:
        self.assert_problem(response, 422)
        return [item["field"] for item in response.body["invalidFields"]]


class CreateTest(EmulatorTestCase):
    def test_create_each_kind(self) -> None:
        for kind, body in VALID_BODIES.items():
            with self.subTest(kind=kind):
                response = self.create(kind, body)
                self.assertEqual(response.status, 201, response.body)
                credential_hash = response.body["hash"]
                self.assertEqual(uuid.UUID(credential_hash).version, 4)
                self.assertEqual(str(uuid.UUID(credential_hash)), credential_hash)
                expected_url = (
                    f"{self.server.base_url}/credential-hashes/{kind}/{credential_hash}"
                )
                self.assertEqual(response.headers["Location"], expected_url)
                self.assertEqual(response.headers["Content-Type"], "application/json")
                self.assertEqual(int(response.headers["Content-Length"]), len(response.raw))
                self.assertEqual(response.body["status"], "active")
                self.assertNotIn("deactivationTime", response.body)
                for name, value in body.items():
                    self.assertEqual(response.body[name], value)
                if kind == "webhooks":
                    self.assertNotIn("_links", response.body)
                else:
                    self.assertEqual(
                        response.body["_links"], [{"href": expected_url, "rel": "self"}]
                    )

    def test_create_fills_email_defaults(self) -> None:
        response = self.create("emails", {"host": "smtp.example.com"})
        self.assertEqual(response.status, 201)
        self.assertEqual(response.body["port"], 25)
        self.assertEqual(response.body["encryption"], "none")
        self.assertEqual(response.body["auth"], {"type": "none"})

    def test_create_fills_webhook_auth_default(self) -> None:
        response = self.create("webhooks", {"host": "hooks.example.com"})
        self.assertEqual(response.status, 201)
        self.assertEqual(response.body["auth"], {"type": "none"})

    def test_create_keeps_email_auth_without_type(self) -> None:
        body = {"host": "smtp.example.com", "auth": {}}
        response = self.create("emails", body)
        self.assertEqual(response.status, 201)
        self.assertEqual(response.body["auth"], {"type": "none"})

    def test_create_keeps_optional_ses_field(self) -> None:
        body = dict(VALID_BODIES["aws-ses"], configurationSetName="Transactional")
        response = self.create("aws-ses", body)
        self.assertEqual(response.status, 201)
        self.assertEqual(response.body["configurationSetName"], "Transactional")

    def test_create_ignores_read_only_fields(self) -> None:
        body = dict(VALID_BODIES["mailgun"], hash="client-chosen", _links=[], status="active")
        response = self.create("mailgun", body)
        self.assertEqual(response.status, 201)
        self.assertNotEqual(response.body["hash"], "client-chosen")
        self.assertEqual(len(response.body["_links"]), 1)

    def test_create_oauth1_webhook(self) -> None:
        auth = {
            "type": "oauth1", "consumerKey": "ck", "consumerSecret": "cs",
            "token": "tk", "tokenSecret": "ts",
        }
        response = self.create("webhooks", {"host": "hooks.example.com", "auth": auth})
        self.assertEqual(response.status, 201)
        self.assertEqual(response.body["auth"], auth)

    def test_identical_create_returns_303(self) -> None:
        first = self.create("emails", VALID_BODIES["emails"])
        second = self.create("emails", VALID_BODIES["emails"])
        self.assertEqual(first.status, 201)
        self.assertEqual(second.status, 303)
        self.assertEqual(second.headers["Location"], first.headers["Location"])
        self.assertEqual(second.body, first.body)

    def test_identical_create_compares_after_defaults(self) -> None:
        first = self.create("emails", {"host": "smtp.example.com"})
        second = self.create(
            "emails",
            {"host": "smtp.example.com", "port": 25, "encryption": "none", "auth": {"type": "none"}},
        )
        self.assertEqual(first.status, 201)
        self.assertEqual(second.status, 303)
        self.assertEqual(second.body["hash"], first.body["hash"])

    def test_create_differing_secret_is_new(self) -> None:
        for kind, secret_path in (
            ("emails", ("auth", "password")),
            ("webhooks", ("auth", "password")),
            ("mailgun", ("apiKey",)),
            ("aws-ses", ("secret",)),
        ):
            with self.subTest(kind=kind):
                first = self.create(kind, VALID_BODIES[kind])
                changed = json.loads(json.dumps(VALID_BODIES[kind]))
                target = changed
                for name in secret_path[:-1]:
                    target = target[name]
                target[secret_path[-1]] = "another-secret"
                second = self.create(kind, changed)
                self.assertEqual(second.status, 201)
                self.assertNotEqual(second.body["hash"], first.body["hash"])

    def test_same_fields_other_kind_are_distinct(self) -> None:
        body = {"host": "example.com"}
        email = self.create("emails", body)
        webhook = self.create("webhooks", body)
        self.assertEqual(email.status, 201)
        self.assertEqual(webhook.status, 201)
        self.assertNotEqual(email.body["hash"], webhook.body["hash"])

    def test_identical_create_of_deactivated(self) -> None:
        first = self.create("aws-ses", VALID_BODIES["aws-ses"])
        self.call(
            "PATCH", f"/credential-hashes/aws-ses/{first.body['hash']}", {"status": "deactivated"}
        )
        again = self.create("aws-ses", VALID_BODIES["aws-ses"])
        self.assertEqual(again.status, 303)
        self.assertEqual(again.body["hash"], first.body["hash"])
        self.assertEqual(again.body["status"], "deactivated")
        self.assertIn("deactivationTime", again.body)

    def test_concurrent_identical_creates(self) -> None:
        with ThreadPoolExecutor(max_workers=16) as pool:
            responses = list(
                pool.map(lambda _: self.create("mailgun", VALID_BODIES["mailgun"]), range(32))
            )
        statuses = sorted(response.status for response in responses)
        self.assertEqual(statuses.count(201), 1)
        self.assertEqual(statuses.count(303), 31)
        self.assertEqual(len({response.body["hash"] for response in responses}), 1)


class ReadAndDeactivateTest(EmulatorTestCase):
    def test_get_returns_created(self) -> None:
        for kind, body in VALID_BODIES.items():
            with self.subTest(kind=kind):
                created = self.create(kind, body)
                fetched = self.call("GET", f"/credential-hashes/{kind}/{created.body['hash']}")
                self.assertEqual(fetched.status, 200)
                self.assertEqual(fetched.body, created.body)

    def test_get_unknown_hash_is_404(self) -> None:
        response = self.call("GET", f"/credential-hashes/emails/{uuid.uuid4()}")
        self.assert_problem(response, 404)

    def test_get_with_other_kind_is_404(self) -> None:
        created = self.create("emails", VALID_BODIES["emails"])
        response = self.call("GET", f"/credential-hashes/webhooks/{created.body['hash']}")
        self.assert_problem(response, 404)

    def test_deactivate_sets_status_and_time(self) -> None:
        created = self.create("webhooks", VALID_BODIES["webhooks"])
        path = f"/credential-hashes/webhooks/{created.body['hash']}"
        response = self.call("PATCH", path, {"status": "deactivated"})
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body["status"], "deactivated")
        deactivation_time = response.body["deactivationTime"]
        self.assertRegex(deactivation_time, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        datetime.fromisoformat(deactivation_time.replace("Z", "+00:00"))
        self.assertEqual(response.body["host"], VALID_BODIES["webhooks"]["host"])

        fetched = self.call("GET", path)
        self.assertEqual(fetched.body, response.body)

    def test_deactivate_twice_keeps_time(self) -> None:
        created = self.create("mailgun", VALID_BODIES["mailgun"])
        path = f"/credential-hashes/mailgun/{created.body['hash']}"
        first = self.call("PATCH", path, {"status": "deactivated"})
        second = self.call("PATCH", path, {"status": "deactivated"})
        self.assertEqual(second.status, 200)
        self.assertEqual(second.body, first.body)

    def test_patch_rejects_other_bodies(self) -> None:
        created = self.create("emails", VALID_BODIES["emails"])
        path = f"/credential-hashes/emails/{created.body['hash']}"
        cases = [
            ({}, ["status"]),
            ({"status": "active"}, ["status"]),
            ({"status": "inactive"}, ["status"]),
            ({"status": "deactivated", "host": "other.example.com"}, ["host"]),
        ]
        for body, fields in cases:
            with self.subTest(body=body):
                response = self.call("PATCH", path, body)
                self.assertEqual(self.invalid_field_names(response), fields)
        self.assertEqual(self.call("GET", path).body["status"], "active")

    def test_patch_unknown_hash_is_404(self) -> None:
        response = self.call(
            "PATCH", f"/credential-hashes/aws-ses/{uuid.uuid4()}", {"status": "deactivated"}
        )
        self.assert_problem(response, 404)


class OrganizationPrefixTest(EmulatorTestCase):
    def test_prefixed_paths_work(self) -> None:
        prefix = "/organizations/org-main"
        created = self.call("POST", f"{prefix}/credential-hashes/emails", VALID_BODIES["emails"])
        self.assertEqual(created.status, 201)
        credential_hash = created.body["hash"]
        expected_url = (
            f"{self.server.base_url}{prefix}/credential-hashes/emails/{credential_hash}"
        )
        self.assertEqual(created.headers["Location"], expected_url)
        self.assertEqual(created.body["_links"][0]["href"], expected_url)

        path = f"{prefix}/credential-hashes/emails/{credential_hash}"
        self.assertEqual(self.call("GET", path).status, 200)
        patched = self.call("PATCH", path, {"status": "deactivated"})
        self.assertEqual(patched.status, 200)

    def test_organizations_are_separate(self) -> None:
        created = self.call(
            "POST", "/organizations/org-a/credential-hashes/mailgun", VALID_BODIES["mailgun"]
        )
        credential_hash = created.body["hash"]
        other = self.call("GET", f"/organizations/org-b/credential-hashes/mailgun/{credential_hash}")
        self.assert_problem(other, 404)
        unprefixed = self.call("GET", f"/credential-hashes/mailgun/{credential_hash}")
        self.assert_problem(unprefixed, 404)
        same_body_elsewhere = self.create("mailgun", VALID_BODIES["mailgun"])
        self.assertEqual(same_body_elsewhere.status, 201)


class ValidationTest(EmulatorTestCase):
    CASES = [
        ("emails", {}, ["host"]),
        ("emails", {"host": 12}, ["host"]),
        ("emails", {"host": ""}, ["host"]),
        ("emails", {"host": "h", "port": 0}, ["port"]),
        ("emails", {"host": "h", "port": 65536}, ["port"]),
        ("emails", {"host": "h", "port": "25"}, ["port"]),
        ("emails", {"host": "h", "port": 25.5}, ["port"]),
        ("emails", {"host": "h", "port": True}, ["port"]),
        ("emails", {"host": "h", "encryption": "starttls"}, ["encryption"]),
        ("emails", {"host": "h", "auth": "login"}, ["auth"]),
        ("emails", {"host": "h", "auth": {"type": "oauth1"}}, ["auth.type"]),
        ("emails", {"host": "h", "auth": {"type": "plain"}}, ["auth.username", "auth.password"]),
        ("emails", {"host": "h", "auth": {"type": "login", "username": "u"}}, ["auth.password"]),
        ("emails", {"host": "h", "auth": {"type": "cram-md5", "username": "u", "password": 5}},
         ["auth.password"]),
        ("emails", {"host": "h", "auth": {"type": "none", "username": "u"}}, ["auth.username"]),
        ("emails", {"host": "h", "hostname": "x"}, ["hostname"]),
        ("emails", {"host": "h", "status": "deactivated"}, ["status"]),
        ("webhooks", {}, ["host"]),
        ("webhooks", {"host": "https://hooks.example.com"}, ["host"]),
        ("webhooks", {"host": "hooks.example.com:8443"}, ["host"]),
        ("webhooks", {"host": "hooks.example.com/path"}, ["host"]),
        ("webhooks", {"host": "h", "auth": {}}, ["auth.type"]),
        ("webhooks", {"host": "h", "auth": {"type": "login"}}, ["auth.type"]),
        ("webhooks", {"host": "h", "auth": {"type": "digest", "username": "u"}}, ["auth.password"]),
        ("webhooks", {"host": "h", "auth": {"type": "oauth1", "consumerKey": "k"}},
         ["auth.consumerSecret", "auth.token", "auth.tokenSecret"]),
        ("mailgun", {}, ["emailFrom", "apiKey", "domain"]),
        ("mailgun", {"emailFrom": "not-an-address", "apiKey": "k", "domain": "d"}, ["emailFrom"]),
        ("mailgun", {"emailFrom": "a@b.example", "apiKey": None, "domain": "d"}, ["apiKey"]),
        ("aws-ses", {}, ["key", "secret", "region"]),
        ("aws-ses", {"key": "k", "secret": "s", "region": "r", "configurationSetName": 1},
         ["configurationSetName"]),
    ]

    def test_invalid_bodies_return_422(self) -> None:
        for kind, body, fields in self.CASES:
            with self.subTest(kind=kind, body=body):
                response = self.create(kind, body)
                self.assertEqual(self.invalid_field_names(response), fields)
                for item in response.body["invalidFields"]:
                    self.assertIsInstance(item["message"], str)
                    self.assertIn(item["field"], item["message"])
        self.assertEqual(self.call("GET", "/__emulator/credentials").body, [])

    def test_invalid_json_is_400(self) -> None:
        response = self.call(
            "POST", "/credential-hashes/emails", raw=b"{not json",
            headers={"Content-Type": "application/json"},
        )
        self.assert_problem(response, 400)

    def test_non_object_json_is_400(self) -> None:
        response = self.create("emails", ["host"])
        self.assert_problem(response, 400)

    def test_missing_body_is_400(self) -> None:
        response = self.call("POST", "/credential-hashes/emails", raw=b"")
        self.assert_problem(response, 400)

    def test_other_content_type_is_415(self) -> None:
        response = self.call(
            "POST", "/credential-hashes/emails", raw=b'{"host": "h"}',
            headers={"Content-Type": "text/plain"},
        )
        self.assert_problem(response, 415)


class RoutingTest(EmulatorTestCase):
    def test_unknown_paths_are_404(self) -> None:
        for path in (
            "/", "/credential-hashes", "/credential-hashes/sendgrid",
            "/credential-hashes/emails/a/b", "/organizations/o/other",
        ):
            with self.subTest(path=path):
                self.assert_problem(self.call("GET", path), 404)

    def test_wrong_methods_are_405(self) -> None:
        item = f"/credential-hashes/emails/{uuid.uuid4()}"
        cases = [
            ("GET", "/credential-hashes/emails", "POST"),
            ("PUT", "/credential-hashes/emails", "POST"),
            ("DELETE", item, "GET, PATCH"),
            ("POST", item, "GET, PATCH"),
            ("PUT", "/organizations/o/credential-hashes/aws-ses/x", "GET, PATCH"),
        ]
        for method, path, allow in cases:
            with self.subTest(method=method, path=path):
                response = self.call(method, path, {"status": "deactivated"})
                self.assert_problem(response, 405)
                self.assertEqual(response.headers["Allow"], allow)

    def test_keep_alive_connection_is_reused(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        self.addCleanup(connection.close)
        hashes = []
        for index in range(3):
            body = json.dumps({"host": f"smtp{index}.example.com"})
            connection.request(
                "POST", "/credential-hashes/emails", body=body,
                headers={"Content-Type": "application/json"},
            )
            if index == 0:
                first_socket = connection.sock
            response = connection.getresponse()
            self.assertEqual(response.status, 201)
            hashes.append(json.loads(response.read())["hash"])
            self.assertIs(connection.sock, first_socket)
        self.assertEqual(len(set(hashes)), 3)

    def test_chunked_request_body(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        self.addCleanup(connection.close)
        chunks = [b'{"host": ', b'"chunked.example.com"}']
        connection.request(
            "POST", "/credential-hashes/webhooks", body=iter(chunks),
            headers={"Content-Type": "application/json"}, encode_chunked=True,
        )
        response = connection.getresponse()
        self.assertEqual(response.status, 201)
        self.assertEqual(json.loads(response.read())["host"], "chunked.example.com")


class ApiKeyTest(EmulatorTestCase):
    api_key = "sk_test_emulator"

    def test_missing_key_is_401(self) -> None:
        response = self.create("emails", VALID_BODIES["emails"])
        self.assert_problem(response, 401)

    def test_wrong_key_is_401(self) -> None:
        response = self.create(
            "emails", VALID_BODIES["emails"], headers={"REB-APIKEY": "sk_test_wrong"}
        )
        self.assert_problem(response, 401)
        self.assertEqual(self.server.store.all_records(), [])

    def test_right_key_is_accepted(self) -> None:
        headers = {"REB-APIKEY": self.api_key}
        created = self.create("emails", VALID_BODIES["emails"], headers=headers)
        self.assertEqual(created.status, 201)
        path = f"/credential-hashes/emails/{created.body['hash']}"
        self.assertEqual(self.call("GET", path, headers=headers).status, 200)
        self.assert_problem(self.call("GET", path), 401)

    def test_control_endpoints_need_no_key(self) -> None:
        self.assertEqual(self.call("GET", "/__emulator/requests").status, 200)
        self.assertEqual(self.call("GET", "/__emulator/faults").status, 200)


class FaultTest(EmulatorTestCase):
    def test_latency_delays_requests(self) -> None:
        self.set_faults(latency_ms=50)
        started = time.monotonic()
        response = self.create("emails", VALID_BODIES["emails"])
        self.assertEqual(response.status, 201)
        self.assertGreaterEqual(time.monotonic() - started, 0.05)

    def test_rate_limit_header_forms(self) -> None:
        for form, header in (
            ("retry-after-seconds", "Retry-After"),
            ("retry-after-date", "Retry-After"),
            ("x-ratelimit-retry-after", "X-RateLimit-Retry-After"),
            ("rate-limit-reset", "Rate-Limit-Reset"),
        ):
            with self.subTest(form=form):
                self.set_faults(rate_limit_every=2, rate_limit_header=form, rate_limit_delay_s=7)
                first = self.create("aws-ses", VALID_BODIES["aws-ses"])
                self.assertIn(first.status, (201, 303))
                limited = self.create("aws-ses", VALID_BODIES["aws-ses"])
                self.assert_problem(limited, 429)
                value = limited.headers[header]
                self.assertIsNotNone(value)
                if form == "retry-after-seconds":
                    self.assertEqual(value, "7")
                elif form == "x-ratelimit-retry-after":
                    self.assertAlmostEqual(int(value), time.time() + 7, delta=3)
                else:
                    retry_at = email.utils.parsedate_to_datetime(value).timestamp()
                    self.assertAlmostEqual(retry_at, time.time() + 7, delta=3)
                third = self.create("aws-ses", VALID_BODIES["aws-ses"])
                self.assertEqual(third.status, 303)

    def test_rate_limit_without_header(self) -> None:
        self.set_faults(rate_limit_every=1, rate_limit_header="none")
        limited = self.create("emails", VALID_BODIES["emails"])
        self.assert_problem(limited, 429)
        self.assertIsNone(limited.headers["Retry-After"])
        self.assertIsNone(limited.headers["X-RateLimit-Retry-After"])

    def test_error_rate_one_fails_all(self) -> None:
        self.set_faults(error_rate=1)
        for _ in range(3):
            self.assert_problem(self.create("mailgun", VALID_BODIES["mailgun"]), 500)
        self.assertEqual(self.server.store.all_records(), [])

    def test_fail_status_applies_to_every_request(self) -> None:
        for status in (401, 422, 500):
            with self.subTest(status=status):
                self.set_faults(fail_status=status)
                response = self.create("emails", VALID_BODIES["emails"])
                self.assert_problem(response, status)
                self.assertNotIn(VALID_BODIES["emails"]["auth"]["password"], response.body["detail"])
        self.assertEqual(self.server.store.all_records(), [])

    def test_echo_request_repeats_body_and_key(self) -> None:
        self.set_faults(fail_status=422, echo_request=True)
        body = dict(VALID_BODIES["emails"], auth={"type": "login", "username": "u", "password": "p/w d+echo"})
        response = self.create("emails", body, headers={"REB-APIKEY": "sk-echo key"})
        self.assert_problem(response, 422)
        self.assertIn("p/w d+echo", response.body["detail"])
        self.assertIn("sk-echo key", response.body["title"])
        self.assertIn("sk-echo%20key", response.body["instance"])
        entry = next(item for item in response.body["invalidFields"] if item["field"] == "auth.password")
        self.assertIn("'p/w d+echo'", entry["message"])
        self.assertIn(base64.b64encode(b"p/w d+echo").decode("ascii"), entry["message"])
        self.assertIn("p%2Fw%20d%2Becho", entry["message"])

    def test_fail_status_out_of_range_is_rejected(self) -> None:
        for value in (200, 600, "500", True):
            with self.subTest(value=value):
                response = self.call("POST", "/__emulator/faults", {"fail_status": value})
                self.assert_problem(response, 400)

    def test_error_rate_seed_is_reproducible(self) -> None:
        def statuses() -> list[int]:
            self.set_faults(error_rate=0.5, seed=1234)
            path = f"/credential-hashes/emails/{uuid.uuid4()}"
            return [self.call("GET", path).status for _ in range(20)]

        first = statuses()
        second = statuses()
        self.assertEqual(first, second)
        self.assertIn(500, first)
        self.assertIn(404, first)

    def test_drop_after_create_stores_then_closes(self) -> None:
        self.set_faults(drop_after_create=1)
        with self.assertRaises(http.client.RemoteDisconnected):
            self.create("webhooks", VALID_BODIES["webhooks"])
        stored = self.call("GET", "/__emulator/credentials").body
        self.assertEqual(len(stored), 1)
        self.assertEqual(stored[0]["fields"]["host"], VALID_BODIES["webhooks"]["host"])

        retried = self.create("webhooks", VALID_BODIES["webhooks"])
        self.assertEqual(retried.status, 303)
        self.assertEqual(retried.body["hash"], stored[0]["hash"])
        another = self.create("webhooks", {"host": "other.example.com"})
        self.assertEqual(another.status, 201)

        log = self.call("GET", "/__emulator/requests").body
        self.assertTrue(log[0]["dropped"])
        self.assertIsNone(log[0]["response"])
        self.assertEqual(log[1]["response"]["status"], 303)

    def test_stall_outlasts_client_timeout(self) -> None:
        self.set_faults(stall_s=2, stall_count=1)
        with self.assertRaises(TimeoutError):
            self.create("emails", VALID_BODIES["emails"], timeout=0.2)
        retried = self.create("emails", VALID_BODIES["emails"])
        self.assertEqual(retried.status, 303)
        faults = self.call("GET", "/__emulator/faults").body
        self.assertEqual(faults["stall_count"], 0)

    def test_empty_303_body(self) -> None:
        self.set_faults(empty_303_body=True)
        created = self.create("emails", VALID_BODIES["emails"])
        again = self.create("emails", VALID_BODIES["emails"])
        self.assertEqual(again.status, 303)
        self.assertEqual(again.raw, b"")
        self.assertEqual(again.headers["Content-Length"], "0")
        self.assertEqual(again.headers["Location"], created.headers["Location"])

    def test_control_endpoints_are_never_faulted(self) -> None:
        self.set_faults(rate_limit_every=1, error_rate=1, latency_ms=0)
        for path in ("/__emulator/requests", "/__emulator/credentials", "/__emulator/faults"):
            with self.subTest(path=path):
                self.assertEqual(self.call("GET", path).status, 200)

    def test_faults_endpoint_round_trip(self) -> None:
        settings = {"latency_ms": 5, "rate_limit_every": 3, "seed": 9, "empty_303_body": True}
        self.set_faults(**settings)
        current = self.call("GET", "/__emulator/faults").body
        for name, value in settings.items():
            self.assertEqual(current[name], value)
        self.assertEqual(current["error_rate"], 0)

    def test_faults_endpoint_rejects_invalid(self) -> None:
        for settings in (
            {"latency": 5},
            {"error_rate": 2},
            {"rate_limit_header": "retry-later"},
            {"drop_after_create": -1},
            {"empty_303_body": "yes"},
        ):
            with self.subTest(settings=settings):
                response = self.call("POST", "/__emulator/faults", settings)
                self.assert_problem(response, 400)

    def test_faults_from_command_line(self) -> None:
        arguments = rebilly_emulator.build_argument_parser().parse_args([
            "--latency-ms", "20", "--rate-limit-every", "4",
            "--rate-limit-header", "x-ratelimit-retry-after", "--rate-limit-delay-s", "3",
            "--error-rate", "0.25", "--seed", "5", "--drop-after-create", "2",
            "--stall-s", "1.5", "--stall-count", "1", "--empty-303-body",
        ])
        config = rebilly_emulator.faults_from_arguments(arguments)
        self.assertEqual(config, FaultConfig(
            latency_ms=20, rate_limit_every=4, rate_limit_header="x-ratelimit-retry-after",
            rate_limit_delay_s=3, error_rate=0.25, seed=5, drop_after_create=2,
            stall_s=1.5, stall_count=1, empty_303_body=True,
        ))


class StartupFaultsTest(EmulatorTestCase):
    faults = FaultConfig(rate_limit_every=1)

    def test_reset_restores_startup_faults(self) -> None:
        self.assert_problem(self.create("emails", VALID_BODIES["emails"]), 429)
        self.set_faults()
        self.assertEqual(self.create("emails", VALID_BODIES["emails"]).status, 201)
        self.assertEqual(self.call("POST", "/__emulator/reset").status, 204)
        self.assert_problem(self.create("emails", VALID_BODIES["emails"]), 429)


class InspectionTest(EmulatorTestCase):
    api_key = "sk_test_inspection"

    def test_request_log_records_exchanges(self) -> None:
        headers = {"REB-APIKEY": self.api_key}
        created = self.create("emails", VALID_BODIES["emails"], headers=headers)
        self.call("GET", "/__emulator/credentials")
        self.call("GET", f"/credential-hashes/emails/{uuid.uuid4()}?expand=none", headers=headers)

        log = self.call("GET", "/__emulator/requests").body
        self.assertEqual(len(log), 2)
        first, second = log
        self.assertEqual(first["method"], "POST")
        self.assertEqual(first["path"], "/credential-hashes/emails")
        self.assertEqual(first["headers"]["REB-APIKEY"], self.api_key)
        self.assertEqual(first["body"], VALID_BODIES["emails"])
        self.assertEqual(first["response"]["status"], 201)
        self.assertEqual(first["response"]["body"], created.body)
        self.assertEqual(first["response"]["headers"]["Location"], created.headers["Location"])
        self.assertEqual(second["method"], "GET")
        self.assertTrue(second["path"].endswith("?expand=none"))
        self.assertIsNone(second["body"])
        self.assertEqual(second["response"]["status"], 404)

    def test_request_log_keeps_invalid_json(self) -> None:
        self.call(
            "POST", "/credential-hashes/emails", raw=b"{oops",
            headers={"Content-Type": "application/json", "REB-APIKEY": self.api_key},
        )
        entry = self.call("GET", "/__emulator/requests").body[0]
        self.assertIsNone(entry["body"])
        self.assertEqual(entry["bodyText"], "{oops")
        self.assertEqual(entry["response"]["status"], 400)

    def test_credentials_endpoint_lists_records(self) -> None:
        headers = {"REB-APIKEY": self.api_key}
        created = self.call(
            "POST", "/organizations/org-x/credential-hashes/aws-ses", VALID_BODIES["aws-ses"],
            headers=headers,
        )
        records = self.call("GET", "/__emulator/credentials").body
        self.assertEqual(len(records), 1)
        record = records[0]
        self.assertEqual(record["hash"], created.body["hash"])
        self.assertEqual(record["kind"], "aws-ses")
        self.assertEqual(record["organization"], "org-x")
        self.assertEqual(record["status"], "active")
        self.assertEqual(record["fields"], VALID_BODIES["aws-ses"])

    def test_reset_clears_everything(self) -> None:
        headers = {"REB-APIKEY": self.api_key}
        created = self.create("mailgun", VALID_BODIES["mailgun"], headers=headers)
        self.set_faults(latency_ms=10)
        response = self.call("POST", "/__emulator/reset")
        self.assertEqual(response.status, 204)
        self.assertEqual(self.call("GET", "/__emulator/credentials").body, [])
        self.assertEqual(self.call("GET", "/__emulator/requests").body, [])
        self.assertEqual(self.call("GET", "/__emulator/faults").body["latency_ms"], 0)
        fetched = self.call(
            "GET", f"/credential-hashes/mailgun/{created.body['hash']}", headers=headers
        )
        self.assert_problem(fetched, 404)

    def test_unknown_control_endpoint(self) -> None:
        self.assert_problem(self.call("GET", "/__emulator/nothing"), 404)
        response = self.call("GET", "/__emulator/reset")
        self.assert_problem(response, 405)
        self.assertEqual(response.headers["Allow"], "POST")


class PersistenceTest(EmulatorTestCase):
    def setUp(self) -> None:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.directory = directory.name
        self.data_path = os.path.join(self.directory, "credentials.json")
        self.server = self.start_server(self.data_path)

    def test_credentials_survive_restart(self) -> None:
        created = self.create("emails", VALID_BODIES["emails"])
        path = f"/credential-hashes/emails/{created.body['hash']}"
        deactivated = self.call("PATCH", path, {"status": "deactivated"})
        self.server.stop()

        self.server = self.start_server(self.data_path)
        fetched = self.call("GET", path)
        self.assertEqual(fetched.status, 200)
        self.assertEqual(fetched.body["status"], "deactivated")
        self.assertEqual(fetched.body["deactivationTime"], deactivated.body["deactivationTime"])
        again = self.create("emails", VALID_BODIES["emails"])
        self.assertEqual(again.status, 303)

    def test_data_file_is_written_whole(self) -> None:
        self.create("mailgun", VALID_BODIES["mailgun"])
        with open(self.data_path, encoding="utf-8") as file:
            document = json.load(file)
        self.assertEqual(document["format"], 1)
        self.assertEqual(len(document["credentials"]), 1)
        self.assertEqual(os.listdir(self.directory), ["credentials.json"])

    def test_reset_empties_data_file(self) -> None:
        self.create("mailgun", VALID_BODIES["mailgun"])
        self.call("POST", "/__emulator/reset")
        with open(self.data_path, encoding="utf-8") as file:
            self.assertEqual(json.load(file)["credentials"], [])

    def test_corrupt_data_file_is_rejected(self) -> None:
        broken_path = os.path.join(self.directory, "broken.json")
        with open(broken_path, "w", encoding="utf-8") as file:
            file.write("{truncated")
        with self.assertRaises(rebilly_emulator.StoreFileError):
            rebilly_emulator.CredentialStore(broken_path)


class BindTest(unittest.TestCase):
    def test_non_loopback_host_is_rejected(self) -> None:
        for host in ("0.0.0.0", "192.0.2.10", "::"):
            with self.subTest(host=host):
                with self.assertRaises(ValueError):
                    EmulatorServer(host, 0, quiet=True)


class ProcessTest(unittest.TestCase):
    """Runs the emulator as a separate process, the way the Swift tests do."""

    def start(self, *arguments: str, block_signals: bool = False) -> tuple[subprocess.Popen, str]:
        def block_stop_signals() -> None:
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM, signal.SIGINT])

        process = subprocess.Popen(
            [sys.executable, EMULATOR_SCRIPT, "--port", "0", *arguments],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=block_stop_signals if block_signals else None,
        )
        self.addCleanup(self.stop_if_running, process)
        first_line = process.stdout.readline()
        match = re.fullmatch(r"listening on (http://127\.0\.0\.1:(\d+))\n", first_line)
        self.assertIsNotNone(match, f"unexpected first line {first_line!r}")
        self.assertNotEqual(match[2], "0")
        return process, match[1]

    def stop_if_running(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)

    def assert_stops_on(self, signal_number: int, block_signals: bool) -> None:
        process, base_url = self.start("--quiet", block_signals=block_signals)
        self.assertEqual(send(base_url, "POST", "/credential-hashes/emails",
                              VALID_BODIES["emails"]).status, 201)
        process.send_signal(signal_number)
        stdout, stderr = process.communicate(timeout=10)
        self.assertEqual(process.returncode, 0, stderr)
        self.assertEqual(stdout, "")
        self.assertIn("stopped", stderr)

    def test_sigterm_stops_cleanly(self) -> None:
        self.assert_stops_on(signal.SIGTERM, block_signals=False)

    def test_sigint_stops_cleanly(self) -> None:
        self.assert_stops_on(signal.SIGINT, block_signals=False)

    def test_sigterm_with_inherited_blocked_mask(self) -> None:
        self.assert_stops_on(signal.SIGTERM, block_signals=True)

    def test_sigterm_during_stalled_request(self) -> None:
        process, base_url = self.start("--quiet", "--stall-s", "30")

        def stalled_request() -> None:
            # The response may or may not arrive before the process exits.
            try:
                send(base_url, "GET", f"/credential-hashes/emails/{uuid.uuid4()}", timeout=20)
            except (OSError, http.client.HTTPException):
                pass

        client = threading.Thread(target=stalled_request, daemon=True)
        client.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            log = send(base_url, "GET", "/__emulator/requests").body
            if log:
                break
            time.sleep(0.02)
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)
        self.assertEqual(process.returncode, 0)

    def test_api_key_and_logging(self) -> None:
        process, base_url = self.start("--api-key", "sk_test_process")
        self.assertEqual(send(base_url, "GET", "/credential-hashes/emails/x").status, 401)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
        self.assertIn("GET /credential-hashes/emails/x 401", stderr)
        self.assertNotIn("sk_test_process", stderr)

    def test_non_loopback_host_exits_2(self) -> None:
        process = subprocess.run(
            [sys.executable, EMULATOR_SCRIPT, "--host", "0.0.0.0", "--port", "0"],
            capture_output=True, text=True, timeout=10,
        )
        self.assertEqual(process.returncode, 2)
        self.assertEqual(process.stdout, "")
        self.assertIn("only loopback addresses are allowed", process.stderr)


if __name__ == "__main__":
    unittest.main()
