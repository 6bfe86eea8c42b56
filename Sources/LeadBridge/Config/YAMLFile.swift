import Foundation
import Yams

/// A YAML file read into nodes that remember their line and column, and the problems found while reading it.
///
/// Readers of mappings, configs and models walk the nodes, call ``problem(_:at:)`` for everything wrong and throw
/// ``ConfigurationError`` with all of them at the end.
struct YAMLFile {
    let path: String
    let root: Node
    private(set) var diagnostics: [Diagnostic] = []
    /// Where a mapping's `map:` keys are written, by the position of the value rule that holds them.
    var valueMapPositions: [String: String] = [:]

    /// Reads and parses a file. Syntax errors are reported with their line and column.
    static func load(path: String, displayPath: String? = nil) throws(ConfigurationError) -> YAMLFile {
        let shown = displayPath ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: shown, "cannot read the file: it does not exist or is not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: shown, "the file is not UTF-8 text")
        }
        return try parse(text, path: shown)
    }

    static func parse(_ text: String, path: String) throws(ConfigurationError) -> YAMLFile {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw ConfigurationError(file: path, line: 1, "the file is empty")
            }
            return YAMLFile(path: path, root: root)
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            throw ConfigurationError([Self.diagnostic(error, path: path)])
        } catch {
            throw ConfigurationError(file: path, "cannot parse YAML: \(error)")
        }
    }

    private static func diagnostic(_ error: YamlError, path: String) -> Diagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            Diagnostic(file: path, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            Diagnostic(
                file: path, line: context.mark.line, column: context.mark.column,
                message: "\(duplicates.sorted().map { "`\($0)`" }.joined(separator: ", ")) appears twice in this "
                    + "mapping; keep one")
        default:
            Diagnostic(file: path, message: "YAML syntax: \(error)")
        }
    }

    mutating func problem(_ message: String, at node: Node?) {
        diagnostics.append(
            Diagnostic(file: path, line: node?.mark?.line, column: node?.mark?.column, message: message))
    }

    func throwIfProblems() throws(ConfigurationError) {
        if !diagnostics.isEmpty { throw ConfigurationError(diagnostics) }
    }

    /// The entries of a mapping node in file order; reports a problem (and returns nil) for any other node.
    mutating func entries(_ node: Node, _ what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            problem("\(what) must be a mapping of `key: value` lines", at: node)
            return nil
        }
        var seen = Set<String>()
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                problem("\(what): keys must be plain names", at: keyNode)
                continue
            }
            if !seen.insert(key).inserted {
                problem("\(what): `\(key)` appears twice; keep one", at: keyNode)
                continue
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    /// Reports every key of `entries` that is not in `allowed`, suggesting the nearest allowed one.
    mutating func checkKeys(_ entries: [(key: String, keyNode: Node, value: Node)], allowed: [String], _ what: String) {
        for entry in entries where !allowed.contains(entry.key) {
            problem(
                "\(what): unknown key `\(entry.key)`\(Suggestion.didYouMean(entry.key, in: allowed)); allowed: "
                    + allowed.joined(separator: ", "), at: entry.keyNode)
        }
    }

    mutating func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            problem("\(what) must be a single value", at: node)
            return nil
        }
        return scalar.string
    }

    mutating func int(_ node: Node, _ what: String) -> Int? {
        guard let text = string(node, what) else { return nil }
        guard let value = Int(text) else {
            problem("\(what) must be a whole number, not `\(text)`", at: node)
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        guard let text = string(node, what) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            problem("\(what) must be true or false, not `\(text)`", at: node)
            return nil
        }
    }

    mutating func stringList(_ node: Node, _ what: String) -> [String]? {
        if case .scalar(let scalar) = node { return [scalar.string] }
        guard case .sequence(let sequence) = node else {
            problem("\(what) must be a list like [a, b]", at: node)
            return nil
        }
        return sequence.compactMap { string($0, what) }
    }

    /// A `{ from: to }` table of scalars.
    mutating func stringTable(_ node: Node, _ what: String) -> [String: String]? {
        guard let entries = entries(node, what) else { return nil }
        var table: [String: String] = [:]
        for entry in entries {
            if case .scalar(let scalar) = entry.value {
                table[entry.key] = scalar.tag.description.hasSuffix(":null") ? "" : scalar.string
            } else {
                problem("\(what): the value for `\(entry.key)` must be a single value", at: entry.value)
            }
        }
        return table
    }
}

extension Node {
    var isNull: Bool {
        if case .scalar(let scalar) = self { return scalar.tag.description.hasSuffix(":null") || scalar.string == "~" }
        return false
    }
}
