/// `${VAR}` in config values, replaced from the environment.
enum EnvironmentInterpolation {
    enum Outcome: Equatable {
        case value(String)
        case missing(String)
    }

    static func expand(_ text: String, environment: [String: String]) -> Outcome {
        guard text.contains("${") else { return .value(text) }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                result += rest[start.lowerBound...]
                return .value(result)
            }
            let name = String(rest[start.upperBound..<end])
            guard let value = environment[name], !value.isEmpty else { return .missing(name) }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return .value(result + rest)
    }
}
