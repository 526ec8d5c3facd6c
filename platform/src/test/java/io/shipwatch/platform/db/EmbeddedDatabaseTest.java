package io.shipwatch.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @Test
    void dataSurvivesARestartInTheSameFolder(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, "shipwatch_test", 0);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "")) {
            c.createStatement().execute("create table kept (v text)");
            c.createStatement().execute("insert into kept values ('still here')");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, "shipwatch_test", 0);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }
}
