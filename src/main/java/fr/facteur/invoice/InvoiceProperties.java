package fr.facteur.invoice;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of invoice reading ({@code facteur.invoice.*}).
 *
 * @param maxSize largest file read (default 100MB), checked before any parsing. The whole document is held as a DOM
 *                while it is read, which takes several times its size in heap: raise it only with the heap.
 *                Chorus Pro itself takes at most 120 MB per invoice with its attachments.
 */
@ConfigurationProperties("facteur.invoice")
public record InvoiceProperties(@DefaultValue("100MB") DataSize maxSize) {

    /** The defaults, for code that builds a reader without Spring. */
    public static InvoiceProperties defaults() {
        return new InvoiceProperties(DataSize.ofMegabytes(100));
    }
}
