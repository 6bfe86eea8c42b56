import Foundation

/// Resident memory of this process, read from /proc (Linux).
enum ProcessMemory {
    /// Peak resident set size (VmHWM) in MiB.
    static func peakMiB() -> Double { field("VmHWM") }

    /// Current resident set size (VmRSS) in MiB.
    static func currentMiB() -> Double { field("VmRSS") }

    /// Resets the peak to the current size, so that a phase can be measured on its own.
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    private static func field(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kilobytes / 1024
        }
        return 0
    }
}
