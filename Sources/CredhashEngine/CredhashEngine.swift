/// The credhash engine: configuration, state, plan and apply.
public enum CredhashEngine {
    /// The credhash version.
    public static let version = "0.1.0"
}
