@_spi(_Unicode) import Swift

/// BERT's normalizer and pre-tokenizer in one pass: drop control characters, split on whitespace, isolate CJK
/// ideographs, decompose (NFD), drop nonspacing marks (accents), lower-case, and isolate punctuation. It hands out
/// words as normalized UTF-8 for WordPiece.
///
/// Speed matters because the chunker counts tokens word by word. A run of ASCII without control characters — most
/// text — is split in place and handed out as slices of the input, still in its original case (the vocabulary folds
/// ASCII case as it looks up). Only runs holding other characters are decoded and normalized into a buffer. The
/// decomposition is the standard library's own NFD (the SPI that swift-foundation builds on): it walks a string
/// without bridging through Foundation or allocating per character.
enum BasicTokenizer {
    /// Calls `body` with each word's UTF-8 bytes (ASCII possibly upper case) and its length in Unicode scalars, in
    /// order, until `body` returns false.
    static func forEachWord(in text: some StringProtocol,
                            _ body: (_ word: UnsafeBufferPointer<UInt8>, _ scalars: Int) -> Bool) {
        let scanned: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var scanner = Scanner()
            scanner.scan(bytes, body)
        }
        if scanned == nil {
            Array(text.utf8).withUnsafeBufferPointer { bytes in
                var scanner = Scanner()
                scanner.scan(bytes, body)
            }
        }
    }

    private struct Scanner {
        /// The normalized word being built on the slow path; allocated only if the text needs it.
        private var word: [UInt8] = []
        private var wordScalars = 0

        /// Splits `bytes` (valid UTF-8) into runs between whitespace and ideographs, and runs into words.
        mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>,
                           _ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool) {
            var runStart = -1    // first byte of the current run, -1 between runs
            var runIsPlain = true  // only ASCII without control characters: splittable in place
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let scalar: Unicode.Scalar
                let length: Int
                let kind: BERTCharacterClass
                if byte < 0x80 {
                    scalar = Unicode.Scalar(byte)
                    length = 1
                    kind = .ascii(byte)
                } else {
                    (scalar, length) = Self.decode(bytes, at: index)
                    kind = BERTCharacterClass(scalar)
                }
                switch kind {
                case .whitespace, .ideograph:
                    if runStart >= 0 {
                        guard flush(bytes, runStart..<index, plain: runIsPlain, body) else { return }
                        runStart = -1
                    }
                    if kind == .ideograph {
                        let ideograph = UnsafeBufferPointer(rebasing: bytes[index..<index + length])
                        let keepGoing = BERTCharacterClass.isCompatibilityIdeograph(scalar.value)
                            ? normalize(ideograph, body) : body(ideograph, 1)
                        guard keepGoing else { return }
                    }
                case .dropped:
                    if runStart >= 0 { runIsPlain = false }
                case .other, .punctuation:
                    if runStart < 0 {
                        runStart = index
                        runIsPlain = true
                    }
                    if byte >= 0x80 { runIsPlain = false }
                }
                index += length
            }
            if runStart >= 0 { _ = flush(bytes, runStart..<bytes.count, plain: runIsPlain, body) }
        }

        /// Hands out the words of one run; false once `body` asked to stop.
        private mutating func flush(_ bytes: UnsafeBufferPointer<UInt8>, _ run: Range<Int>, plain: Bool,
                                    _ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool) -> Bool {
            let slice = UnsafeBufferPointer(rebasing: bytes[run])
            guard plain else { return normalize(slice, body) }
            var wordStart = 0
            for index in 0..<slice.count where BERTCharacterClass.ascii(slice[index]) == .punctuation {
                if index > wordStart && !body(UnsafeBufferPointer(rebasing: slice[wordStart..<index]), index - wordStart) {
                    return false
                }
                guard body(UnsafeBufferPointer(rebasing: slice[index..<index + 1]), 1) else { return false }
                wordStart = index + 1
            }
            return wordStart == slice.count || body(UnsafeBufferPointer(rebasing: slice[wordStart...]), slice.count - wordStart)
        }

        /// The slow path for a run with non-ASCII or control characters: NFD, drop what BERT drops and nonspacing
        /// marks, lower-case each scalar on its own (as the reference does: no final-sigma rule), split punctuation.
        private mutating func normalize(_ run: UnsafeBufferPointer<UInt8>,
                                        _ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool) -> Bool {
            let text = String(decoding: run, as: UTF8.self)  // short runs fit in a small string: no allocation
            startWord()
            for scalar in text._nfd {
                let kind = BERTCharacterClass(scalar)
                if kind == .dropped || scalar.properties.generalCategory == .nonspacingMark { continue }
                if scalar.isASCII {
                    guard append(scalar, body) else { return false }
                } else if scalar.properties.changesWhenLowercased {
                    for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                        guard append(lower, body) else { return false }
                    }
                } else {
                    guard append(scalar, body) else { return false }
                }
            }
            return endWord(body)
        }

        /// Adds a lower-cased scalar to the current word, or hands out a punctuation mark as a word of its own.
        private mutating func append(_ scalar: Unicode.Scalar,
                                     _ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool) -> Bool {
            if BERTCharacterClass(scalar) == .punctuation {
                guard endWord(body) else { return false }
                word.append(contentsOf: UTF8.encode(scalar)!)
                wordScalars = 1
                return endWord(body)
            }
            if scalar.isASCII {
                word.append(Vocabulary.Table.folded(UInt8(scalar.value)))
            } else {
                word.append(contentsOf: UTF8.encode(scalar)!)
            }
            wordScalars += 1
            return true
        }

        private mutating func startWord() {
            word.removeAll(keepingCapacity: true)
            wordScalars = 0
        }

        /// Hands out the current word if it is not empty and starts the next.
        private mutating func endWord(_ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool) -> Bool {
            guard !word.isEmpty else { return true }
            let keepGoing = word.withUnsafeBufferPointer { body($0, wordScalars) }
            startWord()
            return keepGoing
        }

        /// The scalar starting at `index` of valid UTF-8 that does not start with an ASCII byte, and its length.
        @inline(__always)
        private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
            let lead = UInt32(bytes[index])
            var value: UInt32
            let length: Int
            if lead < 0xE0 {
                length = 2
                value = lead & 0x1F
            } else if lead < 0xF0 {
                length = 3
                value = lead & 0x0F
            } else {
                length = 4
                value = lead & 0x07
            }
            for offset in 1..<length where index + offset < bytes.count {
                value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
            }
            return (Unicode.Scalar(value) ?? "\u{FFFD}", min(length, bytes.count - index))
        }
    }
}
