import Hummingbird
import Prometheus

/// Counts requests and measures their duration per route into this application's own registry,
/// which `GET /metrics` exposes in Prometheus's text format.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = PangolinRequestContext
    let registry: PrometheusCollectorRegistry

    static let buckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5),
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        let method = request.method.rawValue
        registry.makeCounter(
            descriptor: .init(namespace: "pangolin", metricName: "http_requests", unitName: "total", helpText: "HTTP requests handled, by route and status."),
            labels: [("method", method), ("route", route), ("status", String(response.status.code))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "pangolin", metricName: "http_request_duration", unitName: "seconds", helpText: "Time to produce a response, by route."),
            labels: [("method", method), ("route", route)], buckets: Self.buckets
        ).recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        return response
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
