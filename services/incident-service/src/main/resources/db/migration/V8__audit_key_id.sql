-- Audit keys rotate (service kit, AuditConfig): each record names the key that linked it. The records written so far
-- were linked with the one key there was, whose id is "default" (tocsin.audit.key-id's default). No column default
-- afterwards: the service always names the key, and a row inserted without one is a break, not a guess.
alter table audit_record add column key_id text;
update audit_record set key_id = 'default';
alter table audit_record alter column key_id set not null;
