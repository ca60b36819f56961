/// A secret value (a password, an API key, an OAuth token secret) that never prints.
///
/// `description`, `debugDescription`, string interpolation, `dump` and `Mirror` all show
/// `(sensitive)`. `Secret` is deliberately not `Encodable`: the only code that writes its value
/// to the wire is the request encoder of ``CredentialHashesClient``, and the only way to read the
/// value is ``withRevealedValue(_:)``, whose name makes every use easy to find in review.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable, CustomLeafReflectable
{
    /// The text shown in place of a secret value.
    public static let redacted = "(sensitive)"

    private let value: String

    /// Wraps `value` as a secret.
    public init(_ value: String) {
        self.value = value
    }

    /// Calls `body` with the secret's plain value and returns its result.
    ///
    /// The closure must not print, log or store the value anywhere that outlives the call except a
    /// request body or a one-way fingerprint.
    public func withRevealedValue<Result>(_ body: (String) throws -> Result) rethrows -> Result {
        try body(value)
    }

    /// `(sensitive)`, never the value.
    public var description: String { Self.redacted }

    /// `(sensitive)`, never the value.
    public var debugDescription: String { Self.redacted }

    /// A mirror with no children, so `dump` and reflection show only `(sensitive)`.
    public var customMirror: Mirror {
        Mirror(self, children: [], displayStyle: nil)
    }
}
