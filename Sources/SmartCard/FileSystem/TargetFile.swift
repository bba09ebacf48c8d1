extension CardOS {
    /// The EF a data-unit or record command addresses (ISO/IEC 7816-4 §7.2.2): the EF with short
    /// identifier `shortID` in the current DF, which then becomes the current EF, or without one
    /// the current EF. 6A82 when no EF has that identifier, 6986 when there is no current EF.
    func targetEF(shortID: UInt8?) throws(StatusWord) -> (path: FilePath, file: CardFile) {
        if let shortID {
            let directory = channel.currentDF
            guard let dfFile = state.files.file(at: directory),
                let file = dfFile.children.first(where: { !$0.isDirectory && $0.shortID == shortID })
            else {
                throw .fileNotFound
            }
            let path = directory + [file.fid]
            if channel.currentEF != path {
                channel.currentEF = path
                channel.currentRecord = nil
            }
            return (path, file)
        }
        guard let path = channel.currentEF, let file = state.files.file(at: path) else { throw .noCurrentEF }
        return (path, file)
    }
}
