import Synchronization
import LeadBridgeConnectors
import Testing

@Suite(.timeLimit(.minutes(1))) struct RatePacerTests {
    func admit(_ pacer: RatePacer, times: Int) async throws -> [ContinuousClock.Instant] {
        var instants: [ContinuousClock.Instant] = []
        for _ in 0..<times {
            try await pacer.admit("GET /x")
            instants.append(ContinuousClock.now)
            await pacer.finish("GET /x")
        }
        return instants
    }

    @Test("no more than the announced maximum goes out in any window")
    func keepsInsideTheWindow() async throws {
        // Given an API that allows 3 requests per 300 ms
        let pacer = RatePacer()
        await pacer.observe(RateWindow(max: 3, interval: .milliseconds(300), remaining: 3))
        // When 7 requests are admitted
        let instants = try await admit(pacer, times: 7)
        // Then the 4th is at least a window after the 1st, and so on
        for index in 3..<instants.count {
            #expect(instants[index] - instants[index - 3] >= .milliseconds(300))
        }
        #expect(instants[6] - instants[0] >= .milliseconds(600))
    }

    @Test("when the API says nothing is left, the next request waits for the oldest to leave the window")
    func waitsWhenTheAPISaysNothingIsLeft() async throws {
        let pacer = RatePacer()
        let first = try await admit(pacer, times: 1)[0]
        // Given a response saying the shared window is spent (other clients used it)
        await pacer.observe(RateWindow(max: 100, interval: .milliseconds(250), remaining: 0))
        // When the next request is admitted, it waits a window after the first
        let second = try await admit(pacer, times: 1)[0]
        #expect(second - first >= .milliseconds(250))
    }

    @Test("without an announced window nothing waits")
    func noWindowNoWait() async throws {
        let pacer = RatePacer()
        let started = ContinuousClock.now
        _ = try await admit(pacer, times: 50)
        #expect(ContinuousClock.now - started < .milliseconds(200))
    }
}

/// A clock whose time moves only when someone sleeps on it (or it is advanced): sleeping moves it to the deadline
/// and records the pause.
final class SteppingClock: Clock, Sendable {
    typealias Duration = Swift.Duration
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }
    let time = Mutex(Instant(offset: .zero))
    /// The pauses of every sleep that moved the time, in order.
    let pauses = Mutex<[Duration]>([])
    var now: Instant { time.withLock { $0 } }
    var minimumResolution: Duration { .nanoseconds(1) }
    var sleeps: [Duration] { pauses.withLock { $0 } }
    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let pause = time.withLock { time in
            defer { time = max(time, deadline) }
            return time.duration(to: deadline)
        }
        if pause > .zero { pauses.withLock { $0.append(pause) } }
    }
    func advance(by duration: Duration) { time.withLock { $0 = $0.advanced(by: duration) } }
}

@Suite struct RatePacerDocumentedLimitTests {
    static let search = DocumentedRateLimit(name: "search", max: 5, per: .seconds(1), startsSpent: true) {
        $0.hasSuffix("/search")
    }

    @Test("a documented limit lets `max` covered requests through, then waits until the first ended a window ago")
    func documentedLimit() async throws {
        // Given 5 searches a second, each answered 100 ms after it was sent
        let clock = SteppingClock()
        let pacer = RatePacer(limits: [Self.search], clock: clock)
        // And a request the limit does not cover, which never waits for it
        try await pacer.admit("GET /crm/v3/objects/contacts")
        #expect(clock.now.offset == .zero)
        var sentAt: [Duration] = []
        for _ in 0..<7 {
            try await pacer.admit("POST /crm/v3/objects/contacts/search")
            sentAt.append(clock.now.offset)
            clock.advance(by: .milliseconds(100))
            await pacer.finish("POST /crm/v3/objects/contacts/search")
        }
        // Then the first waits a window (the account's searches just before are unknown), the next four follow at
        // once, the sixth goes a second after the first one's answer
        #expect(sentAt[..<5] == [.seconds(1), .milliseconds(1_100), .milliseconds(1_200), .milliseconds(1_300),
                                 .milliseconds(1_400)])
        #expect(sentAt[5] == .milliseconds(2_100))
        #expect(sentAt[6] == .milliseconds(2_200))
    }
}

@Suite struct RatePacerMarketoWindowTests {
    @Test("Marketo's 100 calls per 20 s: a fresh window starts empty, the 101st call waits for the 1st to leave it")
    func marketoWindow() async throws {
        // Given Marketo's documented limit on a new pacer, each call answered 10 ms after it was sent
        let clock = SteppingClock()
        let pacer = RatePacer(limits: [MarketoDialect.rateLimit(callsPer20Seconds: 100)], clock: clock)
        var sentAt: [Duration] = []
        for index in 0..<102 {
            let endpoint = index.isMultiple(of: 2) ? "GET /rest/v1/activities.json"
                : "POST /bulk/v1/leads/export/create.json"
            try await pacer.admit(endpoint)
            sentAt.append(clock.now.offset)
            clock.advance(by: .milliseconds(10))
            await pacer.finish(endpoint)
        }
        // Then the first 100 go at once (no wait for calls of an earlier run), every endpoint counting
        #expect(sentAt[0] == .zero)
        #expect(sentAt[99] == .milliseconds(990))
        // And the 101st waits until the first call's answer is 20 s old (the one wait); the 102nd follows as the
        // second call's answer leaves the window
        #expect(sentAt[100] == .milliseconds(20_010))
        #expect(sentAt[101] == .milliseconds(20_020))
        #expect(clock.sleeps == [.milliseconds(19_010)])
    }
}
