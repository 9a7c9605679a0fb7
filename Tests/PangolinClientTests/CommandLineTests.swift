import ArgumentParser
import Foundation
import PangolinCLI
import PangolinClient
import PangolinModel
import PangolinTestSupport
import Testing

/// The command-line tools run in-process against a live server, with a profile directory of their
/// own. Serialized: the profile directory is process-wide environment.
@Suite("pangolin-admin and pangolin-user")
struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Parses and runs one command line of `Root`, capturing what it prints and its exit status.
    static func run<Root: ParsableCommand>(_ root: Root.Type, _ arguments: [String]) async -> Run {
        let console = Console(capturing: true)
        var status: Int32 = 0
        await Console.$current.withValue(console) {
            do {
                var command = try root.parseAsRoot(arguments)
                if var asynchronous = command as? AsyncParsableCommand {
                    try await asynchronous.run()
                } else {
                    try command.run()
                }
            } catch {
                // What `exit(withError:)` would print: help and completion scripts to standard
                // output, usage errors to standard error (commands print their own failures).
                status = root.exitCode(for: error).rawValue
                if status == 0 {
                    console.line(root.fullMessage(for: error))
                } else if console.errors.isEmpty {
                    console.error(root.fullMessage(for: error))
                }
            }
        }
        return Run(status: status, output: console.output, errors: console.errors)
    }

    static func withProfiles(_ body: () async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pangolin-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await CommandEnvironment.$current.withValue(CommandEnvironment(["PANGOLIN_CONFIG_DIR": directory.path])) {
            try await body()
        }
    }

    @Test("the seed guide's commands, verbatim, after one login")
    func seedCommands() async throws {
        try await Self.withProfiles {
            try await LiveServer.run { url in
                let admin = try await LiveServer.root(url)
                _ = try await admin.createCatalog(name: "ml_models")
                let production = try NamespacePath(parsing: "production")
                for name in ["production", "experiments"] { try await admin.createNamespace(try NamespacePath(parsing: name), in: "ml_models") }
                for name in ["customer_churn", "customer_churn_v2"] {
                    _ = try await admin.register(AssetDraft(name: name, kind: .mlModel, location: "s3://m/\(name)"), in: "ml_models", namespace: production)
                }
                _ = try await admin.createUser(username: "data-scientist@company.com", email: "data-scientist@company.com", role: .tenantUser,
                                               password: "a-long-passphrase")

                let login = await Self.run(PangolinAdmin.self, ["login", "--url", url.absoluteString, "--username", "admin", "--password", LiveServer.rootPassword])
                #expect(login.status == 0 && login.output.contains("logged in to \(url.absoluteString) as admin"))
                let file = URL(fileURLWithPath: CommandEnvironment.current["PANGOLIN_CONFIG_DIR"]!).appendingPathComponent("profiles.json")
                let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
                #expect(permissions == 0o600, "the profile holds a token and is readable only by its owner")

                for line in [
                    ["grant-permission", "--user", "data-scientist@company.com", "--catalog", "ml_models", "--namespace", "production", "--role", "READ"],
                    ["grant-permission", "--user", "data-scientist@company.com", "--catalog", "ml_models", "--namespace", "experiments", "--role", "READ_WRITE"],
                    ["set-metadata", "--catalog", "ml_models", "--namespace", "production", "--asset", "customer_churn",
                     "--tags", "ml,classification,production,customer-analytics"],
                ] {
                    let run = await Self.run(PangolinAdmin.self, line)
                    #expect(run.status == 0, "\(line): \(run.errors)")
                }
                let tag = await Self.run(PangolinUser.self, ["create-tag", "--catalog", "ml_models", "--name", "production-2025-12-24", "--asset", "customer_churn_v2"])
                #expect(tag.status == 0 && tag.output.contains("production-2025-12-24") && tag.output.contains("v1"), "\(tag.errors)")

                let churn = try await admin.asset("customer_churn", in: "ml_models", namespace: production)
                #expect(try await admin.metadata(assetID: churn.id).tags == ["ml", "classification", "production", "customer-analytics"])
                let grants = try await admin.permissions()
                #expect(grants.compactMap(\.role).sorted() == ["READ", "READ_WRITE"])
                let resolved = try await admin.resolve("customer_churn_v2@production-2025-12-24", inCatalog: "ml_models")
                #expect(resolved.version.number == 1)

                let search = await Self.run(PangolinUser.self, ["search", "--query", "churn", "--json"])
                let page = try JSONSerialization.jsonObject(with: Data(search.output.utf8)) as? [String: Any]
                #expect(page?["total"] as? Int == 2)
                let table = await Self.run(PangolinUser.self, ["search", "--tags", "ml"])
                #expect(table.output.hasPrefix("NAME") && table.output.contains("customer_churn  "))
            }
        }
    }

    @Test("failures print one line saying what to do, with an exit status scripts can test")
    func failures() async throws {
        try await Self.withProfiles {
            try await LiveServer.run { url in
                let notLoggedIn = await Self.run(PangolinUser.self, ["whoami", "--url", url.absoluteString])
                #expect(notLoggedIn.status == 3 && notLoggedIn.errors.contains("log in with `login`"))
                let wrong = await Self.run(PangolinUser.self, ["login", "--url", url.absoluteString, "--username", "admin", "--password", "nope"])
                #expect(wrong.status == 3 && wrong.errors.hasPrefix("error: "))
                _ = await Self.run(PangolinAdmin.self, ["login", "--url", url.absoluteString, "--username", "admin", "--password", LiveServer.rootPassword])
                let missing = await Self.run(PangolinAdmin.self, ["grant-permission", "--user", "nobody", "--catalog", "nowhere", "--role", "READ"])
                #expect(missing.status == 4 && missing.errors == "error: no user or service user 'nobody' in this tenant\n")
                let usage = await Self.run(PangolinAdmin.self, ["grant-permission", "--user", "x", "--role", "READ", "--actions", "read"])
                #expect(usage.status == ExitCode.validationFailure.rawValue && usage.errors.contains("either --role or --actions"))
                let unreachable = await Self.run(PangolinUser.self, ["whoami", "--url", "http://127.0.0.1:9"])
                #expect(unreachable.status == 6 && unreachable.errors.contains("could not reach the catalog"))
                let me = await Self.run(PangolinAdmin.self, ["whoami"])
                #expect(me.status == 0 && me.output.contains("admin"))
                let out = await Self.run(PangolinAdmin.self, ["logout"])
                #expect(out.status == 0)
                #expect(await Self.run(PangolinAdmin.self, ["whoami"]).status == 3)
            }
        }
    }

    @Test("assets, versions, tags, users, service users, tokens, access requests and audit from the command line")
    func everyArea() async throws {
        try await Self.withProfiles {
            try await LiveServer.run { url in
                let admin = try await LiveServer.root(url)
                _ = try await admin.createCatalog(name: "lake")
                try await admin.createNamespace(try NamespacePath(parsing: "ml"), in: "lake")
                _ = await Self.run(PangolinAdmin.self, ["login", "--url", url.absoluteString, "--username", "admin", "--password", LiveServer.rootPassword])
                func ok(_ arguments: [String], _ root: any ParsableCommand.Type = PangolinAdmin.self) async -> String {
                    let run = root == PangolinUser.self ? await Self.run(PangolinUser.self, arguments) : await Self.run(PangolinAdmin.self, arguments)
                    #expect(run.status == 0, "\(arguments.joined(separator: " ")): \(run.errors)")
                    return run.output
                }
                _ = await ok(["register-asset", "--catalog", "lake", "--namespace", "ml", "--name", "features", "--kind", "PARQUET_TABLE",
                              "--location", "s3://f", "--property", "owner=data"])
                let model = await ok(["register-asset", "--catalog", "lake", "--namespace", "ml", "--name", "model", "--kind", "ML_MODEL",
                                      "--location", "s3://m", "--lineage", "trained_on=ml.features@v1", "--json"], PangolinUser.self)
                #expect(model.contains("\"name\" : \"model\""))
                #expect(await ok(["list-assets", "--catalog", "lake", "--namespace", "ml"]).contains("features  PARQUET_TABLE  v1"))
                #expect(await ok(["get-asset", "--catalog", "lake", "--asset", "features"]).contains("property owner  data"))
                _ = await ok(["create-tag", "--catalog", "lake", "--asset", "model", "--name", "stable"])
                #expect(await ok(["list-versions", "--catalog", "lake", "--asset", "model"]).contains("v1"))
                #expect(await ok(["move-tag", "--catalog", "lake", "--asset", "model", "--name", "stable", "--version", "1"]) == "stable -> v1\n")
                #expect(await ok(["list-tags", "--catalog", "lake", "--asset", "model"]).contains("stable  v1"))
                #expect(await ok(["resolve", "lake.ml.model@stable"]).contains("lake.ml.model  v1"))
                #expect(await ok(["list-catalogs"]).contains("lake"))
                #expect(await ok(["list-namespaces", "--catalog", "lake"]).contains("ml"))

                let created = await ok(["create-user", "--username", "dana", "--password", "dana-password", "--json"])
                let danaID = try #require((try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any])?["id"] as? String)
                #expect(await ok(["list-users"]).contains("dana"))
                _ = await ok(["grant-permission", "--user", "dana", "--catalog", "lake", "--asset", "model", "--actions", "read"])
                #expect(await ok(["list-permissions", "--user", danaID]).contains("asset"))
                #expect(await ok(["list-roles"]).contains("READ_WRITE"))
                #expect(await ok(["create-service-user", "--name", "loader"]).contains("pgk_"))
                #expect(await ok(["mint-token", "--username", "dana"]).split(separator: ".").count == 3, "a JWT")
                #expect(await ok(["update-user", "--id", danaID, "--deactivate"]).contains("dana"))
                _ = await ok(["delete-asset", "--catalog", "lake", "--namespace", "ml", "--asset", "model"])
                #expect(await ok(["audit", "--action", "delete_asset"]).contains("delete_asset"))
                #expect(await ok(["audit", "--verify"]).contains("yes"))
                #expect(await ok(["list-access-requests"]) == "(none)\n")
                _ = await ok(["delete-user", "--id", danaID])
                let bad = await Self.run(PangolinAdmin.self, ["register-asset", "--catalog", "lake", "--namespace", "ml", "--name", "x",
                                                              "--kind", "ML_MODEL", "--location", "s3://x", "--property", "novalue"])
                #expect(bad.status == ExitCode.validationFailure.rawValue && bad.errors.contains("--property takes key=value"))
            }
        }
    }

    @Test("catalogs, namespaces, lineage, impact, diff, roles, service users, tokens and access requests from the command line")
    func remainingCommands() async throws {
        try await Self.withProfiles {
            try await LiveServer.run { url in
                _ = await Self.run(PangolinAdmin.self, ["login", "--url", url.absoluteString, "--username", "admin", "--password", LiveServer.rootPassword])
                func ok(_ arguments: [String]) async -> String {
                    let run = await Self.run(PangolinAdmin.self, arguments)
                    #expect(run.status == 0, "\(arguments.joined(separator: " ")): \(run.errors)")
                    return run.output
                }
                _ = await ok(["create-catalog", "--name", "lake"])
                _ = await ok(["create-namespace", "--catalog", "lake", "--namespace", "ml"])
                for name in ["raw", "model"] {
                    _ = await ok(["register-asset", "--catalog", "lake", "--namespace", "ml", "--name", name, "--kind", "CSV_TABLE", "--location", "s3://\(name)"])
                }
                #expect(await ok(["add-lineage", "--catalog", "lake", "--asset", "model", "--relation", "derived_from", "--upstream", "ml.raw@v1"])
                    == "model derived_from ml.raw@v1 (pinned to v1)\n")
                #expect(await ok(["impact", "--catalog", "lake", "--asset", "raw"]).contains("lake.ml.model"))
                _ = await ok(["register-asset", "--catalog", "lake", "--namespace", "ml", "--name", "scores", "--kind", "CSV_TABLE",
                              "--location", "s3://s1", "--property", "rows=10"])
                let admin = try await LiveServer.root(url)
                _ = try await admin.updateAsset("scores", in: "lake", namespace: try NamespacePath(parsing: "ml"), AssetChange(properties: ["rows": "12"]))
                #expect(await ok(["diff", "--catalog", "lake", "--asset", "scores"]).contains("~ rows  10  12"))
                #expect(await ok(["create-role", "--name", "analysts", "--catalog", "lake", "--actions", "read"]).hasPrefix("created role analysts"))
                let role = try #require(try await admin.roles().first { $0.name == "analysts" })
                _ = await ok(["delete-role", "--id", role.id])
                _ = await ok(["create-service-user", "--name", "loader"])
                let service = try #require(try await admin.serviceUsers().first)
                #expect(await ok(["list-service-users"]).contains("loader"))
                #expect(await ok(["rotate-key", "--id", service.id]).hasPrefix("pgk_"))
                _ = await ok(["delete-service-user", "--id", service.id])
                let minted = try await admin.mintToken(hours: 1)
                #expect(await ok(["list-tokens"]).contains(minted.tokenID))
                _ = await ok(["revoke-token", "--id", minted.tokenID])
                let asset = try await admin.asset("raw", in: "lake", namespace: try NamespacePath(parsing: "ml"))
                _ = try await admin.setMetadata(assetID: asset.id, description: "raw feed", discoverable: true)
                _ = try await admin.createUser(username: "dana", role: .tenantUser, password: "dana-password")
                _ = await Self.run(PangolinUser.self, ["login", "--profile", "dana", "--username", "dana", "--password", "dana-password", "--url", url.absoluteString])
                let asked = await Self.run(PangolinUser.self, ["request-access", "--profile", "dana", "--asset-id", asset.id, "--reason", "report"])
                #expect(asked.status == 0 && asked.output.contains("pending"), "\(asked.errors)")
                let request = try #require(try await admin.accessRequests().first)
                #expect(await ok(["review-access-request", "--id", request.id, "--approve"]) == "\(request.id): approved\n")

                _ = try await admin.createRole(name: "readers", permissions: [PermissionGrant(scope: .catalog(catalogID: "lake"), actions: [.read])])
                let danaID = try #require(try await admin.users().first { $0.username == "dana" }?.id)
                #expect(await ok(["assign-role", "--user", danaID, "--role", "readers"]) == "assigned readers to \(danaID)\n")
                #expect(try await admin.roles(of: danaID).map(\.name) == ["readers"])
                let grant = try await admin.grant(.read, to: danaID, on: .tenant)
                _ = await ok(["revoke-permission", "--id", grant.id])
                #expect(try await admin.permissions(userID: danaID).isEmpty == false, "the grant from the access request stays")
                let remaining = try await admin.permissions(userID: danaID)
                #expect(!remaining.contains { $0.id == grant.id })

                // PANGOLIN_TOKEN overrides the saved login.
                var withToken = CommandEnvironment.current
                withToken.variables["PANGOLIN_TOKEN"] = try await admin.mintToken(for: "dana", hours: 1).token
                let whoami = await CommandEnvironment.$current.withValue(withToken) {
                    await Self.run(PangolinUser.self, ["whoami", "--json"])
                }
                #expect(whoami.output.contains("\"username\" : \"dana\""))
            }
        }
    }

    @Test("lineage prints as a tree with relations and pins, and every command's help has an example")
    func lineageTreeAndHelp() async throws {
        try await Self.withProfiles {
            try await LiveServer.run { url in
                let admin = try await LiveServer.root(url)
                _ = try await admin.createCatalog(name: "ml_models")
                let production = try NamespacePath(parsing: "production")
                try await admin.createNamespace(production, in: "ml_models")
                _ = try await admin.register(AssetDraft(name: "features", kind: .parquetTable, location: "s3://f"), in: "ml_models", namespace: production)
                _ = try await admin.register(
                    AssetDraft(name: "model", kind: .mlModel, location: "s3://m", lineage: [.trainedOn("production.features@v1")]),
                    in: "ml_models", namespace: production)
                _ = await Self.run(PangolinAdmin.self, ["login", "--url", url.absoluteString, "--username", "admin", "--password", LiveServer.rootPassword])
                let tree = await Self.run(PangolinUser.self, ["lineage", "--catalog", "ml_models", "--namespace", "production", "--asset", "model"])
                #expect(tree.output == "production.model\n└─ <- trained_on production.features@v1\n", "\(tree.errors)")
            }
            let completion = await Self.run(PangolinAdmin.self, ["--generate-completion-script", "bash"])
            #expect(completion.status == 0 && completion.output.contains("grant-permission"))
            for command in [PangolinAdmin.configuration.subcommands, PangolinUser.configuration.subcommands].joined() {
                #expect(command.configuration.discussion.contains("Example"), "\(command.configuration.commandName ?? "\(command)") has no example")
            }
        }
    }
}
