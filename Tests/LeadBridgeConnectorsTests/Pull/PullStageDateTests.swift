import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

/// The CRM's own stage dates (`extra.stage_date.<stage>`) are read when the remote has them, and set aside with a
/// warning when it does not: portals and orgs differ in which stages they date, and a pull must not fail for it.
@Suite("Pull: CRM stage dates, optional per remote")
struct PullStageDateTests {
    static func job(_ store: LeadStore) -> PullJob {
        PullJob(store: store, connectors: ConnectorRegistry.standard(transport: PullFixtures.transport),
                environment: JobEnvironment(now: PullFixtures.puller(store).now, clock: ContinuousClock(),
                                            logger: PullFixtures.quiet))
    }

    static func text(_ store: LeadStore, _ sql: String) throws -> String? {
        try store.read { db in try String.fetchOne(db, sql: sql) }
    }

    /// The HubSpot ids of the pulled contacts at `stage`.
    static func hubSpotIDs(_ store: LeadStore, stage: String) throws -> [String] {
        try store.read { db in
            try String.fetchAll(db, sql: """
                SELECT l.external_id FROM source_links l JOIN contacts c ON c.id = l.contact_id
                WHERE l.system = 'hubspot' AND c.lifecycle_stage = ? ORDER BY l.external_id
                """, arguments: [stage])
        }
    }

