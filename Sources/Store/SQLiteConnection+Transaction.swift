extension SQLiteConnection {
    /// Runs `body` in a transaction: commits when it returns, rolls back when it (or the COMMIT) throws, and rethrows.
    ///
    /// Called while a transaction is already open, it opens a SAVEPOINT instead (and `kind` is ignored), so a
    /// repository method that wraps its work in `transaction` can be composed inside a caller's larger transaction:
    /// an inner failure undoes only the inner work, and the outer body decides whether to carry on.
    @discardableResult
    package func transaction<T>(_ kind: TransactionKind = .deferred, _ body: () throws -> T) throws -> T {
        if isInTransaction { return try savepoint(body) }
        try run(kind.beginSQL)
        do {
            let value = try body()
            try run("COMMIT")
            return value
        } catch {
            // Some errors (SQLITE_FULL, SQLITE_IOERR, …) have already rolled the transaction back.
            if isInTransaction { _ = try? run("ROLLBACK") }
            throw error
        }
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        // The name is our own counter, never a value; savepoint names cannot be bound parameters.
        let name = "ragd_savepoint_\(savepointDepth)"
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        try run("SAVEPOINT \(name)")
        do {
            let value = try body()
            try run("RELEASE \(name)")
            return value
        } catch {
            // ROLLBACK TO undoes the work but leaves the savepoint open; RELEASE closes it.
            if isInTransaction {
                _ = try? run("ROLLBACK TO \(name)")
                _ = try? run("RELEASE \(name)")
            }
            throw error
        }
    }

    /// Rolls back a transaction left open by code that ran `BEGIN` by hand, so the next user of the connection does
    /// not inherit it (and, on a reader, so it stops pinning the WAL).
    func rollbackAbandonedTransaction() {
        if isInTransaction { _ = try? run("ROLLBACK") }
    }
}
