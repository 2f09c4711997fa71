/**
 * AS2 (RFC 4130): the primitives both directions share — MIME entities read as their exact bytes, MICs, detached
 * S/MIME signatures, decryption and decompression on BouncyCastle's CMS API, dispositions and MDNs. The receiving
 * server is in {@code inbound.as2}. Owns no data.
 */
package fr.facteur.as2;
