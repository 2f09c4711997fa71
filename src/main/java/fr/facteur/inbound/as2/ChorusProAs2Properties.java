package fr.facteur.inbound.as2;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Chorus Pro as an AS2 partner ({@code facteur.chorus-pro.as2.*}): when its AS2 id is set, AS2 messages from it are
 * accepted and their payloads, return files, go to the returns processing instead of the intake. Chorus Pro always
 * signs; encryption is required unless turned off here.
 *
 * @param as2Id             Chorus Pro's AS2 id (its AS2-From); empty: Chorus Pro does not send us AS2
 * @param certificate       Chorus Pro's public certificate (PEM), relative paths against the installation root
 * @param requireEncryption refuse unencrypted return files
 */
@ConfigurationProperties("facteur.chorus-pro.as2")
public record ChorusProAs2Properties(String as2Id, Path certificate,
        @DefaultValue("true") boolean requireEncryption) {

    public boolean configured() {
        return as2Id != null && !as2Id.isBlank();
    }
}
