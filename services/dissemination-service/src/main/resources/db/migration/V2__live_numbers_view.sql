-- Live fallback numbers per territory, as consumed from the fallback-numbers topic: newest version only.
create table live_numbers_view (
    territory   text primary key,
    version     bigint       not null,
    numbers     jsonb        not null,
    received_at timestamptz  not null
);
