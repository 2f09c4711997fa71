-- Chorus Pro simulator (facteur.simulator.enabled): what it received and what it still has to say about it.
-- Only the simulator reads or writes these tables; production code never does. A restart resumes from here.

-- numeroFluxDepot = 'CPP001' + 4-digit interface number + this sequence on 15 digits
create sequence sim_numero_flux_depot_seq;
-- makes every return file name unique, across restarts
create sequence sim_return_file_seq;

-- One row per deposited flow name: a name is recorded once, a second deposit under it is refused (93).
create table sim_flow (
    id                 bigserial    primary key,
    file_name          varchar(255) not null unique,   -- <interface>_<partner>_<flowId>, as deposited
    numero_flux_depot  varchar(25)  not null unique,
    interface_code     varchar(40),                    -- as read from the name, even when unknown
    channel            varchar(10)  not null,          -- SFTP (API and AS2 come later)
    status_code        varchar(2)   not null,          -- 90 received | 93 error | 96 partial
    received_at        timestamptz  not null,
    report_file        varchar(255)                    -- null until the integration report is written
);

-- The LigneErreurDetail of a flow's integration report, in order.
create table sim_flow_error (
    flow_id         bigint       not null references sim_flow (id),
    line_no         int          not null,
    invoice_number  varchar(200),                      -- null for a flow-level error
    supplier_id     varchar(40),
    nature          varchar(20)  not null,
    code            varchar(60)  not null,
    label           text         not null,
    description     text,
    primary key (flow_id, line_no)
);

-- An invoice integrated by the simulator, and where it stands in its scenario. The invoice checks keep every bounded
-- column within its size: a flow that could not be recorded would be retried at every scan.
create table sim_invoice (
    id                 bigserial    primary key,
    flow_id            bigint       not null references sim_flow (id),
    supplier_siret     varchar(14)  not null,
    supplier_name      text,
    number             varchar(20)  not null,
    type_code          varchar(3)   not null,
    issue_date         date,
    buyer_siret        varchar(14)  not null,
    service_code       varchar(100),
    engagement_number  varchar(50),
    currency           text,
    total_with_vat     numeric(19, 2),
    scenario           varchar(40)  not null,
    state              varchar(20)  not null,          -- RUNNING | WAITING_SUPPLIER | FINISHED
    next_seq           int,                            -- the next planned step to emit; null when none is due
    next_due_at        timestamptz,
    deposited_at       timestamptz  not null,
    -- Chorus Pro refuses a second invoice with the same number from the same supplier
    constraint sim_invoice_supplier_number unique (supplier_siret, number)
);
create index sim_invoice_due on sim_invoice (next_due_at) where next_due_at is not null;

-- The invoice's planned lifecycle, copied from its scenario when it was integrated (so editing a scenario never
-- disturbs invoices in flight, and a supplier action can append steps later), with what was emitted and where.
create table sim_invoice_step (
    invoice_id          bigint       not null references sim_invoice (id),
    seq                 int          not null,
    status_code         varchar(2)   not null,          -- CPPStatut IdStatut 01..12
    comment             varchar(500),
    waits_for_supplier  boolean      not null default false,
    emitted_at          timestamptz,
    return_file         varchar(255),
    primary key (invoice_id, seq)
);
