import Foundation
import GRDB
import Testing

@testable import LeadBridge

/// A stream's paging token is kept next to its cursor, committed with the page it follows.
@Suite struct StreamPositionTests {
    static let now: Int64 = 1_793_491_200

    @Test func thePageTokenIsSavedWithItsPageAndReadWithTheCursor() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        let run = try store.startRun(command: "pull", connection: "marketo", now: Self.now)
        #expect(try store.streamPosition(connection: "marketo", stream: "activities") == nil)
        // Given a page of activities stored with the token of the next page
        _ = try store.applyPulledPage(
            contacts: [], activities: [], rejects: [], cursor: StreamCursor(time: 1_000, id: "7"),
            pageToken: "GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ",
            connection: "marketo", stream: "activities", runID: run, now: Self.now)
        // Then the cursor and the token read back together
        #expect(try store.streamPosition(connection: "marketo", stream: "activities") == StreamPosition(
            cursor: StreamCursor(time: 1_000, id: "7"), pageToken: "GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ"))
        // When the next page comes with a new token, Then the token moves with it; a page without one keeps it
        _ = try store.applyPulledPage(
            contacts: [], activities: [], rejects: [], cursor: StreamCursor(time: 2_000, id: "9"), pageToken: "NEXT",
            connection: "marketo", stream: "activities", runID: run, now: Self.now)
        _ = try store.applyPulledPage(
            contacts: [], activities: [], rejects: [], cursor: nil,
            connection: "marketo", stream: "activities", runID: run, now: Self.now)
        #expect(try store.streamPosition(connection: "marketo", stream: "activities") == StreamPosition(
            cursor: StreamCursor(time: 2_000, id: "9"), pageToken: "NEXT"))
        #expect(
            try store.streamCursor(connection: "marketo", stream: "activities") == StreamCursor(time: 2_000, id: "9"))
        // And a reset forgets both
        try store.resetStreamCursors(connection: "marketo")
        #expect(try store.streamPosition(connection: "marketo", stream: "activities") == nil)
    }

    @Test func aTokenWithoutACursorIsKept() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        let run = try store.startRun(command: "pull", connection: "marketo", now: Self.now)
        _ = try store.applyPulledPage(
            contacts: [], activities: [], rejects: [], cursor: nil, pageToken: "FIRST",
            connection: "marketo", stream: "activities", runID: run, now: Self.now)
        #expect(try store.streamPosition(connection: "marketo", stream: "activities")
            == StreamPosition(cursor: nil, pageToken: "FIRST"))
        #expect(try store.streamCursor(connection: "marketo", stream: "activities") == nil)
    }
}
