package fr.facteur.as2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import fr.facteur.inbound.FileNames;

class HeaderParametersTest {

    @Test
    void plainAndQuotedFileNames() {
        assertThat(HeaderParameters.parameter("attachment; filename=invoice.xml", "filename")).isEqualTo("invoice.xml");
        assertThat(HeaderParameters.parameter("attachment; filename=\"my invoice; 1.xml\"", "filename"))
                .isEqualTo("my invoice; 1.xml");
        assertThat(HeaderParameters.parameter("attachment", "filename")).isNull();
    }

    @Test
    void rfc2231ExtendedValueAndContinuations() {
        assertThat(HeaderParameters.parameter("attachment; filename*=UTF-8''fa%C3%A7ture%20n%C2%B01.xml", "filename"))
                .isEqualTo("façture n°1.xml");
        assertThat(HeaderParameters.parameter(
                "attachment; filename*0*=UTF-8''factur%C3%A9; filename*1=\"-2026\"; filename*2*=%2Exml", "filename"))
                .isEqualTo("facturé-2026.xml");
        // the extended form wins over the plain fallback a sender adds for old readers
        assertThat(HeaderParameters.parameter("attachment; filename=\"facture.xml\"; filename*=UTF-8''factur%C3%A9.xml",
                "filename")).isEqualTo("facturé.xml");
    }

    @Test
    void rfc2047EncodedWordsSeenInTheField() {
        assertThat(HeaderParameters.parameter("attachment; filename=\"=?UTF-8?B?ZmFjdHVyw6kueG1s?=\"", "filename"))
                .isEqualTo("facturé.xml");
        assertThat(HeaderParameters.parameter("attachment; filename=\"=?ISO-8859-1?Q?factur=E9_2026.xml?=\"", "filename"))
                .isEqualTo("facturé 2026.xml");
    }

    @Test
    void decodedNamesAreThenSanitisedAsForSftp() {
        String name = HeaderParameters.parameter("attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd", "filename");
        assertThat(name).isEqualTo("../../etc/passwd");
        assertThat(FileNames.sanitize(name)).isEqualTo("passwd");
        assertThat(FileNames.sanitize(HeaderParameters.parameter(
                "attachment; filename=\"=?UTF-8?B?ZmFjdHVyw6kueG1s?=\"", "filename"))).isEqualTo("factur_.xml");
    }
}
