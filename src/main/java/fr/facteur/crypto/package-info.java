/**
 * The operator's keys and certificates (certs/operator/), their generation for the demo and tests, and CMS signing. Owns certs/operator/.
 */
package fr.facteur.crypto;
