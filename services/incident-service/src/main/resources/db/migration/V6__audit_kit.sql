-- The audit trail is the service kit's, one table shape in every service: a target of any kind (text), and the
-- territories concerned, which decide who may read a record. Existing records keep their HMAC: the kit hashes
-- the target as the incident id was hashed, and the territories only when recorded (these stay NULL: ministry only).
alter table audit_record rename column incident_id to target_id;
alter table audit_record alter column target_id type text using target_id::text;
alter index audit_record_incident_idx rename to audit_record_target_idx;
alter table audit_record add column territories text[];

-- Where the chain starts, recorded once: every record from here on must carry a hash, so a hash set to NULL
-- is a break, not a record "older than the chain". Records before it are the few written before V4.
create table audit_chain_start (
    only_row        boolean primary key default true check (only_row),
    first_record_id bigint  not null
);
insert into audit_chain_start (first_record_id)
select coalesce((select min(id) from audit_record where hash is not null), (select max(id) + 1 from audit_record), 1);
