package fr.maillage.security;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.NotBlank;

/**
 * {@code @NotBlank} as a reader means it: some character is visible. The standard check only
 * trims ASCII spaces, so a name of one no-break space (U+00A0), ideographic space or zero-width
 * space (U+200B) passed, and showed as nothing on the dashboard and in the exports.
 */
public final class VisibleTextValidator implements ConstraintValidator<NotBlank, CharSequence> {

    @Override
    public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
        return text != null && text.codePoints().anyMatch(VisibleTextValidator::visible);
    }

    static boolean visible(int codePoint) {
        int type = Character.getType(codePoint);
        return !Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint)
                && type != Character.FORMAT && type != Character.CONTROL;
    }
}
