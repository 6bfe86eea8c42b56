import Foundation

/// A fresh folder under the system temp directory, removed when the test is done with it.
struct TemporaryDirectory: ~Copyable {
    let url: URL

    init(_ label: String = "leadbridge-test") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
