-- Issue #18: social networks and partner webhooks moved to broadcast-service, with their own database (its V1). The
-- public side keeps no account, ledger nor token. Before upgrading, let the pending deliveries drain (or accept that
-- broadcast-service starts from an empty ledger: docs/DEPLOYMENT.md, "Upgrading to broadcast-service"); the accounts are registered again there.
-- The audit trail (audit_record) stays: its past records are kept and verifiable here.
drop table if exists delivery;
drop table if exists oauth_token;
drop table if exists social_account;
