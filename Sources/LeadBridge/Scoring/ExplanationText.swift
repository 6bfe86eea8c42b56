/// Builds the stored explanation JSON (`{"fit":{…},"engagement":{…}}`) as UTF-8 bytes, without `String` work.
///
/// The text is byte for byte what ``ScoreEngine/format(_:)`` and string concatenation produce; numbers that are
/// not plain two-decimal scores fall back to that formatter.
enum ExplanationText {
    static let fitOpen = Array(#"{"fit":{"#.utf8)
    static let engagementOpen = Array(#"},"engagement":{"#.utf8)
    static let close = Array("}}".utf8)

    /// `"id":points` for each fit rule.
    static func fitEntries(_ engine: ScoreEngine) -> [[UInt8]] {
        engine.model.fit.indices.map {
            Array((engine.quotedFitIDs[$0] + ":" + ScoreEngine.format(engine.model.fit[$0].points)).utf8)
        }
    }

    /// `"id":[` for each engagement rule.
    static func engagementEntries(_ engine: ScoreEngine) -> [[UInt8]] {
        engine.quotedRuleIDs.map { Array(($0 + ":[").utf8) }
    }

    /// Appends the decimal text of `value`.
    static func append(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            append(magnitude: value.magnitude, to: &bytes)
        } else {
            append(magnitude: UInt(value), to: &bytes)
        }
    }

    /// Appends `ScoreEngine.format(value)`: directly for two-decimal values (what ``ScoreEngine/round2(_:)``
    /// returns), through the formatter otherwise.
    static func append(score value: Double, to bytes: inout [UInt8]) {
        let hundredths = (value * 100).rounded()
        guard abs(hundredths) < 1e13, hundredths / 100 == value, value != 0 || value.sign == .plus else {
            bytes.append(contentsOf: ScoreEngine.format(value).utf8)
            return
        }
        let scaled = Int64(hundredths)
        if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = UInt(scaled.magnitude)
        append(magnitude: magnitude / 100, to: &bytes)
        let cents = magnitude % 100
        guard cents != 0 else { return }
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(cents / 10))
        if cents % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(cents % 10)) }
    }

    private static func append(magnitude: UInt, to bytes: inout [UInt8]) {
        if magnitude < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = magnitude
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }
}
