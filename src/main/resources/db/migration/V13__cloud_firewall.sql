-- Cloud firewall (see docs/cloud-firewall.md): each server's instance id at its cloud provider, and one firewall
-- (AWS security group / DigitalOcean Cloud Firewall) per environment allowing 22, 80 and 443 inbound.

-- AWS 'i-' + 8 or 17 hex digits, or a DigitalOcean droplet id (a positive integer); which one is checked against the
-- environment's provider by the application. Null: the server is not attached by the cloud firewall.
alter table servers add column cloud_instance_id varchar(32)
    constraint servers_cloud_instance_id_check check (cloud_instance_id ~ '^(i-([0-9a-f]{8}|[0-9a-f]{17})|[1-9][0-9]{0,18})$');

create table cloud_firewall_settings (
    environment_id uuid          primary key
        -- the settings belong to the environment: deleting it deletes them
        constraint cloud_firewall_settings_environment_fk references environments (id) on delete cascade,
    group_name     varchar(255)  not null,
    -- AWS only: the access key id (not a secret); the secret access key / DigitalOcean token is a 'secret' credential
    access_key_id  varchar(128),
    -- a credential in use here cannot be deleted (the credentials module answers 409, naming the firewall settings)
    credential_id  uuid          not null
        constraint cloud_firewall_settings_credential_fk references credentials (id) on delete restrict,
    endpoint       varchar(2048),
    created_at     timestamptz   not null,
    updated_at     timestamptz   not null,
    version        bigint        not null
);
