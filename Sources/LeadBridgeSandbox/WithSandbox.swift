import Logging

/// Runs `body` against a sandbox on an ephemeral loopback port, and always stops it afterwards.
///
/// ```swift
/// try await withSandbox(SandboxConfiguration(contacts: 200)) { sandbox in
///     let url = sandbox.baseURL(for: .hubspot).appendingPathComponent("crm/v3/objects/contacts")
///     …
/// }
/// ```
/// - Parameters:
///   - configuration: the data and limits to serve; tests should keep `contacts` small (hundreds).
///   - logger: where the server logs; silent by default.
///   - body: the test, given the running sandbox.
public func withSandbox<Result: Sendable>(
    _ configuration: SandboxConfiguration = SandboxConfiguration(contacts: 200, activitiesPerContact: 5),
    logger: Logger = Logger(label: "leadbridge.sandbox", factory: { _ in SwiftLogNoOpLogHandler() }),
    _ body: (RunningSandbox) async throws -> Result
) async throws -> Result {
    let sandbox = try await SandboxServer.start(configuration, host: "127.0.0.1", port: 0, logger: logger)
    do {
        let result = try await body(sandbox)
        await sandbox.stop()
        return result
    } catch {
        await sandbox.stop()
        throw error
    }
}
