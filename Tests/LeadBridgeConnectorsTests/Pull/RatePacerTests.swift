import LeadBridgeConnectors
import Testing

@Suite(.timeLimit(.minutes(1))) struct RatePacerTests {
    func admit(_ pacer: RatePacer, times: Int) async throws -> [ContinuousClock.Instant] {
        var instants: [ContinuousClock.Instant] = []
        for _ in 0..<times {
            try await pacer.admit { delay in try await Task.sleep(for: delay) }
            instants.append(ContinuousClock.now)
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
