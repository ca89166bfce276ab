package fr.maillage.simulator;

import java.util.SplittableRandom;

/** Generates SIRETs that pass the Luhn check (never in La Poste's SIREN, which follows another rule). */
final class Siret {

    private Siret() {
    }

    static String generate(SplittableRandom random) {
        StringBuilder digits = new StringBuilder();
        digits.append(1 + random.nextInt(9));
        while (digits.length() < 13) {
            digits.append(random.nextInt(10));
        }
        if (digits.toString().startsWith("356000000")) {
            digits.setCharAt(0, '4');
        }
        return digits.toString() + checkDigit(digits.toString());
    }

    /** The digit that makes the Luhn sum of the 14 digits a multiple of 10. */
    static int checkDigit(String first13) {
        int sum = 0;
        for (int i = 0; i < first13.length(); i++) {
            // positions counted from the right of the final number: the check digit is position 0
            int position = first13.length() - i;
            int digit = first13.charAt(i) - '0';
            if (position % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return (10 - sum % 10) % 10;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
