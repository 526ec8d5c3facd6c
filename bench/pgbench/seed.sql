-- Seeds the pgbench scratch database (already migrated with status-service's V1 SQL) with
-- 1000 deployments in state IN_PROGRESS. Deployment n has id md5('bench-' || n)::uuid, so
-- record-status.sql can address a random one without a lookup table.
insert into deployment (id, service, environment, version, commit_sha, commit_time, description, labels, production,
                        target_provider, target_cluster, target_namespace, target_workload, target_region, state,
                        revision, created_by, create_time, update_time, log_url, status_count)
select md5('bench-' || n)::uuid, 'bench-pgbench-' || n, 'bench', 'v1', '0123456789abcdef0123456789abcdef01234567', null,
       'rollout started', '{"team": "bench"}'::jsonb, false, 'KUBERNETES', 'bench', 'bench', 'bench-pgbench-' || n,
       'local', 'IN_PROGRESS', 2, 'bench-pgbench', now(), now(), '', 2
from generate_series(1, 1000) as n;
vacuum analyze;
