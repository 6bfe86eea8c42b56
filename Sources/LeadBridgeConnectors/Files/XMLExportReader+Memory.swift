import Foundation
import LeadBridge

extension XMLExportReader {
    /// Reads the records of an in-memory XML document (Pardot's API answers XML) exactly as from a file, with the
    /// same safety: a DOCTYPE, DTD or entity throws ``SourceError/Code/hostile`` before anything is expanded or
    /// loaded, and libxml2 runs without entity substitution, DTD loading or network access.
    ///
    /// ```swift
    /// var reader = try XMLExportReader(bytes: response.body, name: "GET /api/prospect/version/4/do/query")
    /// while let item = try reader.next() { … }
    /// ```
    ///
    /// - Parameters:
    ///   - bytes: the whole document; copied, so the caller may release it.
    ///   - name: what the document is, for messages (an endpoint, not a URL with credentials).
    ///   - recordElement: as for ``init(path:recordElement:)``.
    /// - Throws: ``SourceError/Code/hostile`` when its prolog declares a DOCTYPE.
    public init(bytes: Data, name: String, recordElement: String? = nil) throws(SourceError) {
        self.init(session: try XMLTextReaderSession(bytes: bytes, name: name), recordElement: recordElement)
    }
}
