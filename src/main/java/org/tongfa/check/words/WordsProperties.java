package org.tongfa.check.words;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the word lists (敏感词, 错敏字, 规范表述) are and how often they are looked at again, bound from
 * {@code tongfa.checks.words.*}.
 *
 * @param directory the folder whose {@code *.txt} files are the lists, relative to the working directory
 *        unless absolute; a folder that does not exist means no lists (and a log line)
 * @param reloadInterval how often the files' modification times are compared; a changed file is read
 *        again without a restart; zero turns reloading off
 */
@Validated
@ConfigurationProperties("tongfa.checks.words")
public record WordsProperties(
        @NotNull @DefaultValue("config/words") Path directory,
        @NotNull @DefaultValue("5s") Duration reloadInterval) {

    public WordsProperties {
        if (reloadInterval != null && reloadInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "tongfa.checks.words.reload-interval must not be negative, not " + reloadInterval);
        }
    }
}
