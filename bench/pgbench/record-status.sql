-- One RecordStatus worth of writes, as status-service issues them in ONE transaction
-- (DeploymentWrites.recordStatus without request_id): update the deployment row, append its
-- status_history row, append its event (position left null for the sequencer). The server
-- also reads the row FOR UPDATE first (and, for SUCCEEDED only, reads it unlocked and takes an
-- advisory lock before that); this baseline leaves the reads out on purpose: it is the floor
-- the three writes cost.
-- The event payload is a fixed 448-byte bytea: the average size of the server's encoded event
-- in the RecordStatus load (the report prints the measured average; see BENCHMARKS.md).
\set n random(1, 1000)
BEGIN;
UPDATE deployment SET state = 'IN_PROGRESS', revision = revision + 1,
       description = 'rolled out ' || (:n % 100) || '% of replicas (step ' || :n || ')',
       log_url = 'https://ci.example.com/bench/pgbench/logs/' || :n,
       update_time = now(), status_count = status_count + 1
 WHERE id = md5('bench-' || :n::int)::uuid
RETURNING revision \gset
INSERT INTO status_history (deployment_id, state, description, actor, log_url, revision, recorded_at)
VALUES (md5('bench-' || :n::int)::uuid, 'IN_PROGRESS', 'rolled out ' || (:n % 100) || '% of replicas (step ' || :n || ')',
        'bench-pgbench', 'https://ci.example.com/bench/pgbench/logs/' || :n, :revision, now());
INSERT INTO event (deployment_id, event_type, payload, traceparent, occurred_at)
VALUES (md5('bench-' || :n::int)::uuid, 'STATUS_CHANGED', convert_to(repeat('x', 448), 'UTF8'),
        '00-' || md5(:n::text || clock_timestamp()::text) || '-' || substr(md5(:n::text), 1, 16) || '-01', now());
END;
