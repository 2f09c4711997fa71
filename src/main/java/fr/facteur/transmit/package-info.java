/**
 * Transmission of queued flows to Chorus Pro (facteur.transmit consumer) over the configured channel (SFTP to the Chorus Pro drop box, or the PISTE API); pauses while Chorus Pro is unavailable, dead-letters flows it refuses for good. Idempotent on the flow.
 */
package fr.facteur.transmit;
