-- Host keys (docs/inventory-and-credentials.md, "Host keys"): the key a server offered that Opsdeck did not trust,
-- one row per server (the latest such key). A run to the server failed because of it; the server page and
-- GET /api/v1/servers/{id}/host-key show it until an admin of the environment accepts it (it then becomes the
-- server's trusted host_key_fingerprint / host_key) or the server offers the trusted key again.
create table server_host_key_offers (
    server_id   uuid         primary key
        constraint server_host_key_offers_server_fk references servers (id) on delete cascade,
    -- ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa, ...
    key_type    varchar(64)  not null,
    -- SHA256:<43 base64 characters>, as ssh-keygen -lf prints it
    fingerprint varchar(60)  not null,
    -- the public key in known_hosts form: <type> <base64>
    host_key    text         not null,
    -- MISMATCH: the server trusts another fingerprint; UNKNOWN: strict and no fingerprint stored yet
    reason      varchar(16)  not null
        constraint server_host_key_offers_reason_check check (reason in ('MISMATCH', 'UNKNOWN')),
    first_seen  timestamptz  not null,
    last_seen   timestamptz  not null,
    seen_count  bigint       not null default 1
);
