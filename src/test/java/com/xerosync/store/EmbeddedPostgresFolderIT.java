package com.xerosync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.xerosync.config.XeroSyncSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The embedded database's folder against what really happens to it: an initdb killed half-way (in the folder, as
 * earlier versions ran it, and in a scratch folder beside it), a PostgreSQL killed as a power cut kills it (a stale
 * postmaster.pid, its process number reused by another program), another holder, a PostgreSQL left running. Every
 * case ends in a database that starts, or in a message that says which case it is.
 */
class EmbeddedPostgresFolderIT {

    /** Started once: its PostgreSQL's binaries are the ones initdb is run from, and it is the "other holder". */
    private static Path held;
    private static Database holder;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Path parent;

    @BeforeAll
    static void startHolder() {
        held = newParent().resolve("postgres");
        holder = Database.start(settings(held));
    }

    @AfterAll
    static void stopHolder() {
        holder.close();
    }

    @BeforeEach
    void capture() {
        parent = newParent();
        logged.start();
        ((Logger) LoggerFactory.getLogger(EmbeddedPostgresFolder.class)).addAppender(logged);
    }

    @AfterEach
    void close() throws Exception {
        ((Logger) LoggerFactory.getLogger(EmbeddedPostgresFolder.class)).detachAppender(logged);
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void should_create_again_what_an_interrupted_first_start_left_and_then_start_as_usual() throws Exception {
        Path dataDir = parent.resolve("postgres");
        // an earlier version ran initdb in the folder itself; killed half-way, every later start failed
        killInitdbHalfWay(dataDir);
        assertThat(EmbeddedPostgresFolder.inspect(dataDir).state()).isEqualTo(EmbeddedPostgresFolder.State.INCOMPLETE);
        // and a scratch folder beside it, where this version's first start was killed half-way
        Path scratch = parent.resolve("postgres.init-" + (ProcessHandle.current().pid() + 1));
        killInitdbHalfWay(scratch);

        Database database = Database.start(settings(dataDir));
        write(database, "kept");
        database.close();

        assertThat(scratch).doesNotExist();
        assertThat(siblings()).anyMatch(n -> n.startsWith("postgres.incomplete-"));
        assertThat(messages()).anyMatch(m -> m.contains("was never finished") && m.contains("holds nothing synced"))
                .anyMatch(m -> m.startsWith("Removed " + scratch));
        // what the first start made is a database like any other: the next start finds it, nothing is created again
        logged.list.clear();
        database = opened(Database.start(settings(dataDir)));
        assertThat(read(database)).containsExactly("kept");
        assertThat(messages()).noneMatch(m -> m.contains("Creating") || m.contains("never finished"));
        assertThat(siblings()).filteredOn(n -> n.startsWith("postgres.")).containsExactlyInAnyOrder("postgres.lock",
                "postgres.log", siblings().stream().filter(n -> n.startsWith("postgres.incomplete-")).findFirst()
                        .orElseThrow());
    }

    @Test
    void should_start_after_a_power_cut_left_a_stale_postmaster_pid_even_when_its_number_was_reused() throws Exception {
        Path dataDir = parent.resolve("postgres");
        Database database = Database.start(settings(dataDir));
        write(database, "before the first cut");
        powerCut(database, dataDir);
        long dead = EmbeddedPostgresFolder.postmasterPid(dataDir).orElseThrow();
        assertThat(ProcessHandle.of(dead).filter(ProcessHandle::isAlive)).isEmpty();

        database = Database.start(settings(dataDir));
        assertThat(messages()).anyMatch(m -> m.contains("was not shut down last time"));
        write(database, "before the second cut");
        powerCut(database, dataDir);
        // after a reboot its number can belong to anything; PostgreSQL itself would refuse to start then
        rewritePid(dataDir, ProcessHandle.current().pid());

        logged.list.clear();
        database = opened(Database.start(settings(dataDir)));
        assertThat(messages()).anyMatch(m -> m.startsWith("Removed a stale " + dataDir.resolve("postmaster.pid"))
                && m.contains("its process number " + ProcessHandle.current().pid() + " now belongs to"));
        assertThat(read(database)).containsExactly("before the first cut", "before the second cut");
    }

    @Test
    void should_refuse_a_folder_another_xero_sync_holds_naming_it() {
        assertThatThrownBy(() -> Database.start(settings(held))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Another xero-sync (process " + ProcessHandle.current().pid() + ") is using the "
                        + "embedded PostgreSQL in " + held)
                .hasMessageContaining("give this one a folder of its own with db.embedded.data-dir");
        // and the holder is unharmed
        assertThat(read(holder)).isEmpty();
        assertThat(Files.exists(held.resolve("postmaster.pid"))).isTrue();
    }

    @Test
    void should_stop_the_postgresql_a_killed_xero_sync_left_running_and_start() throws Exception {
        Path dataDir = parent.resolve("postgres");
        Database first = Database.start(settings(dataDir));
        write(first, "before the kill");
        first.close();
        // what a xero-sync killed with SIGKILL leaves: its PostgreSQL, still running on its own, and no lock held
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process pgCtl = new ProcessBuilder(asZonkyRunsIt("pg_ctl", "start", "-w", "-D", dataDir.toString(),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(pgCtl.waitFor(60, TimeUnit.SECONDS) && pgCtl.exitValue() == 0).as("the orphan started").isTrue();
        long pid = EmbeddedPostgresFolder.postmasterPid(dataDir).orElseThrow();
        try {
            Database database = opened(Database.start(settings(dataDir)));

            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the orphan").isFalse();
            assertThat(EmbeddedPostgresFolder.postmasterPid(dataDir)).isPresent().get().isNotEqualTo(pid);
            assertThat(read(database)).containsExactly("before the kill");
            assertThat(messages()).anyMatch(m -> m.startsWith("PostgreSQL (process " + pid + ") is still running on "
                    + dataDir + " although no xero-sync holds the folder"));
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void should_ask_every_connection_for_the_password_kept_in_the_folder_alone() throws Exception {
        Path dataDir = parent.resolve("postgres");
        Database database = opened(Database.start(settings(dataDir)));
        int port = port(database);
        Path passwordFile = dataDir.resolve(EmbeddedPostgresFolder.PASSWORD_FILE);

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).isEqualTo(EmbeddedPostgresFolder.PG_HBA)
                .doesNotContain("trust");
        // what any local user tries: the superuser without a password, or with a guess
        for (String guess : new String[] {"", "postgres"}) {
            assertThatThrownBy(() -> java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                    + "/postgres", "postgres", guess).close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
        }
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", Files.readString(passwordFile).trim())) {
            assertThat(c.isValid(5)).isTrue();
        }
        String password = Files.readString(passwordFile).trim();
        assertThat(messages()).noneMatch(m -> m.contains(password));
    }

    @Test
    void should_close_a_folder_an_earlier_version_left_trusting_every_local_user() throws Exception {
        Path dataDir = parent.resolve("postgres");
        Database earlier = Database.start(settings(dataDir));
        write(earlier, "kept");
        earlier.close();
        // what a folder made by an earlier version holds: zonky's trust for every local user, and no password
        Files.writeString(dataDir.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n"
                + "host all all ::1/128 trust\n");
        Files.delete(dataDir.resolve(EmbeddedPostgresFolder.PASSWORD_FILE));

        Database database = opened(Database.start(settings(dataDir)));

        assertThat(read(database)).containsExactly("kept");
        assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).isEqualTo(EmbeddedPostgresFolder.PG_HBA);
        int port = port(database);
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                + "/postgres", "postgres", "").close()).hasMessageContaining("password");
    }

