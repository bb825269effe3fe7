package org.tongfa.text;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

/**
 * Bean Validation for text readers will see, such as configured names (a column's, a feed's, a site's):
 * the {@link PlainText} rule, so a bad value stops start-up naming the key instead of breaking every
 * rendering. {@code null} is valid (use {@code @NotBlank} for presence).
 */
@Documented
@Constraint(validatedBy = Printable.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Printable {

    String message() default "contains a character no reader can be shown";

    /** Whether tab and line breaks are allowed. */
    boolean multiLine() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The validator: reports {@link PlainText#problem}'s message, which names the character and its position. */
    final class Check implements ConstraintValidator<Printable, CharSequence> {

        private boolean multiLine;

        @Override
        public void initialize(Printable annotation) {
            multiLine = annotation.multiLine();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            Optional<String> problem = PlainText.problem(value == null ? null : value.toString(), multiLine);
            if (problem.isPresent()) {
                context.disableDefaultConstraintViolation();
                // The message names only a code point and a position, never the value: safe as a template.
                context.buildConstraintViolationWithTemplate(problem.get()).addConstraintViolation();
            }
            return problem.isEmpty();
        }
    }
}
