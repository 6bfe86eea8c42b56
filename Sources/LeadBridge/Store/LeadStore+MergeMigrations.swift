import Foundation
import GRDB

extension LeadStore {
    /// v4: what each link of a contact fed by several records last sent, field by field, so that a record pulled
    /// again moves only the fields that changed in its source (see ``SentFields``; a contact's only link has none).
    /// `contacts.field_ranks` keeps its name and gains the time each field changed (see ``FieldRanksText``); its
    /// old text reads as ranks of unknown time. Links of contacts that several records already feed are given the
    /// contact's values as what they sent: the best a store that kept no history can say.
    static func registerMergeMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-merge-provenance") { db in
            try db.execute(sql: "ALTER TABLE source_links ADD COLUMN field_hashes BLOB")
            let shared = try Int64.fetchAll(db, sql: """
                SELECT contact_id FROM source_links GROUP BY contact_id HAVING COUNT(*) > 1
                """)
            for id in shared {
                guard let row = try Row.fetchOne(db, sql: selectContactSQL, arguments: [id]) else { continue }
                let sent = SentFields(holding: ContactMerge(storedContact(row)))
                try db.execute(sql: "UPDATE source_links SET field_hashes = ? WHERE contact_id = ?",
                               arguments: [Data(sent.encoded), id])
            }
        }
    }
}