    /**
     * A PostgreSQL tool (the holder's binaries) with its arguments, as zonky runs it: under {@code unshare -U} when
     * this is root, whom PostgreSQL refuses.
     */
    private static List<String> asZonkyRunsIt(String tool, String... arguments) {
        Path bin = Path.of(EmbeddedPostgresFolder.postmasterPid(held).flatMap(ProcessHandle::of).orElseThrow().info()
                .command().orElseThrow()).getParent();
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(arguments));
        return command;
    }

    private static int port(Database database) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT inet_server_port()")) {
            rs.next();
            return rs.getInt(1);
        }
    }


    // -- what happens to the folder ---------------------------------------------------------------------------------

    /** initdb run as zonky runs it, killed with its children once it has begun to build template1. */
    private static void killInitdbHalfWay(Path dir) throws Exception {
        Files.createDirectories(dir);
        Process initdb = new ProcessBuilder(asZonkyRunsIt("initdb", "-A", "trust", "-U", "postgres", "-D", dir.toString(),
                "-E", "UTF-8")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(2))
                .until(() -> Files.exists(dir.resolve("global/pg_control")) || !initdb.isAlive());
        List<ProcessHandle> tree = Stream.concat(Stream.of(initdb.toHandle()), initdb.descendants()).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(initdb.exitValue()).as("initdb was killed, not finished").isNotZero();
        assertThat(dir.resolve("base/5")).as("initdb stopped before the postgres database").doesNotExist();
    }

    /** PostgreSQL and everything it runs killed at once, as a power cut would; the process's lock goes with it. */
    private static void powerCut(Database database, Path dataDir) throws Exception {
        ProcessHandle postmaster = EmbeddedPostgresFolder.postmasterPid(dataDir).flatMap(ProcessHandle::of).orElseThrow();
        List<ProcessHandle> tree = Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
        database.close();
        assertThat(dataDir.resolve("postmaster.pid")).as("left by the cut").exists();
    }

    private static void rewritePid(Path dataDir, long pid) throws Exception {
        Path file = dataDir.resolve("postmaster.pid");
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.US_ASCII));
        lines.set(0, Long.toString(pid));
        Files.write(file, lines, StandardCharsets.US_ASCII);
    }

    // -- helpers -----------------------------------------------------------------------------------------------------

    private static void write(Database database, String value) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS public.folder_test (value text)");
            c.createStatement().execute("INSERT INTO public.folder_test VALUES ('" + value + "')");
        }
    }

    private static List<String> read(Database database) {
        try (Connection c = database.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT value FROM public.folder_test ORDER BY 1")) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            return e.getMessage().contains("does not exist") ? List.of() : List.of("failed: " + e.getMessage());
        }
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private List<String> messages() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private List<String> siblings() throws Exception {
        try (Stream<Path> list = Files.list(parent)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static Path newParent() {
        return Path.of("target", "it-data", "folder-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    }

    private static XeroSyncSettings settings(Path dataDir) {
        return XeroSyncSettings.of(new Properties(), Map.of(), new Properties(),
                Map.of("db.embedded.data-dir", dataDir.toString(), "db.pool-size", "2"));
    }
}
