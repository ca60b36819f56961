internal import CCrypto

/// HMAC-SHA-256 message authentication codes (RFC 2104) computed by libcrypto.
public enum HMACSHA256 {
    /// Computes the HMAC-SHA-256 of `message` under `key`.
    ///
    /// - Parameters:
    ///   - key: The key; any length, including empty.
    ///   - message: The authenticated bytes.
    /// - Returns: The 32-byte authentication code.
    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var code = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0

        // An empty Swift array may have no base address, and HMAC rejects a NULL key, so the key
        // always gets at least one byte of storage while its length stays as given.
        let keyStorage = key.isEmpty ? [0] : key
        let result = keyStorage.withUnsafeBytes { keyBuffer in
            message.withUnsafeBytes { messageBuffer in
                HMAC(
                    EVP_sha256(), keyBuffer.baseAddress, Int32(key.count),
                    messageBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBuffer.count,
                    &code, &length)
            }
        }
        precondition(result != nil, "HMAC failed for SHA-256")
        return Array(code.prefix(Int(length)))
    }
}
