-- Rejected bearer tokens per client address (issue 8, round 7, "lockout"): the address's 'token-address:<ip>' count
-- in login_throttle goes up once per distinct token (its SHA-256, never the value) within the window, so a CI runner
-- retrying one stale token never locks every pipeline behind its address, while guessing many tokens still does.
-- counted_at: when the token last went into the address's count; a repeat within the window is not counted again.
create table rejected_tokens (
    address    varchar(255) not null,
    token_hash char(64)     not null,
    counted_at timestamptz  not null,
    constraint rejected_tokens_pkey primary key (address, token_hash)
);
