-- The merge of a service × environment's day rows of one calendar month, kept with them, so a long
-- range reads one row per whole month instead of one per day. deploy_days has bit i set when day
-- i + 1 of the month saw a successful production deployment (deployment frequency needs the days).
CREATE TABLE rollup_month (
    service          text NOT NULL,
    environment      text NOT NULL,
    month            date NOT NULL,
    deploy_days      bigint NOT NULL,
    all_stats        bytea NOT NULL,
    production_stats bytea NOT NULL,
    PRIMARY KEY (service, environment, month)
);
CREATE INDEX rollup_month_by_month ON rollup_month (month);
CREATE INDEX rollup_month_by_environment ON rollup_month (environment, month);
