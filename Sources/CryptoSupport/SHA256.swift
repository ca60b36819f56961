internal import CCrypto

/// SHA-256 digests computed by OpenSSL's libcrypto through the EVP interface.
public enum SHA256 {
    /// The length of a digest in bytes.
    public static let digestLength = 32

    /// Computes the SHA-256 digest of `data`.
    ///
    /// - Parameter data: The bytes to digest.
    /// - Returns: The 32-byte digest.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = data.withUnsafeBytes { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when libcrypto cannot allocate a context, which leaves no way on.
        precondition(status == 1, "EVP_Digest failed for SHA-256")
        return Array(digest.prefix(Int(length)))
    }

    /// Computes the SHA-256 digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> [UInt8] {
        hash(Array(text.utf8))
    }
}
