import Foundation

/// Test files under the temporary directory with unique names, removed when the body returns.
enum TemporaryFiles {
    /// A unique path ending in `.fileExtension`, removed (if created) after `body`.
    static func withPath<T>(extension fileExtension: String, _ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("leadbridge-files-\(UUID().uuidString).\(fileExtension)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    /// A file holding `bytes`, removed after `body`.
    static func with<T>(_ bytes: [UInt8], extension fileExtension: String, _ body: (String) throws -> T) throws -> T {
        try withPath(extension: fileExtension) { path in
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            return try body(path)
        }
    }

    /// A file holding `text` as UTF-8, removed after `body`.
    static func with<T>(_ text: String, extension fileExtension: String, _ body: (String) throws -> T) throws -> T {
        try with(Array(text.utf8), extension: fileExtension, body)
    }
}
