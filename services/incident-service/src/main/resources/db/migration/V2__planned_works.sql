-- Planned works (#22): an incident announced ahead with a planned start and end. The scheduler
-- (schedule.PlannedTransitions) sweeps these two partial indexes: what is due is read from the incident row
-- itself, under FOR UPDATE SKIP LOCKED, so no job table can disagree with the incident and a sweep after a
-- downtime catches up on everything due.
alter table incident add column planned_start_at timestamptz;
alter table incident add column planned_end_at timestamptz;

create index incident_due_to_start_idx on incident (planned_start_at) where status = 'SCHEDULED';
create index incident_due_to_end_idx on incident (planned_end_at)
    where planned_end_at is not null and status in ('ACTIVE', 'MONITORING');
