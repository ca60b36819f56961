/// The version of credhash, shown by `credhash --version` and sent in the `User-Agent` header.
public enum CredhashVersion {
    /// The current release.
    public static let current = "0.1.0"
}
