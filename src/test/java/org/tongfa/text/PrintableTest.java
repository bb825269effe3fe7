package org.tongfa.text;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tongfa.config.TongfaProperties;

/** Configured names readers see follow the same rule as item text, checked when the service starts. */
class PrintableTest {

    static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void aColumnNameWithAControlCharacterIsRefusedNamingTheCharacter() {
        Set<ConstraintViolation<TongfaProperties.Column>> violations =
                VALIDATOR.validate(new TongfaProperties.Column("通知\u000b公告", List.of(), List.of(), false));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.getPropertyPath().toString()).isEqualTo("name");
            assertThat(v.getMessage()).contains("U+000B", "character 3");
        });
        assertThat(VALIDATOR.validate(new TongfaProperties.Column("通知公告 😀", List.of(), List.of(), false))).isEmpty();
    }
}
