import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// ``HTTPTransport`` over URLSession (the system libcurl on Linux): keep-alive connections, proxy variables and
/// the system CA store. See the README's architecture notes for why it is preferred to async-http-client.
public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession

    /// - Parameter useProxy: false ignores `http_proxy`/`all_proxy` (tests on loopback).
    public init(useProxy: Bool = true) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 4
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        if !useProxy { configuration.connectionProxyDictionary = [:] }
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: request.timeout)
        urlRequest.httpMethod = request.method.rawValue
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch let error as URLError {
            let code: TransportError.Code = switch error.code {
            case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .unsupportedURL, .badURL: .cannotConnect
            case .timedOut, .networkConnectionLost, .notConnectedToInternet, .cannotParseResponse,
                .badServerResponse, .zeroByteResource, .cannotDecodeRawData, .cannotDecodeContentData:
                .interrupted
            default: .other
            }
            throw TransportError(code, "\(request.method.rawValue) \(Self.redacted(request.url)): "
                + "\(error.localizedDescription) (URLError \(error.code.rawValue))")
        } catch {
            throw TransportError(.other, "\(request.method.rawValue) \(Self.redacted(request.url)): \(error)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw TransportError(.other, "\(Self.redacted(request.url)): not an HTTP response")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        // A body shorter than its declared length is a truncated response, whatever libcurl made of it.
        if let declared = headers["content-length"].flatMap(Int.init), declared > data.count {
            throw TransportError(.interrupted,
                "\(Self.redacted(request.url)): body cut short (\(data.count) of \(declared) bytes)")
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    /// The URL without its query (which may carry filters but must never show a credential).
    static func redacted(_ url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.query = nil
        return components?.string ?? url.path
    }
}
