-- AS2 messages the gateway sends (flows to Chorus Pro, returns to tenants) and their outcome. One row per message,
-- keyed by the caller's reference (flow name, relay delivery key), so a retry or a broker redelivery reuses the same
-- Message-ID. Rows in AWAITING_MDN are the pending asynchronous MDNs: any gateway instance receiving the MDN matches
-- it by Message-ID and checks it with the partner certificates kept here.
create table as2_outbound_message (
    id                   bigserial primary key,
    reference            text        not null unique,
    message_id           text        not null unique,
    purpose              text        not null,            -- CHORUS_PRO | RETURNS
    tenant_id            text,
    local_as2_id         text        not null,
    partner_as2_id       text        not null,
    url                  text        not null,
    file_name            text        not null,
    mic                  text        not null,            -- base64 digest, algorithm (as in Received-Content-MIC)
    mdn_mode             text        not null,            -- SYNC | ASYNC
    partner_certificates text        not null,            -- PEM: current and next certificate, to verify the MDN
    status               text        not null,            -- SENDING | RETRYING | AWAITING_MDN | DELIVERED | FAILED
    attempts             integer     not null default 0,
    last_error           text,
    mdn_disposition      text,
    mdn_mic              text,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    completed_at         timestamptz
);

create index as2_outbound_message_pending on as2_outbound_message (status) where status in ('AWAITING_MDN', 'RETRYING');
