-- The audit log: one row per entry, chained in sequence order by an HMAC (see CanonicalEncoding).
create table audit_event (
    sequence      bigint primary key,
    id            uuid        not null unique,
    actor         text        not null,
    action        text        not null,
    deployment_id uuid,
    service       text        not null,
    environment   text        not null,
    from_state    text        not null,
    to_state      text        not null,
    occurred_at   timestamptz not null,
    trace_id      text        not null,
    details       jsonb       not null,
    key_id        text        not null,
    hash          bytea       not null,
    -- When the row was appended: retention removes a prefix of the chain by this time.
    recorded_at   timestamptz not null
);
-- "Who did what when": ListAuditEvents by actor, time range and action.
create index audit_event_by_actor_time_action on audit_event (actor, occurred_at, action);
-- Exports and lists of given deployments, in chain order.
create index audit_event_by_deployment on audit_event (deployment_id, sequence) where deployment_id is not null;
create index audit_event_by_recorded_at on audit_event (recorded_at);

-- The chain's anchors, kept apart from the entries. head: the last appended entry, advanced in
-- the same transaction as every append, so a removed tail shows as a chain ending before its
-- head. base: the last entry retention removed; verification starts from its hash.
create table audit_chain (
    id            smallint primary key check (id = 1),
    head_sequence bigint      not null,
    head_hash     bytea       not null,
    base_sequence bigint      not null,
    base_hash     bytea       not null,
    updated_at    timestamptz not null
);
insert into audit_chain (id, head_sequence, head_hash, base_sequence, base_hash, updated_at)
values (1, 0, decode(repeat('00', 32), 'hex'), 0, decode(repeat('00', 32), 'hex'), now());

-- The StreamEvents consumer's checkpoint, advanced in the same transaction as the entries it wrote.
CREATE TABLE event_checkpoint (
    consumer   text PRIMARY KEY,
    position   bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
