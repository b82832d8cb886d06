-- Credentials: SSH private keys encrypted with AES-256-GCM under the master key (see docs/inventory-and-credentials.md).
-- secret and passphrase_secret hold version(1 byte) | nonce(12 bytes) | ciphertext+tag, with the row id as
-- associated data; key_id names the master key (first 8 hex digits of its SHA-256) that encrypted them.
create table credentials (
    id                uuid         primary key,
    name              varchar(64)  not null constraint credentials_name_key unique,
    type              varchar(20)  not null constraint credentials_type_check check (type in ('ssh-key')),
    key_type          varchar(64)  not null,
    fingerprint       varchar(60)  not null,
    public_key        text         not null,
    encrypted         boolean      not null,
    secret            bytea        not null,
    passphrase_secret bytea,
    key_id            varchar(8)   not null,
    created_at        timestamptz  not null,
    created_by        varchar(200) not null,
    constraint credentials_passphrase_check check (encrypted = (passphrase_secret is not null))
);
