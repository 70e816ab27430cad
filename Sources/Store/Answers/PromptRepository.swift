/// One version of a prompt template.
package struct PromptRecord: Sendable, Equatable {
    package var orgID: String
    package var name: String
    package var version: Int
    package var template: String
    package var description: String
    package var createdBy: String
    package var createdAt: Int64

    package init(orgID: String, name: String, version: Int, template: String, description: String, createdBy: String,
                 createdAt: Int64) {
        self.orgID = orgID
        self.name = name
        self.version = version
        self.template = template
        self.description = description
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    static let columns = "org_id, name, version, template, description, created_by, created_at"

    init(row: Row) throws {
        self.init(orgID: try row.get(0), name: try row.get(1), version: try row.get(2), template: try row.get(3),
                  description: try row.get(4), createdBy: try row.get(5), createdAt: try row.get(6))
    }
}

/// A prompt's traffic split: `variants` is JSON `[{"version": n, "weight": w}]`.
package struct PromptExperimentRecord: Sendable, Equatable {
    package var name: String
    package var variants: String
    package var startedAt: Int64

    package init(name: String, variants: String, startedAt: Int64) {
        self.name = name
        self.variants = variants
        self.startedAt = startedAt
    }
}

/// Prompt templates and experiments of one organization.
package enum PromptRepository {
    /// Stores `template` as the next version of `name` (1 for a new name) and returns the record.
    package static func addVersion(name: String, template: String, description: String, createdBy: String,
                                   at time: Int64, in org: OrgID, on db: SQLiteConnection) throws -> PromptRecord {
        // Runs inside the writer's transaction, so two posts of one name cannot read the same latest version.
        let latest: Int = try db.queryOne("SELECT coalesce(max(version), 0) FROM prompts WHERE org_id = ? AND name = ?",
                                          [org.rawValue, name]) { try $0.get(0) } ?? 0
        let record = PromptRecord(orgID: org.rawValue, name: name, version: latest + 1, template: template,
                                  description: description, createdBy: createdBy, createdAt: time)
        try db.run("INSERT INTO prompts (\(PromptRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [record.orgID, record.name, record.version, record.template, record.description,
                    record.createdBy, record.createdAt])
        return record
    }

    /// Version `version` of `name`, or the latest when `version` is nil.
    package static func find(_ name: String, version: Int?, in org: OrgID, on db: SQLiteConnection) throws
        -> PromptRecord? {
        try db.queryOne("""
            SELECT \(PromptRecord.columns) FROM prompts WHERE org_id = ? AND name = ? AND (? IS NULL OR version = ?)
            ORDER BY version DESC LIMIT 1
            """, [org.rawValue, name, version, version], row: PromptRecord.init(row:))
    }

    /// Versions of `name` after version `after`, oldest first (the version is the cursor position).
    package static func versions(of name: String, in org: OrgID, after: Int64? = nil, limit: Int = Int(Int32.max),
                                 on db: SQLiteConnection) throws -> Page<PromptRecord> {
        let rows = try db.query("""
            SELECT \(PromptRecord.columns) FROM prompts WHERE org_id = ? AND name = ? AND version > ?
            ORDER BY version LIMIT ?
            """, [org.rawValue, name, after ?? 0, limit + 1]) { row in
            let record = try PromptRecord(row: row)
            return (position: Int64(record.version), item: record)
        }
        return Page(fetched: rows, limit: limit)
    }

    /// The latest version of each prompt, in the order the names were created (a stable cursor: the row id of a
    /// name's first version), after position `after`.
    package static func latest(in org: OrgID, after: Int64?, limit: Int, on db: SQLiteConnection) throws
        -> Page<PromptRecord> {
        let rows = try db.query("""
            SELECT p.org_id, p.name, p.version, p.template, p.description, p.created_by, p.created_at, f.first
            FROM (SELECT name, max(version) AS latest, min(rowid) AS first FROM prompts WHERE org_id = ?
                  GROUP BY name HAVING min(rowid) > ? ORDER BY first LIMIT ?) f
            JOIN prompts p ON p.org_id = ? AND p.name = f.name AND p.version = f.latest
            ORDER BY f.first
            """, [org.rawValue, after ?? 0, limit + 1, org.rawValue]) { row in
            (position: try row.get(7) as Int64, item: try PromptRecord(row: row))
        }
        return Page(fetched: rows, limit: limit)
    }

    package static func setExperiment(_ experiment: PromptExperimentRecord, in org: OrgID,
                                      on db: SQLiteConnection) throws {
        try db.run("""
            INSERT INTO prompt_experiments (org_id, name, variants, started_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (org_id, name) DO UPDATE SET variants = excluded.variants, started_at = excluded.started_at
            """, [org.rawValue, experiment.name, experiment.variants, experiment.startedAt])
    }

    package static func experiment(_ name: String, in org: OrgID, on db: SQLiteConnection) throws
        -> PromptExperimentRecord? {
        try db.queryOne("SELECT name, variants, started_at FROM prompt_experiments WHERE org_id = ? AND name = ?",
                        [org.rawValue, name]) {
            PromptExperimentRecord(name: try $0.get(0), variants: try $0.get(1), startedAt: try $0.get(2))
        }
    }
}
