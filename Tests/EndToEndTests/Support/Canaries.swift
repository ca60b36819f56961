/// Secret values for one scenario, by the environment variables the fixtures reference.
///
/// Each scenario gets its own values, so a leak found in one test cannot come from another.
func canarySecrets(_ scenario: String) -> [String: String] {
    [
        "E2E_SMTP_PASSWORD": "canary-\(scenario)-smtp-7d41",
        "E2E_MAILGUN_KEY": "canary-\(scenario)-mailgun-2b96",
        "E2E_HOOK_PASSWORD": "canary-\(scenario)-hook-c83e",
        "E2E_AWS_SECRET": "canary-\(scenario)-aws-90fa",
        "E2E_OAUTH_CONSUMER_SECRET": "canary-\(scenario)-consumer-41d7",
        "E2E_OAUTH_TOKEN": "canary-\(scenario)-token-e5a2",
        "E2E_OAUTH_TOKEN_SECRET": "canary-\(scenario)-token-secret-3c68",
    ]
}
