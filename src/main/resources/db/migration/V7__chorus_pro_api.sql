-- Chorus Pro over the API (PISTE): the flows deposited through DeposerFluxFacture, and where their polling stands.
-- A row is claimed by one gateway instance at a time (lease_until, taken with "for update skip locked"), so several
-- instances poll each flow once per round, and a crashed instance's lease simply expires.
create table chorus_pro_api_deposit (
    flow_id             bigint       primary key references flow (id),
    numero_flux_depot   varchar(40)  not null,
    deposited_at        timestamptz  not null default now(),
    report_code         varchar(2),                     -- 90 / 93 / 96 once ConsulterCR has settled the flow
    done                boolean      not null default false,  -- nothing more to learn: stop polling
    next_poll_at        timestamptz  not null default now(),
    lease_until         timestamptz,
    last_answer_sha256  char(64),                       -- the statuses answer last recorded (unchanged = not again)
    polls               int          not null default 0
);
create index chorus_pro_api_deposit_due on chorus_pro_api_deposit (next_poll_at) where not done;

-- Why a flow was refused for good before Chorus Pro took it (413, another 4xx): shown with state FAILED.
alter table flow add column failure text;
