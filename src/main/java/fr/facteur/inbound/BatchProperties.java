package fr.facteur.inbound;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on a batch (a .zip or .tar.gz of invoices), from Chorus Pro's own (chorus-pro.md §1: an E1 flow carries at
 * most 500 invoices and 1 GB) and against archive bombs.
 *
 * @param maxInvoices  most files in one batch (Chorus Pro: 500)
 * @param maxTotalSize most bytes once uncompressed, all files together (Chorus Pro: 1 GB per flow)
 * @param maxEntrySize most bytes of one file once uncompressed (the reader's own limit applies after)
 * @param maxRatio     most uncompressed bytes per compressed byte, beyond the first MB (an XML invoice compresses
 *                     10 to 20 times; a zip bomb thousands of times)
 */
@ConfigurationProperties("facteur.batch")
public record BatchProperties(@DefaultValue("500") int maxInvoices, @DefaultValue("1GB") DataSize maxTotalSize,
        @DefaultValue("100MB") DataSize maxEntrySize, @DefaultValue("100") int maxRatio) {

    public static BatchProperties defaults() {
        return new BatchProperties(500, DataSize.ofGigabytes(1), DataSize.ofMegabytes(100), 100);
    }
}
