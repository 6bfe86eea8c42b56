/// What a batch of contact patches does to the store, decided in memory before anything is written.
///
/// Patches are applied in order: a person who appears twice in a batch (or in two systems) is merged once and
/// written once. New contacts get ids from `nextID` (the batch runs inside the write transaction, so no one else
/// takes them).
struct ContactBatchPlan {
    struct Link {
        var key: LinkKey
        var contactID: Int64
        var modifiedAt: Int64?
        var fingerprint: Int64
        /// Nil while the link is its contact's only one (see ``SentFields``).
        var sent: SentFields?
    }

    /// Kept current with the batch, except for the certainly-new contacts at the end of `created` and `links`:
    /// those are added only when a record that needs a look-up arrives (``indexFreshContacts()``). A first import
    /// is almost all certainly-new records, and two dictionary inserts each were a tenth of its writer thread.
    private(set) var identities: IdentityIndex
    var nextID: Int64
    /// The change time of records that carry no modified time: the time of the import.
    let now: Int64
    /// The merged state of every stored contact the batch changes, by id.
    private(set) var merges: [Int64: ContactMerge] = [:]
    /// Ids of `merges` in the order they were first touched, so that writes are deterministic.
    private(set) var updatedOrder: [Int64] = []
    /// The contacts the batch creates: ids `firstNewID`, `firstNewID + 1`, … in order.
    private(set) var created: [ContactMerge] = []
    /// The first id the batch gives a new contact: ids from here on are new.
    let firstNewID: Int64
    /// The position in `links` of the link that made each contact of `created`.
    private var creatorLinks: [Int] = []
    private(set) var links: [Link] = []
    /// Stored links that are given what they sent (``SentFields``) because another link joined their contact.
    private(set) var linksGivenHashes: [(LinkKey, SentFields)] = []
    private var contactsWithHashedLinks: Set<Int64> = []
    /// Emails the batch gave to contacts (new contacts, changed emails), in order; kept only for a bulk load,
    /// whose email table must learn them.
    private(set) var assignedEmails: [(String, Int64)] = []
    private let tracksAssignedEmails: Bool
    /// Stored contacts whose email the batch changes: their old addresses are freed before anything is written,
    /// so that a contact created (or changed) in the same batch can take one.
    private(set) var changedEmails: Set<Int64> = []
    var result = ApplyResult()
    /// `created` and `links` from these positions on are certainly-new contacts not yet in `identities`.
    private var unindexedCreated = 0
    private var unindexedLinks = 0

    init(
        identities: IdentityIndex, nextID: Int64, now: Int64, capacity: Int = 0, tracksAssignedEmails: Bool = false
    ) {
        self.identities = identities
        self.nextID = nextID
        self.now = now
        self.tracksAssignedEmails = tracksAssignedEmails
        firstNewID = nextID
        created.reserveCapacity(capacity)
        creatorLinks.reserveCapacity(capacity)
        links.reserveCapacity(capacity)
        if tracksAssignedEmails { assignedEmails.reserveCapacity(capacity) }
        self.identities.links.reserveCapacity(self.identities.links.count + capacity)
        self.identities.emails.reserveCapacity(self.identities.emails.count + capacity)
    }

    /// Whether the batch creates the contact with this id.
    func isNew(_ id: Int64) -> Bool { id >= firstNewID }

    /// The batch's merged state of a contact it already touched.
    private func pending(_ id: Int64) -> ContactMerge? {
        isNew(id) ? created[Int(id - firstNewID)] : merges[id]
    }

    /// Decides one patch.
    ///
    /// - Parameters:
    ///   - fingerprint: `patch.fingerprint`, computed by the caller (the import computes it on the mapping thread).
    ///   - stored: reads a stored contact by id.
    ///   - soleLinks: the stored links of a contact that have no ``SentFields`` yet (its only link, if any).
    ///   - emailOwner: the id of the stored contact with this email, if any.
    ///   - certainlyNew: neither the link nor the email is stored or was seen earlier in the import (an
    ///     ``IdentityFilter`` said so): the patch creates a contact without looking anything up.
    mutating func add(
        _ patch: ContactPatch, fingerprint: Int64, certainlyNew: Bool = false,
        stored: (Int64) throws -> StoredContact?, soleLinks: (Int64) throws -> [LinkKey],
        emailOwner: (String) throws -> Int64?
    ) throws {
        let key = LinkKey(system: patch.system, object: patch.object, id: patch.externalID)
        if certainlyNew {
            createFresh(patch, key: key, fingerprint: fingerprint)
            return
        }
        indexFreshContacts()
        // What this record adds is indexed as it goes.
        defer {
            unindexedCreated = created.count
            unindexedLinks = links.count
        }
        let link = identities.links[key]
        if let link, link.fingerprint == fingerprint {
            result.unchanged += 1
            return
        }
        // An older version of a record than the one applied (a duplicate in an export, an overlap window) says
        // nothing new: the newer record wins whatever the order they come in.
        if let link, let applied = link.modifiedAt, let incoming = patch.modifiedAt, incoming < applied {
            result.unchanged += 1
            return
        }
        let existingID = link?.contactID ?? patch.email.flatMap { identities.emails[$0] }
        var merge: ContactMerge
        var oldEmail: String?
        if let id = existingID, let pending = pending(id) {
            merge = pending
            oldEmail = pending.values[CanonicalField.email.ordinal]?.text
        } else if let id = existingID, let contact = try stored(id) {
            merge = ContactMerge(contact)
            oldEmail = contact.email
        } else {
            create(patch, key: key, fingerprint: fingerprint)
            return
        }
        let id = existingID!
        let previous: ContactMerge.Previous
        let sent: SentFields?
        if let link {
            previous = link.sent.map { .sent($0) } ?? .soleLink
            sent = link.sent == nil ? nil : SentFields(patch)
        } else {
            // A second record joins the contact: from now on each of its links keeps what it sent.
            try giveHashes(toLinksOf: id, holding: merge, except: key, soleLinks: soleLinks)
            previous = .newLink
            sent = SentFields(patch)
        }
        merge.markApplied()
        if case .newLink = previous { merge.forgetSoleLink() }
        merge.apply(patch, changedAt: patch.modifiedAt ?? now, previous: previous)
        guard merge.changed else {
            result.unchanged += 1
            addLink(key, id, patch, fingerprint, sent)
            return
        }
        if let newEmail = merge.values[CanonicalField.email.ordinal]?.text, newEmail != oldEmail {
            let owner = try identities.emails[newEmail] ?? emailOwner(newEmail)
            if let owner, owner != id {
                result.rejected.append(RecordRejection(
                    code: "identity.email_taken",
                    message: "\(patch.system) \(patch.object) \(patch.externalID) changes its email to \(newEmail), "
                        + "which belongs to contact #\(owner); merge the two records in \(patch.system), then "
                        + "import again",
                    location: patch.location, externalID: patch.externalID))
                return
            }
            // The old address is free now: a later record with it in this batch is someone else.
            if let oldEmail, identities.emails[oldEmail] == id { identities.emails[oldEmail] = nil }
            identities.emails[newEmail] = id
            if tracksAssignedEmails { assignedEmails.append((newEmail, id)) }
            if !isNew(id) { changedEmails.insert(id) }
        }
        if isNew(id) {
            created[Int(id - firstNewID)] = merge
        } else {
            if merges[id] == nil { updatedOrder.append(id) }
            merges[id] = merge
        }
        result.updated += 1
        addLink(key, id, patch, fingerprint, sent)
    }

