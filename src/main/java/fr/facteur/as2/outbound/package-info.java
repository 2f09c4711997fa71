/**
 * Outbound AS2: the gateway sends flows to Chorus Pro (facteur.chorus-pro.channel=as2) and return flows to tenants
 * (returns.channel: as2) signed and encrypted, asks for an MDN and verifies it itself (signature against the
 * partner's certificates, MIC against ours). Owns the table as2_outbound_message (V6): every outbound message, its
 * attempts and its MDN, and the pending asynchronous MDNs any instance can match. Also holds a small receiving side
 * ({@link fr.facteur.as2.outbound.As2Receiver}) for the simulator's AS2 endpoint and test partners.
 *
 * <p>Self-contained on purpose (MIME, S/MIME, MDN code of its own on BouncyCastle's CMS API): the inbound server in
 * fr.facteur.as2 is built with camel-as2, so each side is tested against an implementation that is not itself.
 */
package fr.facteur.as2.outbound;
