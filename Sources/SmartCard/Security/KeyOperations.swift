import TrustCrypto

/// The private-key operations the card performs for PSO and INTERNAL AUTHENTICATE, with the
/// status word each refusal answers. Input formats are the ones OpenSC and PIV middleware send.
extension LoadedKey {
    /// RSA: `input` (normally a DigestInfo) padded as PKCS #1 v1.5 block type 1 and raised to
    /// the private exponent, the card computing only the padding (RFC 8017 §9.2 step 5);
    /// 6700 when it does not fit the modulus with 11 bytes of padding.
    /// EC: ECDSA over `input` taken as the digest, answered as r ‖ s (each 32 bytes for P-256).
    /// AES: the challenge zero-padded to one block, AES-ECB encrypted (INTERNAL AUTHENTICATE).
    func sign(_ input: [UInt8]) throws(StatusWord) -> [UInt8] {
        guard !input.isEmpty else { throw .wrongLength }
        do {
            switch self {
            case .rsa(let key):
                let size = key.publicKey.modulus.count
                guard input.count <= size - 11 else { throw StatusWord.wrongLength }
                let block = [0x00, 0x01] + [UInt8](repeating: 0xFF, count: size - 3 - input.count) + [0x00] + input
                return try key.decryptRaw(block)
            case .ec(let key):
                let (r, s) = try key.signECDSA(digest: input)
                return r + s
            case .secret(let secret):
                return try Self.encryptBlock(input, key: secret)
            }
        } catch let status as StatusWord {
            throw status
        } catch {
            throw .incorrectData
        }
    }

    /// RSA PKCS #1 v1.5 decryption of a cryptogram exactly one modulus long (6700 otherwise);
    /// 6A80 when it does not decrypt to a well-padded message; 6985 for a key that cannot decipher.
    func decipher(_ cryptogram: [UInt8]) throws(StatusWord) -> [UInt8] {
        guard case .rsa(let key) = self else { throw .conditionsOfUseNotSatisfied }
        guard cryptogram.count == key.publicKey.modulus.count else { throw .wrongLength }
        do { return try key.decryptPKCS1v15(cryptogram) } catch { throw .incorrectData }
    }

    /// ECDH (SP 800-56A): the x-coordinate of the private scalar times `point`, given as the
    /// uncompressed 04 ‖ X ‖ Y; 6A80 for a point not on the key's curve; 6985 for a key that is
    /// not EC.
    func agree(uncompressedPoint point: [UInt8]) throws(StatusWord) -> [UInt8] {
        guard case .ec(let key) = self else { throw .conditionsOfUseNotSatisfied }
        let size = key.curve.keySize
        guard point.count == 1 + 2 * size, point.first == 0x04 else { throw .incorrectData }
        let peer = ECCPoint(x: Array(point[1...size]), y: Array(point[(1 + size)...]))
        guard ECC.isOnCurve(curve: key.curve, point: peer) else { throw .incorrectData }
        do { return try key.sharedPoint(with: peer).x } catch { throw .incorrectData }
    }

    /// AES-128-ECB of `data` zero-padded to one block (16 bytes at most, else 6700): the
    /// challenge-response of the symmetric authentication commands.
    static func encryptBlock(_ data: [UInt8], key: [UInt8]) throws(StatusWord) -> [UInt8] {
        guard data.count <= 16 else { throw .wrongLength }
        let block = data + [UInt8](repeating: 0, count: 16 - data.count)
        do { return try SymmetricCipher.encrypt(.aes, mode: .ecb, key: key, iv: [], data: block).output } catch {
            throw .referenceDataNotUsable
        }
    }

    /// The public key as ISO/IEC 7816-8 §5.1 returns it: 7F49 holding 81 modulus and 82
    /// exponent (RSA), or 86 the uncompressed point 04 ‖ X ‖ Y (EC).
    var publicKeyTemplate: [UInt8]? {
        switch self {
        case .rsa(let key):
            let exponent = withUnsafeBytes(of: key.publicKey.exponent.bigEndian, Array.init).drop { $0 == 0 }
            return BERTLV.encode(
                0x7F49, BERTLV.encode(0x81, key.publicKey.modulus) + BERTLV.encode(0x82, Array(exponent)))
        case .ec(let key):
            return BERTLV.encode(0x7F49, BERTLV.encode(0x86, [0x04] + key.publicKey.point.x + key.publicKey.point.y))
        case .secret:
            return nil
        }
    }
}
