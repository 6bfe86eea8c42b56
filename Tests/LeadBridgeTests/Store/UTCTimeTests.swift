import Testing
@testable import LeadBridge

@Suite struct UTCTimeTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2000-02-29T23:59:59Z", Int64(951_868_799)),
        ("2026-11-23T19:05:00Z", Int64(1_795_460_700)),
        ("1969-12-31T23:59:59Z", Int64(-1)),
    ])
    func roundTrips(text: String, seconds: Int64) {
        #expect(UTCTime.parse(text) == seconds)
        #expect(UTCTime.iso8601(seconds) == text)
    }

    @Test(arguments: ["2026-13-01", "2026-02-29", "2026-05-01T25:00", "2026-05-01X", "", "05/01/2026"])
    func refusesImpossibleTimes(text: String) {
        #expect(UTCTime.parse(text) == nil)
    }
}
