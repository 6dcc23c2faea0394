package fr.tocsin.testsupport;

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
    public static java.util.List<java.util.List<String>> query(String database, String sql) {
        TestStack stack = TestStack.get();
        try (var c = DriverManager.getConnection(stack.jdbcUrl(database), stack.jdbcUser(), stack.jdbcPassword());
             var q = c.createStatement(); var rs = q.executeQuery(sql)) {
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
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
