/// The starter credentials file that `credhash init` writes.
enum InitStarter {
    /// The environment variables the starter file references, in the order they appear.
    static let secretVariables = ["SMTP_PASSWORD", "WEBHOOK_PASSWORD", "MAILGUN_API_KEY", "AWS_SES_SECRET_ACCESS_KEY"]

    /// The file's text: one credential of each kind, every secret an `${env:…}` reference.
    static let text = """
        # yaml-language-server: $schema=./credentials.schema.json
        #
        # The line above lets editors with yaml-language-server complete and check this file.
        # Write the schema it names beside this file with:
        #   credhash schema > credentials.schema.json
        #
        # Each credential below becomes one Rebilly credential hash. Secrets never appear here:
        # ${env:NAME} reads the environment variable NAME, and ${file:PATH} reads a file relative
        # to this one. Replace the example hosts and names with yours, delete the credentials you
        # do not need, then run 'credhash validate' and 'credhash plan'.
        # The fields of every type are listed in docs/configuration.md.
        version: 1

        defaults:
          retire: manual            # manual | immediately: when a replaced hash is deactivated

        credentials:
          # An SMTP relay. Its address in plans and the state is email.smtp-main.
          smtp-main:
            type: email
            host: smtp.example.com
            port: 587               # 1-65535, default 25
            encryption: tls         # none | tls | ssl, default none
            auth:
              type: login           # none | plain | login | cram-md5, default none
              username: mailer
              password: ${env:SMTP_PASSWORD}

          # A webhook endpoint: host is the bare host name of the webhook URL.
          hooks-main:
            type: webhook
            host: hooks.example.com
            auth:
              type: basic           # none | basic | digest | oauth1
              username: rebilly
              password: ${env:WEBHOOK_PASSWORD}

          # A Mailgun sending domain.
          mailgun-main:
            type: mailgun
            emailFrom: billing@example.com
            domain: mg.example.com
            apiKey: ${env:MAILGUN_API_KEY}

          # An Amazon SES account: key is the access key ID, secret the secret access key.
          ses-main:
            type: aws-ses
            key: AKIAIOSFODNN7EXAMPLE
            secret: ${env:AWS_SES_SECRET_ACCESS_KEY}
            region: us-east-1
            # configurationSetName: billing

        """
}
