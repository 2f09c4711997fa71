-- The transmission a receipt came by (AS2: partner + Message-ID; SFTP: file name + size + date, the poller's claim
-- key). A partner that sends the same transmission again because the gateway died before answering (an AS2 retry
-- with the same Message-ID, a file re-read because it was not yet moved to done/) is recognised as a retry, not
-- answered as a duplicate of itself (found by the crash suite, fr.facteur.reliability.CrashIT).
alter table receipt add column transmission_id varchar(1100);
create index receipt_transmission on receipt (document_id, transmission_id) where transmission_id is not null;
