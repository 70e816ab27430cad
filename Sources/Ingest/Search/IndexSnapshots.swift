#if canImport(Glibc)
import Glibc
#endif
import LexicalIndex
import Store
import VectorIndex

/// Knowledge bases' indexes saved on disk, so a restart reads three files per knowledge base instead of
/// re-indexing every chunk from SQLite (which for a large knowledge base means rebuilding its HNSW graph).
///
/// Layout: `<directory>/<kb id>/g<generation>/` holds `vectors.hnsw` (absent when no chunk has a vector),
/// `lexical.bm25`, and `labels` — what each index label stands for and which embedding model the vectors are of.
/// A snapshot is written into a temporary directory beside it and renamed into place, so after a crash a
/// generation's directory is whole or absent. SQLite stays the truth: a snapshot is used only when its generation is
/// the knowledge base's current one, and anything unreadable, stale or built with other graph parameters is deleted
/// and rebuilt from SQLite. Chunk text is stored in plain in SQLite too, so the files add no new exposure; they live
/// in the data directory under the same process umask as the database.
package struct IndexSnapshots: Sendable {
    package let directory: String

    package init(directory: String) {
        self.directory = directory
    }

    /// What a snapshot restores; the documents' filter fields are read from SQLite (cheap: no vectors, no text).
    struct Restored {
        var vectors: HNSWIndex?
        var lexical: BM25Index
        var entries: [UInt64: KnowledgeIndex.Entry]
    }

    /// Saves `index` unless its current generation is already on disk; removes older generations.
    func save(_ index: KnowledgeIndex) throws {
        guard Self.isSafeName(index.kbID) else { return }
        let base = directory + "/" + index.kbID
        let saved = try index.withSnapshotState { generation, vectors, lexical, entries in
            let target = base + "/g\(generation)"
            if access(target, F_OK) == 0 { return generation }
            try Self.makeDirectory(directory)
            try Self.makeDirectory(base)
            let temporary = base + "/.tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            try Self.makeDirectory(temporary)
            do {
                if let vectors { try vectors.save(to: temporary + "/vectors.hnsw") }
                try lexical.save(to: temporary + "/lexical.bm25")
                let labels = LabelTable(model: index.model, generation: generation, entries: entries)
                try SnapshotFile.write(labels.encoded(), to: temporary + "/labels")
                guard rename(temporary, target) == 0 else { throw SnapshotIOError(operation: "rename", path: target) }
                try SnapshotFile.syncDirectory(containing: target)
            } catch {
                Self.removeTree(temporary)
                throw error
            }
            return generation
        }
        removeAll(kbID: index.kbID, except: "g\(saved)")
    }

    /// The saved indexes of a knowledge base at `generation` for `model`, or nil (and nothing left on disk) when
    /// there is none that fits.
    func load(kbID: String, model: String, generation: Int64, hnsw: HNSWParameters) -> Restored? {
        guard Self.isSafeName(kbID) else { return nil }
        let path = directory + "/" + kbID + "/g\(generation)"
        guard access(path, F_OK) == 0 else {
            removeAll(kbID: kbID, except: nil)
            return nil
        }
        do {
            let labels = try LabelTable(decoding: SnapshotFile.read(path + "/labels"))
            let lexical = try BM25Index.load(from: path + "/lexical.bm25")
            let vectored = labels.entries.values.filter(\.hasVector).count
            let vectors = vectored == 0 ? nil : try HNSWIndex.load(from: path + "/vectors.hnsw")
            let built = vectors?.parameters
            guard labels.model == model, labels.generation == generation, lexical.count == labels.entries.count,
                  (vectors?.count ?? 0) == vectored,
                  built == nil || (built!.m == hnsw.m && built!.efConstruction == hnsw.efConstruction) else {
                removeAll(kbID: kbID, except: nil)
                return nil
            }
            return Restored(vectors: vectors, lexical: lexical, entries: labels.entries)
        } catch {
            removeAll(kbID: kbID, except: nil)
            return nil
        }
    }

    /// Deletes every snapshot of a knowledge base (it was deleted).
    func remove(kbID: String) {
        guard Self.isSafeName(kbID) else { return }
        removeAll(kbID: kbID, except: nil)
        rmdir(directory + "/" + kbID)
    }

    private func removeAll(kbID: String, except kept: String?) {
        let base = directory + "/" + kbID
        for name in Self.children(of: base) where name != kept { Self.removeTree(base + "/" + name) }
    }

    /// Knowledge-base ids are generated (`kb_` and base-32); anything else never becomes a path.
    private static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 128 && name.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F
                || $0 == 0x2D
        }
    }

    private static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw SnapshotIOError(operation: "mkdir", path: path) }
    }

    /// The entries of a directory, without "." and "..".
    static func children(of path: String) -> [String] {
        guard let handle = opendir(path) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a snapshot directory (flat: files only) or a file.
    private static func removeTree(_ path: String) {
        for name in children(of: path) { unlink(path + "/" + name) }
        if rmdir(path) != 0 { unlink(path) }
    }
}

/// A failed system call while saving a snapshot.
struct SnapshotIOError: Error, CustomStringConvertible {
    var operation: String
    var path: String
    var code: Int32 = errno

    var description: String { "\(operation) \(path) failed: errno \(code)" }
}
