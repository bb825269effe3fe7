package org.tongfa.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up stopped by an {@link InvalidConfigurationException} into Spring Boot's short
 * "APPLICATION FAILED TO START" report that leads with the key and the problem, instead of a stack
 * trace in which the key is a few causes down. Registered in {@code META-INF/spring.factories}.
 */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis("The setting " + cause.getMessage(),
                "Correct " + cause.key() + " in config/application.yml, the environment or the command line.", cause);
    }
}
