-- Accounts Tocsin posts to on behalf of a territory's authority: the national account, prefectures', cities'.
create table social_account (
    id              uuid          primary key,
    network         varchar(16)   not null,     -- MASTODON, BLUESKY, X, FACEBOOK, TELEGRAM, WEBHOOK
    territory       varchar(32)   not null,     -- FR, region:32, department:59, commune:14118
    name            varchar(200)  not null,     -- as shown in the delivery status ("@prefet59@social.gouv.fr")
    base_url        varchar(500)  not null,     -- the instance / API root; per account, so each can differ
    target          varchar(200),               -- Facebook page id, Telegram chat id, Bluesky handle
    credentials     varchar(100)  not null,     -- name of the secret holding the credentials, never the secret
    language        varchar(2)    not null default 'fr',
    test_only       boolean       not null default false, -- receives exercises and tests, never actual alerts
    enabled         boolean       not null default true,
    created_at      timestamptz   not null default now(),
    unique (network, base_url, target, name)
);
create index social_account_territory on social_account (territory);

-- The delivery ledger: one row per account × incident × version × kind, so a redelivered event, a restart or a
-- second instance can never plan (and so never send) the same post twice.
create table delivery (
    id              uuid          primary key,
    account_id      uuid          not null references social_account (id),
    subject         varchar(64)   not null,     -- incident id, or the territory for number changes
    version         bigint        not null,
    kind            varchar(16)   not null,     -- DECLARED, UPDATED, ENDED, NUMBERS
    status          varchar(16)   not null,     -- PENDING, SENT, FAILED
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
