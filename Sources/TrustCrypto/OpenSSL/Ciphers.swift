internal import COpenSSL

/// Owns one fetched `EVP_CIPHER`; fetched once per process for the reason given on `FetchedDigest`.
/// Immutable once fetched, so sharing between threads is safe.
final class FetchedCipher: @unchecked Sendable {
    // Safe: immutable after init; the fetched EVP_CIPHER is only read, each operation in its own EVP_CIPHER_CTX.
    let pointer: OpaquePointer

    init?(name: String) {
        guard let cipher = EVP_CIPHER_fetch(nil, name, nil) else {
            OpenSSLErrors.discard()
            return nil
        }
        pointer = cipher
    }

    deinit {
        EVP_CIPHER_free(pointer)
    }
}

/// Every algorithm, key size and mode the TPM can ask for, fetched together on first use.
enum CipherTable {
    private struct Entry: Hashable {
        let algorithm: SymmetricAlgorithm
        let keyBytes: Int
        let mode: SymmetricMode
    }

    private static let table: [Entry: FetchedCipher] = {
        var table: [Entry: FetchedCipher] = [:]
        for algorithm in SymmetricAlgorithm.allCases {
            for keyBytes in algorithm.keySizes {
                for mode in SymmetricMode.allCases {
                    if let cipher = FetchedCipher(name: name(algorithm, keyBytes, mode)) {
                        table[Entry(algorithm: algorithm, keyBytes: keyBytes, mode: mode)] = cipher
                    }
                }
            }
        }
        return table
    }()

    /// OpenSSL's name for the cipher; "CFB" alone is full-block CFB, the TPM's CFB (CFB-64 for TDES).
    /// Two-key TDES runs as three-key with K3 = K1 (`SymmetricCipher` expands the key), and OpenSSL
    /// has no TDES-CTR, so that entry is absent and `SymmetricCipher` builds CTR over ECB.
    /// The cipher's OpenSSL name (CMAC names its cipher by it), or `.unsupported` when this libcrypto lacks it.
    static func name(of algorithm: SymmetricAlgorithm, keyBytes: Int, mode: SymmetricMode) throws(CryptoError) -> String
    {
        _ = try cipher(algorithm, keyBytes: keyBytes, mode: mode)
        return name(algorithm, keyBytes, mode)
    }

    private static func name(_ algorithm: SymmetricAlgorithm, _ keyBytes: Int, _ mode: SymmetricMode) -> String {
        let suffix =
            switch mode {
            case .cfb: "CFB"
            case .ctr: "CTR"
            case .ofb: "OFB"
            case .cbc: "CBC"
            case .ecb: "ECB"
            }
        switch algorithm {
        case .aes: return "AES-\(keyBytes * 8)-\(suffix)"
        case .sm4: return "SM4-\(suffix)"
        case .camellia: return "CAMELLIA-\(keyBytes * 8)-\(suffix)"
        case .tdes: return "DES-EDE3-\(suffix)"
        }
    }

    /// The cached cipher, or `.unsupported` when this libcrypto lacks it (SM4 can be compiled out, TDES-CTR does not exist).
    static func cipher(
        _ algorithm: SymmetricAlgorithm, keyBytes: Int,
        mode: SymmetricMode
    ) throws(CryptoError) -> OpaquePointer {
        guard let cipher = table[Entry(algorithm: algorithm, keyBytes: keyBytes, mode: mode)] else {
            throw .unsupported("this libcrypto has no \(name(algorithm, keyBytes, mode))")
        }
        return cipher.pointer
    }
}
