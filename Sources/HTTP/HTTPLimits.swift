/// Every size limit the request parser enforces, named and configurable. Defaults follow the issue (and are close to
/// what nginx and Node ship): 8 KiB lines, 32 KiB of header fields, 100 fields.
package struct HTTPLimits: Sendable, Equatable {
    /// Longest request line (method, target, version; without CRLF) → 414 beyond it.
    package var maxRequestLineBytes = 8 * 1024
    /// Longest single header or trailer field line (without CRLF) → 431 beyond it.
    package var maxHeaderLineBytes = 8 * 1024
    /// Total bytes of the header section: every field line with its CRLF plus the blank line that ends the section
    /// → 431 beyond it; trailers get the same allowance.
    package var maxHeaderBytes = 32 * 1024
    /// Most header fields in one request → 431 beyond it; trailers get the same allowance.
    package var maxHeaderCount = 100
    /// Largest request body the parser accepts at all (routes may set lower limits) → 413 beyond it.
    package var maxBodyBytes = 16 * 1024 * 1024
    /// Longest chunk-size line including extensions → 400 beyond it.
    package var maxChunkLineBytes = 4 * 1024
    /// Empty lines tolerated before a request line (RFC 9112 §2.2 asks servers to ignore at least one).
    package var maxLeadingEmptyLines = 4

    /// The defaults.
    package init() {}
}
