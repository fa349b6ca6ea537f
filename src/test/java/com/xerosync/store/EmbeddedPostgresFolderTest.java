package com.xerosync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xerosync.store.EmbeddedPostgresFolder.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a data folder's files say about it, before PostgreSQL is asked; and the folders that are refused outright. */
class EmbeddedPostgresFolderTest {

    @TempDir
    Path parent;

    private Path folder(String... files) throws IOException {
        Path dir = parent.resolve("postgres");
        Files.createDirectories(dir);
        for (String file : files) {
            Path path = dir.resolve(file);
            if (file.endsWith("/")) {
                Files.createDirectories(path);
            } else {
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.equals("PG_VERSION") ? "17\n" : "x");
            }
        }
        return dir;
    }

    /** The files of a finished PostgreSQL 17 data folder that the inspection looks at. */
    private static final String[] FINISHED = {"PG_VERSION", "postgresql.conf", "global/pg_control", "pg_wal/",
            "base/1/1259", "base/4/1259", "base/5/1259"};

    @Test
    void should_create_a_folder_that_is_absent_or_empty() throws IOException {
        assertThat(EmbeddedPostgresFolder.inspect(parent.resolve("postgres")).state()).isEqualTo(State.ABSENT);
        assertThat(EmbeddedPostgresFolder.inspect(folder()).state()).isEqualTo(State.ABSENT);
    }

    @Test
    void should_start_a_finished_folder() throws IOException {
        assertThat(EmbeddedPostgresFolder.inspect(folder(FINISHED)).state()).isEqualTo(State.CLUSTER);
    }

    @Test
    void should_see_an_initdb_stopped_before_it_wrote_pg_version_as_never_finished() throws IOException {
        EmbeddedPostgresFolder.Inspection inspection = EmbeddedPostgresFolder.inspect(folder("base/", "global/",
                "pg_wal/", "pg_xact/"));
        assertThat(inspection.state()).isEqualTo(State.INCOMPLETE);
        assertThat(inspection.why()).contains("no PG_VERSION");
    }

    @Test
    void should_see_a_folder_without_the_postgres_database_as_never_finished() throws IOException {
        EmbeddedPostgresFolder.Inspection inspection = EmbeddedPostgresFolder.inspect(folder("PG_VERSION",
                "postgresql.conf", "global/pg_control", "pg_wal/", "base/1/1259", "base/4/"));
        assertThat(inspection.state()).isEqualTo(State.INCOMPLETE);
        assertThat(inspection.why()).contains("no postgres database");
    }

    @Test
    void should_see_a_postgres_database_without_the_files_to_start_it_as_damaged() throws IOException {
        Path dir = folder(FINISHED);
        Files.delete(dir.resolve("global/pg_control"));
        EmbeddedPostgresFolder.Inspection inspection = EmbeddedPostgresFolder.inspect(dir);
        assertThat(inspection.state()).isEqualTo(State.DAMAGED);
        assertThat(inspection.why()).contains("global/pg_control is missing");
    }

    @Test
    void should_see_other_files_as_no_postgresql_folder() throws IOException {
        EmbeddedPostgresFolder.Inspection inspection = EmbeddedPostgresFolder.inspect(folder("notes.txt", "photos/"));
        assertThat(inspection.state()).isEqualTo(State.NOT_POSTGRES);
        assertThat(inspection.why()).contains("notes.txt", "photos");
    }

    @Test
    void should_refuse_a_damaged_folder_and_leave_it_as_it_is() throws IOException {
        Path dir = folder(FINISHED);
        Files.delete(dir.resolve("global/pg_control"));
        try (EmbeddedPostgresFolder claimed = EmbeddedPostgresFolder.claim(dir)) {
            assertThatThrownBy(() -> claimed.start(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is damaged: its postgres database is there but global/pg_control is missing")
                    .hasMessageContaining("made by PostgreSQL 17")
                    .hasMessageContaining("Nothing in it was changed")
                    .hasMessageContaining("restore it from a backup, or move it away (mv " + dir + " " + dir
                            + ".damaged)");
        }
        assertThat(dir.resolve("base/5/1259")).exists();
        try (var siblings = Files.list(parent)) {
            assertThat(siblings.map(p -> p.getFileName().toString()).toList()).noneMatch(n -> n.contains("incomplete"));
        }
    }

    @Test
    void should_refuse_a_folder_of_other_files_and_touch_none_of_them() throws IOException {
        Path dir = folder("notes.txt");
        try (EmbeddedPostgresFolder claimed = EmbeddedPostgresFolder.claim(dir)) {
            assertThatThrownBy(() -> claimed.start(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir + " is not an embedded PostgreSQL folder")
                    .hasMessageContaining("Nothing in it was touched")
                    .hasMessageContaining("db.embedded.data-dir");
        }
        assertThat(dir.resolve("notes.txt")).hasContent("x");
    }

    @Test
    void should_let_one_holder_at_a_time_claim_a_folder() throws IOException {
        Path dir = parent.resolve("postgres");
        try (EmbeddedPostgresFolder first = EmbeddedPostgresFolder.claim(dir)) {
            assertThatThrownBy(() -> EmbeddedPostgresFolder.claim(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Another xero-sync (process " + ProcessHandle.current().pid() + ") is using "
                            + "the embedded PostgreSQL in " + dir)
                    .hasMessageContaining("Stop it first");
        }
        // released with its holder
        EmbeddedPostgresFolder.claim(dir).close();
    }
}
