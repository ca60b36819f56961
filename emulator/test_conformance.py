"""Tests of the OpenAPI conformance checker and the traffic generator."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import unittest
import uuid

import conformance

HAVE_DEPENDENCIES = conformance.IMPORT_ERROR is None
HAVE_DEFINITIONS = os.path.isdir(conformance.DEFAULT_SPEC_DIR)

HASH = str(uuid.uuid4())
EMAIL_URL = f"http://127.0.0.1:9/credential-hashes/emails/{HASH}"
EMAIL_BODY = {
    "hash": HASH,
    "host": "smtp.example.com",
    "port": 587,
    "encryption": "tls",
    "auth": {"type": "login", "username": "mailer", "password": "smtp-password"},
    "status": "active",
    "_links": [{"href": EMAIL_URL, "rel": "self"}],
}
JSON_HEADERS = {"Content-Type": "application/json"}


def entry(method: str, path: str, body, status: int | None, response_body=None,
          response_headers: dict | None = None) -> dict:
    """Build one request log entry in the emulator's format."""
    record = {"method": method, "path": path, "headers": dict(JSON_HEADERS), "body": body}
    if status is None:
        record["response"] = None
        record["dropped"] = True
    else:
        headers = dict(JSON_HEADERS) if response_body is not None else {}
        headers.update(response_headers or {})
        record["response"] = {"status": status, "headers": headers, "body": response_body}
    return record


@unittest.skipUnless(HAVE_DEPENDENCIES, "PyYAML and jsonschema are not installed")
@unittest.skipUnless(HAVE_DEFINITIONS, "Rebilly's OpenAPI definitions are not available")
class CheckerTest(unittest.TestCase):
    def setUp(self) -> None:
        self.checker = conformance.Checker(conformance.DEFAULT_SPEC_DIR)

    def check(self, *entries: dict) -> conformance.Report:
        return self.checker.check_log(list(entries))

    def test_valid_and_invalid_entries(self) -> None:
        request = {key: EMAIL_BODY[key] for key in ("host", "port", "encryption", "auth")}
        broken = json.loads(json.dumps(EMAIL_BODY))
        del broken["auth"]["password"]
        log = [
            entry("POST", "/credential-hashes/emails", request, 201, EMAIL_BODY,
                  {"Location": EMAIL_URL}),
            entry("GET", f"/credential-hashes/emails/{HASH}", None, 200, broken),
        ]
        report = self.check(*log)
        self.assertEqual(report.requests_checked, 2)
        self.assertEqual(report.responses_checked, 2)
        self.assertEqual(len(report.failures), 1)
        failure = report.failures[0]
        self.assertEqual(failure.side, "response")
        self.assertEqual(
            failure.schema_file,
            "openapi/components/schemas/Credentials/EmailCredentials/UserPasswordAuthorization.yaml",
        )
        self.assertEqual(failure.field_path, "auth.password")
        self.assertEqual(
            str(failure),
            f"GET /credential-hashes/emails/{HASH} 200 response: "
            "openapi/components/schemas/Credentials/EmailCredentials/UserPasswordAuthorization.yaml: "
            "auth.password: 'password' is a required property",
        )

    def test_command_line_reports_failure(self) -> None:
        broken = dict(EMAIL_BODY, port="587")
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
            json.dump([entry("GET", f"/credential-hashes/emails/{HASH}", None, 200, broken)], file)
        self.addCleanup(os.unlink, file.name)
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            status = conformance.main(["--log", file.name])
        self.assertEqual(status, 1)
        self.assertIn(
            "SmtpCredential.yaml: port: '587' is not of type 'integer'", output.getvalue()
        )

    def test_read_only_fields_ignored_in_requests(self) -> None:
        request = {
            "host": "smtp.example.com", "hash": 5, "_links": "none",
            "deactivationTime": "yesterday",
        }
        report = self.check(entry("POST", "/credential-hashes/emails", request, 201, EMAIL_BODY))
        self.assertEqual(report.failures, [])

    def test_discriminator_selects_mapped_schema(self) -> None:
        auth = {"type": "oauth1", "consumerKey": "k", "consumerSecret": "s", "token": "t"}
        request = {"host": "hooks.example.com", "auth": auth}
        report = self.check(entry("POST", "/credential-hashes/webhooks", request, 422, {
            "type": "about:blank", "title": "Validation error", "status": 422,
            "detail": "invalid", "invalidFields": [{"field": "auth.tokenSecret", "message": "m"}],
        }))
        self.assertEqual(len(report.failures), 1)
        failure = report.failures[0]
        self.assertEqual(failure.side, "request")
        self.assertTrue(failure.schema_file.endswith("WebhookAuthorization/oauth1.yaml"))
        self.assertEqual(failure.field_path, "auth.tokenSecret")

    def test_rejected_request_can_be_a_note(self) -> None:
        self.checker.allow_rejected_requests = True
        report = self.check(entry("PATCH", f"/credential-hashes/emails/{HASH}",
                                  {"status": "active"}, 422, {
                                      "type": "about:blank", "title": "Validation error",
                                      "status": 422, "invalidFields": [],
                                  }))
        self.assertEqual(report.failures, [])
        self.assertEqual([note.field_path for note in report.notes], ["status"])

    def test_null_deactivation_time_fails(self) -> None:
        body = dict(EMAIL_BODY, deactivationTime=None)
        report = self.check(entry("GET", f"/credential-hashes/emails/{HASH}", None, 200, body))
        self.assertEqual(len(report.failures), 1)
        self.assertTrue(report.failures[0].schema_file.endswith("ServerTimestamp.yaml"))
        self.assertEqual(report.failures[0].field_path, "deactivationTime")

    def test_bad_location_header_fails(self) -> None:
        request = {"host": "smtp.example.com"}
        report = self.check(entry("POST", "/credential-hashes/emails", request, 201, EMAIL_BODY,
                                  {"Location": "not a uri"}))
        self.assertEqual([failure.field_path for failure in report.failures], ["header Location"])

    def test_wrong_problem_status_fails(self) -> None:
        report = self.check(entry("GET", f"/credential-hashes/emails/{HASH}", None, 404, {
            "type": "about:blank", "title": "Not found", "status": 400,
        }))
        self.assertEqual([failure.field_path for failure in report.failures], ["status"])
        self.assertTrue(report.failures[0].schema_file.endswith("ProblemTypes/NotFound.yaml"))

    def test_unknown_operation_fails(self) -> None:
        report = self.check(
            entry("GET", "/credential-hashes/sendgrid/x", None, 404, {"status": 404}),
            entry("DELETE", f"/organizations/o/credential-hashes/emails/{HASH}", None, 405,
                  {"status": 405, "title": "Method Not Allowed"}),
        )
        self.assertEqual([failure.field_path for failure in report.failures], ["(path)", "(path)"])
        self.assertEqual(report.failures[1].schema_file,
                         "openapi/paths/credential-hashes@emails@{hash}.yaml")

    def test_undocumented_status_is_checked_as_problem(self) -> None:
        report = self.check(
            entry("GET", f"/credential-hashes/emails/{HASH}", None, 429,
                  {"type": "about:blank", "title": "Rate Limit Exceeded", "status": 429}),
            entry("GET", f"/credential-hashes/emails/{HASH}", None, 500, {"status": 503}),
        )
        self.assertEqual(len(report.notes), 2)
        self.assertEqual([failure.field_path for failure in report.failures], ["status"])

    def test_empty_303_body_is_a_note(self) -> None:
        request = {"host": "smtp.example.com"}
        report = self.check(entry("POST", "/credential-hashes/emails", request, 303, None,
                                  {"Location": EMAIL_URL}))
        self.assertEqual(report.failures, [])
        self.assertEqual([note.field_path for note in report.notes], ["(body)"])

    def test_dropped_connection_checks_request(self) -> None:
        report = self.check(entry("POST", "/credential-hashes/mailgun", {"apiKey": "k"}, None))
        self.assertEqual(sorted(failure.field_path for failure in report.failures),
                         ["domain", "emailFrom"])

    def test_generated_traffic_conforms(self) -> None:
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            status = conformance.main(["--generate", "--quiet"])
        self.assertEqual(status, 0, output.getvalue())
        self.assertIn(" 0 failures", output.getvalue())


