package fr.facteur.crypto;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Period;

/** An operator identity generated in memory for a test (never written, never committed). */
public record TestIdentity(PrivateKey privateKey, X509Certificate certificate) implements OperatorIdentity {

    /** RSA-2048: the smallest size the product accepts, quick enough to generate per test class. */
    public static TestIdentity rsa(String commonName) {
        return of(Certificates.rsaKeyPair(2048), commonName);
    }

    /** EC P-256. */
    public static TestIdentity ec(String commonName) {
        return of(Certificates.ecKeyPair(), commonName);
    }

    private static TestIdentity of(KeyPair keys, String commonName) {
        return new TestIdentity(keys.getPrivate(), Certificates.selfSigned(keys, "CN=" + commonName, Period.ofDays(30)));
    }
}
