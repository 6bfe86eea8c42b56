import Foundation
import Hummingbird
import Logging
import HTTPTypes
import NIOCore

/// The one responder behind the port: routes by vendor prefix (or by path shape when unprefixed), counts calls,
/// applies injected faults, and writes the vendor's answer.
struct SandboxResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let services: SandboxServices
    let hubSpot: HubSpotAPI
    let salesforce: SalesforceAPI
    let marketo: MarketoAPI
    let pardot: PardotAPI
    let control: ControlAPI
    let sleeper: ContinuousClock

    init(services: SandboxServices) {
        self.services = services
        hubSpot = HubSpotAPI(services: services)
        salesforce = SalesforceAPI(services: services)
        marketo = MarketoAPI(services: services)
        pardot = PardotAPI(services: services)
        control = ControlAPI(services: services)
        sleeper = ContinuousClock()
    }

    /// Thrown inside a response body to cut the connection (truncate/drop faults).
    struct Disconnect: Error {}

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        // Room for a Salesforce ingest upload at its documented limit (150 MB once base64-encoded).
        let buffer = try await request.collectBody(upTo: 160 * 1024 * 1024)
        let body = Array(buffer.readableBytesView)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        // HTTP/1.1's Host header arrives as the request's authority (swift-http-types), not among the fields.
        if headers["host"] == nil, let authority = request.head.authority { headers["host"] = authority }
        let rawPath = request.uri.path
        let decodedPath = rawPath.removingPercentEncoding ?? rawPath
        let (vendor, path) = Self.route(decodedPath)
        let sandboxRequest = SandboxRequest(
            method: request.method.rawValue, path: path,
            query: SandboxRequest.parseQuery(request.uri.query ?? ""), headers: headers, body: body
        )
        let response: SandboxResponse
        if let vendor {
            response = try await handle(sandboxRequest, vendor: vendor)
        } else if path.hasPrefix("/__sandbox") {
            response = try await control.handle(sandboxRequest)
        } else {
            response = .json(["error": "unknown path", "path": .string(decodedPath)], status: 404)
        }
        return Self.hummingbirdResponse(response)
    }

    private func handle(_ request: SandboxRequest, vendor: SandboxVendor) async throws -> SandboxResponse {
        await services.store.countCall(Self.endpointKey(vendor: vendor, request: request))
        var delivery = SandboxResponse.Delivery.complete
        if let fault = await services.faults.take(vendor: vendor, path: request.path) {
            switch fault.kind {
            case .status:
                return errorResponse(vendor: vendor, status: fault.status ?? 500)
            case .rateLimit:
                return rateLimitResponse(vendor: vendor)
            case .dailyQuota:
                return vendor == .marketo ? MarketoAPI.failure(code: "607", message: "Daily quota reached")
                    : rateLimitResponse(vendor: vendor)
            case .delay:
                try await sleeper.sleep(for: .milliseconds(fault.delayMilliseconds ?? 1_000))
            case .truncate:
                delivery = .truncated
            case .drop:
                delivery = .dropped
            case .hostileXML:
                return Self.hostileXML
            case .exportFailure:
                if vendor == .marketo { await marketo.failExport(request) }
            case .tokenExpiry:
                await services.store.expireTokens(for: vendor)
                if vendor == .hubspot {
                    return HubSpotAPI.error(
                        status: 401, category: "EXPIRED_AUTHENTICATION",
                        message: "The OAuth token used to make this call expired 0 second(s) ago."
                    )
                }
            }
        }
        var response: SandboxResponse
        switch vendor {
        case .hubspot: response = try await hubSpot.handle(request)
        case .salesforce: response = try await salesforce.handle(request)
        case .marketo: response = try await marketo.handle(request)
        case .pardot: response = try await pardot.handle(request)
        }
        response.delivery = delivery
        return response
    }

    /// The body of the `hostileXML` fault: external entity and entity expansion behind a DOCTYPE.
    static let hostileXML = SandboxResponse.xml("""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE rsp [
          <!ENTITY xxe SYSTEM "file:///etc/passwd">
          <!ENTITY lol "lol">
          <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
        ]>
        <rsp stat="ok" version="1.0">
           <result>
              <total_results>1</total_results>
              <prospect><id>1</id><email>&xxe;</email><first_name>&lol3;</first_name></prospect>
              <visitor_activity><id>1</id><prospect_id>1</prospect_id><details>&xxe;</details></visitor_activity>
           </result>
        </rsp>

        """)

    private func errorResponse(vendor: SandboxVendor, status: Int) -> SandboxResponse {
        switch vendor {
        case .hubspot:
            return status == 429 ? HubSpotAPI.rateLimited()
                : HubSpotAPI.error(status: status, category: "INTERNAL_ERROR", message: "internal error")
        case .salesforce:
            return SalesforceAPI.error(status: status, code: status == 503 ? "SERVER_UNAVAILABLE" : "UNKNOWN_EXCEPTION",
                                       message: "An unexpected error occurred. Please include this ErrorId if you "
                                           + "contact support: 0000000000-00000 (-0000000000)")
        case .marketo, .pardot:
            return SandboxResponse(status: status, headers: [("Content-Type", "text/html")],
                                   body: Array("<html><body><h1>\(status)</h1></body></html>".utf8))
        }
    }

    private func rateLimitResponse(vendor: SandboxVendor) -> SandboxResponse {
        switch vendor {
        case .hubspot: HubSpotAPI.rateLimited()
        case .salesforce: SalesforceAPI.requestLimitExceeded()
        case .marketo: MarketoAPI.failure(code: "606", message: "Max rate limit '100' exceeded with in '20' secs")
        case .pardot: PardotAPI.failure(code: 122, message: "Daily API rate limit met")
        }
    }

    /// The vendor a path belongs to and the path below the prefix.
    static func route(_ path: String) -> (SandboxVendor?, String) {
        for vendor in SandboxVendor.allCases
        where path == vendor.pathPrefix || path.hasPrefix(vendor.pathPrefix + "/") {
            let rest = String(path.dropFirst(vendor.pathPrefix.count))
            return (vendor, rest.isEmpty ? "/" : rest)
        }
        if path.hasPrefix("/crm/") { return (.hubspot, path) }
        if path.hasPrefix("/services/") { return (.salesforce, path) }
        if path.hasPrefix("/rest/") || path.hasPrefix("/identity/") || path.hasPrefix("/bulk/") {
            return (.marketo, path)
        }
        if path.hasPrefix("/api/") { return (.pardot, path) }
        return (nil, path)
    }

    /// `vendor METHOD /path` with record ids and cursors replaced by `{id}`, for the per-endpoint call counts.
    static func endpointKey(vendor: SandboxVendor, request: SandboxRequest) -> String {
        var previous = ""
        let segments = request.segments.map { segment -> String in
            defer { previous = String(segment) }
            let text = String(segment)
            if previous == "version" { return text }
            if text.allSatisfy(\.isNumber) || SalesforceID.parse(text) != nil || text.hasPrefix("01gSANDBOX")
                || UUID(uuidString: text) != nil
            {
                return "{id}"
            }
            return text
        }
        return "\(vendor.rawValue) \(request.method) /" + segments.joined(separator: "/")
    }

    static func hummingbirdResponse(_ response: SandboxResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        let status = HTTPResponse.Status(code: response.status)
        switch response.delivery {
        case .complete:
            return Response(status: status, headers: fields,
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
        case .truncated:
            let half = Array(response.body.prefix(response.body.count / 2))
            fields[.contentLength] = String(response.body.count)
            return Response(status: status, headers: fields, body: ResponseBody(contentLength: response.body.count) {
                writer in
                try await writer.write(ByteBuffer(bytes: half))
                throw Disconnect()
            })
        case .dropped:
            // The head goes out and the connection closes before the body it promises, so that no client takes it
            // for an answer (nor resends it by itself, as curl may when a reused connection closes without a byte).
            // A status that has no body (a PATCH's 204) goes out as 200 with a length, or the head alone would be a
            // complete answer.
            let bodiless = response.status == 204 || response.status == 304
            fields[.contentLength] = String(max(1, response.body.count))
            return Response(status: bodiless ? .ok : status, headers: fields,
                            body: ResponseBody(contentLength: max(1, response.body.count)) { _ in throw Disconnect() })
        }
    }
}
