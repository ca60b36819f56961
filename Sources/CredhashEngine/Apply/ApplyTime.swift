import Foundation

/// Times and durations as apply records and reports them.
public enum ApplyTime {
    /// Formats `date` as ISO 8601 in UTC with whole seconds: `2026-05-01T10:00:00Z`.
    public static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .gmt))
    }

    /// Returns `duration` in seconds with two decimals: `0.21`.
    public static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let hundredths = seconds * 100 + attoseconds / 10_000_000_000_000_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
