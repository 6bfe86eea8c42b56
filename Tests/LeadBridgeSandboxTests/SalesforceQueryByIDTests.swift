import Foundation
import LeadBridgeSandbox
import Testing

/// `WHERE Id IN (…)` looks its records up instead of scanning the object; the answers must be those of the scan.
@Suite("Salesforce SOQL by id over loopback")
struct SalesforceQueryByIDTests {
    static let config = SandboxConfiguration(seed: 5, contacts: 300, activitiesPerContact: 2)

    /// Clauses over Lead ids `{L0}`…`{L9}` and a Contact id `{C0}`; `{L1:15}` is the 15-character form,
    /// `{L2:lower}` lower-cased, `{L3:suffix}` with another case-insensitive suffix, `{L4:long}` with a 19th
    /// character.
    @Test("an Id clause answers as the same clause evaluated on every record", arguments: [
        ("Id IN ('{L0}', '{L1}', '{L2}')", 3),
        ("Id IN ('{L1:15}', '{L2:lower}', '{L3:suffix}', '{L4:long}', '{C0}', '{L5}', '{L5}', '00QSb0999999999', 'x')",
         4),
        ("Id IN ('00QSb0+00000001', '00QSb000000000', '{L6} ')", 1),
        ("Id = '{L0}' AND Lead_Score__c = null", 1),
        ("Lead_Score__c = null AND Id IN ('{L0}', '{L1}')", 2),
        ("Id = '{L0}' OR Id IN ('{L1}', '{L2}')", 3),
        ("Id IN ('{L0}', '{L1}') AND Id IN ('{L1}', '{L2}')", 1),
        ("Id = null", 0), ("Id IN (null, '{L3}')", 1), ("Id = 5", 0),
        ("Id = '{L0}' OR Email LIKE '%a%'", nil),
        ("Id IN ('{L0}', '{L1}', '{L2}', '{L3}', '{L4}') ORDER BY Email DESC LIMIT 2", 2),
    ] as [(String, Int?)])
    func sameAsScan(_ template: String, count: Int?) async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let leads = try await Self.ids("Lead", client: client, token: token)
            let contacts = try await Self.ids("Contact", client: client, token: token)
            var clause = template.replacingOccurrences(of: "{C0}", with: contacts[0])
            for (index, id) in leads.prefix(10).enumerated() {
                let suffix = String(id.suffix(3))
                let otherSuffix = String(id.dropLast(3)) + (suffix == "AAA" ? "BBB" : "AAA")
                clause = clause
                    .replacingOccurrences(of: "{L\(index):15}", with: String(id.prefix(15)))
                    .replacingOccurrences(of: "{L\(index):lower}", with: id.lowercased())
                    .replacingOccurrences(of: "{L\(index):suffix}", with: otherSuffix)
                    .replacingOccurrences(of: "{L\(index):long}", with: id + "Z")
                    .replacingOccurrences(of: "{L\(index)}", with: id)
            }
            // The same clause, hidden under a double NOT, is evaluated on every record.
            let (condition, rest) = Self.split(clause)
            let select = "SELECT Id, Email, Lead_Score__c FROM Lead WHERE "
            let looked = try await client.soql(select + clause, token: token)
            let scanned = try await client.soql(select + "NOT (NOT (\(condition)))" + rest, token: token)
            #expect(looked.status == 200 && scanned.status == 200, "\(looked.text) \(scanned.text)")
            #expect(looked.object["totalSize"] as? Int == scanned.object["totalSize"] as? Int)
            if let count { #expect(looked.object["totalSize"] as? Int == count) }
            #expect(Self.records(looked) == Self.records(scanned))
        }
    }

    @Test("an IN list on an id or reference field answers as its equalities ORed", arguments: [
        ("Id", ["{L0}", "{L1:15}", "{L2:lower}", "{L3:long}", "é{L4}", "null", "7"]),
        ("OwnerId", ["{O0}", "{O1:15}", "{O2:long}", "x"]),
        ("WhoId", ["{W0}", "{W1:15}", "{L1}"]),
    ])
    func inListAsEqualities(_ field: String, _ values: [String]) async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let leads = try await Self.ids("Lead", client: client, token: token)
            let owners = try await client.soql("SELECT OwnerId FROM Lead ORDER BY Id LIMIT 3", token: token)
            let ownerIDs = (owners.object["records"] as? [[String: Any]] ?? []).compactMap { $0["OwnerId"] as? String }
            let tasks = try await client.soql("SELECT WhoId FROM Task ORDER BY Id LIMIT 2", token: token)
            let whoIDs = (tasks.object["records"] as? [[String: Any]] ?? []).compactMap { $0["WhoId"] as? String }
            let literals = values.map { value -> String in
                var text = value
                for (letter, ids) in [("L", leads), ("O", ownerIDs), ("W", whoIDs)] {
                    for (index, id) in ids.prefix(5).enumerated() {
                        text = text.replacingOccurrences(of: "{\(letter)\(index):15}", with: String(id.prefix(15)))
                            .replacingOccurrences(of: "{\(letter)\(index):lower}", with: id.lowercased())
                            .replacingOccurrences(of: "{\(letter)\(index):long}", with: id + "Z")
                            .replacingOccurrences(of: "{\(letter)\(index)}", with: id)
                    }
                }
                return text == "null" || Int(text) != nil ? text : "'\(text)'"
            }
            let object = field == "WhoId" ? "Task" : "Lead"
            for negated in [false, true] {
                let list = "\(field) \(negated ? "NOT IN" : "IN") (\(literals.joined(separator: ", ")))"
                let ored = literals.map { "\(field) = \($0)" }.joined(separator: " OR ")
                let select = "SELECT Id FROM \(object) WHERE "
                let byList = try await client.soql(select + list, token: token)
                let byEqualities = try await client.soql(select + (negated ? "NOT (\(ored))" : ored), token: token)
                #expect(byList.status == 200, "\(byList.text)")
                #expect(Self.records(byList) == Self.records(byEqualities), "\(list)")
                if !negated { #expect(!Self.records(byList).isEmpty, "\(list)") }
            }
        }
    }

    @Test("ids compare on their 15-character form in order, as the scan does")
    func idOrder() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let leads = try await Self.ids("Lead", client: client, token: token)
            let cut = leads[10]
            let before = try await client.soql("SELECT Id FROM Lead WHERE Id < '\(cut)' ORDER BY Id", token: token)
            #expect(Self.records(before).map { $0["Id"] } == leads.prefix(10).map { $0 })
            let from = try await client.soql("SELECT Id FROM Lead WHERE Id >= '\(cut.prefix(15))' ORDER BY Id",
                                             token: token)
            #expect(Self.records(from).map { $0["Id"] } == leads.dropFirst(10).map { $0 })
        }
    }

    @Test("a signed number in an id is no id: 404, not a crash")
    func signedID() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            for id in ["00QSb0-00000001", "00QSb0+00000001"] {
                let read = try await client.salesforce("GET", "/services/data/v60.0/sobjects/Lead/\(id)", token: token)
                #expect(read.status == 404)
                let query = try await client.soql("SELECT Id FROM Lead WHERE Id = '\(id)'", token: token)
                #expect(query.object["totalSize"] as? Int == 0)
            }
        }
    }

    static func ids(_ object: String, client: TestClient, token: String) async throws -> [String] {
        let reply = try await client.soql("SELECT Id FROM \(object) ORDER BY Id", token: token)
        return (reply.object["records"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String }
    }

    static func records(_ reply: TestClient.Reply) -> [[String: String]] {
        (reply.object["records"] as? [[String: Any]] ?? []).map { record in
            record.filter { $0.key != "attributes" }.mapValues { "\($0)" }
        }
    }

    /// The WHERE condition and what follows it (ORDER BY, LIMIT).
    static func split(_ clause: String) -> (condition: String, rest: String) {
        guard let range = clause.range(of: " ORDER BY ") else { return (clause, "") }
        return (String(clause[..<range.lowerBound]), String(clause[range.lowerBound...]))
    }
}
