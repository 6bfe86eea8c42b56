import Foundation
import LeadBridge

extension MarketoSource {
    /// A bulk export job request (`create.json` with a JSON body, `enqueue.json`, `status.json`, `cancel.json`) and
    /// the job it answers. Creating and enqueuing are sent again after a dropped answer: a job created twice costs
    /// nothing until it is enqueued, and a second enqueue answers 1029 "Job already queued".
    func exportJob(endpoint: String, path: String, body: Data?) async throws(APIError) -> MarketoWire.ExportJob {
        let base = baseURL
        let post = body != nil || endpoint.hasPrefix("POST")
        let answer = try await client.json(MarketoWire.ExportJobs.self, endpoint: endpoint) { auth throws(APIError) in
            var headers = Self.headers(auth)
            if body != nil { headers["Content-Type"] = "application/json" }
            return HTTPRequest(post ? .post : .get, try Self.url(base, path, query: nil, endpoint: endpoint),
                               headers: headers, body: body, idempotent: true)
        }
        guard let job = answer.result?.first else {
            throw APIError(.invalidResponse, endpoint: endpoint, message: "the answer names no export job; check that "
                + "base_url points at the instance's REST endpoint")
        }
        return job
    }

    /// One `Range` of a completed job's file (`file.json`): 206 with `Content-Range`, or 200 with the whole file.
    func exportFile(endpoint: String, path: String, range: ClosedRange<Int>) async throws(APIError) -> HTTPResponse {
        let base = baseURL
        return try await client.send(endpoint: endpoint, build: { auth throws(APIError) in
            var headers = Self.headers(auth)
            headers["Accept"] = "text/csv"
            headers["Range"] = "bytes=\(range.lowerBound)-\(range.upperBound)"
            return HTTPRequest(.get, try Self.url(base, path, query: nil, endpoint: endpoint), headers: headers)
        }, decode: { response in
            guard response.status == 200 || response.status == 206 else {
                throw APIError(.invalidResponse, endpoint: endpoint, status: response.status,
                               message: "expected the export file's bytes")
            }
            return response
        })
    }
}
