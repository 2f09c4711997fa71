package fr.facteur.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The operator's signing identity towards Chorus Pro (certs/operator/). Loaded from PEM files; generated
 * self-signed on first run when facteur.operator.generate-if-missing is true (demo, tests).
 */
public interface OperatorIdentity {

    PrivateKey privateKey();

    X509Certificate certificate();
}
