/// Why a request was rejected by the parser. Each case maps to the status RFC 9112 (or the issue) prescribes; the
/// connection is always closed afterwards because the byte stream can no longer be trusted.
package enum HTTPParseError: Error, Sendable, Equatable {
    case requestLineTooLong
    case headerLineTooLong
    case headerSectionTooLarge
    case tooManyHeaders
    case bodyTooLarge
    case tooManyEmptyLines
    case invalidRequestLine
    case invalidMethod
    case invalidTarget
    case invalidVersion
    case unsupportedVersion
    case bareCarriageReturn
    case bareLineFeed
    case obsoleteLineFolding
    case whitespaceBeforeColon
    case invalidHeaderName
    case invalidHeaderValue
    case missingColon
    case missingHost
    case duplicateHost
    case invalidContentLength
    case duplicateContentLength
    case contentLengthWithTransferEncoding
    case unsupportedTransferEncoding
    case transferEncodingOnHTTP10
    case invalidChunkSize
    case invalidChunkExtension
    case chunkLineTooLong
    case missingChunkTerminator
    case forbiddenTrailer
    case unsupportedExpectation

    /// The response status for this rejection.
    package var status: HTTPStatus {
        switch self {
        case .requestLineTooLong: .uriTooLong
        case .headerLineTooLong, .headerSectionTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedVersion: .httpVersionNotSupported
        case .unsupportedExpectation: .expectationFailed
        default: .badRequest
        }
    }

    /// A stable snake_case code for the JSON error body.
    package var code: String {
        switch self {
        case .requestLineTooLong: "request_line_too_long"
        case .headerLineTooLong: "header_line_too_long"
        case .headerSectionTooLarge: "headers_too_large"
        case .tooManyHeaders: "too_many_headers"
        case .bodyTooLarge: "body_too_large"
        case .tooManyEmptyLines: "too_many_empty_lines"
        case .invalidRequestLine: "invalid_request_line"
        case .invalidMethod: "invalid_method"
        case .invalidTarget: "invalid_target"
        case .invalidVersion: "invalid_version"
        case .unsupportedVersion: "unsupported_http_version"
        case .bareCarriageReturn: "bare_carriage_return"
        case .bareLineFeed: "bare_line_feed"
        case .obsoleteLineFolding: "obsolete_line_folding"
        case .whitespaceBeforeColon: "whitespace_before_colon"
        case .invalidHeaderName: "invalid_header_name"
        case .invalidHeaderValue: "invalid_header_value"
        case .missingColon: "missing_colon"
        case .missingHost: "missing_host"
        case .duplicateHost: "duplicate_host"
        case .invalidContentLength: "invalid_content_length"
        case .duplicateContentLength: "duplicate_content_length"
        case .contentLengthWithTransferEncoding: "content_length_with_transfer_encoding"
        case .unsupportedTransferEncoding: "unsupported_transfer_encoding"
        case .transferEncodingOnHTTP10: "transfer_encoding_on_http10"
        case .invalidChunkSize: "invalid_chunk_size"
        case .invalidChunkExtension: "invalid_chunk_extension"
        case .chunkLineTooLong: "chunk_line_too_long"
        case .missingChunkTerminator: "missing_chunk_terminator"
        case .forbiddenTrailer: "forbidden_trailer"
        case .unsupportedExpectation: "unsupported_expectation"
        }
    }

    /// A human-readable explanation for the JSON error body.
    package var message: String {
        switch self {
        case .requestLineTooLong: "The request line is longer than the server accepts."
        case .headerLineTooLong: "A header field line is longer than the server accepts."
        case .headerSectionTooLarge: "The header section is larger than the server accepts."
        case .tooManyHeaders: "The request has more header fields than the server accepts."
        case .bodyTooLarge: "The request body is larger than the server accepts."
        case .tooManyEmptyLines: "Too many empty lines before the request line."
        case .invalidRequestLine: "The request line is malformed."
        case .invalidMethod: "The request method is not a valid token."
        case .invalidTarget: "The request target is malformed."
        case .invalidVersion: "The HTTP version is malformed."
        case .unsupportedVersion: "Only HTTP/1.0 and HTTP/1.1 are supported."
        case .bareCarriageReturn: "A carriage return is not followed by a line feed."
        case .bareLineFeed: "A line ends with a bare line feed instead of CRLF."
        case .obsoleteLineFolding: "Obsolete line folding is not accepted."
        case .whitespaceBeforeColon: "Whitespace between a field name and the colon is not allowed."
        case .invalidHeaderName: "A header field name contains invalid characters."
        case .invalidHeaderValue: "A header field value contains control characters."
        case .missingColon: "A header field line has no colon."
        case .missingHost: "HTTP/1.1 requests need exactly one Host header."
        case .duplicateHost: "The Host header appears more than once."
        case .invalidContentLength: "Content-Length must be a single decimal number."
        case .duplicateContentLength: "Content-Length appears more than once."
        case .contentLengthWithTransferEncoding: "Content-Length and Transfer-Encoding must not both be sent."
        case .unsupportedTransferEncoding: "Transfer-Encoding must be exactly \"chunked\"."
        case .transferEncodingOnHTTP10: "Transfer-Encoding is not allowed in HTTP/1.0 requests."
        case .invalidChunkSize: "A chunk size is not a valid hexadecimal number."
        case .invalidChunkExtension: "A chunk extension is malformed."
        case .chunkLineTooLong: "A chunk-size line is longer than the server accepts."
        case .missingChunkTerminator: "Chunk data is not followed by CRLF."
        case .forbiddenTrailer: "The trailer section contains a field that is not allowed in trailers."
        case .unsupportedExpectation: "Only the 100-continue expectation is supported."
        }
    }
}
