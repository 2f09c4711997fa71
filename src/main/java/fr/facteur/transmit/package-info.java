/**
 * Transmission of queued flows to Chorus Pro (facteur.transmit consumer) over the configured channel: SFTP to the Chorus Pro drop box today. Idempotent on the flow.
 */
package fr.facteur.transmit;
