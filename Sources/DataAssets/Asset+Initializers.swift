import ArtifactFormats

// The function of an asset may return an array of rows, a single row, nothing, or an asynchronous
// sequence of batches; each shape has an initializer that turns it into a `RowSource`.

extension Asset where Parameters == NoParameters {
    /// An asset whose function returns rows.
    public init<Row: Encodable & Sendable>(path: String, name: String? = nil, options: AssetOptions = AssetOptions(),
                                         _ function: @escaping @Sendable () async throws -> [Row]) {
        self.init(path: path, name: name, options: options, arguments: NoParameters()) { _ in .rows(try await function()) }
    }

    /// An asset whose function returns one row.
    public init<Row: Encodable & Sendable>(path: String, name: String? = nil, options: AssetOptions = AssetOptions(),
                                         _ function: @escaping @Sendable () async throws -> Row) {
        self.init(path: path, name: name, options: options, arguments: NoParameters()) { _ in .value(try await function()) }
    }

    /// An asset whose function returns nothing; its runs are recorded as empty.
    public init(path: String, name: String? = nil, options: AssetOptions = AssetOptions(),
                _ function: @escaping @Sendable () async throws -> Void) {
        self.init(path: path, name: name, options: options, arguments: NoParameters()) { _ in
            try await function()
            return .nothing
        }
    }

    /// An asset whose function returns an asynchronous sequence of batches; each batch becomes a fragment.
    public init<Batches: AsyncSequence & Sendable>(path: String, name: String? = nil, options: AssetOptions = AssetOptions(),
                                                   _ function: @escaping @Sendable () async throws -> Batches)
    where Batches.Element: Sequence, Batches.Element.Element: Encodable {
        self.init(path: path, name: name, options: options, arguments: NoParameters()) { _ in .batches(try await function()) }
    }
}

extension Asset {
    /// An asset whose function takes its context (parameters, workspace) and returns rows.
    public init<Row: Encodable & Sendable>(path: String, name: String? = nil, parameters: Parameters.Type = Parameters.self,
                                         options: AssetOptions = AssetOptions(),
                                         _ function: @escaping @Sendable (AssetContext<Parameters>) async throws -> [Row]) {
        self.init(path: path, name: name, options: options, arguments: nil) { .rows(try await function($0)) }
    }

    /// An asset whose function takes its context and returns one row.
    public init<Row: Encodable & Sendable>(path: String, name: String? = nil, parameters: Parameters.Type = Parameters.self,
                                         options: AssetOptions = AssetOptions(),
                                         _ function: @escaping @Sendable (AssetContext<Parameters>) async throws -> Row) {
        self.init(path: path, name: name, options: options, arguments: nil) { .value(try await function($0)) }
    }

    /// An asset whose function takes its context and returns nothing.
    public init(path: String, name: String? = nil, parameters: Parameters.Type = Parameters.self,
                options: AssetOptions = AssetOptions(),
                _ function: @escaping @Sendable (AssetContext<Parameters>) async throws -> Void) {
        self.init(path: path, name: name, options: options, arguments: nil) { context in
            try await function(context)
            return .nothing
        }
    }

    /// An asset whose function takes its context and returns an asynchronous sequence of batches.
    public init<Batches: AsyncSequence & Sendable>(path: String, name: String? = nil, parameters: Parameters.Type = Parameters.self,
                                                   options: AssetOptions = AssetOptions(),
                                                   _ function: @escaping @Sendable (AssetContext<Parameters>) async throws -> Batches)
    where Batches.Element: Sequence, Batches.Element.Element: Encodable {
        self.init(path: path, name: name, options: options, arguments: nil) { .batches(try await function($0)) }
    }
}
