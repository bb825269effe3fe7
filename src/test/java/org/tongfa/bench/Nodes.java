package org.tongfa.bench;

import java.util.Map;
import org.tongfa.bench.TongfaInstance.Database;

/**
 * How a benchmark runs Tongfa: {@code --nodes N} (above 1: separate processes on one PostgreSQL
 * database) and {@code --processes true} (even a single node as a separate process, as deployed).
 */
record Nodes(int count, boolean processes) {

    /** The options' lines for a benchmark's usage text. */
    static final String USAGE = String.join("\n",
            "  --nodes N            Tongfa nodes on one database; above 1, separate processes on",
            "                       PostgreSQL, the items created and published through them in turn (1)",
            "  --processes B        true: run even a single node as a separate process, as deployed (false)");

    /** From a benchmark's parsed arguments; refused unless at least 1, and processes only on PostgreSQL. */
    static Nodes parse(Map<String, String> given, Database database) {
        int count = Integer.parseInt(given.getOrDefault("nodes", "1"));
        Nodes nodes = new Nodes(count, count > 1 || Boolean.parseBoolean(given.getOrDefault("processes", "false")));
        if (count < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1");
        }
        if (nodes.processes() && database != Database.POSTGRESQL) {
            throw new IllegalArgumentException("--nodes above 1 and --processes need --database postgresql: "
                    + "separate processes share one database, and an H2 file is one process's");
        }
        return nodes;
    }

    /** For the benchmark's headers. */
    @Override
    public String toString() {
        return count == 1 ? (processes ? "1 node (a separate process, the service's JVM options)" : "1 node (in process)")
                : count + " nodes (separate processes, the service's JVM options)";
    }
}
