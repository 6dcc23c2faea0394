-- The publication rule (#14): an incident reaches the public only once released — declared needing no approval,
-- or approved. published_at stays null for a draft, and for ever for a draft rejected or cancelled before approval.
alter table incident add column published_at timestamptz;
update incident set published_at = coalesce(approved_at, declared_at)
 where status <> 'DRAFT' and (not approval_required or approved_at is not null);

-- Four-eyes on changes: who last edited a draft may not approve it; a change to a released incident that needs a
-- second person waits here (the proposed state and its notes, as JSON) while the public keeps the approved version.
alter table incident add column last_edited_by text;
update incident set last_edited_by = created_by;
alter table incident add column pending_change jsonb;

-- CAP identifiers belong to the authority that sent them: the same sender and identifier from another authority
-- is another message, never a replay of this one nor a reference to it.
alter table cap_message add column authority text;
update cap_message m set authority = i.authority from incident i where i.id = m.incident_id;
alter table cap_message alter column authority set not null;
alter table cap_message drop constraint cap_message_pkey;
alter table cap_message add primary key (authority, sender, identifier);
