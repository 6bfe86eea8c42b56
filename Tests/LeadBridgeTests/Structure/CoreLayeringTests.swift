import Foundation
import Testing

/// The core's folders use each other's types in one direction only: Model and Support at the bottom, the store
/// below the stages that use it, so that any folder can change without its users' users changing with it.
@Suite struct CoreLayeringTests {
    /// A type declared at the top level of a file (not nested, not an extension).
    static var declaration: Regex<AnyRegexOutput> {
        try! Regex(
            #"(?m)^(?:@\w+(?:\([^)]*\))?\s+)*"#
                + #"(?:(?:public|package|internal|fileprivate|private|final|indirect|nonisolated)\s+)*"#
                + #"(?:struct|class|enum|actor|protocol|typealias)\s+([A-Z][A-Za-z0-9_]*)"#)
    }

    static var identifier: Regex<AnyRegexOutput> {
        try! Regex(#"\b[A-Z][A-Za-z0-9_]*\b"#)
    }

    /// Which folder declares each type name (names declared in two folders are left out: they prove nothing).
    static func owners(_ source: CoreSource) -> [String: String] {
        var owners: [String: String] = [:]
        var ambiguous: Set<String> = []
        for file in source.files {
            for match in file.code.matches(of: declaration) {
                guard let name = match.output[1].substring.map(String.init) else { continue }
                if let owner = owners[name], owner != file.folder { ambiguous.insert(name) }
                owners[name] = file.folder
            }
        }
        for name in ambiguous { owners[name] = nil }
        return owners
    }

    /// For each folder, the other folders whose types its files mention, with one example (file and type) each.
    static func graph(_ source: CoreSource) -> [String: [String: String]] {
        let owners = owners(source)
        var graph: [String: [String: String]] = [:]
        for file in source.files {
            graph[file.folder, default: [:]] = graph[file.folder] ?? [:]
            for match in file.code.matches(of: identifier) {
                let name = String(file.code[match.range])
                guard let owner = owners[name], owner != file.folder else { continue }
                if graph[file.folder]?[owner] == nil { graph[file.folder]?[owner] = "\(file.path) uses \(name)" }
            }
        }
        return graph
    }

    /// A cycle in the graph, as the list of its edges with their examples; nil when there is none.
    static func cycle(in graph: [String: [String: String]]) -> [String]? {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var path: [String] = []
        func visit(_ folder: String) -> [String]? {
            marks[folder] = .visiting
            path.append(folder)
            for next in (graph[folder] ?? [:]).keys.sorted() {
                if marks[next] == .visiting {
                    let loop = Array(path[path.firstIndex(of: next)!...]) + [next]
                    return zip(loop, loop.dropFirst()).map { "\($0) -> \($1) (\(graph[$0]![$1]!))" }
                }
                if marks[next] == nil, let found = visit(next) { return found }
            }
            path.removeLast()
            marks[folder] = .done
            return nil
        }
        for folder in graph.keys.sorted() where marks[folder] == nil {
            if let found = visit(folder) { return found }
        }
        return nil
    }

    @Test func theCoreFoldersUseEachOtherWithoutACycle() throws {
        // Given the core's source tree
        let source = try CoreSource.load()
        #expect(Set(source.files.map(\.folder)).isSuperset(of: ["Model", "Store", "Scoring", "Import", "Pull"]))

        // When the folders are linked by the types their files mention
        let graph = Self.graph(source)

        // Then following those links never leads back to where it started
        let cycle = Self.cycle(in: graph)
        #expect(cycle == nil, "the core's folders form a cycle:\n\(cycle?.joined(separator: "\n") ?? "")")
    }

    @Test func theStoreAndTheModelUseNoStage() throws {
        let graph = Self.graph(try CoreSource.load())
        for folder in ["Model", "Support", "Store"] {
            let uses = Set((graph[folder] ?? [:]).keys)
            let above = uses.intersection(["Pull", "Import", "Scoring", "Jobs", "Push"])
            #expect(above.isEmpty, "\(folder) uses \(above.sorted().map { graph[folder]![$0]! })")
        }
    }

    @Test func theCheckFindsACycle() {
        // A two-folder loop is reported with the uses that make it.
        let graph = ["A": ["B": "A/x.swift uses Bee"], "B": ["A": "B/y.swift uses Ay"], "C": [:]]
        #expect(Self.cycle(in: graph) == ["A -> B (A/x.swift uses Bee)", "B -> A (B/y.swift uses Ay)"])
        #expect(Self.cycle(in: ["A": ["B": "x"], "B": [:]]) == nil)
    }
}
