import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// The address a request comes from: the peer's, or, when the peer is a reverse proxy named with
/// `serve --behind-proxy`, the address that proxy says it forwarded for. Only the last
/// `X-Forwarded-For` entry is taken: it is the one the trusted proxy itself appended; entries
/// before it are whatever the client sent and prove nothing.
enum ClientAddress {
    /// Longest header read; a longer one is ignored, not parsed.
    static let maxHeaderBytes = 2_000

    static func of(_ request: Request, context: AppRequestContext, trustedProxies: [String]) -> String {
        resolve(peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[.init("X-Forwarded-For")!], trustedProxies: trustedProxies)
    }

    static func resolve(peer: String?, forwardedFor header: String?, trustedProxies: [String]) -> String {
        let peer = peer ?? "unknown"
        guard trustedProxies.contains(peer), let header, header.utf8.count <= maxHeaderBytes,
              let last = header.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
              (1...45).contains(last.utf8.count), last.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" })
        else { return peer }
        return last
    }
}

/// Failed sign-ins per client address (ASVS 2.2.1): besides the lock on each account, an address
/// that fails too often in a window is refused for a while, whatever name it tries, so one host
/// cannot guess passwords across many accounts. Kept in memory per process: a restart forgets
/// it, and the per-account lock (in the database) still holds. A success does not clear an
/// address: knowing one password must not reset the count for guessing others.
public final class SignInThrottle: Sendable {
    public struct Limits: Sendable {
        /// Failures from one address within `window`…
        public var failures = 20
        public var window: TimeInterval = 15 * 60
        /// Addresses remembered at most; the oldest are forgotten first, so a flood of spoofed
        /// addresses costs bounded memory.
        public var addresses = 10_000
        public init() {}
    }

    private struct Entry {
        var failures: [Date]
    }

    private let limits: Limits
    private let state = Mutex<[String: Entry]>([:])

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Until when this address is refused, or nil.
    public func refusedUntil(_ address: String, now: Date) -> Date? {
        state.withLock { entries in
            guard let entry = entries[address] else { return nil }
            let recent = entry.failures.filter { now.timeIntervalSince($0) < limits.window }
            guard recent.count >= limits.failures, let oldest = recent.first else { return nil }
            return oldest.addingTimeInterval(limits.window)
        }
    }

    public func recordFailure(_ address: String, now: Date) {
        state.withLock { entries in
            var entry = entries[address] ?? Entry(failures: [])
            entry.failures = entry.failures.filter { now.timeIntervalSince($0) < limits.window }.suffix(limits.failures - 1) + [now]
            entries[address] = entry
            if entries.count > limits.addresses {
                // Forget the address whose last failure is oldest.
                if let stalest = entries.min(by: { ($0.value.failures.last ?? .distantPast) < ($1.value.failures.last ?? .distantPast) })?.key {
                    entries[stalest] = nil
                }
            }
        }
    }
}
