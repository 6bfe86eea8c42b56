import ArgumentParser
import Foundation
import LeadBridge

/// Exit codes: 0 ok, 1 failure, 2 usage or configuration error, 3 finished with conflicts or rejects.
enum CLIExit {
    static let failure = ExitCode(1)
    static let usage = ExitCode(2)
    static let partial = ExitCode(3)
}

/// A failure the command line reports in one clear message, without a stack trace.
enum CLIFailure: Error {
    case usage(String)
    case failure(String)
}

/// Runs a command body and turns every LeadBridge error into a message on stderr and the documented exit code.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as ConfigurationError {
        printError(error.diagnostics.count == 1 ? "error: \(error)" : "error: \(error.diagnostics.count) problems:")
        if error.diagnostics.count > 1 { for diagnostic in error.diagnostics { printError("  \(diagnostic)") } }
        throw CLIExit.usage
    } catch let error as ImportError {
        switch error {
        case .mappingMismatch(let mismatch):
            printError("error: the mapping does not fit the file:")
            for diagnostic in mismatch.diagnostics { printError("  \(diagnostic)") }
            printError("nothing was imported; fix the mapping (check with `leadbridge preview`) and run again")
            throw CLIExit.usage
        case .store(let storeError):
            printError("error: \(storeError)")
            throw CLIExit.failure
        }
    } catch let error as SourceError {
        printError("error: \(error)")
        throw error.code == .unreadable || error.code == .unsupportedFormat ? CLIExit.usage : CLIExit.failure
    } catch let error as PushGuardError {
        printError("error: \(error)")
        throw CLIExit.usage
    } catch let error as PushPlanError {
        printError("error: \(error)")
        throw CLIExit.usage
    } catch let error as any RemoteFailure where error.isConfigurationProblem {
        printError("error: \(error)")
        throw CLIExit.usage
    } catch let error as StoreError {
        printError("error: \(error)")
        throw CLIExit.failure
    } catch CLIFailure.usage(let message) {
        printError("error: \(message)")
        throw CLIExit.usage
    } catch CLIFailure.failure(let message) {
        printError("error: \(message)")
        throw CLIExit.failure
    } catch {
        printError("error: \(error)")
        throw CLIExit.failure
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
