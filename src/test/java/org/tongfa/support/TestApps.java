package org.tongfa.support;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.tongfa.TongfaApplication;

/** Starts whole Tongfa instances in the test JVM, for tests that restart the service on one database. */
public final class TestApps {

    private TestApps() {
    }

    /** Starts an instance on the given database, with its drop folder and data under {@code dir}. */
    public static ConfigurableApplicationContext start(String dbUrl, Path dir, String node, Map<String, String> extra) {
        return start(dbUrl, dir, node, extra, null);
    }

    /**
     * The same, reading time from {@code clock} (when not {@code null}) instead of the system clock:
     * it is registered as the primary {@link Clock}, so every bean that takes a clock takes this one.
     */
    public static ConfigurableApplicationContext start(String dbUrl, Path dir, String node, Map<String, String> extra,
            Clock clock) {
        List<String> props = new ArrayList<>(List.of(
                "server.port=0",
                "spring.datasource.url=" + dbUrl,
                "spring.datasource.username=" + (dbUrl.startsWith("jdbc:h2") ? "sa" : "postgres"),
                "spring.datasource.password=",
                "tongfa.data-directory=" + dir,
                "tongfa.channels.archive.directory=" + dir.resolve("archive"),
                "tongfa.api.tokens.editor=test-token",
                "tongfa.node-id=" + node,
                "tongfa.delivery.poll-interval=200ms",
                "spring.quartz.properties.org.quartz.scheduler.idleWaitTime=1000",
                // One Quartz cluster per database: instances restarted on the same database see its jobs.
                "spring.quartz.properties.org.quartz.scheduler.instanceName=tongfa-" + Integer.toHexString(dbUrl.hashCode())));
        // Channel and scheduling tests publish in one step; a test about review sets its own chains.
        TestColumns.unreviewed().forEach((k, v) -> {
            if (!extra.containsKey(k)) {
                props.add(k + "=" + v);
            }
        });
        extra.forEach((k, v) -> props.add(k + "=" + v));
        // Command-line arguments, so they win over ./config/application.yml as an operator's would.
        SpringApplicationBuilder builder = new SpringApplicationBuilder(TongfaApplication.class);
        if (clock != null) {
            builder.initializers(context -> ((GenericApplicationContext) context).registerBean("testClock", Clock.class,
                    () -> clock, definition -> definition.setPrimary(true)));
        }
        return builder.run(props.stream().map(p -> "--" + p).toArray(String[]::new));
    }
}
