import COpenSSL

/// OpenSSL's per-thread error queue, read out as text for messages.
enum OpenSSLErrorQueue {
    /// The queued errors joined with "; " (the queue is emptied), or `fallback` when there are none.
    static func drain(fallback: String = "unknown TLS error") -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? fallback : messages.joined(separator: "; ")
    }
}
