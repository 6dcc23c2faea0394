-- broadcast-service's own database (#18): the accounts and partner webhooks it posts to, the delivery ledger, the
-- rotating OAuth tokens, and what it follows of incidents and live numbers to plan posts. The audit trail is
-- service-kit's (db/kit/audit).

-- Accounts Tocsin posts to on behalf of a territory's authority: the national account, prefectures', cities'.
create table social_account (
    id              uuid          primary key,
    network         varchar(16)   not null,     -- MASTODON, BLUESKY, X, FACEBOOK, TELEGRAM, WEBHOOK
    territory       varchar(32)   not null,     -- FR, region:32, department:59, commune:14118
    name            varchar(200)  not null,     -- as shown in the delivery status ("@prefet59@social.gouv.fr")
    -- Webhooks only: the partner's URL. The API hosts of X, Telegram and Facebook are fixed by the service; a
    -- Mastodon instance and a Bluesky PDS are part of the credentials (issue #14, finding 6).
    base_url        varchar(500),
    target          varchar(200),               -- Facebook page id, Telegram chat id, Bluesky handle
    credentials     varchar(100)  not null,     -- name of the secret holding the credentials, never the secret
    language        varchar(2)    not null default 'fr',
    test_only       boolean       not null default false, -- receives exercises and tests, never actual alerts
    enabled         boolean       not null default true,
    created_at      timestamptz   not null default now(),
    unique (network, base_url, target, name)
);
create index social_account_territory on social_account (territory);

-- The delivery ledger: one row per account × subject × version × kind, so a redelivered event, a restart, a
-- rebalance of the consumer group or a second instance can never plan (and so never send) the same post twice.
create table delivery (
    id              uuid          primary key,
    account_id      uuid          not null references social_account (id),
    subject         varchar(64)   not null,     -- incident id, or "numbers:<territory>" for number changes
    version         bigint        not null,
    kind            varchar(16)   not null,     -- DECLARED, UPDATED, ENDED, NUMBERS
    status          varchar(16)   not null,     -- PENDING, SENT, FAILED, SUPERSEDED
    payload         jsonb         not null,     -- the posts to send (a thread), rendered when planned
    thread_of       varchar(64),                -- the subject whose first post this one replies to
    attempts        int           not null default 0,
    next_attempt_at timestamptz   not null default now(),
    last_error      text,
    remote_ids      jsonb,                      -- ids of the posts sent (one per part of the thread)
    remote_url      varchar(1000),
    created_at      timestamptz   not null default now(),
    sent_at         timestamptz,
    unique (account_id, subject, version, kind)
);
create index delivery_due on delivery (next_attempt_at) where status = 'PENDING';
create index delivery_subject on delivery (subject);

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

-- What this service follows of incidents: the latest public (released) version of each, to tell a new version from
-- a redelivered or older one, and what changed since the previous public version. Not dissemination's read model.
create table incident_snapshot (
    id          uuid         primary key,
    version     bigint       not null,
    snapshot    jsonb        not null,
    received_at timestamptz  not null default now()
);

-- The latest live numbers of each territory, for the same versioned idempotence.
create table live_numbers_snapshot (
    territory   varchar(32)  primary key,
    version     bigint       not null,
    numbers     jsonb        not null,
    received_at timestamptz  not null default now()
);
