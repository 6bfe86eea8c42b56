import Foundation
import Yams

/// `config/leadbridge.yml`: where the store is, which connections exist and how they map, which scoring model.
///
/// Relative paths are resolved against the folder of the config file, so a nightly cron job finds the same files
/// from any working directory. `${VAR}` in a value is replaced by the environment variable; credentials are held
/// as ``Secret`` and never printed.
public struct LeadBridgeConfig: Sendable, Equatable {
    public var path: String
    /// Absolute path of the SQLite store.
    public var storePath: String
    /// Absolute path of the scoring model.
    public var scoringPath: String
    public var connections: [ConnectionConfig]

    public func connection(named name: String) throws(ConfigurationError) -> ConnectionConfig {
        guard let connection = connections.first(where: { $0.name == name }) else {
            let names = connections.map(\.name)
            throw ConfigurationError(file: path,
                "no connection named `\(name)`\(Suggestion.didYouMean(name, in: names)); connections: "
                    + (names.isEmpty ? "none" : names.joined(separator: ", ")))
        }
        return connection
    }

    static let topKeys = ["store", "scoring", "connections"]
    /// The keys of every connection; the others depend on its kind (``ConnectionSettings``).
    static let commonKeys = ["kind", "mapping", "base_url"]

    /// Loads and checks a config file.
    ///
    /// - Parameters:
    ///   - path: the config file.
    ///   - environment: where `${VAR}` values come from (the process environment in the CLI).
    /// - Throws: ``ConfigurationError`` with every problem (a missing credential is not one: it is reported when
    ///   the connection is used, and by `check`).
    public static func load(path: String, environment: [String: String]) throws(ConfigurationError)
        -> LeadBridgeConfig
    {
        var file = try YAMLFile.load(path: path)
        // Absolute first: standardizing a relative URL with `..` in it loses the working directory.
        let folder = URL(fileURLWithPath: path).absoluteURL.deletingLastPathComponent()
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") ? relative : folder.appendingPathComponent(relative).standardized.path
        }
        guard let entries = file.entries(file.root, "the config") else {
            try file.throwIfProblems()
            throw ConfigurationError(file: path, "the config is empty")
        }
        // The SLA lives in the scoring model, the one document both teams sign: a second one here is refused
        // rather than silently outvoting (or being outvoted by) `handoff.sla_hours`.
        for entry in entries where entry.key == "sla_hours" {
            file.problem("sla_hours does not belong in the config: the MQL → SAL SLA is set once, in the scoring "
                + "model (`handoff: { sla_hours: N }` in scoring.yml); move it there and delete this line",
                at: entry.keyNode)
        }
        file.checkKeys(entries.filter { $0.key != "sla_hours" }, allowed: topKeys, "config")
        let top = Dictionary(entries.map { ($0.key, $0.value) }) { first, _ in first }
        let store = top["store"].flatMap { file.string($0, "store") } ?? "../data/leadbridge.sqlite"
        let scoring = top["scoring"].flatMap { file.string($0, "scoring") } ?? "scoring.yml"
        var connections: [ConnectionConfig] = []
        if let node = top["connections"], let list = file.entries(node, "connections") {
            for entry in list {
                if let connection = readConnection(entry.key, entry.value, environment: environment, file: &file,
                    resolve: resolve)
                {
                    connections.append(connection)
                }
            }
        }
        try file.throwIfProblems()
        return LeadBridgeConfig(
            path: path, storePath: resolve(store), scoringPath: resolve(scoring),
            connections: connections)
    }

    private static func readConnection(
        _ name: String, _ node: Node, environment: [String: String], file: inout YAMLFile,
        resolve: (String) -> String
    ) -> ConnectionConfig? {
        let what = "connections.\(name)"
        guard let entries = file.entries(node, what) else { return nil }
        // The keys a connection may have depend on its kind; with no valid kind, those of any kind.
        var declaredKind: ConnectionConfig.Kind?
        if case .scalar(let scalar)? = entries.first(where: { $0.key == "kind" })?.value {
            declaredKind = ConnectionConfig.Kind(rawValue: scalar.string)
        }
        let kinds = declaredKind.map { [$0] } ?? ConnectionConfig.Kind.allCases
        let secretKeys = Set(kinds.flatMap { ConnectionSettings.secretKeys($0) })
        var allowed = commonKeys
        for key in kinds.flatMap({ ConnectionSettings.settingKeys($0) }) + secretKeys.sorted()
        where !allowed.contains(key) {
            allowed.append(key)
        }
        file.checkKeys(entries, allowed: allowed, what + (declaredKind.map { " (kind \($0.rawValue))" } ?? ""))
        var kind: ConnectionConfig.Kind?
        var mapping: String?
        var baseURL: String?
        var secrets: [String: ConnectionConfig.SecretValue] = [:]
        var settings: [ConnectionSettings.Entry] = []
        for entry in entries where allowed.contains(entry.key) {
            guard let raw = file.string(entry.value, "\(what).\(entry.key)") else { continue }
            let position = "\(file.path):\(entry.value.mark?.line ?? 0):\(entry.value.mark?.column ?? 0)"
            let interpolated = EnvironmentInterpolation.expand(raw, environment: environment)
            if secretKeys.contains(entry.key) {
                switch interpolated {
                case .value(let value):
                    if raw == value, !raw.isEmpty {
                        file.problem("\(what).\(entry.key): write credentials as ${ENV_VAR}, never in the file",
                            at: entry.value)
                    }
                    secrets[entry.key] = .resolved(Secret(value))
                case .missing(let variable):
                    secrets[entry.key] = .missing(variable: variable, position: position)
                }
                continue
            }
            guard case .value(let value) = interpolated else {
                if case .missing(let variable) = interpolated {
                    file.problem("\(what).\(entry.key): environment variable \(variable) is not set", at: entry.value)
                }
                continue
            }
            switch entry.key {
            case "kind":
                kind = ConnectionConfig.Kind(rawValue: value)
                if kind == nil {
                    file.problem("\(what).kind: `\(value)` is not a connection kind; kinds: "
                        + ConnectionConfig.Kind.allCases.map(\.rawValue).joined(separator: ", "), at: entry.value)
                }
            case "mapping": mapping = resolve(value)
            case "base_url": baseURL = value
            default: settings.append(ConnectionSettings.Entry(key: entry.key, value: value, node: entry.value))
            }
        }
        if entries.first(where: { $0.key == "kind" }) == nil {
            file.problem("\(what): `kind:` is missing (file, hubspot, salesforce, marketo or pardot)", at: node)
        }
        if mapping == nil {
            file.problem("\(what): `mapping:` is missing: the Mappings/*.yml file for this connection", at: node)
        }
        guard let kind, let mapping else { return nil }
        if kind != .file, baseURL == nil {
            file.problem("\(what): `base_url:` is missing", at: node)
        }
        let typed = ConnectionSettings.parse(kind, settings, what, file: &file)
        return ConnectionConfig(
            name: name, kind: kind, mappingPath: mapping, baseURL: baseURL, secrets: secrets, settings: typed,
            position: "\(file.path):\(node.mark?.line ?? 0)")
    }
}
