import Foundation

/// Output for people (tables, progress) or for scripts (`--json`).
enum Output {
    /// Writes a JSON value (dictionaries, arrays, strings, numbers, booleans, NSNull) with sorted keys.
    static func json(_ value: Any) {
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]) {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }

    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// A progress reporter for long runs: a rewritten line on a terminal, plain lines every few seconds otherwise.
    static func progress(_ label: String) -> @Sendable (Int) -> Void {
        let start = Date()
        let lastPrinted = LastPrinted()
        let terminal = stderrIsTerminal
        return { count in
            let elapsed = Date().timeIntervalSince(start)
            guard lastPrinted.due(elapsed, every: terminal ? 0.2 : 5) else { return }
            let rate = elapsed > 0 ? Int(Double(count) / elapsed) : 0
            let line = "\(label): \(count.formatted()) records, \(rate.formatted())/s"
            FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
        }
    }

    static func endProgress() {
        if stderrIsTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

private final class LastPrinted: @unchecked Sendable {
    private let lock = NSLock()
    private var last: Double = -1_000

    func due(_ now: Double, every interval: Double) -> Bool {
        lock.withLock {
            guard now - last >= interval else { return false }
            last = now
            return true
        }
    }
}

extension Int {
    /// 1,234,567
    func formatted() -> String {
        let digits = String(Swift.abs(self))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (self < 0 ? "-" : "") + out
    }
}
