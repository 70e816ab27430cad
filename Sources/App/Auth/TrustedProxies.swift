#if canImport(Glibc)
import Glibc
#endif
import Server

/// Finds the client address of a request. Behind nginx the TCP peer is the proxy, so the client is read from
/// `X-Forwarded-For` — but only when the peer is a configured proxy, and only up to the first address that is not a
/// proxy (reading right to left), so a client cannot choose its own address by sending the header itself.
package struct TrustedProxies: Sendable {
    private struct Range: Sendable {
        let address: [UInt8]
        let prefixLength: Int

        func contains(_ candidate: [UInt8]) -> Bool {
            guard candidate.count == address.count else { return false }
            var remaining = prefixLength
            for index in address.indices where remaining > 0 {
                let bits = min(8, remaining)
                let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if candidate[index] & mask != address[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    private let ranges: [Range]

    /// Parses a comma-separated list of addresses and CIDR ranges; invalid entries are rejected at configuration
    /// load (see `problem(in:)`), so here they are skipped.
    package init(_ list: String) {
        ranges = Self.entries(list).compactMap(Self.parse)
    }

    /// Why `list` is not a valid proxy list, or nil.
    package static func problem(in list: String) -> String? {
        for entry in entries(list) where parse(entry) == nil {
            return "'\(entry)' is not an IP address or CIDR range"
        }
        return nil
    }

    /// The client address of `request`.
    package func clientAddress(of request: Request) -> String {
        let peer = request.remoteAddress.host
        guard !ranges.isEmpty, isTrusted(peer) else { return peer }
        // Every X-Forwarded-For line, in order: a proxy may append its own line rather than extend the client's.
        let hops = request.head.headers.listElements(for: "X-Forwarded-For").map { String($0) }
        guard !hops.isEmpty else { return peer }
        for hop in hops.reversed() {
            guard Self.bytes(of: hop) != nil else { return peer }  // garbage in the chain: trust nothing from it
            if !isTrusted(hop) { return hop }
        }
        return hops.first ?? peer
    }

    /// The key rate limits and sign-in throttles count a client address under: IPv4 addresses as they are, IPv6 by
    /// their /64 network — one subscriber usually holds a whole /64, so counting per /128 would hand an attacker 2^64
    /// fresh budgets.
    package static func limitKey(for address: String) -> String {
        guard let bytes = bytes(of: address) else { return address }
        guard bytes.count == 16 else { return address }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }

    private func isTrusted(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    private static func entries(_ list: String) -> [String] {
        list.split(separator: ",").map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
    }

    private static func parse(_ entry: String) -> Range? {
        let parts = entry.split(separator: "/", maxSplits: 1)
        guard let address = bytes(of: String(parts[0])) else { return nil }
        let maximum = address.count * 8
        guard parts.count == 2 else { return Range(address: address, prefixLength: maximum) }
        guard let length = Int(parts[1]), (0...maximum).contains(length) else { return nil }
        return Range(address: address, prefixLength: length)
    }

    /// The 4 or 16 bytes of a numeric IPv4 or IPv6 address; an IPv4-mapped IPv6 address becomes IPv4.
    private static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes[12...]) }
        return bytes
    }
}
