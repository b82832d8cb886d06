-- Server metrics read from each server's node_exporter (docs/monitoring.md): the exporter port per server, and the
-- last hour of readings (pruned by the scraper).

create table server_metric_exporters (
    server_id  uuid        primary key
        constraint server_metric_exporters_server_fk references servers (id) on delete cascade,
    port       integer     not null constraint server_metric_exporters_port_check check (port between 1 and 65535),
    enabled    boolean     not null default true,
    updated_at timestamptz not null
);

create table server_metric_samples (
    id                bigserial        primary key,
    server_id         uuid             not null
        constraint server_metric_samples_server_fk references servers (id) on delete cascade,
    sampled_at        timestamptz      not null,
    -- false: the exporter did not answer (error says why); the values are then null
    reachable         boolean          not null,
    error             varchar(500),
    cpu_percent       double precision,
    -- node_cpu_seconds_total summed (idle mode / all modes): the next reading's CPU use is computed from them
    cpu_idle_seconds  double precision,
    cpu_total_seconds double precision,
    memory_percent    double precision,
    disk_percent      double precision,
    load1             double precision,
    node              varchar(200)     not null
);

create index server_metric_samples_server_idx on server_metric_samples (server_id, sampled_at desc);
create index server_metric_samples_time_idx on server_metric_samples (sampled_at);
