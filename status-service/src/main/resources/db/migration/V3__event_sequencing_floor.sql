-- Each event remembers the transaction that wrote it. The sequencer only looks at
-- unsequenced events from transactions at or after its "floor": the oldest transaction still
-- running when it last numbered every visible event. Older transactions have all ended and
-- their events are numbered, so the scan no longer walks over the dead index entries that
-- every numbered event leaves behind (which, with vacuum lagging or off, grew without bound).
alter table event add column xid xid8 not null default pg_current_xact_id();

drop index event_unsequenced;
create index event_unsequenced on event (xid) where position is null;

-- One round trip per pass: take the sequencer lock (one sequencer at a time across replicas),
-- number the committed, unsequenced events after the head in id order, and return the new
-- head and the floor for the next pass. The planner settings apply inside this function only:
-- an index range scan from the floor is the cheap path; before the table has statistics the
-- planner would otherwise pick a bitmap or sequential scan.
create function sequence_events(batch integer, floor xid8)
    returns table (head bigint, next_floor xid8)
    language plpgsql
    set enable_bitmapscan = off
    set enable_seqscan = off
as $$
declare
    -- Taken before the lock and the update, so it is at most the update's own horizon.
    horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
    base bigint;
    numbered integer;
begin
    perform pg_advisory_xact_lock(2, 0);
    select coalesce(max(e.position), 0) into base from event e;
    with pending as (
        select p.id, row_number() over (order by p.id) as n
        from (select u.id from event u
              where u.position is null and u.xid >= floor
              order by u.id limit batch) p)
    update event e set position = base + pending.n from pending where e.id = pending.id;
    get diagnostics numbered = row_count;
    head := base + numbered;
    -- A full batch may have left visible events behind: keep the old floor until a pass
    -- numbers everything it can see.
    next_floor := case when numbered < batch then horizon else floor end;
    return next;
end
$$;
