/// ragd's schema history. Append new migrations at the end with the next version; never edit an applied one (the
/// migrator rejects a changed checksum).
package enum Schema {
    /// Every migration, oldest first.
    package static let migrations: [Migration] = [
        Migration(version: 1, name: "instance", sql: """
            -- One row identifying this installation: backups and exports carry the id, so restoring into the wrong
            -- deployment is detectable.
            CREATE TABLE instance (
                singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
                id         TEXT    NOT NULL,
                created_at TEXT    NOT NULL
            ) STRICT;
            INSERT INTO instance (singleton, id, created_at)
            VALUES (1, 'inst_' || lower(hex(randomblob(12))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
            """),
        Migration(version: 2, name: "tenancy", sql: """
            -- Times are Unix milliseconds (UTC). Every tenant row carries org_id, and every tenant query filters on it.
            CREATE TABLE organizations (
                id         TEXT    PRIMARY KEY,
                name       TEXT    NOT NULL,
                tier       TEXT    NOT NULL DEFAULT 'free',
                created_at INTEGER NOT NULL
            ) STRICT;

            -- One organization per user; emails are stored lower-cased and unique across the installation.
            CREATE TABLE users (
                id                  TEXT    PRIMARY KEY,
                org_id              TEXT    NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                email               TEXT    NOT NULL UNIQUE,
                name                TEXT    NOT NULL DEFAULT '',
                role                TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
                password_hash       TEXT    NOT NULL,
                disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                created_at          INTEGER NOT NULL,
                updated_at          INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX users_by_org ON users(org_id, created_at, id);

            -- A session is one login: a family of refresh tokens, rotated on every use. Revoking it ends the family
            -- and, through the session id claim, every access token issued in it.
            CREATE TABLE sessions (
                id             TEXT    PRIMARY KEY,
                org_id         TEXT    NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                user_id        TEXT    NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at     INTEGER NOT NULL,
                expires_at     INTEGER NOT NULL,
                revoked_at     INTEGER,
                revoked_reason TEXT,
                client_ip      TEXT
            ) STRICT;
            CREATE INDEX sessions_by_user ON sessions(org_id, user_id);
            CREATE INDEX sessions_revoked ON sessions(revoked_at) WHERE revoked_at IS NOT NULL;

            -- Only the SHA-256 of each refresh token is stored. A spent token presented again is a replay.
            CREATE TABLE refresh_tokens (
                token_hash TEXT    PRIMARY KEY,
                session_id TEXT    NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                org_id     TEXT    NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                spent_at   INTEGER
            ) STRICT;
            CREATE INDEX refresh_tokens_by_session ON refresh_tokens(session_id);

            -- Only the SHA-256 of each key is stored, with a short prefix to recognise it in lists.
            CREATE TABLE api_keys (
                id           TEXT    PRIMARY KEY,
                org_id       TEXT    NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                created_by   TEXT    REFERENCES users(id) ON DELETE SET NULL,
                name         TEXT    NOT NULL,
                prefix       TEXT    NOT NULL,
                key_hash     TEXT    NOT NULL UNIQUE,
                scopes       TEXT    NOT NULL,
                kb_ids       TEXT,
                expires_at   INTEGER,
                last_used_at INTEGER,
                revoked_at   INTEGER,
                created_at   INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX api_keys_by_org ON api_keys(org_id, created_at, id);

            -- Who did what. org_id is NULL only for events without an organization (a failed login for an unknown
            -- email). seq orders entries and serves as the pagination cursor.
            CREATE TABLE audit_log (
                seq         INTEGER PRIMARY KEY AUTOINCREMENT,
                id          TEXT    NOT NULL UNIQUE,
                org_id      TEXT    REFERENCES organizations(id) ON DELETE CASCADE,
                actor_type  TEXT    NOT NULL,
                actor_id    TEXT,
                action      TEXT    NOT NULL,
                target_type TEXT,
                target_id   TEXT,
                client_ip   TEXT,
                request_id  TEXT,
                details     TEXT    NOT NULL DEFAULT '{}',
                created_at  INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX audit_log_by_org ON audit_log(org_id, seq);
            """),
    ]
}
