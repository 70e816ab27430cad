/// The zip codes (APPNOTE.TXT is the PKWARE .ZIP File Format Specification, version 6.3.10).
extension PartitionError {
    /// The archive's structure is broken: no end record, truncated or out-of-range records, overlapping entries,
    /// a local header that disagrees with the central directory, an entry whose size differs from the declared one.
    package static func zipInvalid(_ detail: String) -> PartitionError {
        PartitionError("zip_invalid", "The zip archive is damaged: \(detail).")
    }

    /// A zip feature ragd does not read (multi-disk archives, compression methods other than stored and deflate).
    package static func zipUnsupported(_ detail: String) -> PartitionError {
        PartitionError("zip_unsupported", "The zip archive uses an unsupported feature: \(detail).")
    }

    /// An encrypted entry (APPNOTE §4.4.4 bit 0, strong encryption, or WinZip AES method 99).
    package static func zipEncrypted(_ name: String) -> PartitionError {
        PartitionError("zip_encrypted", "The zip entry \(name) is encrypted; remove the password and upload again.")
    }

    /// An entry name that could escape an extraction directory (zip slip) or hide behind a NUL.
    package static func zipUnsafePath(_ name: String) -> PartitionError {
        PartitionError("zip_unsafe_path", "The zip archive contains an unsafe entry name: \(name).")
    }

    /// More entries than `PartitionLimits.maxZipEntries`.
    package static func zipTooManyEntries(_ count: Int, limit: Int) -> PartitionError {
        PartitionError("zip_too_many_entries", "The zip archive has \(count) entries; at most \(limit) are allowed.")
    }

    /// An entry whose CRC-32 does not match its data.
    package static func zipChecksum(_ name: String) -> PartitionError {
        PartitionError("zip_checksum", "The zip entry \(name) is corrupt (CRC-32 mismatch).")
    }
}
