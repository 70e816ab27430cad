#if canImport(Glibc)
import Glibc
#endif

/// A throw-away certificate and key made with the `openssl` command-line tool in a temporary folder (removed when the
/// value goes away), for TLS tests: a self-signed P-256 certificate for the given subject alternative names.
package final class SelfSignedCertificate: Sendable {
    /// PEM certificate (also usable as the client's `caFile`, since it signs itself).
    package let certificateFile: String
    /// PEM private key.
    package let keyFile: String
    private let directory: TemporaryDirectory

    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Where the `openssl` tool is, if installed.
    package static let tool: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/bin/openssl"]
        .first(where: Subprocess.isExecutable)

    /// Whether certificates can be made here.
    package static var isAvailable: Bool { tool != nil }

    /// Makes a certificate for `names`, e.g. `["DNS:localhost", "IP:127.0.0.1"]`.
    package init(names: [String] = ["DNS:localhost", "IP:127.0.0.1"], commonName: String = "ragd test") throws {
        guard let tool = Self.tool else { throw Failure(description: "the openssl tool is not installed") }
        directory = TemporaryDirectory(prefix: "ragd-tls")
        certificateFile = directory.path + "/cert.pem"
        keyFile = directory.path + "/key.pem"
        let config = directory.path + "/openssl.cnf"
        // Our own config, so the system's openssl.cnf cannot add or change extensions.
        let text = """
            [req]
            distinguished_name = dn
            x509_extensions = ext
            prompt = no
            [dn]
            CN = \(commonName)
            [ext]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, digitalSignature, keyCertSign
            extendedKeyUsage = serverAuth
            subjectAltName = \(names.joined(separator: ", "))

            """
        guard let file = fopen(config, "w") else { throw Failure(description: "cannot write \(config)") }
        fputs(text, file)
        fclose(file)
        let result = Subprocess.run(tool, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                           "-nodes", "-days", "2", "-keyout", keyFile, "-out", certificateFile,
                                           "-config", config], input: [])
        guard result.status == 0 else { throw Failure(description: "openssl req failed: \(result.output)") }
    }

    deinit { directory.remove() }
}
