package fr.facteur.as2.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** MDN reading as other AS2 products write them: bare LF line ends, folded fields, unsigned where allowed. */
class MdnTest {

    static final String LF_MDN = """
            --b1
            Content-Type: text/plain

            Received.
            --b1
            Content-Type: message/disposition-notification

            Reporting-UA: other-as2
            Original-Message-ID: <abc@FACTEUR>
            Received-Content-MIC: q1w2e3=,
             sha-256
            Disposition: automatic-action/MDN-sent-automatically;
             processed/error: authentication-failed
            --b1--
            """;

    @Test
    void readsAnUnsignedLfMdnWithFoldedFields() {
        Mdn mdn = Mdn.read("multipart/report; report-type=disposition-notification; boundary=b1",
                LF_MDN.getBytes(StandardCharsets.US_ASCII), List.of());

        assertThat(mdn.originalMessageId()).isEqualTo("<abc@FACTEUR>");
        assertThat(mdn.receivedMic()).isEqualTo("q1w2e3=, sha-256");
        assertThat(mdn.disposition()).endsWith("processed/error: authentication-failed");
        assertThat(mdn.positive()).isFalse();
    }

    @Test
    void anUnsignedMdnIsRefusedWhenASignedOneWasAsked() {
        assertThatThrownBy(() -> Mdn.read("multipart/report; boundary=b1", LF_MDN.getBytes(StandardCharsets.US_ASCII),
                List.of(fr.facteur.crypto.TestIdentity.rsa("p").certificate())))
                .isInstanceOf(SecurityException.class).hasMessageContaining("unsigned MDN");
    }

    @Test
    void warningsArePositiveErrorsAreNot() {
        assertThat(new Mdn("<a>", "automatic-action/MDN-sent-automatically; processed", null, null).positive()).isTrue();
        assertThat(new Mdn("<a>", "automatic-action/MDN-sent-automatically; processed/warning: duplicate-document",
                null, null).positive()).isTrue();
        assertThat(new Mdn("<a>", "automatic-action/MDN-sent-automatically; failed/Failure: unsupported format",
                null, null).positive()).isFalse();
    }

    @Test
    void micsCompareByDigestAndNormalisedAlgorithm() {
        assertThat(As2Sender.sameMic("abc=, sha-256", "abc=,SHA256")).isTrue();
        assertThat(As2Sender.sameMic("abc=, sha-256", "abd=, sha-256")).isFalse();
        assertThat(As2Sender.sameMic("abc=, sha-256", "abc=, sha-384")).isFalse();
        assertThat(As2Sender.sameMic("abc=, sha-256", null)).isFalse();
    }
}
