-- The public-structures directory (FAR0037-like, chorus-pro.md §4): replaced whole by each successful import.

create table directory_structure (
    siret                       varchar(14) primary key,
    name                        varchar(300) not null,
    -- GestionService: a service code (BT-10) is required
    service_required            boolean not null,
    -- GestionEngagement: an engagement number (BT-13) is required
    engagement_required         boolean not null,
    -- GestionServiceEngagement: a service code or an engagement number, at least one
    service_or_engagement       boolean not null,
    -- GestionStatutMiseEnPaiement: kept for the lifecycle, not used by the intake rule
    payment_status_managed      boolean not null,
    active                      boolean not null
);

create table directory_service (
    siret                       varchar(14) not null references directory_structure (siret) on delete cascade,
    code                        varchar(100) not null,
    name                        varchar(300) not null,
    -- GestionEGMT: invoices to this service need an engagement number
    engagement_required         boolean not null,
    active                      boolean not null,
    primary key (siret, code)
);

-- Every import attempt, successful or not, for the operator's history.
create table directory_import (
    id                          bigserial primary key,
    file_name                   varchar(255) not null,
    sha256                      char(64) not null,
    source                      varchar(20) not null,
    structures                  int not null,
    services                    int not null,
    succeeded                   boolean not null,
    problems                    text,
    imported_at                 timestamptz not null default now()
);
create index directory_import_file on directory_import (file_name, imported_at desc);
