import Foundation

/// A write batch as the journal keeps it before sending: per record its key, the values to write, the remote
/// values they replace (what `push --undo` restores) and the bases.
struct PushIntent: Codable, Sendable, Equatable {
    var id: String
    var fields: [String: String]
    /// The remote values read for the plan (absent: empty).
    var before: [String: String]
    var contact: Int64

    static func encode(_ intents: [PushIntent]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(intents)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [PushIntent] {
        (try? JSONDecoder().decode([PushIntent].self, from: Data(text.utf8))) ?? []
    }

    /// The record keys of a journaled intent.
    static func keys(_ text: String) -> [String] { decode(text).map(\.id) }
}

/// A confirmed batch's outcome as the journal keeps it: the keys the remote confirmed (what `push --undo`
/// restores) and counts.
struct PushOutcomeText: Codable, Sendable, Equatable {
    var sent: Int
    var answered: Int
    var written: [String]
    var rejected: Int
    /// The bulk job that carries the batch, for a batch sent through a bulk API.
    var bulkJob: String?

    init(sent: Int, answered: Int, written: [String], rejected: Int, bulkJob: String? = nil) {
        self.sent = sent
        self.answered = answered
        self.written = written
        self.rejected = rejected
        self.bulkJob = bulkJob
    }

    static func encode(_ outcome: PushOutcomeText) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(outcome)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode(_ text: String?) -> PushOutcomeText? {
        text.flatMap { try? JSONDecoder().decode(PushOutcomeText.self, from: Data($0.utf8)) }
    }
}
