package fr.maillage.registry.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;

/** A date whose year is in a plausible range (null passes): "0000-01-01" or "+57440-04-10" is a typing error. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = YearBetween.Validator.class)
@interface YearBetween {

    int min();

    int max();

    String message() default "must be a date between the years {min} and {max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<YearBetween, LocalDate> {
        private int min;
        private int max;

        @Override
        public void initialize(YearBetween bounds) {
            min = bounds.min();
            max = bounds.max();
        }

        @Override
        public boolean isValid(LocalDate date, ConstraintValidatorContext context) {
            return date == null || (date.getYear() >= min && date.getYear() <= max);
        }
    }
}
