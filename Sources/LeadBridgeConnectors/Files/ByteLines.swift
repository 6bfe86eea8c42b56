/// Line and column arithmetic over raw bytes, for messages that point into a multi-line record.
enum ByteLines {
    /// The number of line feeds in `bytes`.
    static func count(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var lineFeeds = 0
        for byte in bytes where byte == UInt8(ascii: "\n") { lineFeeds += 1 }
        return lineFeeds
    }

    /// The line feeds before `offset` and the 1-based column (in bytes) of `offset` on its line.
    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (lineFeeds: Int, column: Int) {
        let limit = min(offset, bytes.count)
        var lineFeeds = 0
        var lineStart = 0
        for index in 0..<limit where bytes[index] == UInt8(ascii: "\n") {
            lineFeeds += 1
            lineStart = index + 1
        }
        return (lineFeeds, offset - lineStart + 1)
    }
}