    static func config(_ sandbox: RunningSandbox, folder: URL, hubSpotMapping: String, salesforceMapping: String)
        throws -> LeadBridgeConfig
    {
        let path = folder.appendingPathComponent("leadbridge.yml").path
        try """
            connections:
              hubspot:
                kind: hubspot
                base_url: \(sandbox.baseURL(for: .hubspot).absoluteString)
                token: ${HS_TOKEN}
                mapping: \(hubSpotMapping)
              salesforce:
                kind: salesforce
                base_url: \(sandbox.baseURL(for: .salesforce).absoluteString)
                client_id: ${SF_ID}
                client_secret: ${SF_SECRET}
                mapping: \(salesforceMapping)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return try LeadBridgeConfig.load(path: path, environment: [
            "HS_TOKEN": SandboxCredentials.hubSpotAccessToken, "SF_ID": SandboxCredentials.salesforceClientID,
            "SF_SECRET": SandboxCredentials.salesforceClientSecret,
        ])
    }

    /// The config with the shipped HubSpot and Salesforce mappings.
    static func shippedConfig(_ sandbox: RunningSandbox, folder: URL) throws -> LeadBridgeConfig {
        let root = PullFixtures.repositoryRoot.path
        return try config(sandbox, folder: folder, hubSpotMapping: "\(root)/Mappings/hubspot.yml",
                          salesforceMapping: "\(root)/Mappings/salesforce.yml")
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stagedates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("the shipped HubSpot mapping reads HubSpot's Became-a-stage dates for every contact past lead")
    func shippedHubSpotMappingReadsStageDates() async throws {
        PullFixtures.avoidProxies()
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 0)) { sandbox in
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let config = try Self.shippedConfig(sandbox, folder: folder)
            let store = try PullFixtures.temporaryStore()
            // When the shipped mapping pulls HubSpot
            let outcome = try await Self.job(store).run(config: config, connections: ["hubspot"], full: false)
            // Then nothing was set aside, and each contact at a dated stage carries that stage's CRM date
            #expect(outcome.reports.first?.warnings == [])
            for stage in ["mql", "sql", "opportunity", "customer"] {
                let atStage = try PullFixtures.count(
                    store, "SELECT COUNT(*) FROM contacts WHERE lifecycle_stage = '\(stage)'")
                let dated = try PullFixtures.count(store, """
                    SELECT COUNT(*) FROM contacts WHERE lifecycle_stage = '\(stage)'
                    AND json_extract(extra, '$."stage_date.\(stage)"') IS NOT NULL
                    """)
                #expect(dated == atStage, "\(stage): \(dated) of \(atStage) dated")
            }
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts WHERE lifecycle_stage = 'sql'") > 0)
        }
    }

    @Test("a stage date the remote lacks is a warning at its line; the pull goes on without it (HubSpot, Salesforce)")
    func missingStageDateIsAWarning() async throws {
        PullFixtures.avoidProxies()
        try await withSandbox(SandboxConfiguration(contacts: 40, activitiesPerContact: 0)) { sandbox in
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            // Given mappings naming a stage date each remote has and one it lacks (a custom field, a custom stage)
            let hubSpot = folder.appendingPathComponent("hubspot.yml").path
            try """
                object: contacts
                key: id
                modified: { from: properties.lastmodifieddate, transform: [date] }
                fields:
                  email: { from: properties.email, required: true }
                  extra.stage_date.sql: properties.hs_lifecyclestage_salesqualifiedlead_date
                  extra.stage_date.sal: properties.hs_v2_date_entered_1234567
                """.write(toFile: hubSpot, atomically: true, encoding: .utf8)
            let salesforce = folder.appendingPathComponent("salesforce.yml").path
            try """
                object: Lead
                key: Id
                modified: { from: SystemModstamp, transform: [date] }
                fields:
                  email: { from: Email, required: true }
                  extra.stage_date.sal: Sales_Accepted_Date__c
                """.write(toFile: salesforce, atomically: true, encoding: .utf8)
            let config = try Self.config(sandbox, folder: folder, hubSpotMapping: hubSpot,
                                         salesforceMapping: salesforce)
            let store = try PullFixtures.temporaryStore()
            // When both are pulled
            let outcome = try await Self.job(store).run(config: config, connections: ["hubspot", "salesforce"],
                                                        full: false)
            // Then each pull stored its contacts and warned once, at the line of the missing field
            let warnings = Dictionary(uniqueKeysWithValues: outcome.reports.map { ($0.connection, $0.warnings) })
            #expect(warnings["hubspot"]?.count == 1)
            #expect(warnings["hubspot"]?.first?.contains("hubspot.yml:7:") == true, "\(warnings)")
            #expect(warnings["hubspot"]?.first?.contains("hs_v2_date_entered_1234567") == true)
            #expect(warnings["salesforce"]?.count == 1)
            #expect(warnings["salesforce"]?.first?.contains("salesforce.yml:6:") == true, "\(warnings)")
            #expect(warnings["salesforce"]?.first?.contains("Sales_Accepted_Date__c") == true)
            #expect(outcome.reports.allSatisfy { $0.read > 0 && $0.rejected == 0 })
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM contacts WHERE json_extract(extra, '$."stage_date.sql"') IS NOT NULL
                """) > 0)
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM contacts WHERE json_extract(extra, '$."stage_date.sal"') IS NOT NULL
                """) == 0)
        }
    }

    @Test("HubSpot sets a stage's date when a write moves a contact into it, and keeps it when other fields change")
    func sandboxDatesStageWrites() async throws {
        PullFixtures.avoidProxies()
        try await withSandbox(SandboxConfiguration(contacts: 30, activitiesPerContact: 0)) { sandbox in
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let config = try Self.shippedConfig(sandbox, folder: folder)
            let store = try PullFixtures.temporaryStore()
            _ = try await Self.job(store).run(config: config, connections: ["hubspot"], full: false)
            let lead = try #require(try Self.hubSpotIDs(store, stage: "lead").first)
            // When a rep moves a lead to SQL, and later edits its phone
            try await PullFixtures.edit(sandbox, vendor: "hubspot", object: "contacts", id: lead,
                                        fields: ["lifecyclestage": "salesqualifiedlead"])
            _ = try await Self.job(store).run(config: config, connections: ["hubspot"], full: false)
            let dated = try #require(try Self.text(store, """
                SELECT json_extract(c.extra, '$."stage_date.sql"') FROM contacts c
                JOIN source_links l ON l.contact_id = c.id WHERE l.system = 'hubspot' AND l.external_id = '\(lead)'
                """))
            try await PullFixtures.edit(sandbox, vendor: "hubspot", object: "contacts", id: lead,
                                        fields: ["phone": "+1 555 0100"])
            _ = try await Self.job(store).run(config: config, connections: ["hubspot"], full: false)
            // Then the SQL date is the stage write's, and the phone edit did not move it
            let after = try Self.text(store, """
                SELECT json_extract(c.extra, '$."stage_date.sql"') || '|' || c.phone FROM contacts c
                JOIN source_links l ON l.contact_id = c.id WHERE l.system = 'hubspot' AND l.external_id = '\(lead)'
                """)
            #expect(after == "\(dated)|+1 555 0100")
        }
    }
}
