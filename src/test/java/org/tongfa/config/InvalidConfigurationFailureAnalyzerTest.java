package org.tongfa.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start-up stopped by a bad setting is reported by its key, however deep Spring wrapped it. */
class InvalidConfigurationFailureAnalyzerTest {

    @Test
    void reportsTheKeyAndTheProblemOfAWrappedBadSetting() {
        InvalidConfigurationException bad = new InvalidConfigurationException("tongfa.screens.lobby.key", "missing");
        BeanCreationException startup = new BeanCreationException("screens", "could not create",
                new BeanCreationException("displayFeeds", "could not create", bad));

        FailureAnalysis analysis = new InvalidConfigurationFailureAnalyzer().analyze(startup);

        assertThat(analysis.getDescription()).isEqualTo("The setting tongfa.screens.lobby.key: missing");
        assertThat(analysis.getAction()).startsWith("Correct tongfa.screens.lobby.key ");
        assertThat(analysis.getCause()).isSameAs(bad);
    }

    @Test
    void leavesOtherFailuresToSpringBoot() {
        assertThat(new InvalidConfigurationFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
    }
}
