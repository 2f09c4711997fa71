-- Lifecycle: supplier actions (complete a Suspendue invoice, recycle an A recycler one) and what the simulator did
-- with the ones it received.

-- Every supplier action the gateway received (API or action file), accepted or not: a refused one is kept with its
-- reason, like any bad input.
create table supplier_action (
    id                 bigserial    primary key,
    tenant_id          varchar(40)  not null,
    invoice_id         bigint       references invoice (id),   -- null when the file named no invoice of the tenant
    invoice_number     varchar(200),
    kind               varchar(10)  not null,                  -- COMPLETE | RECYCLE | UNKNOWN (unreadable file)
    source             varchar(10)  not null,                  -- API | FILE
    source_name        varchar(255),                           -- the action file's name
    request            text         not null,                  -- the action as received (attachments: names only)
    outcome            varchar(12)  not null,                  -- TRANSMITTED | REJECTED
    reason             text,                                   -- why it was rejected
    chorus_pro_file    varchar(255),                           -- the action file deposited with Chorus Pro
    created_at         timestamptz  not null default now()
);
create index supplier_action_invoice on supplier_action (invoice_id);

-- Attachments of a completion, archived (content-addressed) like any document.
create table supplier_action_attachment (
    action_id     bigint       not null references supplier_action (id),
    name          varchar(50)  not null,
    sha256        varchar(64)  not null,
    size          bigint       not null,
    archive_path  varchar(500) not null,
    primary key (action_id, name)
);

-- Simulator (sim_*): the action files taken from its drop box, once per name.
create table sim_supplier_action (
    file_name    varchar(255) primary key,
    action       varchar(20)  not null,
    invoice_id   bigint       references sim_invoice (id),
    outcome      varchar(10)  not null,                        -- APPLIED | REFUSED
    detail       text,
    received_at  timestamptz  not null
);

-- A second deposit under a recorded name is "flux déjà reçu" only when it is the same flow (same bytes); null for
-- flows recorded before this column.
alter table sim_flow add column content_sha256 varchar(64);
