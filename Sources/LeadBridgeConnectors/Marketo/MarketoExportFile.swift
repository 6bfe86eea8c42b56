#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LeadBridge

/// A bulk export file on disk while it is downloaded and read: appended chunk by chunk (a download cut short
/// resumes at its size), deleted once its records are stored.
struct MarketoExportFile: Sendable {
    let path: String

    init(folder: URL, exportID: String) {
        // The id is Marketo's UUID; anything else in it is replaced so that it cannot leave the folder.
        let safe = String(exportID.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        path = folder.appendingPathComponent("leadbridge-marketo-export-\(safe).csv").path
    }

    /// Bytes on disk; 0 when the file does not exist.
    var size: Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Empties (or creates) the file.
    func truncate() throws(SourceError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot create") }
        close(descriptor)
    }

    /// Appends `data` at the end.
    func append(_ data: Data) throws(SourceError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot open") }
        defer { close(descriptor) }
        var failed = false
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                offset += written
            }
        }
        if failed { throw failure("cannot write") }
    }

    func remove() { unlink(path) }

    private func failure(_ what: String) -> SourceError {
        SourceError(.unreadable, "\(what) the bulk export's download file: \(String(cString: strerror(errno))); "
            + "check that the download folder exists and is writable", source: path)
    }
}
