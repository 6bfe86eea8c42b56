import Foundation

/// The Bulk API 2.0 ingest jobs of a running sandbox, by id: their state transitions, one at a time. Jobs live in
/// memory only (a restarted sandbox has forgotten them; the records they wrote stay in the state file).
actor SalesforceIngestJobs {
    /// What a requested transition came to.
    enum Transition: Sendable {
        case done(SalesforceIngestJob)
        case notFound
        /// The job is in a state that does not allow it.
        case wrongState(SalesforceIngestJob.State)
        /// More than one upload: a job takes its data in one `PUT`.
        case multipleUploads
    }

    /// ``SandboxConfiguration/salesforceIngestRowsBeforeFailure``.
    nonisolated let failAfter: Int?
    /// ``SandboxConfiguration/salesforceIngestPollsInProgress``.
    private let pollsInProgress: Int
    private var jobs: [String: SalesforceIngestJob] = [:]
    private var counter = 0

    init(failAfter: Int? = nil, pollsInProgress: Int = 1) {
        self.failAfter = failAfter
        self.pollsInProgress = max(1, pollsInProgress)
    }

    /// Opens a job with a new `750…` id.
    func create(object: String, operation: String, apiVersion: Double, lineEnding: SalesforceIngestCSV.LineEnding,
                columnDelimiter: String, at now: Date) -> SalesforceIngestJob {
        counter += 1
        let job = SalesforceIngestJob(
            id: SalesforceID.make(prefix: "750", number: counter), object: object, operation: operation,
            apiVersion: apiVersion, lineEnding: lineEnding, columnDelimiter: columnDelimiter, createdDate: now,
            systemModstamp: now, state: .open)
        jobs[job.id] = job
        return job
    }

    func job(_ id: String) -> SalesforceIngestJob? { jobs[id] }

    /// Keeps the job's data; only an `Open` job takes data.
    func upload(_ id: String, _ bytes: [UInt8], at now: Date) -> Transition {
        guard var job = jobs[id] else { return .notFound }
        guard job.state == .open else { return .wrongState(job.state) }
        job.uploads.append(bytes)
        job.systemModstamp = now
        jobs[id] = job
        return .done(job)
    }

    /// `Open` → `UploadComplete`; the caller processes the rows and stores the outcome with ``finish(_:)``.
    func close(_ id: String, at now: Date) -> Transition {
        guard var job = jobs[id] else { return .notFound }
        guard job.state == .open else { return .wrongState(job.state) }
        guard job.uploads.count <= 1 else { return .multipleUploads }
        job.state = .uploadComplete
        job.systemModstamp = now
        jobs[id] = job
        return .done(job)
    }

    /// Stores the processed rows and the state the job will reach. A job aborted meanwhile stays aborted, with the
    /// rows it processed (they are not rolled back).
    func finish(_ processed: SalesforceIngestJob) {
        guard var job = jobs[processed.id] else { return }
        job.header = processed.header
        job.rows = processed.rows
        job.results = processed.results
        job.errorMessage = processed.errorMessage
        if job.state == .aborted {
            job.outcome = .aborted
        } else {
            job.outcome = processed.outcome
        }
        jobs[job.id] = job
    }

    /// Any state but the outcomes → `Aborted`.
    func abort(_ id: String, at now: Date) -> Transition {
        guard var job = jobs[id] else { return .notFound }
        guard !job.state.isTerminal else { return .wrongState(job.state) }
        if job.state == .open {
            // Nothing was queued: the uploaded data is dropped and no row is processed.
            job.uploads = []
        }
        job.state = .aborted
        job.systemModstamp = now
        jobs[id] = job
        return .done(job)
    }

    /// The job as a job-info request sees it, moving a closed job on: `UploadComplete` → `InProgress` (for
    /// `pollsInProgress` requests) → its outcome.
    func observe(_ id: String, at now: Date) -> SalesforceIngestJob? {
        guard var job = jobs[id] else { return nil }
        switch job.state {
        case .uploadComplete where job.outcome != nil:
            job.state = .inProgress
            job.pollsInProgress = 1
        case .inProgress where job.pollsInProgress < pollsInProgress:
            job.pollsInProgress += 1
        case .inProgress:
            job.state = job.outcome ?? .inProgress
        default:
            return job
        }
        job.systemModstamp = now
        jobs[id] = job
        return job
    }

    func reset() {
        jobs = [:]
    }
}
