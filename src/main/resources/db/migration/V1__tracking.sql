-- Tracking store: every stage records what it did, so any invoice can be followed from the bytes it arrived as
-- to its last status. Business keys are unique so that each stage is idempotent (a crash and a redelivery never
-- produce a second flow or a second delivery).

-- One row per distinct file a tenant sent (tenant + SHA-256). Each arrival, duplicates included, is a receipt.
create table document (
    id              bigserial primary key,
    tenant_id       varchar(40)  not null,
    sha256          char(64)     not null,
    file_name       varchar(255) not null,
    channel         varchar(10)  not null,              -- SFTP | AS2
    size_bytes      bigint       not null,
    archive_path    varchar(500) not null,              -- relative to the data directory
    received_at     timestamptz  not null default now(),
    state           varchar(20)  not null,              -- RECEIVED | ACCEPTED | REJECTED
    syntax          varchar(20),
    rejection       text,                               -- JSON list of violated rules
    constraint document_tenant_sha256 unique (tenant_id, sha256)
);
create index document_tenant_received on document (tenant_id, received_at desc);

create table receipt (
    id           bigserial primary key,
    document_id  bigint       not null references document (id),
    tenant_id    varchar(40)  not null,
    file_name    varchar(255) not null,
    channel      varchar(10)  not null,
    received_at  timestamptz  not null default now(),
    outcome      varchar(20)  not null                  -- NEW | DUPLICATE | RESUMED
);

-- A Chorus Pro flow built from one document.
create table flow (
    id                  bigserial primary key,
    document_id         bigint       not null unique references document (id),
    tenant_id           varchar(40)  not null,
    flow_ref            varchar(40)  not null unique,   -- the <flowId> part of the file name
    name                varchar(120) not null unique,   -- <interface>_<partnerCode>_<flowId>
    interface_code      varchar(10)  not null,
    archive_path        varchar(500) not null,
    signature_path      varchar(500) not null,
    state               varchar(20)  not null,          -- PACKAGED | QUEUED | TRANSMITTED | INTEGRATED | PARTIAL | REJECTED
    numero_flux_depot   varchar(40),
    created_at          timestamptz  not null default now(),
    queued_at           timestamptz,
    transmitted_at      timestamptz,
    report_at           timestamptz
);
create index flow_tenant on flow (tenant_id, created_at desc);

create table invoice (
    id                  bigserial primary key,
    tenant_id           varchar(40)  not null,
    document_id         bigint       not null references document (id),
    flow_id             bigint references flow (id),
    number              varchar(200) not null,
    type_code           varchar(10),
    syntax              varchar(20)  not null,
    issue_date          date,
    seller_siret        varchar(20),
    buyer_siret         varchar(20),
    service_code        varchar(200),
    engagement_number   varchar(200),
    currency            varchar(3),
    total_without_vat   numeric(19, 2),
    total_vat           numeric(19, 2),
    total_with_vat      numeric(19, 2),
    amount_due          numeric(19, 2),
    status              varchar(40)  not null,          -- latest lifecycle status (RECEIVED, QUEUED, DEPOSEE, ...)
    status_at           timestamptz  not null default now(),
    created_at          timestamptz  not null default now(),
    constraint invoice_document_number unique (document_id, number)
);
create index invoice_seller_number on invoice (seller_siret, number);
create index invoice_tenant_created on invoice (tenant_id, created_at desc);
create index invoice_tenant_status on invoice (tenant_id, status);

-- A Chorus Pro return file as received, archived.
create table return_file (
    id            bigserial primary key,
    name          varchar(255) not null,
    sha256        char(64)     not null unique,
    kind          varchar(20)  not null,                -- FLOW_STATUS | INVOICE_STATUS | UNKNOWN
    archive_path  varchar(500) not null,
    received_at   timestamptz  not null default now(),
    line_count    int          not null default 0,
    unmatched     int          not null default 0
);

-- Every status learnt, flow level (integration report) or invoice level. event_key makes recording idempotent.
create table status_event (
    id              bigserial primary key,
    event_key       varchar(120) not null unique,
    tenant_id       varchar(40),
    invoice_id      bigint references invoice (id),
    flow_id         bigint references flow (id),
    return_file_id  bigint references return_file (id),
    level           varchar(10)  not null,              -- FLOW | INVOICE
    code            varchar(10)  not null,              -- CPPStatut IdStatut: 90..96 or 01..12
    status          varchar(40)  not null,              -- DEPOSEE, MISE_EN_PAIEMENT, INTEGRATION_REPORT ...
    detail          text,                               -- comment, rejection reason, error lines (JSON)
    occurred_at     timestamptz  not null,
    recorded_at     timestamptz  not null default now()
);
create index status_event_invoice on status_event (invoice_id, occurred_at);

-- A return line that matched no invoice: kept and reported, never dropped.
create table unmatched_return_line (
    id               bigserial primary key,
    return_file_id   bigint       not null references return_file (id),
    line_no          int          not null,
    supplier_id      varchar(40),
    invoice_number   varchar(200),
    code             varchar(10),
    reason           varchar(500) not null,
    recorded_at      timestamptz  not null default now(),
    constraint unmatched_line unique (return_file_id, line_no)
);

-- Each file delivered to a supplier (answer report or relayed return). delivery_key makes relaying idempotent.
create table delivery (
    id             bigserial primary key,
    delivery_key   varchar(160) not null unique,
    tenant_id      varchar(40)  not null,
    kind           varchar(20)  not null,               -- ACK | REJECTION | DUPLICATE | RETURN
    channel        varchar(10)  not null,
    file_name      varchar(255) not null,
    archive_path   varchar(500),
    document_id    bigint references document (id),
    return_file_id bigint references return_file (id),
    delivered_at   timestamptz  not null default now()
);
create index delivery_tenant on delivery (tenant_id, delivered_at desc);

-- Camel's JDBC idempotent repository: the clustered read lock of the SFTP pollers, so that two gateway
-- instances never take the same file (orphan-lock aware: a crashed node's locks expire).
create table camel_messageprocessed (
    processorname  varchar(255) not null,
    messageid      varchar(255) not null,
    createdat      timestamp    not null,
    primary key (processorname, messageid)
);
