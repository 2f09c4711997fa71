package fr.facteur.simulator;

import java.math.BigDecimal;
import java.time.LocalDate;

import fr.facteur.invoice.InvoiceFacts;
import fr.facteur.invoice.Syntax;

/** Invoice facts as the reader would extract them, starting from a valid B2G invoice and changed one field at a time. */
final class TestFacts {

    static final String ACME = "73282932000074";
    static final String DURAND = "44306184100047";
    static final String MINISTERE = "11000201100044";

    private Syntax syntax = Syntax.UBL_INVOICE;
    private String number;
    private String typeCode = "380";
    private LocalDate issueDate = LocalDate.of(2026, 2, 27);
    private String seller = ACME;
    private String buyer = MINISTERE;
    private String serviceCode = "SERVICE-COMPTA";
    private String engagement = "EJ-2026-0042";
    private BigDecimal totalWithVat = new BigDecimal("120.00");

    private TestFacts(String number) {
        this.number = number;
    }

    static TestFacts invoice(String number) {
        return new TestFacts(number);
    }

    TestFacts syntax(Syntax value) {
        syntax = value;
        return this;
    }

    TestFacts number(String value) {
        number = value;
        return this;
    }

    TestFacts type(String value) {
        typeCode = value;
        return this;
    }

    TestFacts seller(String value) {
        seller = value;
        return this;
    }

    TestFacts buyer(String value) {
        buyer = value;
        return this;
    }

    TestFacts serviceCode(String value) {
        serviceCode = value;
        return this;
    }

    TestFacts engagement(String value) {
        engagement = value;
        return this;
    }

    TestFacts totalWithVat(String value) {
        totalWithVat = new BigDecimal(value);
        return this;
    }

    InvoiceFacts build() {
        BigDecimal withoutVat = totalWithVat.divide(new BigDecimal("1.2"), 2, java.math.RoundingMode.HALF_UP);
        return new InvoiceFacts(syntax, number, typeCode, issueDate, seller, buyer, serviceCode, engagement, "EUR",
                withoutVat, totalWithVat.subtract(withoutVat), totalWithVat, totalWithVat);
    }
}
