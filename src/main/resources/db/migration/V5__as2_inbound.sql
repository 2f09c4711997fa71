-- AS2 inbound (issue 3): every AS2 message received from a known partner, with the MDN answered, so that a message
-- sent again with the same Message-ID is answered with the stored MDN and never processed twice (RFC 4130bis).
create table as2_message (
    id               bigserial primary key,
    partner_as2_id   text        not null,              -- AS2-From as received
    message_id       text        not null,              -- Message-ID as received, angle brackets included
    tenant_id        text,                              -- null for the Chorus Pro partner
    received_at      timestamptz not null default now(),
    disposition      text        not null,              -- Disposition enum name: PROCESSED, AUTHENTICATION_FAILED...
    detail           text,                              -- why, for the operator (never a secret)
    signed           boolean     not null default false,
    encrypted        boolean     not null default false,
    compressed       boolean     not null default false,
    mic              text,                              -- Received-Content-MIC as answered
    file_name        text,                              -- sanitised Content-Disposition file name
    intake_outcome   text,                              -- ACCEPTED | REJECTED | DUPLICATE | RETURN_FILE | UNREADABLE
    mdn_message_id   text,
    mdn_content_type text,
    mdn              bytea,                             -- the MDN body exactly as sent
    mdn_delivery     text        not null,              -- NONE | SYNC | ASYNC_SENT | ASYNC_FAILED | ASYNC_REFUSED
    async_url        text,                              -- Receipt-Delivery-Option as received
    constraint as2_message_once unique (partner_as2_id, message_id)
);

create index as2_message_tenant on as2_message (tenant_id, received_at);
