/// A ``RecordSink`` that can also write through an asynchronous bulk API (Salesforce Bulk API 2.0 ingest jobs):
/// what a backfill of many thousands of records uses above ``bulkThreshold``.
///
/// A bulk write is three steps, so that a crash between them never sends data twice: the push journals the job
/// id returned by ``openBulkJob(object:)`` before it uploads anything; a rerun that finds a journaled job asks
/// ``bulkResults(jobID:)`` and learns whether the job was closed (and so processed) or never closed (nothing was
/// written: abort it and re-plan).
///
/// ```swift
/// let job = try await sink.openBulkJob(object: "Lead")
/// journal.record(job)
/// try await sink.uploadAndClose(jobID: job, object: "Lead", changes)
/// let outcome = try await sink.bulkResults(jobID: job)
/// ```
public protocol BulkRecordSink: RecordSink {
    /// The number of changed records of one object from which a backfill goes through the bulk API rather than
    /// ``RecordSink/write(object:_:)`` batches.
    var bulkThreshold: Int { get }

    /// Opens an ingest job that updates records of `object`; returns the job's id. Nothing is written yet.
    func openBulkJob(object: String) async throws -> String

    /// Uploads the changes as the job's data (one CSV with the key and every field any change names) and closes
    /// the job (`UploadComplete`), after which the remote processes it.
    func uploadAndClose(jobID: String, object: String, _ changes: [RecordWrite]) async throws

    /// Waits for the job to end and returns what it came to.
    func bulkResults(jobID: String) async throws -> BulkJobOutcome

    /// Aborts a job that was never closed, so that it never runs.
    func abortBulkJob(jobID: String) async throws
}

/// How a bulk ingest job ended.
public enum BulkJobOutcome: Sendable, Equatable {
    /// The job ran: one result per uploaded record (written, or rejected with the API's reason; records the job
    /// did not process are `skipped`).
    case finished([RecordWriteResult])
    /// The job was never closed, so it wrote nothing (a crash between opening and closing it).
    case neverClosed
    /// The job failed or was aborted; the text is the remote's reason. A failed job keeps what it processed
    /// (Salesforce: "job data that was successfully processed isn't rolled back"), so `results` name the records
    /// it wrote or rejected and, as `skipped`, those it did not process; it is empty when the job processed
    /// nothing. Nothing is known to be written beyond what the results name: the other records are read again and
    /// re-planned.
    case failed(String, results: [RecordWriteResult] = [])
}
