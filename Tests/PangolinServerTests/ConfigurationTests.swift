import Testing
@testable import PangolinServer

@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test("applies every variable it knows, leaving the rest at their defaults")
    func appliesVariables() throws {
        var configuration = ServerConfiguration()
        try configuration.apply(environment: [
            "PANGOLIN_HOST": "0.0.0.0", "PANGOLIN_PORT": "9090", "PANGOLIN_DATA_DIR": "/var/lib/pangolin",
            "PANGOLIN_ROOT_USER": "root", "PANGOLIN_ROOT_PASSWORD": "long-password", "PANGOLIN_TOKEN_LIFETIME_HOURS": "2",
            "PANGOLIN_LOG_LEVEL": "debug", "PANGOLIN_JWT_SECRET": "", "UNRELATED": "x",
            "PANGOLIN_LOGIN_FAILURES_PER_ACCOUNT": "3", "PANGOLIN_LOGIN_FAILURES_PER_ADDRESS": "0", "PANGOLIN_LOGIN_THROTTLE_MINUTES": "5",
        ])
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9090)
        #expect(configuration.dataDirectory == "/var/lib/pangolin")
        #expect(configuration.rootUsername == "root")
        #expect(configuration.rootPassword == "long-password")
        #expect(configuration.tokenLifetime == .seconds(7200))
        #expect(configuration.logLevel == .debug)
        #expect(configuration.jwtSecret == nil, "an empty value counts as unset")
        #expect(configuration.bcryptCost == 12)
        #expect(configuration.loginFailuresPerAccount == 3)
        #expect(configuration.loginFailuresPerAddress == 0)
        #expect(configuration.loginThrottleWindow == .seconds(300))
    }

    @Test("refuses values out of range with a message naming the variable", arguments: [
        ("PANGOLIN_PORT", "70000"), ("PANGOLIN_PORT", "eighty"), ("PANGOLIN_BCRYPT_COST", "3"),
        ("PANGOLIN_TOKEN_LIFETIME_HOURS", "0"), ("PANGOLIN_LOG_LEVEL", "loud"), ("PANGOLIN_MAX_BODY_BYTES", "10"),
    ])
    func refusesBadValues(variable: String, value: String) {
        var configuration = ServerConfiguration()
        let error = #expect(throws: StartupError.self) { try configuration.apply(environment: [variable: value]) }
        #expect(error?.description.contains(variable) == true)
        #expect(error?.description.contains(value) == true)
    }
}
