internal import CCrypto

/// The scrypt key derivation function (RFC 7914) computed by libcrypto.
public enum Scrypt {
    /// Cost parameters for one derivation.
    public struct Parameters: Sendable, Equatable {
        /// The CPU and memory cost `N`; a power of two greater than 1.
        public var cost: UInt64
        /// The block size `r`.
        public var blockSize: UInt64
        /// The parallelisation parameter `p`.
        public var parallelism: UInt64

        /// Creates a parameter set.
        public init(cost: UInt64, blockSize: UInt64, parallelism: UInt64) {
            self.cost = cost
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// The parameters credhash uses for state keys: N = 2^15, r = 8, p = 1 (32 MiB of memory).
        public static let stateKey = Parameters(cost: 1 << 15, blockSize: 8, parallelism: 1)

        /// The memory one derivation needs, in bytes: 128 × r × (N + p), plus a margin for libcrypto.
        var memoryLimit: UInt64 {
            128 * blockSize * (cost + parallelism) + 1 << 20
        }
    }

    /// An error from a derivation.
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        /// libcrypto rejected the parameters or could not allocate the memory.
        case derivationFailed(Parameters)

        public var description: String {
            switch self {
            case .derivationFailed(let parameters):
                return "scrypt derivation failed with N=\(parameters.cost), r=\(parameters.blockSize), "
                    + "p=\(parameters.parallelism)"
            }
        }
    }

    /// Derives `length` bytes from `password` and `salt`.
    ///
    /// - Parameters:
    ///   - password: The password bytes.
    ///   - salt: The salt bytes.
    ///   - parameters: The cost parameters.
    ///   - length: The number of bytes to derive.
    /// - Returns: The derived key.
    /// - Throws: `Scrypt.Error.derivationFailed` when libcrypto rejects the parameters.
    public static func deriveKey(
        password: [UInt8], salt: [UInt8], parameters: Parameters, length: Int
    ) throws -> [UInt8] {
        var key = [UInt8](repeating: 0, count: length)

        // RFC 7914 allows empty passwords and salts; libcrypto wants a pointer even then.
        let passwordStorage = password.isEmpty ? [0] : password
        let saltStorage = salt.isEmpty ? [0] : salt
        let status = passwordStorage.withUnsafeBytes { passwordBuffer in
            saltStorage.withUnsafeBytes { saltBuffer in
                EVP_PBE_scrypt(
                    passwordBuffer.baseAddress?.assumingMemoryBound(to: CChar.self), password.count,
                    saltBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), salt.count,
                    parameters.cost, parameters.blockSize, parameters.parallelism,
                    parameters.memoryLimit, &key, length)
            }
        }
        guard status == 1 else { throw Error.derivationFailed(parameters) }
        return key
    }
}
