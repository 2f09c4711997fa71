/**
 * The AS2 receiving side (RFC 4130): an HTTP endpoint on its own port ({@code facteur.as2.*}, 4080 by default) shared
 * by every partner. Owns the {@code as2_message} table (each message received from a known partner and the MDN
 * answered, so a repeated Message-ID gets the stored MDN). Tenants' payloads go to {@code inbound.Intake}, Chorus
 * Pro's to {@code returns.ReturnFileProcessor}.
 *
 * <p>Own code on BouncyCastle rather than camel-as2 4.17's server: see {@link fr.facteur.inbound.as2.As2Receiver}.
 */
package fr.facteur.inbound.as2;
