-- The relay holds an invoice's first status (Déposée) until its flow's integration report has left the outbox
-- (relay.LifecycleOrder): these find a flow's report events and whether an event is in the outbox without a scan.
create index status_event_flow_report on status_event (flow_id) where level = 'FLOW';
create index relay_outbox_event_event on relay_outbox_event (event_id);
