package org.tongfa.check;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The pre-publish checks' settings ({@code tongfa.checks.*}).
 *
 * @param policyColumns the columns of policy documents (政策文件): their items need 发文字号 and 索引号
 * @param links the link check's settings
 */
@Validated
@ConfigurationProperties("tongfa.checks")
public record CheckProperties(@DefaultValue List<String> policyColumns, @DefaultValue Links links) {

    public CheckProperties {
        policyColumns = List.copyOf(policyColumns);
        if (links.timeout().isZero() || links.timeout().isNegative()) {
            throw new org.tongfa.config.InvalidConfigurationException("tongfa.checks.links.timeout", "must be positive");
        }
        if (links.parallelism() < 1) {
            throw new org.tongfa.config.InvalidConfigurationException("tongfa.checks.links.parallelism",
                    "must be at least 1");
        }
        if (links.cacheTtl().isNegative()) {
            throw new org.tongfa.config.InvalidConfigurationException("tongfa.checks.links.cache-ttl",
                    "must not be negative");
        }
    }

    /**
     * @param timeout how long one link may take to answer before it counts as unreachable
     * @param cacheTtl how long an answer is reused (a link checked on save is not fetched again at
     *     submission); zero fetches every time
     * @param parallelism links fetched at once for one item
     * @param allowPrivateNetwork whether links may point into the office's own network (tests only:
     *     the same guard as the webhooks refuses it otherwise)
     */
    public record Links(@DefaultValue("3s") Duration timeout, @DefaultValue("10m") Duration cacheTtl,
            @DefaultValue("4") int parallelism, @DefaultValue("false") boolean allowPrivateNetwork) {
    }
}
