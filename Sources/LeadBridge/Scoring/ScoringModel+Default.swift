extension ScoringModel {
    /// The shipped default model, identical to `config/scoring.yml` (a test checks): used by `init` and `demo`.
    public static let defaultYAML = #"""
# LeadBridge scoring model: what a qualified lead is, written down once for marketing and sales to sign off.
#
# A score has two halves that are kept apart, because activity without fit is noise:
#   fit         who the person is (title, company size, industry, email domain); grades A–D come from fit alone.
#   engagement  what they did (pages, forms, webinars, demo requests); each activity's points halve every
#               `half_life_days`, rules can be capped, the total is capped and never goes below zero.
# A lead becomes an MQL when the total AND the fit AND the engagement each reach their minimum (`mql`).
# LeadBridge only derives lead and mql; sal and later stages are set by sales in the CRM and never demoted.
#
# Fit rule conditions (one per rule, text compared without case):
#   equals: text | in: [a, b] | matches: regex (ICU; "(?i)" ignores case) | between: [low, high] (numbers,
#   inclusive) | domain_in: list (free_mail is built in; define others under `lists`) | missing: true/false
# Engagement rules: activity (page_view, form_fill, email_open, email_click, webinar_registered,
#   webinar_attended, demo_request, unsubscribe), optional url_matches / campaign_matches / asset_matches (regex),
#   within_days (recency window), points (per activity, before decay), cap (the most the rule adds).
# Every rule may have a `name`, shown by `leadbridge explain`. Editing a rule changes the model hash stored
# with each score; comments and spacing do not.
version: 1

lists:
  competitors: [rivalcrm.com, leadsync.io, funnelforge.com]

fit:
  - name: senior-title
    field: title
    matches: "(?i)\\b(vp|vice president|director|head|chief|cto|cio|ceo|founder)\\b"
    points: 20
  - { name: manager-title, field: title, matches: "(?i)\\bmanager\\b", points: 10 }
  - { name: not-a-buyer, field: title, matches: "(?i)\\b(student|intern|consultant)\\b", points: -15 }
  - { name: mid-market, field: employees, between: [200, 4999], points: 15 }
  - { name: enterprise, field: employees, between: [5000, 10000000], points: 10 }
  - { name: very-small, field: employees, between: [1, 49], points: -10 }
  - name: target-industry
    field: industry
    in: [software, fintech, information technology, financial services, banking]
    points: 10
  - { name: free-mail, field: email, domain_in: free_mail, points: -25 }
  - { name: competitor, field: email, domain_in: competitors, points: -50 }
  - { name: no-company, field: company, missing: true, points: -10 }

engagement:
  half_life_days: 30     # an activity 30 days old counts half, 60 days a quarter
  cap: 100               # the most engagement a contact can have
  same_event_within_minutes: 10   # one event recorded by two systems this close together (a HubSpot meeting
                                  # and its synced Salesforce copy: same type, same URL, asset or campaign)
                                  # counts once; `none` counts every record
  rules:
    - { name: pricing-page, activity: page_view, url_matches: "/pricing", points: 10, cap: 30 }
    - { name: evaluation-pages, activity: page_view, url_matches: "/(security|compare|docs/api|integrations)",
        points: 4, cap: 16 }
    - { name: demo-request, activity: demo_request, points: 40 }
    # Pardot has no demo-request type: its demo form is a form success on /demo (with form-fill, 40 in all)
    - { name: demo-form, activity: form_fill, url_matches: "/demo\\b", points: 25 }
    - { name: form-fill, activity: form_fill, points: 15, cap: 30 }
    - { name: webinar-attended, activity: webinar_attended, points: 12, cap: 24 }
    - { name: webinar-registered, activity: webinar_registered, points: 4, cap: 8 }
    - { name: email-click, activity: email_click, points: 3, cap: 15, within_days: 90 }
    - { name: email-open, activity: email_open, points: 1, cap: 5, within_days: 30 }
    - { name: unsubscribe, activity: unsubscribe, points: -30 }

mql: { total: 60, min_fit: 20, min_engagement: 10 }   # all three must hold
grades: { A: 40, B: 25, C: 10 }                      # fit thresholds; below C is D
bands: [20, 40, 60, 80, 100]                         # total-score bands for distributions and `audit`
handoff: { sla_hours: 24 }                           # sales should accept an MQL (sal) within this many hours
                                                     # (the one SLA setting: `audit` measures handoffs against it)
audit:                                               # `leadbridge audit`, the quarterly review:
  converted_stages: [sql, opportunity, customer]     # converted = reached one of these (or later) in the stage
                                                     # history, even if sales moved it on since
  min_sample: 30                                     # a band or rule rate on fewer contacts is flagged as too
                                                     # few to judge

"""#

    /// The default model, parsed. The text is checked by the tests, so parsing it cannot fail.
    public static var `default`: ScoringModel {
        try! ScoringModel(yaml: defaultYAML, file: "defaultYAML")
    }
}
