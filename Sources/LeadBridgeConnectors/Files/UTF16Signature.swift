import LeadBridge

/// Recognises a UTF-16 byte order mark at the start of an export, so that a UTF-16 file (Excel's "Unicode Text",
/// some Windows tools) is refused at once with what to do, instead of failing on its second byte or being read
/// as something else. Every reader takes UTF-8 only.
enum UTF16Signature {
    /// Throws ``SourceError/Code/unsupportedFormat`` when `bytes` starts with FF FE or FE FF.
    static func refuse(_ bytes: UnsafeBufferPointer<UInt8>, path: String) throws(SourceError) {
        guard bytes.count >= 2 else { return }
        let mark: String
        switch (bytes[0], bytes[1]) {
        case (0xFF, 0xFE): mark = "FF FE, little-endian"
        case (0xFE, 0xFF): mark = "FE FF, big-endian"
        default: return
        }
        throw SourceError(.unsupportedFormat, "the file is UTF-16 (it starts with the byte order mark \(mark)); "
            + "export as UTF-8 (in Excel: Save As, \"CSV UTF-8\") and import that file", source: path, line: 1)
    }
}
