import Foundation

/// The environment variables a command reads (`PANGOLIN_URL`, `PANGOLIN_TOKEN`, …): the
/// process's, unless a caller runs the command with others — as the tests do, each with its own
/// profile directory, side by side.
public struct CommandEnvironment: Sendable {
    public var variables: [String: String]

    public init(_ variables: [String: String]) {
        self.variables = variables
    }

    public subscript(name: String) -> String? { variables[name] }

    @TaskLocal public static var current = CommandEnvironment(ProcessInfo.processInfo.environment)
}
