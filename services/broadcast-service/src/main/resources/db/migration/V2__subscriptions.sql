-- Citizen subscriptions by SMS and e-mail (#20). Personal data kept to the minimum and stated on the privacy page:
-- the destination, the territory, the language and the time of consent. A row is deleted, not flagged, when its
-- destination unsubscribes (STOP, the link in every e-mail).
create table subscription (
    id                uuid          primary key,
    channel           varchar(8)    not null,     -- SMS, EMAIL
    destination       varchar(254)  not null,     -- E.164 mobile (+33639980101) or e-mail address (domain lower-cased)
    territory         varchar(32)   not null,     -- FR, department:59, commune:59350
    language          varchar(2)    not null,     -- fr, en
    confirmed_at      timestamptz,                -- the consent: null until the code or link comes back
    -- Until confirmed: SHA-256 (hex) of the 6-digit code (SMS) or of the link's token (e-mail), never the code itself.
    code_sha256       varchar(64),
    code_expires_at   timestamptz,
    code_attempts     int           not null default 0,
    -- The one-click unsubscribe link's token (RFC 8058): it can only end this subscription.
    unsubscribe_token varchar(64)   not null unique,
    tester            boolean       not null default false, -- also receives exercises and tests (others only actual alerts)
    requested_at      timestamptz   not null,
    unique (channel, destination, territory)
);
create index subscription_confirmed_territory on subscription (territory, id) where confirmed_at is not null;
create index subscription_destination on subscription (channel, destination);

-- Confirmation messages sent, by SHA-256 of the destination (never the destination itself), to cap how many one
-- destination receives per hour whoever asks. Rows older than an hour are of no use and are deleted as new ones come.
create table subscription_confirmation_sent (
    destination_sha256 varchar(64)  not null,
    sent_at            timestamptz  not null
);
create index subscription_confirmation_sent_by on subscription_confirmation_sent (destination_sha256, sent_at);
