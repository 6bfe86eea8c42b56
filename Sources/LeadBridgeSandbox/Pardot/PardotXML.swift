/// Writes the Pardot XML envelope: `<rsp stat="ok" version="1.0">…</rsp>`.
enum PardotXML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// One element per field, in the given order; nil values are empty elements.
    static func element(_ name: String, fields: [(String, String?)], indent: String = "      ") -> String {
        var text = "\(indent)<\(name)>\n"
        for (field, value) in fields {
            if let value, !value.isEmpty {
                text += "\(indent)   <\(field)>\(escape(value))</\(field)>\n"
            } else {
                text += "\(indent)   <\(field)/>\n"
            }
        }
        return text + "\(indent)</\(name)>\n"
    }

    static func ok(_ body: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rsp stat=\"ok\" version=\"1.0\">\n" + body + "</rsp>\n"
    }
}
