package fr.tocsin.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Plain JDBC reads of a service's own database: proof of what was really stored, outside the service. */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** Runs a statement, such as a clean-up between tests. */
    public static void execute(String database, String sql) {
        TestStack stack = TestStack.get();
        try (var c = DriverManager.getConnection(stack.jdbcUrl(database), stack.jdbcUser(), stack.jdbcPassword());
             var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of the first row of a query returning one number, such as a count. */
    public static long queryLong(String database, String sql, Object... parameters) {
        TestStack stack = TestStack.get();
        try (var c = DriverManager.getConnection(stack.jdbcUrl(database), stack.jdbcUser(), stack.jdbcPassword());
             var q = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                q.setObject(i + 1, parameters[i]);
            }
            try (var rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("No row for " + sql);
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every row of a query, each column as text (null as null), in the query's order. */
    public static java.util.List<java.util.List<String>> query(String database, String sql, Object... parameters) {
        try (var c = connect(database); var q = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                q.setObject(i + 1, parameters[i]);
            }
            try (var rs = q.executeQuery()) {
                java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    java.util.List<String> row = new java.util.ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first row of a query, its columns as text joined by spaces (null as "null"); empty without a row. */
    public static java.util.Optional<String> firstRow(String database, String sql, Object... parameters) {
        return query(database, sql, parameters).stream().findFirst().map(row -> String.join(" ",
                row.stream().map(String::valueOf).toList()));
    }

    /** A session of its own on the service's database, as another replica or an operator would hold one. */
    public static Connection connect(String database) throws SQLException {
        TestStack stack = TestStack.get();
        return DriverManager.getConnection(stack.jdbcUrl(database), stack.jdbcUser(), stack.jdbcPassword());
    }

    /**
     * Another replica holding a session-level advisory lock (such as the outbox relay's) until the returned session
     * is closed, which releases it as a crashed replica's would be.
     */
    public static Connection holdingAdvisoryLock(String database, long key) throws SQLException {
        Connection session = connect(database);
        try (var lock = session.prepareStatement("select pg_advisory_lock(?)")) {
            lock.setLong(1, key);
            lock.execute();
        } catch (SQLException e) {
            session.close();
            throw e;
        }
        return session;
    }
}
