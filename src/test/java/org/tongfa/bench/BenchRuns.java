package org.tongfa.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What the command-line benchmarks share: their {@code --name value} arguments and their watchdog. */
final class BenchRuns {

    private BenchRuns() {
    }

    /**
     * The {@code --name value} pairs by name; {@code -h} or {@code --help} prints the usage and exits.
     *
     * @param known the names the benchmark takes
     * @throws IllegalArgumentException on an argument that is not such a pair, or an unknown name (after
     *     printing the usage)
     */
    static Map<String, String> arguments(String[] args, Set<String> known, Runnable usage) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                usage.run();
                System.exit(0);
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                usage.run();
                throw new IllegalArgumentException("bad argument " + a);
            }
            given.put(a.substring(2), args[++i]);
        }
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            usage.run();
            throw new IllegalArgumentException("unknown option(s) " + unknown);
        }
        return given;
    }

    /**
     * Starts a daemon thread that ends the JVM (exit code 3) after {@code maxSeconds}, whatever is still
     * running; interrupt it when the run is over.
     */
    static Thread watchdog(String benchmark, int maxSeconds) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(maxSeconds * 1000L);
                System.err.println(benchmark + ": still running after " + maxSeconds + "s; giving up");
                System.exit(3);
            } catch (InterruptedException done) {
                // finished in time
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }
}
