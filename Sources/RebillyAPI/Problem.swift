import Foundation

/// An RFC 7807 problem-details body, as the API returns with 4xx and 5xx statuses.
///
/// Every field is optional because the API declares the body with `additionalProperties: true`
/// and a minimum of one property. The client keeps the problem in ``APIError`` for callers, but
/// its `title` and `detail` are server text and never part of an error's `description`.
/// `detail` and `instance` describe this occurrence and may repeat a submitted value, so the
/// problem's own `description` and `dump` leave them out. Read the properties to show them.
public struct Problem: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// The problem type URI, which means `about:blank` when absent.
    public var type: String?
    /// A short summary of the problem type, such as `Validation error`.
    public var title: String?
    /// The status code the server wrote into the body.
    public var status: Int?
    /// An explanation of this occurrence.
    public var detail: String?
    /// A URI reference for this occurrence.
    public var instance: String?
    /// The fields a 422 response rejected, in the server's order.
    public var invalidFields: [InvalidField]

    /// Creates a problem.
    public init(
        type: String? = nil, title: String? = nil, status: Int? = nil, detail: String? = nil,
        instance: String? = nil, invalidFields: [InvalidField] = []
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.invalidFields = invalidFields
    }

    /// The type, title, status and invalid fields, without `detail` and `instance`.
    public var description: String {
        let fields = invalidFields.map(\.description).joined(separator: "; ")
        return "problem \(status.map(String.init) ?? "-") \(quoted(title ?? "")) type \(quoted(type ?? "about:blank"))"
            + (fields.isEmpty ? "" : ": \(fields)")
    }

    /// A mirror with the same content as ``description``.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "type": type as Any, "title": title as Any, "status": status as Any,
                "invalidFields": invalidFields,
            ],
            displayStyle: .struct)
    }

    /// Decodes a problem from a response body, or returns nil when the body is not a JSON object.
    ///
    /// A member of the wrong type is skipped rather than failing the whole problem.
    static func decode(from body: Data) -> Problem? {
        guard !body.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        else {
            return nil
        }
        let fields = (object["invalidFields"] as? [[String: Any]] ?? []).map { entry in
            InvalidField(
                field: entry["field"] as? String ?? "",
                message: entry["message"] as? String ?? "")
        }
        return Problem(
            type: object["type"] as? String,
            title: object["title"] as? String,
            status: object["status"] as? Int,
            detail: object["detail"] as? String,
            instance: object["instance"] as? String,
            invalidFields: fields)
    }
}

/// One entry of a 422 response's `invalidFields`.
public struct InvalidField: Sendable, Equatable, CustomStringConvertible {
    /// The field path in dot notation, such as `auth.password`.
    public var field: String
    /// The server's message for the field.
    public var message: String

    /// Creates an invalid-field entry.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// The text that replaces a message that repeats part of a secret, or the secret encoded.
    static let withheldMessage = "(message withheld because it repeats part of a submitted secret)"

    /// The entry with each of `secrets` replaced by `(sensitive)` and control characters written
    /// as `\u{…}`: a server may repeat a submitted value, and the message reaches logs.
    ///
    /// A message that still carries a trace of a secret after that (cut short or encoded, as
    /// ``Secret/isTraced(in:)`` looks for) is replaced as a whole by ``withheldMessage``. A field
    /// path that contains a whole secret is replaced by `(sensitive)`. Secrets shorter than 4 characters are left alone, because replacing
    /// them would mangle ordinary words while protecting little.
    func scrubbed(of secrets: [Secret]) -> InvalidField {
        var text = message
        for secret in secrets {
            secret.withRevealedValue { value in
                guard value.count >= 4 else { return }
                text = text.replacing(value, with: Secret.redacted)
            }
        }
        // A field path names an API field, such as `auth.password`, which a secret may contain as
        // a word, so only the whole value counts there.
        let isFieldTraced = secrets.contains { secret in
            secret.withRevealedValue { $0.count >= 4 && field.contains($0) }
        }
        // NOTE: a message that shares 8 characters with a secret by chance, such as the word
        // 'password' in a secret that contains it, is withheld too.
        let isMessageTraced = secrets.contains { $0.isTraced(in: text) }
        return InvalidField(
            field: isFieldTraced ? Secret.redacted : Self.escaped(field),
            message: isMessageTraced ? Self.withheldMessage : Self.escaped(text))
    }

    private static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            result += isControl ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }
        return result
    }

    /// `field: message`, or the message alone when the field is empty.
    public var description: String {
        field.isEmpty ? message : "\(field): \(message)"
    }
}
