/// A credential from the environment. It prints as `<redacted>` everywhere, so it cannot end up in a log line,
/// an error message or a report by accident; only ``reveal()`` gives the value, for the one place that sends it.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) { self.value = value }

    public func reveal() -> String { value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
