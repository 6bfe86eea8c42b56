import Foundation

extension JSONText {
    /// The rejects table's JSON for a record the source could not make fields of: `line` (where it starts),
    /// `raw` (its bytes as text, each byte that is not UTF-8 shown as U+FFFD) and, only when some byte is not
    /// UTF-8, `raw_base64` (the exact bytes).
    ///
    /// ```swift
    /// JSONText.rawRecord(Array("C2,ada@x.io,EXTRA".utf8), line: 3)  // {"line":"3","raw":"C2,ada@x.io,EXTRA"}
    /// ```
    public static func rawRecord(_ bytes: [UInt8], line: Int?) -> String {
        var object = ["raw": String(decoding: bytes, as: UTF8.self)]
        if let line { object["line"] = String(line) }
        if String(validating: bytes, as: UTF8.self) == nil { object["raw_base64"] = Data(bytes).base64EncodedString() }
        return JSONText.object(object)
    }
}
