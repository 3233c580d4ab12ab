/** Non-secret settings as key → JSON value. Secrets never go here (they live in the OS keychain). */
export const up = `
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`;
