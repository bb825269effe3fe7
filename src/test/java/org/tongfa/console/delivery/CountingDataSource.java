package org.tongfa.console.delivery;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's connection pool, counting the SQL statements prepared through it: by the calling thread
 * ({@link #onThisThread()}), and in all by the threads of a name ({@link #byThread}: the web server's
 * request threads, the matrix's stream sender).
 * Chosen with {@code spring.datasource.type=org.tongfa.console.delivery.CountingDataSource}, so that a
 * test or a benchmark can tell how many queries a page costs.
 */
public class CountingDataSource extends HikariDataSource {

    private static final ThreadLocal<long[]> THIS_THREAD = ThreadLocal.withInitial(() -> new long[1]);
    private static final Map<String, AtomicLong> BY_THREAD = new ConcurrentHashMap<>();

    /** Statements the current thread has prepared (or created) so far. */
    public static long onThisThread() {
        return THIS_THREAD.get()[0];
    }

    /** Statements prepared so far by the threads whose name starts with {@code prefix} ({@code http-nio-}: Tomcat's). */
    public static long byThread(String prefix) {
        return BY_THREAD.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counting(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counting(super.getConnection(username, password));
    }

    private static Connection counting(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("prepareStatement") || name.equals("createStatement") || name.equals("prepareCall")) {
                THIS_THREAD.get()[0]++;
                BY_THREAD.computeIfAbsent(Thread.currentThread().getName(), t -> new AtomicLong()).incrementAndGet();
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }
}
