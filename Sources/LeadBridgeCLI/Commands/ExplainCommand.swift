import ArgumentParser
import Foundation
import LeadBridge

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Why a contact has its score: every rule that fired, points, decay, caps, thresholds, stage.",
        discussion: """
            Without --as-of it explains the stored score (as of the time it was computed, with its model hash) and \
            says whether it still agrees with the data and the model; --as-of recomputes the score for that time. \
            --history lists the contact's score trajectory instead: every change of its score, oldest as-of first.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The contact's email or id.")
    var contact: String

    @OptionGroup var asOf: AsOfOption

    @Flag(help: "List every change of the contact's score (as-of time, values, model, what changed), oldest first.")
    var history = false

    @Flag(help: "Print the explanation as JSON.")
    var json = false

    func run() async throws {
        try await reportingErrors {
            if history, asOf.text != nil {
                throw CLIFailure.usage("--history lists every stored change of the score; leave out --as-of")
            }
            let config = try global.loadConfig()
            if history {
                guard let trajectory = try global.openStore(config).scoreHistory(contact: contact) else {
                    throw CLIFailure.failure("no contact with email or id \(contact)")
                }
                if json { try ScoreCommand.printJSON(trajectory) } else { render(trajectory) }
                return
            }
            let model = try ScoreCommand.loadModel(path: config.scoringPath)
            let store = try global.openStore(config)
            guard let explanation = try store.explain(
                contact: contact, model: model, asOf: asOf.text == nil ? nil : asOf.seconds, now: systemClock())
            else {
                throw CLIFailure.failure("no contact with email or id \(contact)")
            }
            if json { try ScoreCommand.printJSON(explanation) } else { render(explanation) }
        }
    }

    private func render(_ x: ScoreExplanation) {
        let who = [x.name, x.email.map { "<\($0)>" }].compactMap { $0 }.joined(separator: " ")
        print("\(who) · \(x.title ?? "no title") · \(x.company ?? "no company") · contact #\(x.contactID)")
        switch x.basis {
        case .storedScore:
            print("Stored score, as of \(UTCTime.iso8601(x.asOf)), model \(x.stored?.modelHash ?? x.modelHash) "
                + "(use --as-of to recompute for another time)\n")
        case .recomputed:
            print("Recomputed as of \(UTCTime.iso8601(x.asOf)), model \(x.modelHash)"
                + (x.stored == nil ? " (never scored)" : " (not the stored score)") + "\n")
        }

        var fit = TextTable(["fit rule", "condition", "value", "points"])
        for rule in x.fitRules {
            fit.add([rule.id, rule.rule, rule.value ?? "–", rule.fired ? Self.number(rule.points) : "·"])
        }
        print(fit.render() + "\n")
        print("Fit \(Self.number(x.fit)) → grade \(x.grade.rawValue) "
            + "(A ≥ \(Self.number(x.grades.a)), B ≥ \(Self.number(x.grades.b)), C ≥ \(Self.number(x.grades.c)))\n")

        let decay = x.halfLifeDays.map { "half-life \(Self.number($0)) days" } ?? "no decay"
        var engagement = TextTable(["engagement rule", "activities", "raw", "decayed", "cap", "points"])
        for rule in x.engagementRules {
            engagement.add([
                rule.id + " (" + rule.rule + ")", String(rule.matched), Self.number(rule.rawPoints),
                String(format: "%.2f", rule.decayedPoints), rule.cap.map(Self.number) ?? "–",
                Self.number(rule.points) + (rule.capApplied ? " (capped)" : ""),
            ])
        }
        print(x.engagementRules.isEmpty ? "No scored activities.\n" : engagement.render() + "\n")
        for rule in x.engagementRules {
            for activity in rule.activities.prefix(5) {
                print("  \(rule.id): \(UTCTime.iso8601(activity.occurredAt)) "
                    + String(format: "%.1f days old × %.3f = %.2f", activity.ageDays, activity.decayFactor,
                             activity.points) + (activity.url.map { " " + $0 } ?? "")
                    + (activity.systems.isEmpty ? "" : " (\(activity.systems.joined(separator: ", ")))"))
            }
        }
        if x.sameEventCopies > 0 {
            let within = x.sameEventWithinMinutes.map { " within \(Self.number($0)) minutes" } ?? ""
            print("  \(x.sameEventCopies) \(x.sameEventCopies == 1 ? "copy" : "copies") from other systems not "
                + "counted (records of an activity counted once: the same event\(within))")
        }
        var notes: [String] = [decay]
        if x.totalCapApplied, let cap = x.engagementCap { notes.append("total capped at \(Self.number(cap))") }
        if x.floorApplied { notes.append("raised to the floor of 0") }
        print("\nEngagement \(Self.number(x.engagement)) (\(notes.joined(separator: "; ")); "
            + "rules sum \(Self.number(x.engagementBeforeCap)))")
        print("Total \(Self.number(x.total))\n")

        func check(_ ok: Bool) -> String { ok ? "✓" : "✗" }
        print("MQL rule: total \(Self.number(x.total)) ≥ \(Self.number(x.mql.total)) \(check(x.total >= x.mql.total)), "
            + "fit \(Self.number(x.fit)) ≥ \(Self.number(x.mql.minFit)) \(check(x.fit >= x.mql.minFit)), "
            + "engagement \(Self.number(x.engagement)) ≥ \(Self.number(x.mql.minEngagement)) "
            + "\(check(x.engagement >= x.mql.minEngagement)) → \(x.qualifies ? "qualifies" : "does not qualify")")
        print("Stage: \(x.stage.stage.rawValue): \(x.stage.reason.sentence) "
            + "(CRM says \(x.crmStage ?? "nothing"), last scored \(x.previousStage ?? "never"))")
        if let stored = x.stored, x.agreesWithStored == false {
            let why = stored.modelHash != x.modelHash
                ? "scoring.yml is now model \(x.modelHash)" : "the contact's data changed since"
            print("Stored score \(Self.number(stored.total)), \(stored.stage) (model \(stored.modelHash), "
                + "as of \(UTCTime.iso8601(stored.computedAt))) differs from this evaluation: \(why); "
                + "run `leadbridge score` to update it.")
        }
        for transition in x.transitions {
            print("  \(UTCTime.iso8601(transition.at)) \(transition.from?.rawValue ?? "–") → "
                + "\(transition.to.rawValue) (\(transition.reason.rawValue), total \(Self.number(transition.total)); "
                + "time from \(ScoringAuditHTML.sourcePhrase(transition.atSource?.rawValue)))")
        }
    }

    private func render(_ history: ScoreHistory) {
        let who = [history.name, history.email.map { "<\($0)>" }].compactMap { $0 }.joined(separator: " ")
        let heading = (who.isEmpty ? "" : who + " · ") + "contact #\(history.contactID)"
        guard !history.steps.isEmpty else {
            print("\(heading): no score history yet (it has not been scored since the store keeps one); "
                + "run `leadbridge score`.")
            return
        }
        print("\(heading) · score history, \(history.steps.count) row(s), oldest first\n")
        var table = TextTable(["as of", "fit", "engagement", "total", "grade", "stage", "model", "what changed"])
        for step in history.steps {
            let entry = step.entry
            let changes = step.changes.map { change in
                change.field == "model"
                    ? "model \(Self.short(change.from)) → \(Self.short(change.to))"
                    : "\(change.field) \(change.from) → \(change.to)"
            }
            table.add([
                UTCTime.iso8601(entry.asOf), Self.number(entry.fit), Self.number(entry.engagement),
                Self.number(entry.total), entry.grade, entry.stage, Self.short(entry.modelHash),
                changes.isEmpty ? "first recorded" : changes.joined(separator: ", "),
            ])
        }
        print(table.render(maxWidth: 160))
    }

    /// A model hash's first 8 hex digits, enough to tell models apart in a table.
    static func short(_ hash: String) -> String { String(hash.prefix(8)) }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }
}