@unittest.skipUnless(HAVE_DEPENDENCIES, "PyYAML and jsonschema are not installed")
class TranslatorTest(unittest.TestCase):
    def setUp(self) -> None:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.definitions = conformance.Definitions(directory.name)
        with open(os.path.join(directory.name, "Stamp.yaml"), "w", encoding="utf-8") as file:
            file.write("type: string\nformat: date-time\nnullable: true\nreadOnly: true\n")

    def validate(self, schema: dict, mode: str, instance) -> list[str]:
        import jsonschema

        translated = conformance.SchemaTranslator(self.definitions, mode).translate(schema, "x.yaml")
        validator = jsonschema.Draft7Validator(
            translated, format_checker=conformance.build_format_checker()
        )
        return [error.message for error in validator.iter_errors(instance)]

    def test_nullable_accepts_null(self) -> None:
        schema = {"$ref": "Stamp.yaml"}
        self.assertEqual(self.validate(schema, "response", None), [])
        self.assertEqual(self.validate(schema, "response", "2024-05-01T10:00:00Z"), [])
        self.assertEqual(len(self.validate(schema, "response", "May 1st")), 1)

    def test_read_only_dropped_only_in_requests(self) -> None:
        schema = {
            "type": "object", "required": ["stamp"],
            "properties": {"stamp": {"allOf": [{"$ref": "Stamp.yaml"}]}},
        }
        self.assertEqual(self.validate(schema, "request", {}), [])
        self.assertEqual(self.validate(schema, "request", {"stamp": 5}), [])
        self.assertEqual(len(self.validate(schema, "response", {})), 1)
        self.assertEqual(len(self.validate(schema, "response", {"stamp": 5})), 1)


class MissingDefinitionsTest(unittest.TestCase):
    def test_missing_folder_skips(self) -> None:
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            status = conformance.main(["--spec", "/nonexistent/definitions", "--log", "x.json"])
        self.assertEqual(status, 0)
        self.assertIn("skipped", output.getvalue())


if __name__ == "__main__":
    unittest.main()
