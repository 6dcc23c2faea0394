-- Issue #14 (finding 6): an account registered through the API no longer chooses where its credentials go. The API
-- hosts of X, Telegram and Facebook are fixed by the service; a Mastodon instance and a Bluesky PDS are part of the
-- credentials (tocsin.social.credentials.<name>.instance / .pds, in the Secret). Only webhooks keep a URL of their own.
-- Before upgrading, copy each Mastodon account's instance into its credentials' "instance".
alter table social_account alter column base_url drop not null;
update social_account set base_url = null where network <> 'WEBHOOK';
