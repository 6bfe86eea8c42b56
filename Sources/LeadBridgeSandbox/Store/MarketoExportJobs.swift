import Foundation

/// The Marketo bulk extract jobs of a running sandbox and their queue, shared by lead and activity exports as in
/// Marketo: at most `marketoExportJobsProcessing` jobs process at once, at most `marketoExportJobsQueued` are queued
/// (those processing included), and the files of the jobs completed in a day (midnight to midnight, US Central) may
/// total `marketoExportBytesPerDay`. Jobs live in memory only.
///
/// The queue moves on with status requests, one step each: a job processing for ``pollsProcessing`` steps
/// completes, and queued jobs start (oldest first) while a slot is free.
actor MarketoExportJobs {
    enum Refusal: Error, Equatable {
        case notFound
        /// 1029 "Too many jobs in queue".
        case queueFull
        /// 1029 "Export daily quota exceeded".
        case quotaExceeded
        /// 1029 "Job already queued".
        case alreadyQueued
        /// The job's status does not allow the request.
        case wrongStatus(MarketoExportJob.Status)
    }

    private let processingLimit: Int
    private let queueLimit: Int
    private let bytesPerDay: Int?
    private let pollsProcessing: Int
    private let fileRetention: Duration
    private var jobs: [String: MarketoExportJob] = [:]
    /// Bytes of the files completed per day (days counted in US Central time).
    private var bytesByDay: [Int: Int] = [:]
    private static let central = TimeZone(identifier: "America/Chicago") ?? TimeZone(secondsFromGMT: -6 * 3_600)!

    init(limits: SandboxRateLimits, pollsProcessing: Int, fileRetention: Duration) {
        processingLimit = max(1, limits.marketoExportJobsProcessing)
        queueLimit = max(1, limits.marketoExportJobsQueued)
        bytesPerDay = limits.marketoExportBytesPerDay
        self.pollsProcessing = max(1, pollsProcessing)
        self.fileRetention = fileRetention
    }

    /// A new job, `Created`; refused once the day's export bytes are spent.
    func create(_ kind: MarketoExportJob.Kind, spec: MarketoExportJob.Spec, at now: Date) throws(Refusal)
        -> MarketoExportJob
    {
        guard !quotaSpent(at: now) else { throw .quotaExceeded }
        let job = MarketoExportJob(id: UUID().uuidString.lowercased(), kind: kind, spec: spec, status: .created,
                                   createdAt: now)
        jobs[job.id] = job
        return job
    }

    /// `Created` → `Queued`, when the queue has room and the day's bytes are not spent.
    func enqueue(_ id: String, kind: MarketoExportJob.Kind, at now: Date) throws(Refusal) -> MarketoExportJob {
        guard var job = jobs[id], job.kind == kind else { throw .notFound }
        switch job.status {
        case .created: break
        case .queued, .processing: throw .alreadyQueued
        default: throw .wrongStatus(job.status)
        }
        guard !quotaSpent(at: now) else { throw .quotaExceeded }
        guard jobs.values.count(where: { $0.status == .queued || $0.status == .processing }) < queueLimit else {
            throw .queueFull
        }
        job.status = .queued
        job.queuedAt = now
        jobs[id] = job
        return job
    }

    /// Any job not finished → `Cancelled`.
    func cancel(_ id: String, kind: MarketoExportJob.Kind, at now: Date) throws(Refusal) -> MarketoExportJob {
        guard var job = jobs[id], job.kind == kind else { throw .notFound }
        guard !job.status.isFinished else { throw .wrongStatus(job.status) }
        job.status = .cancelled
        job.finishedAt = now
        job.file = nil
        jobs[id] = job
        return job
    }

    /// One step of the queue (a status request): jobs processing long enough complete (their bytes count against
    /// the day), then queued jobs start while a slot is free. Returns the jobs that started, whose files the caller
    /// renders and hands back with ``attach(_:file:records:)``.
    func step(at now: Date) -> [MarketoExportJob] {
        for id in jobs.keys.sorted() where jobs[id]?.status == .processing {
            guard var job = jobs[id] else { continue }
            job.steps += 1
            if job.steps >= pollsProcessing, let file = job.file {
                job.status = .completed
                job.finishedAt = now
                bytesByDay[Self.day(of: now), default: 0] += file.count
            }
            jobs[id] = job
        }
        var started: [MarketoExportJob] = []
        let waiting = jobs.values.filter { $0.status == .queued }
            .sorted { ($0.queuedAt ?? now, $0.id) < ($1.queuedAt ?? now, $1.id) }
        var processing = jobs.values.count { $0.status == .processing }
        for var job in waiting where processing < processingLimit {
            job.status = .processing
            job.startedAt = now
            job.steps = 0
            jobs[job.id] = job
            started.append(job)
            processing += 1
        }
        return started
    }

    /// The file of a job that started processing (ignored when the job was cancelled or failed meanwhile).
    func attach(_ id: String, file: [UInt8], records: Int) {
        guard var job = jobs[id], job.status == .processing else { return }
        job.file = file
        job.numberOfRecords = records
        job.checksum = "sha256:" + SHA256.hex(file)
        jobs[id] = job
    }

    /// The job ends `Failed` (the `exportFailure` fault), unless it already finished.
    func fail(_ id: String, at now: Date) {
        guard var job = jobs[id], !job.status.isFinished else { return }
        job.status = .failed
        job.finishedAt = now
        job.file = nil
        jobs[id] = job
    }

    func job(_ id: String, kind: MarketoExportJob.Kind) -> MarketoExportJob? {
        guard let job = jobs[id], job.kind == kind else { return nil }
        return job
    }

    /// The jobs of a kind, newest first.
    func list(_ kind: MarketoExportJob.Kind) -> [MarketoExportJob] {
        jobs.values.filter { $0.kind == kind }.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    /// The file of a completed job still within its retention period; nil otherwise.
    func file(_ id: String, kind: MarketoExportJob.Kind, at now: Date) -> [UInt8]? {
        guard let job = jobs[id], job.kind == kind, job.status == .completed, let file = job.file,
              let finished = job.finishedAt else { return nil }
        let retention = Double(fileRetention.components.seconds)
            + Double(fileRetention.components.attoseconds) / 1e18
        return now.timeIntervalSince(finished) <= retention ? file : nil
    }

    /// Bytes of export files completed on the day of `now`.
    func bytesToday(at now: Date) -> Int { bytesByDay[Self.day(of: now)] ?? 0 }

    func reset() {
        jobs = [:]
        bytesByDay = [:]
    }

    private func quotaSpent(at now: Date) -> Bool {
        guard let bytesPerDay else { return false }
        return bytesToday(at: now) >= bytesPerDay
    }

    /// The US Central calendar day of an instant, as a day number.
    private static func day(of date: Date) -> Int {
        let local = date.timeIntervalSince1970 + Double(central.secondsFromGMT(for: date))
        return Int((local / 86_400).rounded(.down))
    }
}
