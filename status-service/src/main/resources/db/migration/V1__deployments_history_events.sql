-- Deployments: the current state of each deployment.
create table deployment (
    id               uuid primary key,
    service          text        not null,
    environment      text        not null,
    version          text        not null,
    commit_sha       text        not null,
    commit_time      timestamptz,
    description      text        not null,
    labels           jsonb       not null,
    production       boolean     not null,
    target_provider  text        not null,
    target_cluster   text        not null,
    target_namespace text        not null,
    target_workload  text        not null,
    target_region    text        not null,
    state            text        not null,
    revision         bigint      not null,
    created_by       text        not null,
    create_time      timestamptz not null,
    update_time      timestamptz not null,
    log_url          text        not null,
    status_count     integer     not null
);

-- ListDeployments pages newest first by (create_time, id), optionally per service/environment.
create index deployment_by_time on deployment (create_time desc, id desc);
create index deployment_by_service_env_time on deployment (service, environment, create_time desc, id desc);
create index deployment_by_environment_time on deployment (environment, create_time desc, id desc);
create index deployment_labels on deployment using gin (labels jsonb_path_ops);
-- At most one SUCCEEDED deployment per service and environment: the one auto-inactivation replaces.
create unique index deployment_one_success on deployment (service, environment) where state = 'SUCCEEDED';

-- Status history: one row per recorded status, oldest first by id.
create table status_history (
    id            bigserial primary key,
    deployment_id uuid        not null references deployment (id),
    state         text        not null,
    description   text        not null,
    actor         text        not null,
    log_url       text        not null,
    revision      bigint      not null,
    recorded_at   timestamptz not null
);
create index status_history_by_deployment on status_history (deployment_id, id);

-- The event log (transactional outbox). Writers insert with position null in the same
-- transaction as the change; the sequencer numbers committed rows 1, 2, 3, ... in the order
-- they became visible, so a reader of "position > n" never skips an event committed later.
create table event (
    id            bigserial primary key,
    position      bigint unique,
    deployment_id uuid        not null,
    event_type    text        not null,
    payload       bytea       not null,
    traceparent   text        not null,
    occurred_at   timestamptz not null
);
create index event_unsequenced on event (id) where position is null;
create index event_by_deployment on event (deployment_id, position);

-- Idempotency records, written in the same transaction as the effect they guard.
create table idempotency_record (
    request_id   text primary key,
    operation    text        not null,
    fingerprint  bytea       not null,
    response     bytea,
    created_at   timestamptz not null
);
create index idempotency_record_by_age on idempotency_record (created_at);
