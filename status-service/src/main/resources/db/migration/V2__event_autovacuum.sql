-- The event table gets one dead row version per event (the sequencer's update). Vacuum and
-- analyze it after a fixed number of changes instead of a fraction of a growing table, so
-- the partial index of unsequenced events stays small and statistics exist early.
alter table event set (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 10000,
    autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 10000
);
