-- A flow deposited over SFTP is uploaded under temporary names, recorded here as staged (committed), then renamed
-- into Chorus Pro's drop box (transmit.SftpChorusProChannel). A gateway killed after the renames but before the flow
-- is marked transmitted finds it staged, and renames nothing again: Chorus Pro never receives the flow twice
-- (it would answer 93 "flux déjà reçu"); one killed before the commit stages it again, unseen.
alter table flow add column staged_at timestamptz;
