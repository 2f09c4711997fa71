-- The relay's outbox (fr.facteur.relay): every message for a supplier waits here until it is delivered, so that
-- a supplier endpoint being down, a digest period not yet over, or a status held for lifecycle order loses
-- nothing across a restart, and several gateway instances share the work (one dispatcher per tenant at a time,
-- by a PostgreSQL advisory lock).

create table relay_outbox (
    id            bigserial primary key,
    tenant_id     varchar(40)  not null,
    message_key   varchar(160) not null unique,         -- RelayMessage.key: a message accepted twice is kept once
    kind          varchar(20)  not null,                -- ACK | REJECTION | DUPLICATE | RETURN
    message       text         not null,                -- the RelayMessage, as JSON
    state         varchar(10)  not null default 'PENDING', -- PENDING | SENT | FAILED (final, kept and shown)
    delivery_key  varchar(160),                         -- the delivery that carried it (a digest carries many)
    error         text,                                 -- why it FAILED
    created_at    timestamptz  not null default now(),
    settled_at    timestamptz
);
create index relay_outbox_pending on relay_outbox (tenant_id, id) where state = 'PENDING';

-- The status events a RETURN message carries, for lifecycle ordering and "same status relayed once".
create table relay_outbox_event (
    outbox_id   bigint      not null references relay_outbox (id),
    event_id    bigint      not null references status_event (id),
    invoice_id  bigint,
    code        varchar(10) not null,
    primary key (outbox_id, event_id)
);
create index relay_outbox_event_invoice on relay_outbox_event (invoice_id, code);

-- Per tenant: the backoff while its endpoint is unreachable.
create table relay_tenant (
    tenant_id        varchar(40) primary key,
    attempts         int         not null default 0,
    next_attempt_at  timestamptz,
    last_error       text,
    updated_at       timestamptz not null default now()
);
