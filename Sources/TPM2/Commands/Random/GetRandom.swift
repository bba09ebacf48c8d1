import TPMTypes

/// Up to one digest of the largest hash per call, as the reference implementation limits it
/// (a larger request is trimmed, not refused).
extension GetRandom: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        Response(randomBytes: tpm.random(min(Int(input.bytesRequested), TPMLimits.maxDigest)))
    }
}
