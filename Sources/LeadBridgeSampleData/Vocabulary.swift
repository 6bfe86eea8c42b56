/// Word lists the generator draws from. Small on purpose: realistic shapes, not a census.
enum Vocabulary {
    static let firstNames = [
        "Ada", "Alan", "Amara", "Ana", "Arjun", "Beatriz", "Carlos", "Chen", "Chloé", "Daniel", "Dmitri", "Elena",
        "Emeka", "Fatima", "Felix", "Grace", "Hannah", "Hiroshi", "Ingrid", "Isabel", "Jamal", "Jana", "João",
        "Julia", "Kenji", "Lars", "Leila", "Liam", "Lucía", "Maya", "Mei", "Mohammed", "Nadia", "Noah", "Olga",
        "Omar", "Priya", "Rafael", "Sara", "Sofia", "Søren", "Tariq", "Thomas", "Uma", "Victor", "Wei", "Yuki",
        "Zanele", "Zoe", "Ibrahim",
    ]
    static let lastNames = [
        "Abe", "Adeyemi", "Andersen", "Bauer", "Brown", "Castro", "Chen", "Costa", "Dubois", "Eriksson", "Fischer",
        "García", "Gupta", "Hansen", "Ivanova", "Jensen", "Kim", "Kowalski", "Lee", "Lopez", "Martin", "Müller",
        "Nakamura", "Nguyen", "Novak", "O'Brien", "Okafor", "Patel", "Petrov", "Rossi", "Santos", "Schmidt", "Silva",
        "Singh", "Smith", "Suzuki", "Tanaka", "Taylor", "Wang", "Weber", "Williams", "Yamamoto", "Zhang", "Dvořák",
    ]
    /// (title, seniority 0–4): seniority shifts the odds of sales having worked the person.
    static let titles: [(String, Int)] = [
        ("Chief Technology Officer", 4), ("CIO", 4), ("VP Engineering", 3), ("Vice President, Marketing", 3),
        ("Director of IT", 3), ("Head of Data", 3), ("Director, Revenue Operations", 3), ("Engineering Manager", 2),
        ("Marketing Operations Manager", 2), ("IT Manager", 2), ("Senior Software Engineer", 1),
        ("Data Analyst", 1), ("Marketing Specialist", 1), ("Software Engineer", 1), ("Student", 0),
        ("Consultant", 1), ("Office Manager", 0), ("Sales Representative", 0), ("Product Manager", 2),
        ("Founder & CEO", 4),
    ]
    static let companyStems = [
        "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent", "Tyrell",
        "Cyberdyne", "Wonka", "Aperture", "Black Mesa", "Nakatomi", "Oscorp", "Massive", "Pied Piper", "Dunder",
        "Monarch", "Gringotts", "Zenith", "Northwind", "Contoso", "Fabrikam", "Litware", "Tailspin", "Adatum",
        "Proseware", "Woodgrove", "Lucerne", "Fourth Coffee", "Blue Yonder", "Alpine", "Coho", "Humongous",
    ]
    static let companySuffixes = ["Inc", "GmbH", "Ltd", "Labs", "Systems", "Group", "Bank", "Health", "AG", "SA"]
    static let freeMailDomains = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "gmx.de", "icloud.com"]
    static let industries = [
        "Information Technology", "Software", "Banking", "Financial Services", "Healthcare", "Manufacturing",
        "Retail", "Education", "Government", "Telecommunications", "Insurance", "Media",
    ]
    static let countries: [(String, [String])] = [
        ("United States", ["New York", "San Francisco", "Austin", "Chicago", "Boston"]),
        ("United Kingdom", ["London", "Manchester", "Edinburgh"]),
        ("Germany", ["Berlin", "München", "Hamburg"]),
        ("France", ["Paris", "Lyon"]),
        ("Canada", ["Toronto", "Montréal", "Vancouver"]),
        ("India", ["Bengaluru", "Mumbai", "Pune"]),
        ("Japan", ["Tokyo", "Osaka"]),
        ("Brazil", ["São Paulo", "Rio de Janeiro"]),
        ("Australia", ["Sydney", "Melbourne"]),
        ("Netherlands", ["Amsterdam", "Utrecht"]),
    ]
    static let leadSources = ["Website", "Webinar", "Trade Show", "Paid Search", "Referral", "Content Syndication"]
    static let pages = ["/", "/blog/data-quality", "/blog/lead-scoring-101", "/product", "/integrations", "/careers",
                        "/docs/getting-started", "/customers"]
    static let engagedPages = ["/pricing", "/pricing", "/pricing/enterprise", "/product", "/security", "/compare",
                               "/docs/api", "/customers"]
    static let formPages = ["/contact", "/whitepaper/roi", "/ebook/mql-guide", "/newsletter"]
    static let assets = ["ROI Whitepaper", "MQL Guide eBook", "Newsletter Signup", "Contact Us"]
    static let campaigns = ["Q3 Nurture", "Product Launch", "Webinar Series", "Re-engagement", "Customer Newsletter",
                            "Paid Social Retargeting"]
    static let webinars = ["Scoring Leads That Sales Trusts", "Data Quality Live", "Pipeline Forecasting 2026"]
}
