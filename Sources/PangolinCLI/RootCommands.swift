import ArgumentParser

/// `pangolin-admin`: everything an administrator does, and everything `pangolin-user` does.
public struct PangolinAdmin: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pangolin-admin",
        abstract: "Administer a Pangolin catalog: users, grants, service users, metadata, audit, and everything pangolin-user does.",
        discussion: """
            Log in once with `pangolin-admin login --username admin`; the token is kept in a profile file readable only by
            you. --url, --profile, PANGOLIN_URL and PANGOLIN_TOKEN choose another server or login.
            Shell completion: pangolin-admin --generate-completion-script bash|zsh|fish
            """,
        subcommands: adminOnly + PangolinUser.commands)

    static let adminOnly: [ParsableCommand.Type] = [
        GrantPermission.self, ListPermissions.self, RevokePermission.self, CreateUser.self, ListUsers.self, UpdateUser.self, DeleteUser.self,
        ListRoles.self, CreateRole.self, DeleteRole.self, AssignRole.self, CreateServiceUser.self, ListServiceUsers.self, RotateKey.self,
        DeleteServiceUser.self, MintToken.self, ListAccessRequests.self, ReviewAccessRequest.self, Audit.self, CreateCatalog.self,
    ]

    public init() {}
}

/// `pangolin-user`: what people working with the catalog's assets do.
public struct PangolinUser: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pangolin-user",
        abstract: "Work with a Pangolin catalog: find assets, register them, tag versions, read lineage.",
        discussion: """
            Log in once with `pangolin-user login --username <you>`; the token is kept in a profile file readable only by
            you. --url, --profile, PANGOLIN_URL and PANGOLIN_TOKEN choose another server or login.
            Shell completion: pangolin-user --generate-completion-script bash|zsh|fish
            """,
        subcommands: commands)

    static let commands: [ParsableCommand.Type] = [
        Login.self, Logout.self, WhoAmI.self, ListCatalogs.self, ListNamespaces.self, ListAssets.self, GetAsset.self, RegisterAsset.self,
        DeleteAsset.self, CreateNamespace.self, Search.self, SetMetadata.self, ListVersions.self, Diff.self, CreateTag.self, ListTags.self,
        MoveTag.self, Resolve.self, Lineage.self, AddLineage.self, Impact.self, RequestAccess.self, ListTokens.self, RevokeToken.self,
    ]

    public init() {}
}

extension AsyncParsableCommand {
    /// Parses the process's arguments and runs the chosen command, asynchronously. Called from an
    /// executable's top-level code, `main()` resolves to the synchronous entry point, which
    /// refuses asynchronous commands; this is the asynchronous one.
    public static func runAsCommandLine() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
