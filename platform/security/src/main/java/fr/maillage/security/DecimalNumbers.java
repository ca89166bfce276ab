package fr.maillage.security;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Whole numbers in paths, queries and headers, written in decimal only: Spring's own editors also
 * read {@code 0xC8} as 200 and {@code #10} as 16, which no client of this API means and no
 * documentation shows. (An editor, not a converter: Spring falls back to its editors when a
 * converter refuses.)
 */
@ControllerAdvice
class DecimalNumbers {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

    @InitBinder
    void decimalOnly(WebDataBinder binder) {
        binder.registerCustomEditor(int.class, new DecimalEditor(Integer::valueOf));
        binder.registerCustomEditor(Integer.class, new DecimalEditor(Integer::valueOf));
        binder.registerCustomEditor(long.class, new DecimalEditor(Long::valueOf));
        binder.registerCustomEditor(Long.class, new DecimalEditor(Long::valueOf));
    }

    /** Whether a value that could not be converted was a whole number all the same (too large, then). */
    static boolean isDecimal(Object value) {
        return value instanceof String text && DECIMAL.matcher(text.strip()).matches();
    }

    private static final class DecimalEditor extends PropertyEditorSupport {

        private final Function<String, Number> parse;

        DecimalEditor(Function<String, Number> parse) {
            this.parse = parse;
        }

        @Override
        public void setAsText(String text) {
            if (text == null || text.isEmpty()) {
                setValue(null); // ?page= : absent (a parameter's default applies), as before
                return;
            }
            String stripped = text.strip();
            if (!DECIMAL.matcher(stripped).matches()) {
                throw new NumberFormatException("not a decimal whole number");
            }
            setValue(parse.apply(stripped));
        }

        @Override
        public String getAsText() {
            return getValue() == null ? "" : getValue().toString();
        }
    }
}
