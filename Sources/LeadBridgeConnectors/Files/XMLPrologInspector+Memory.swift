import LeadBridge

extension XMLPrologInspector {
    /// What to do about a refused DTD or entity in an in-memory document (an API response), for messages.
    static let memoryRefusal = "LeadBridge refuses XML with a DOCTYPE, DTD or entity declarations for safety "
        + "(external entities can read local files, entity expansion can exhaust memory). An API never needs one: "
        + "check that the connection's base_url points at the vendor's API."

    /// Throws ``SourceError/Code/hostile`` when the prolog of an in-memory document holds `<!DOCTYPE`.
    static func refuseDoctype(in bytes: UnsafeBufferPointer<UInt8>, name: String) throws(SourceError) {
        let inspected = UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, inspectedBytes)])
        guard let offset = doctypeOffset(in: inspected) else { return }
        let line = ByteLines.count(in: UnsafeBufferPointer(rebasing: inspected[0..<offset])) + 1
        throw SourceError(.hostile, "the document declares a DOCTYPE. " + memoryRefusal, source: name, line: line)
    }
}
