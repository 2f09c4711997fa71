package fr.facteur.simulator;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import fr.facteur.invoice.Syntax;

/**
 * Chorus Pro deposit interface codes the simulator knows (chorus-pro.md §2.1), the syntaxes each accepts, and
 * whether the simulator handles it yet. A known but unsupported code is refused with its own message, so a user
 * can tell "not simulated yet" from "wrong code".
 */
enum InterfaceCode {
    FSO1100A("1100", "UBL E1", Set.of(Syntax.UBL_INVOICE, Syntax.UBL_CREDIT_NOTE)),
    FSO1106A("1106", "CII 16B E1", Set.of(Syntax.CII)),
    FSO1110A("1110", "UBL minimal E2", Set.of()),
    FSO1113A("1113", "CPP Facture minimal E2", Set.of()),
    FSO1117A("1117", "Factur-X E2", Set.of(Syntax.FACTURX));

    private final String number;
    private final String title;
    private final Set<Syntax> syntaxes;

    InterfaceCode(String number, String title, Set<Syntax> syntaxes) {
        this.number = number;
        this.title = title;
        this.syntaxes = syntaxes;
    }

    /** The 4 digits that go into a numeroFluxDepot. */
    String number() {
        return number;
    }

    String title() {
        return title;
    }

    boolean supported() {
        return !syntaxes.isEmpty();
    }

    boolean accepts(Syntax syntax) {
        return syntaxes.contains(syntax);
    }

    static Optional<InterfaceCode> of(String code) {
        return Arrays.stream(values()).filter(c -> c.name().equals(code)).findFirst();
    }
}
