/**
 * Artemis addresses between stages (facteur.transmit, facteur.returns, facteur.relay), their redelivery and dead-letter settings, and the JMS conventions (message group = tenant, duplicate id). Owns no table.
 */
package fr.facteur.messaging;
