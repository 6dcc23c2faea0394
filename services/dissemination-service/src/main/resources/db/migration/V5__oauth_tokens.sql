-- OAuth 2.0 tokens that expire and are refreshed (X): the current pair per credentials name. Refresh tokens rotate
-- (each refresh returns a new one and the old one stops working), so the pair lives here rather than in the
-- read-only Kubernetes Secret, shared by every replica; a refresh holds this row's lock (select ... for update).
create table oauth_token (
    credentials       varchar(100)  primary key, -- the credentials name, as in social_account.credentials
    access_token      text,                      -- null until the first refresh
    refresh_token     text          not null,    -- the one to use next
    access_expires_at timestamptz,               -- null: unknown, refreshed before use
    seed_sha256       varchar(64)   not null,    -- SHA-256 (hex) of the configured refresh token that seeded the row
    updated_at        timestamptz   not null default now()
);
