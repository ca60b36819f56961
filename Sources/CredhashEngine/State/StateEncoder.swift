import Foundation

/// Encodes a state to the same bytes as ``StateFile/encode(_:path:)``, reusing the text of every
/// credential that did not change since the previous call.
///
/// An apply commits the whole state after each action, and encoding thousands of unchanged
/// credentials with `JSONEncoder` took most of its time. This encoder still runs `JSONEncoder`
/// on everything except the credentials, and on each changed credential, then joins the parts
/// with the indentation `JSONEncoder` uses (`prettyPrinted`, `sortedKeys`). When the top-level
/// text does not start as expected, it falls back to encoding the whole state.
final class StateEncoder: @unchecked Sendable {
    private let lock = NSLock()
    /// Each credential's entry (`    "address" : {…}`), by address, with the value it encodes.
    private var entries: [String: (credential: StateCredential, text: [UInt8])] = [:]

    /// The start of the top-level text when `credentials` is empty, because `credentials` sorts first.
    private static let emptyCredentialsPrefix = Array("{\n  \"credentials\" : {\n\n  }".utf8)

    /// Returns the bytes of `state` with a final line break.
    ///
    /// - Throws: `StateFileError.encodingFailed` naming `path`.
    func encode(_ state: State, path: String) throws -> [UInt8] {
        do {
            return try lock.withLock { try encodeReusing(state) } + [UInt8(ascii: "\n")]
        } catch {
            throw StateFileError.encodingFailed(path: path, detail: "\(error)")
        }
    }

    private func encodeReusing(_ state: State) throws -> [UInt8] {
        let encoder = JSONCoding.makeEncoder()
        var rest = state
        rest.credentials = [:]
        let restText = Array(try encoder.encode(rest))
        guard !state.credentials.isEmpty else { return restText }
        guard restText.starts(with: Self.emptyCredentialsPrefix) else {
            return Array(try encoder.encode(state))
        }

        var text = Array("{\n  \"credentials\" : {\n".utf8)
        let addresses = state.credentials.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var next: [String: (credential: StateCredential, text: [UInt8])] = [:]
        next.reserveCapacity(addresses.count)
        for (index, address) in addresses.enumerated() {
            let entry = try entryText(address: address, credential: state.credentials[address]!, encoder: encoder)
            next[address] = (state.credentials[address]!, entry)
            text += entry
            text += Array((index == addresses.count - 1 ? "\n" : ",\n").utf8)
        }
        entries = next
        text += Array("  }".utf8)
        text += restText[Self.emptyCredentialsPrefix.count...]
        return text
    }

    /// Returns `    "address" : {…}`, with the credential indented to its depth in the state.
    private func entryText(address: String, credential: StateCredential, encoder: JSONEncoder) throws -> [UInt8] {
        if let cached = entries[address], cached.credential == credential { return cached.text }
        var entry = Array("    ".utf8) + Array(try encoder.encode(address)) + Array(" : ".utf8)
        for byte in try encoder.encode(credential) {
            entry.append(byte)
            if byte == UInt8(ascii: "\n") { entry += Array("    ".utf8) }
        }
        return entry
    }
}
