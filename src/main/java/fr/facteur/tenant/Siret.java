package fr.facteur.tenant;

import java.util.regex.Pattern;

/**
 * The check on a SIRET (French establishment number): 14 digits whose Luhn key is valid.
 *
 * <p>La Poste is the one documented exception: its establishments share the SIREN 356000000 and there are too many of
 * them for the Luhn key, so INSEE numbers them so that the sum of the 14 digits is a multiple of 5 instead.
 */
public final class Siret {

    private static final Pattern FOURTEEN_DIGITS = Pattern.compile("\\d{14}");
    private static final String LA_POSTE_SIREN = "356000000";

    private Siret() {
    }

    /** True when {@code siret} is 14 digits with a valid key (Luhn, or La Poste's sum-of-digits rule). */
    public static boolean isValid(String siret) {
        if (siret == null || !FOURTEEN_DIGITS.matcher(siret).matches()) {
            return false;
        }
        return hasValidLuhnKey(siret) || (siret.startsWith(LA_POSTE_SIREN) && digitSum(siret) % 5 == 0);
    }

    /** Luhn: from the right, every second digit is doubled (9 subtracted when above 9); the total ends in 0. */
    static boolean hasValidLuhnKey(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    private static int digitSum(String digits) {
        return digits.chars().map(c -> c - '0').sum();
    }
}
