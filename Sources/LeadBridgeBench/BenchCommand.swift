import ArgumentParser

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leadbridge-bench",
        abstract: "Measure LeadBridge's throughput and memory on generated data (build with -c release).",
        subcommands: [ImportBenchmark.self, PullBenchmark.self, PushBenchmark.self, ScoreBenchmarkCommand.self, SandboxServeCommand.self])
}
