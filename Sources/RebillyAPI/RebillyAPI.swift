/// The version string credhash sends in its `User-Agent` header.
public enum RebillyAPIVersion {
    /// The client's version.
    public static let current = "0.1.0"
}
