import Foundation

/// The core library's source tree as the structure tests see it: each folder of `Sources/LeadBridge`, its Swift
/// files, and each file's code with comments and string literals blanked out (or its string literals alone).
struct CoreSource {
    struct File {
        let folder: String
        let path: String
        /// The code, comments and string literals replaced by spaces (line breaks kept, so lines still count).
        let code: String
        /// The contents of the string literals, each with the line it starts on.
        let strings: [(line: Int, text: String)]
    }

    let files: [File]

    /// The folders of `Sources/LeadBridge`, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/LeadBridge")

    static func load() throws -> CoreSource {
        let manager = FileManager.default
        var files: [File] = []
        for folder in try manager.contentsOfDirectory(atPath: root.path).sorted() {
            let directory = root.appendingPathComponent(folder)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                continue
            }
            guard let walker = manager.enumerator(atPath: directory.path) else { continue }
            for case let name as String in walker where name.hasSuffix(".swift") {
                let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                let (code, strings) = split(text)
                files.append(File(folder: folder, path: "\(folder)/\(name)", code: code, strings: strings))
            }
        }
        return CoreSource(files: files.sorted { $0.path < $1.path })
    }

    /// Separates code from comments and string literals (multi-line, raw and interpolated strings included: an
    /// interpolation's code counts as string text, which only makes the scans stricter).
    static func split(_ text: String) -> (code: String, strings: [(line: Int, text: String)]) {
        let chars = Array(text.unicodeScalars)
        var code = String.UnicodeScalarView()
        var strings: [(line: Int, text: String)] = []
        var line = 1
        var index = 0
        func blank(_ scalar: Unicode.Scalar) {
            if scalar == "\n" {
                line += 1
                code.append("\n")
            } else {
                code.append(" ")
            }
        }
        func starts(_ prefix: String, at position: Int) -> Bool {
            let scalars = Array(prefix.unicodeScalars)
            guard position + scalars.count <= chars.count else { return false }
            return Array(chars[position..<position + scalars.count]) == scalars
        }
        while index < chars.count {
            if starts("//", at: index) {
                while index < chars.count, chars[index] != "\n" {
                    blank(chars[index])
                    index += 1
                }
            } else if starts("/*", at: index) {
                var depth = 0
                repeat {
                    if starts("/*", at: index) {
                        depth += 1
                        blank(chars[index]); blank(chars[index + 1])
                        index += 2
                    } else if starts("*/", at: index) {
                        depth -= 1
                        blank(chars[index]); blank(chars[index + 1])
                        index += 2
                    } else {
                        blank(chars[index])
                        index += 1
                    }
                } while depth > 0 && index < chars.count
            } else if chars[index] == "\"" || (chars[index] == "#" && starts("#\"", at: index)) {
                var hashes = 0
                while index < chars.count, chars[index] == "#" {
                    hashes += 1
                    blank(chars[index])
                    index += 1
                }
                let multiline = starts("\"\"\"", at: index)
                let quote = multiline ? "\"\"\"" : "\""
                let close = quote + String(repeating: "#", count: hashes)
                let startLine = line
                for _ in 0..<quote.unicodeScalars.count {
                    blank(chars[index])
                    index += 1
                }
                var literal = String.UnicodeScalarView()
                while index < chars.count, !starts(close, at: index) {
                    if hashes == 0, chars[index] == "\\", index + 1 < chars.count {
                        literal.append(chars[index]); literal.append(chars[index + 1])
                        blank(chars[index]); blank(chars[index + 1])
                        index += 2
                        continue
                    }
                    literal.append(chars[index])
                    blank(chars[index])
                    index += 1
                }
                for _ in 0..<close.unicodeScalars.count where index < chars.count {
                    blank(chars[index])
                    index += 1
                }
                strings.append((startLine, String(literal)))
            } else {
                if chars[index] == "\n" { line += 1 }
                code.append(chars[index])
                index += 1
            }
        }
        return (String(code), strings)
    }
}
