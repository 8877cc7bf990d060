create table if not exists hybrid_auth_session (
    session_id          varchar(32)                 not null,
    token_hash          varchar(64)                 not null,
    user_id             varchar(255)                not null,
    authorities         character varying            not null,
    started_at          timestamp(6) with time zone not null,
    last_accessed_at    timestamp(6) with time zone not null,
    idle_expires_at     timestamp(6) with time zone not null,
    absolute_expires_at timestamp(6) with time zone not null,
    authenticated_at    timestamp(6) with time zone not null,
    revoked_at          timestamp(6) with time zone,
    revocation_reason   varchar(32),
    ip_address          varchar(64),
    user_agent          varchar(512),
    version             bigint                      not null,
    constraint hybrid_auth_session_pk primary key (session_id)
);

create unique index if not exists hybrid_auth_session_token_hash_uk on hybrid_auth_session (token_hash);
create index if not exists hybrid_auth_session_user_id_idx on hybrid_auth_session (user_id);
create index if not exists hybrid_auth_session_idle_expires_at_idx on hybrid_auth_session (idle_expires_at);
create index if not exists hybrid_auth_session_revoked_at_idx on hybrid_auth_session (revoked_at);

-- One row per user with a session limit: logins of one user lock it, so that concurrent logins cannot exceed it.
create table if not exists hybrid_auth_session_owner (
    user_id varchar(255) not null,
    constraint hybrid_auth_session_owner_pk primary key (user_id)
);

-- Leases that let one node at a time run a job (session cleanup) when several share the database.
create table if not exists hybrid_auth_lock (
    name         varchar(64)                 not null,
    locked_until timestamp(6) with time zone not null,
    locked_by    varchar(255)                not null,
    constraint hybrid_auth_lock_pk primary key (name)
);

create table if not exists hybrid_auth_signing_key (
    generation   integer                     not null,
    kid          varchar(64)                 not null,
    algorithm    varchar(16)                 not null,
    jwk          varchar(8000)               not null,
    created_at   timestamp(6) with time zone not null,
    activates_at timestamp(6) with time zone not null,
    constraint hybrid_auth_signing_key_pk primary key (generation)
);

create unique index if not exists hybrid_auth_signing_key_kid_uk on hybrid_auth_signing_key (kid);

-- Failed password checks, shared by every node: one row per throttle key (the SHA-256, hex, of the limit and of the
-- username, the client address, or both; never the username or the address themselves).
create table if not exists hybrid_auth_login_throttle (
    throttle_key  varchar(64)                 not null,
    failures      integer                     not null,
    blocked_until timestamp(6) with time zone,
    expires_at    timestamp(6) with time zone not null,
    version       bigint                      not null,
    constraint hybrid_auth_login_throttle_pk primary key (throttle_key)
);

create index if not exists hybrid_auth_login_throttle_expires_at_idx on hybrid_auth_login_throttle (expires_at);
