-- Accounts of a shared server: users with a role for the whole server (and, per work, a role that
-- overrides it), their sign-in sessions, and the log of sign-ins, failures and account changes
-- (which is also what throttling counts). With no user at all the server runs in local mode.

CREATE TABLE users (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role                 TEXT NOT NULL CHECK (role IN ('administrator', 'terminologist', 'editor', 'reviewer', 'reader')),
  -- '$scrypt$ln=17,r=8,p=1$<salt>$<hash>' (base64): the parameters travel with the hash
  password_hash        TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  password_changed_at  TEXT NOT NULL
);

CREATE TABLE user_work_roles (
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  work_id  INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
  role     TEXT NOT NULL CHECK (role IN ('administrator', 'terminologist', 'editor', 'reviewer', 'reader')),
  PRIMARY KEY (user_id, work_id)
) WITHOUT ROWID;

-- The cookie carries a random identifier; only its SHA-256 is stored, so a copy of the database
-- opens no session. Each session has its own CSRF token.
CREATE TABLE sessions (
  id_hash       TEXT PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  address       TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

-- kind: sign-in, sign-in-failed, sign-in-throttled, sign-out, user-added, user-removed,
-- role-changed, work-role-changed, password-changed. `user_name` is the account concerned (as typed,
-- for a failure), `actor` who did it (an administrator, the CLI's user, or the user themself).
CREATE TABLE auth_events (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  kind       TEXT NOT NULL,
  user_name  TEXT NOT NULL DEFAULT '',
  address    TEXT NOT NULL DEFAULT '',
  actor      TEXT NOT NULL DEFAULT '',
  detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX auth_events_user ON auth_events(user_name COLLATE NOCASE, kind, at);
CREATE INDEX auth_events_address ON auth_events(address, kind, at);

-- The history page filters a work's events by who made them.
CREATE INDEX events_work_actor ON events(work_id, actor, id);
