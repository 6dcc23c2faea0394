-- Tamper-evident audit: each record carries an HMAC over its content and the previous record's HMAC.
-- Records written before this migration are outside the chain (null hash); verification starts after them.
alter table audit_record add column previous_hash bytea;
alter table audit_record add column hash bytea;
