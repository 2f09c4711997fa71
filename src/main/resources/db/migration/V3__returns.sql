-- Returns and relay: what the V1 tracking schema lacks to split a return file per supplier exactly.

-- Position of the unit (CPPFluxStatutUnitaire / CPPFactureStatutUnitaire, 1-based, in document order) in the return
-- file that first brought the event, so the relay can cut that file down to exactly the units of one supplier.
alter table status_event add column line_no int;
-- The French label of the status (Chorus Pro's wording), shown to suppliers as is.
alter table status_event add column label varchar(200);
create index status_event_return_file on status_event (return_file_id, tenant_id);

-- A flow-level line names a flow (IdFlux), not an invoice.
alter table unmatched_return_line add column flow_name varchar(120);
