import ArgumentParser

@main
struct LeadBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leadbridge",
        abstract: "Bridge marketing automation and CRM: pull, map, score, and push back with conflict detection.",
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, InitCommand.self, CheckCommand.self, ImportCommand.self, PreviewCommand.self,
            ScoreCommand.self, ExplainCommand.self, AuditCommand.self, SandboxCommand.self,
            PullCommand.self, DiscoverCommand.self, RunsCommand.self, PlanCommand.self, PushCommand.self,
            ConflictsCommand.self,
        ])
}
