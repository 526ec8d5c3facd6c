-- The platform consumer's position, advanced in the same transaction as the rollups.
CREATE TABLE event_checkpoint (
    consumer   text PRIMARY KEY,
    position   bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- What the rollups need about each deployment, folded from its events (see DeploymentFacts).
-- day is the UTC day the deployment was created: the rollup row it belongs to.
CREATE TABLE deployment_fact (
    deployment_id  text PRIMARY KEY,
    service        text NOT NULL,
    environment    text NOT NULL,
    production     boolean NOT NULL,
    day            date NOT NULL,
    commit_time    timestamptz,
    state          text NOT NULL,
    state_revision bigint NOT NULL,
    started_at     timestamptz,
    ended_at       timestamptz,
    succeeded_at   timestamptz,
    failed_at      timestamptz
);
CREATE INDEX deployment_fact_row ON deployment_fact (service, environment, day);
-- Recovery: the next production success after a failure, and the failures a success recovers.
CREATE INDEX deployment_fact_successes ON deployment_fact (service, environment, succeeded_at)
    WHERE production AND succeeded_at IS NOT NULL;
CREATE INDEX deployment_fact_failures ON deployment_fact (service, environment, failed_at)
    WHERE production AND failed_at IS NOT NULL;

-- One row per service × environment × UTC day: encoded RollupSections for all and for production
-- deployments. production_deployed lets a read mark deploy-days without decoding.
CREATE TABLE rollup_day (
    service             text NOT NULL,
    environment         text NOT NULL,
    day                 date NOT NULL,
    production_deployed bigint NOT NULL,
    all_stats           bytea NOT NULL,
    production_stats    bytea NOT NULL,
    PRIMARY KEY (service, environment, day)
);
CREATE INDEX rollup_day_by_day ON rollup_day (day);
CREATE INDEX rollup_day_by_environment ON rollup_day (environment, day);
