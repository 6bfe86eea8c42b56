import Foundation
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

@Suite("Pull: Salesforce Leads and Contacts against the sandbox")
struct PullSalesforceTests {
    init() { PullFixtures.avoidProxies() }

    @Test("client credentials: a first pull stores every Lead and Contact once; a rerun changes nothing")
    func firstAndSecondPull() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 1_000, activitiesPerContact: 0)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("salesforce")
            let source = PullFixtures.salesforce(sandbox)
            // When pulling everything
            let first = try await PullFixtures.puller(store).run(
                source: source, connection: "salesforce", mapping: mapping)
            // Then every record is linked once and the stage comes from Lifecycle_Stage__c
            let leads = try #require(first.streams.first { $0.stream == "Lead" })
            let contacts = try #require(first.streams.first { $0.stream == "Contact" })
            #expect(leads.read > 100 && contacts.read > 10)
            #expect(first.rejected == 0)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links WHERE object = 'Lead'") == leads.read)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links WHERE object = 'Contact'")
                == contacts.read)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts WHERE lifecycle_stage IS NULL") == 0)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts WHERE country IS NULL") == 0)
            #expect(await source.tokens.fetches == 1)
            // When pulling again
            let second = try await PullFixtures.puller(store).run(
                source: PullFixtures.salesforce(sandbox), connection: "salesforce", mapping: mapping)
            // Then nothing changes
            #expect(second.streams.allSatisfy { $0.created == 0 && $0.updated == 0 })
            #expect(second.apiCalls["GET /services/data/v60.0/queryAll"] == 3)
            #expect(second.apiCalls["GET /services/data/v60.0/query/{locator}"] == nil)
        }
    }

    @Test("a token that expires in the middle of paging is refreshed once and the pull completes")
    func tokenExpiryMidPaging() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 1_000, activitiesPerContact: 0)) { sandbox in
            let mapping = try PullFixtures.mapping("salesforce")
            let clean = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(clean).run(
                source: PullFixtures.salesforce(sandbox), connection: "salesforce", mapping: mapping)
            // Given the access token expires on the second page of the Lead query
            let grant = SalesforceGrant.refreshToken(
                clientID: Secret(SandboxCredentials.salesforceClientID), clientSecret: nil,
                refreshToken: Secret(SandboxCredentials.salesforceRefreshToken))
            let source = PullFixtures.salesforce(sandbox, grant: grant)
            await sandbox.injectFault(SandboxFault(kind: .tokenExpiry, count: 1, vendor: .salesforce,
                                                   pathContains: "/query/"))
            await sandbox.injectFault(SandboxFault(kind: .status, count: 2, vendor: .salesforce,
                                                   pathContains: "/query/", status: 503))
            let store = try PullFixtures.temporaryStore()
            let report = try await PullFixtures.puller(store).run(
                source: source, connection: "salesforce", mapping: mapping)
            // Then one new token was fetched and the content is that of a clean pull
            #expect(await source.tokens.fetches == 2)
            #expect(report.apiCalls["POST /services/oauth2/token"] == 2)
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        }
    }

    @Test("wrong connected-app credentials fail with one authentication error naming no secret")
    func badCredentials() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 50, activitiesPerContact: 0)) { sandbox in
            let secret = "definitely-wrong-secret-98765"
            let source = PullFixtures.salesforce(sandbox, grant: .clientCredentials(
                clientID: Secret(SandboxCredentials.salesforceClientID), clientSecret: Secret(secret)))
            let error = await #expect(throws: APIError.self) {
                try await PullFixtures.puller(PullFixtures.temporaryStore()).run(
                    source: source, connection: "salesforce", mapping: try PullFixtures.mapping("salesforce"))
            }
            #expect(error?.code == .authentication)
            #expect(error?.isConfigurationProblem == true)
            #expect(error.map { !"\($0)".contains(secret) } == true)
        }
    }

    @Test("a field the mapping reads that Lead does not have is reported before any record is read")
    func unknownField() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 50, activitiesPerContact: 0)) { sandbox in
            var mapping = try PullFixtures.mapping("salesforce")
            mapping.fields[0].rule.source = .field("Emial")
            let store = try PullFixtures.temporaryStore()
            let error = await #expect(throws: APIError.self) {
                try await PullFixtures.puller(store).run(
                    source: PullFixtures.salesforce(sandbox), connection: "salesforce", mapping: mapping)
            }
            #expect(error?.code == .badRequest)
            #expect(error?.message.contains("`Emial`") == true)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 0)
        }
    }

    @Test("Tasks become activities of the Lead or Contact their WhoId names; a rerun adds none")
    func tasksAsActivities() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 4)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("salesforce")
            let report = try await PullFixtures.puller(store).run(
                source: PullFixtures.salesforce(sandbox), connection: "salesforce", mapping: mapping)
            let tasks = try #require(report.streams.first { $0.stream == "Task" })
            #expect(tasks.read > 100)
            #expect(tasks.rejected == 0)
            #expect(tasks.created + tasks.skipped == tasks.read)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities") == tasks.created)
            #expect(try PullFixtures.count(store, "SELECT COUNT(DISTINCT type) FROM activities") >= 3)
            let contactTasks = try PullFixtures.count(store, """
                SELECT COUNT(*) FROM activities a JOIN source_links l ON l.contact_id = a.contact_id
                WHERE l.system = 'salesforce' AND l.object = 'Contact'
                """)
            #expect(contactTasks > 0)
            let again = try await PullFixtures.puller(store).run(
                source: PullFixtures.salesforce(sandbox), connection: "salesforce", mapping: mapping)
            #expect(again.streams.allSatisfy { $0.created == 0 && $0.updated == 0 })
        }
    }

    @Test("HubSpot and Salesforce pulls of the same people end in one contact per person")
    func bothSystemsOneContact() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 500, activitiesPerContact: 0)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot",
                mapping: try PullFixtures.mapping("hubspot"))
            let report = try await PullFixtures.puller(store).run(
                source: PullFixtures.salesforce(sandbox), connection: "salesforce",
                mapping: try PullFixtures.mapping("salesforce"))
            #expect(report.streams.reduce(0) { $0 + $1.created } == 0)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 500)
        }
    }
}
