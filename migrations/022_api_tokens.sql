-- Personal API tokens: a user's credentials for the JSON API (Authorization: Bearer tpt_...), each
-- with a name its owner gave it. Only the SHA-256 of the secret is stored, so a copy of the database
-- opens nothing; `prefix` is the token's first characters, not secret, shown to tell tokens apart.
-- A token is its owner's: it goes with the user, and acts with the owner's roles of the moment.
-- A revoked token is kept (revoked_at) so that its owner's list and the auth log still name it.
-- auth_events gains the kinds token-created, token-revoked and token-refused (which the per-address
-- throttle of refused tokens counts).
CREATE TABLE api_tokens (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  secret_sha256 TEXT NOT NULL UNIQUE,
  prefix        TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  last_used_at  TEXT,
  expires_at    TEXT,
  revoked_at    TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id, id);
