import Testing

@testable import LeadBridge

/// Mapping and scoring read text through one normalizer: the same domain, the same folding.
@Suite struct TextNormalizerTests {
    @Test(arguments: [
        ("Ann@WWW.Acme.COM", "acme.com"),
        ("ann@ gmail.com", "gmail.com"),
        ("a@b@gmail.com", "gmail.com"),
        ("https://www.acme.com/pricing?x=1", "acme.com"),
        ("http://Acme.com:8080", "acme.com"),
        ("acme.com", "acme.com"),
        ("  www.acme.com  ", "acme.com"),
    ])
    func theDomainOfAnEmailOrURL(value: String, domain: String) {
        #expect(TextNormalizer.domain(of: value) == domain)
    }

    @Test(arguments: [
        ("Ann@WWW.Acme.COM", "acme.com"), (" ann@gmail.com\t", "gmail.com"), ("no-at-sign.com", ""), ("ann@", ""),
        ("", ""),
    ])
    func theDomainOfAnEmailIsNeverReadAsAURL(email: String, domain: String) {
        #expect(TextNormalizer.emailDomain(of: email) == domain)
    }

    @Test(arguments: [(" Software\t", "software"), ("FINTECH", "fintech"), ("   ", ""), ("\nVP Sales\r\n", "vp sales")])
    func foldingTrimsAndLowerCases(value: String, folded: String) {
        #expect(TextNormalizer.folded(value) == folded)
    }

    @Test(arguments: [
        ("https://www.partner.io/about", true), ("WWW.Partner.IO", true), ("partner.io", true), ("other.io", false),
    ])
    func aDomainRuleReadsTheDomainFieldAsTheMappingsDomainTransformDoes(stored: String, fires: Bool) throws {
        try ScoringTestStore.with { fixture in
            // Given a `domain_in` fit rule on the domain field, and a contact whose domain was stored unnormalized
            let model = try ScoringTestStore.model(
                fit: "[{ name: partner, field: domain, domain_in: partners, points: 30 }]",
                lists: "lists: { partners: [partner.io] }")
            let id = try fixture.addContact(["email": "ann@example.com", "domain": stored])
            // When the store is scored
            _ = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            // Then the rule fires exactly when the mapping's `domain` transform would give a listed domain
            let transformed = try Transform.domain.apply(stored)
            #expect((transformed == "partner.io") == fires)
            #expect(try fixture.stored(id)?.fit == (fires ? 30 : 0))
        }
    }
}