    /// The links of a contact that has had one until now get what they sent: the contact's values.
    private mutating func giveHashes(
        toLinksOf id: Int64, holding merge: ContactMerge, except key: LinkKey, soleLinks: (Int64) throws -> [LinkKey]
    ) throws {
        guard contactsWithHashedLinks.insert(id).inserted else { return }
        let sent = SentFields(holding: merge)
        var keys: [LinkKey] = []
        if isNew(id) {
            keys = [links[creatorLinks[Int(id - firstNewID)]].key]
        } else {
            keys = try soleLinks(id)
        }
        for other in keys where other != key {
            if let state = identities.links[other], let position = state.position {
                if links[position].sent == nil { links[position].sent = sent }
            } else {
                linksGivenHashes.append((other, sent))
            }
            if var state = identities.links[other], state.sent == nil {
                state.sent = sent
                identities.links[other] = state
            }
        }
    }

    /// A new contact from the patch, with its link.
    private mutating func create(_ patch: ContactPatch, key: LinkKey, fingerprint: Int64) {
        let id = nextID
        nextID += 1
        created.append(ContactMerge(creatingFrom: patch, changedAt: patch.modifiedAt ?? now))
        if let email = patch.email {
            identities.emails[email] = id
            if tracksAssignedEmails { assignedEmails.append((email, id)) }
        }
        addLink(key, id, patch, fingerprint, nil)
        creatorLinks.append(identities.links[key]!.position!)
        result.created += 1
    }

    /// A contact from a certainly-new patch: neither its link nor its email is anywhere in the store or the batch,
    /// so nothing needs to find it until a record that needs a look-up arrives.
    private mutating func createFresh(_ patch: ContactPatch, key: LinkKey, fingerprint: Int64) {
        let id = nextID
        nextID += 1
        created.append(ContactMerge(creatingFrom: patch, changedAt: patch.modifiedAt ?? now))
        if tracksAssignedEmails, let email = patch.email { assignedEmails.append((email, id)) }
        creatorLinks.append(links.count)
        links.append(Link(key: key, contactID: id, modifiedAt: patch.modifiedAt, fingerprint: fingerprint, sent: nil))
        result.created += 1
    }

    /// Adds the certainly-new contacts created since the last look-up to `identities`.
    private mutating func indexFreshContacts() {
        for position in unindexedLinks..<links.count {
            let link = links[position]
            identities.links[link.key] = IdentityIndex.LinkState(
                contactID: link.contactID, fingerprint: link.fingerprint, position: position,
                modifiedAt: link.modifiedAt, sent: link.sent)
        }
        for offset in unindexedCreated..<created.count {
            if let email = created[offset].values[CanonicalField.email.ordinal]?.text {
                identities.emails[email] = firstNewID + Int64(offset)
            }
        }
        unindexedCreated = created.count
        unindexedLinks = links.count
    }

    /// Records the link to write; a record seen twice in a batch is written once, as last seen.
    private mutating func addLink(
        _ key: LinkKey, _ id: Int64, _ patch: ContactPatch, _ fingerprint: Int64, _ sent: SentFields?
    ) {
        let link = Link(key: key, contactID: id, modifiedAt: patch.modifiedAt, fingerprint: fingerprint, sent: sent)
        let position = identities.links[key]?.position ?? links.count
        if position < links.count { links[position] = link } else { links.append(link) }
        identities.links[key] = IdentityIndex.LinkState(
            contactID: id, fingerprint: fingerprint, position: position, modifiedAt: patch.modifiedAt, sent: link.sent)
    }
}
