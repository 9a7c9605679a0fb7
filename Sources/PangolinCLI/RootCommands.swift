import ArgumentParser

/// `pangolin-admin`: everything an administrator does.
public struct PangolinAdmin: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pangolin-admin",
        abstract: "Administer a Pangolin catalog: grants, metadata, and everything pangolin-user does.",
        discussion: "Log in once with `pangolin-admin login --username admin`; the token is kept in a profile.",
        subcommands: [
            Login.self, Logout.self, WhoAmI.self, GrantPermission.self, ListPermissions.self, RevokePermission.self,
            SetMetadata.self, Search.self, CreateTag.self, Lineage.self,
        ])

    public init() {}
}

/// `pangolin-user`: what people working with the catalog's assets do.
public struct PangolinUser: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pangolin-user",
        abstract: "Work with a Pangolin catalog: search, tag versions, read lineage.",
        discussion: "Log in once with `pangolin-user login --username <you>`; the token is kept in a profile.",
        subcommands: [Login.self, Logout.self, WhoAmI.self, Search.self, CreateTag.self, Lineage.self, SetMetadata.self, ListPermissions.self])

    public init() {}
}
