package com.xerosync.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder the embedded PostgreSQL keeps the synced data in ({@code db.embedded.data-dir}), kept so that any start
 * can follow any stop, a power cut included:
 * <ul>
 * <li>one xero-sync at a time holds it, through {@code <folder>.lock} beside it, held while its PostgreSQL runs;</li>
 * <li>it is created beside itself, in {@code <folder>.init-<pid>}, and moved into place by one rename only after
 * PostgreSQL has started in it and shut down cleanly: a first start cut short leaves no half-made folder, only a
 * scratch folder, which the next start removes;</li>
 * <li>a folder that cannot start is explained: the process that holds it, a stale {@code postmaster.pid} (removed when
 * its process number now belongs to another program), a creation that never finished (it holds nothing synced, so it
 * is set aside and created again), or damage (left as it is, with what to do);</li>
 * <li>a PostgreSQL still running on it while no xero-sync holds the lock, left by one that was killed, is stopped;</li>
 * <li>every connection must give the password generated at its first start and kept in it ({@link #PASSWORD_FILE}).</li>
 * </ul>
 * PostgreSQL's own output (initdb's and the server's) goes to {@code <folder>.log} beside it.
 */
final class EmbeddedPostgresFolder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresFolder.class);

    /**
     * How long PostgreSQL may take to accept connections: after a crash it first replays its write-ahead log, which on
     * a busy machine takes longer than zonky's 10 s. pg_ctl's own default wait.
     */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    /** How long a stopping PostgreSQL may take to write its shutdown checkpoint and exit. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    /** From PostgreSQL 15 on, initdb creates the {@code postgres} database, where the synced data lives, with OID 5. */
    private static final String POSTGRES_DATABASE_DIR = "base/5";

    /** Files a finished cluster cannot start without. */
    private static final List<String> REQUIRED = List.of("postgresql.conf", "global/pg_control", "pg_wal", "base");

    /** What initdb puts in a data folder, and the files zonky and PostgreSQL add beside them. */
    private static final Set<String> INITDB_ENTRIES = Set.of("PG_VERSION", "base", "global", "pg_wal", "pg_xact",
            "pg_commit_ts", "pg_dynshmem", "pg_logical", "pg_multixact", "pg_notify", "pg_replslot", "pg_serial",
            "pg_snapshots", "pg_stat", "pg_stat_tmp", "pg_subtrans", "pg_tblspc", "pg_twophase", "postgresql.conf",
            "postgresql.auto.conf", "pg_hba.conf", "pg_ident.conf", "epg-lock", "postmaster.pid", "postmaster.opts");

    private static final Pattern REASON = Pattern.compile("FATAL|PANIC|ERROR|could not|No space|initdb: error|pg_ctl: ");

    /**
     * The password of the embedded PostgreSQL's superuser: generated at its first start, kept inside the data folder
     * (which PostgreSQL keeps to its owner alone) readable by this user alone, never logged.
     */
    static final String PASSWORD_FILE = "xero-sync.password";
    /**
     * Every connection, over TCP or the local socket, must give that password: zonky's initdb trusts every local user as
     * superuser, so anyone on the machine could read and change the books, or run a command with COPY … TO PROGRAM.
     */
    static final String PG_HBA = "# Written by xero-sync at each start: every connection must give the password kept in "
            + PASSWORD_FILE + " in this folder.\n"
            + "local all all scram-sha-256\n"
            + "host  all all 127.0.0.1/32 scram-sha-256\n"
            + "host  all all ::1/128 scram-sha-256\n";

    private final Path dataDir;
    private final Path log;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private EmbeddedPostgresFolder(Path dataDir, FileChannel lockChannel, FileLock lock) {
        this.dataDir = dataDir;
        this.log = sibling(dataDir, ".log");
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** What a data folder holds, as far as its files tell before PostgreSQL is asked. */
    enum State {
        /** No folder, or an empty one: it is to be created. */
        ABSENT,
        /** A PostgreSQL data folder with every file it needs to start. */
        CLUSTER,
        /** What an initdb cut short leaves: no {@code postgres} database, so nothing synced. */
        INCOMPLETE,
        /** A PostgreSQL data folder whose {@code postgres} database exists but that lacks files it needs. */
        DAMAGED,
        /** Not a PostgreSQL data folder at all: other files, which are left alone. */
        NOT_POSTGRES
    }

    /** A folder's state and, for anything but ABSENT and CLUSTER, why. */
    record Inspection(State state, String why) {
    }

    /**
     * Takes the folder for this process: fails with a message naming the other xero-sync when one holds it. Creates
     * the folder's parent if needed.
     */
    static EmbeddedPostgresFolder claim(Path dataDir) {
        Path folder = dataDir.toAbsolutePath().normalize();
        Path lockFile = sibling(folder, ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(folder.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new IllegalStateException("Another xero-sync" + (holder.isEmpty() ? "" : " (process " + holder + ")")
                        + " is using the embedded PostgreSQL in " + folder + " (it holds " + lockFile + "). Stop it "
                        + "first, or give this one a folder of its own with db.embedded.data-dir, or your own "
                        + "PostgreSQL with db.url.");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new EmbeddedPostgresFolder(folder, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("Cannot use " + folder + " for the embedded PostgreSQL: " + e
                    + ". Check that its folder exists and is writable, or set db.embedded.data-dir or db.url.", e);
        }
    }

    Path dataDir() {
        return dataDir;
    }

    /** The superuser's password, once {@link #start} has run. */
    String password() {
        return passwordOf(dataDir);
    }

    /** Starts PostgreSQL on the folder, creating it first when it does not exist (or never finished being created). */
    EmbeddedPostgres start(int port) {
        rotateLog();
        removeStaleScratchFolders();
        Inspection inspection = inspect(dataDir);
        switch (inspection.state()) {
            case ABSENT -> create();
            case INCOMPLETE -> redo(inspection.why());
            case CLUSTER -> {
            }
            case DAMAGED -> throw damaged(inspection.why());
            case NOT_POSTGRES -> throw new IllegalStateException(dataDir + " is not an embedded PostgreSQL folder: "
                    + inspection.why() + ". Nothing in it was touched. Set db.embedded.data-dir to an empty or new "
                    + "folder (the default is data/postgres), or db.url to your own PostgreSQL.");
        }
        checkPostmasterPid();
        String password = passwordOf(dataDir);
        long logged = logSize();
        try {
            return lockDown(builder(dataDir, port, password).start(), password);
        } catch (IOException | RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("could not lock")) {
                throw new IllegalStateException("Another xero-sync is using the embedded PostgreSQL in " + dataDir
                        + " (it holds its epg-lock). Stop it first, or give this one a folder of its own with "
                        + "db.embedded.data-dir, or your own PostgreSQL with db.url.", e);
            }
            Leftover left = stopWhatThisStartLeft(dataDir);
            if (left != Leftover.NO_POSTGRES_DATABASE) {
                throw cannotStart(left, reason(logged, e), e);
            }
        }
        redo("PostgreSQL starts in it but lists no postgres database: initdb was stopped before it created it");
        long again = logSize();
        try {
            return lockDown(builder(dataDir, port, password).start(), password);
        } catch (IOException | RuntimeException e) {
            throw cannotStart(stopWhatThisStartLeft(dataDir), reason(again, e), e);
        }
    }

    /** Stops a PostgreSQL this folder's owner started (for {@link Database#close()}) and waits until it has exited. */
    void stop(EmbeddedPostgres postgres) {
        Optional<ProcessHandle> postmaster = livePostgres(dataDir);
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
        // pg_ctl gives up after 5 s; the server goes on writing its shutdown checkpoint, and the next start must not
        // find it still running
        postmaster.ifPresent(p -> awaitExit(p, STOP_WAIT));
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("Releasing the lock beside {}: {}", dataDir, e.getMessage());
        }
        closeQuietly(lockChannel);
    }

    // -- inspecting ------------------------------------------------------------------------------------------------

    /** What the folder's files say it is. Pure reading: nothing is changed. */
    static Inspection inspect(Path dataDir) {
        if (!Files.exists(dataDir)) {
            return new Inspection(State.ABSENT, null);
        }
        if (!Files.isDirectory(dataDir)) {
            return new Inspection(State.NOT_POSTGRES, "it is a file, not a folder");
        }
        List<String> entries = entries(dataDir);
        if (entries.isEmpty() || entries.equals(List.of("epg-lock"))) {
            return new Inspection(State.ABSENT, null);
        }
        Integer version = pgVersion(dataDir);
        if (version == null) {
            List<String> foreign = entries.stream().filter(e -> !INITDB_ENTRIES.contains(e)).toList();
            if (!foreign.isEmpty()) {
                return new Inspection(State.NOT_POSTGRES, "it has no PG_VERSION and holds " + String.join(", ",
                        foreign.subList(0, Math.min(5, foreign.size()))) + (foreign.size() > 5 ? ", …" : ""));
            }
            return new Inspection(State.INCOMPLETE, "it has no PG_VERSION: initdb was stopped before it wrote it");
        }
        if (version >= 15 && entries(dataDir.resolve(POSTGRES_DATABASE_DIR)).isEmpty()) {
            return new Inspection(State.INCOMPLETE, "it has no postgres database (" + POSTGRES_DATABASE_DIR + "): initdb "
                    + "was stopped before it created it");
        }
        List<String> missing = REQUIRED.stream().filter(f -> !Files.exists(dataDir.resolve(f))).toList();
        if (!missing.isEmpty()) {
            return new Inspection(State.DAMAGED, "its postgres database is there but " + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " missing");
        }
        return new Inspection(State.CLUSTER, null);
    }

    private static Integer pgVersion(Path dataDir) {
        try {
            String text = Files.readString(dataDir.resolve("PG_VERSION"), StandardCharsets.US_ASCII).trim();
            return text.matches("\\d{1,3}") ? Integer.valueOf(text) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> entries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir, e);
        }
    }

    /**
     * The first line of postmaster.pid names the server that runs (or ran) on the folder. A live PostgreSQL there was
     * left by a xero-sync that was killed (this process holds the lock, so no running xero-sync started it): it is
     * stopped ({@link #stopOrphan}).
     * A dead one means the last stop was a crash: PostgreSQL removes the file itself and recovers. A process number
     * now used by another program (after a reboot, say) would make PostgreSQL refuse to start: the file is removed.
     */
    private void checkPostmasterPid() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<Long> pid = postmasterPid(dataDir);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            LOG.warn("The embedded PostgreSQL in {} was not shut down last time (the machine or the process stopped "
                    + "abruptly); it recovers from its write-ahead log as it starts", dataDir);
            return;
        }
        Optional<String> command = process.get().info().command();
        if (command.isEmpty()) {
            throw new IllegalStateException(pidFile + " names process " + pid.get() + ", which is running, but what it "
                    + "runs cannot be read. If it is PostgreSQL, stop it (kill " + pid.get() + ") and start xero-sync "
                    + "again; if it is another program (the number was reused after a crash), remove " + pidFile
                    + " and start again.");
        }
        if (isPostgres(command.get())) {
            stopOrphan(process.get(), Path.of(command.get()));
            return;
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot remove the stale " + pidFile + ": " + e.getMessage()
                    + ". Remove it by hand (no PostgreSQL runs on the folder) and start again.", e);
        }
        LOG.warn("Removed a stale {}: the PostgreSQL that wrote it did not shut down (the machine or the process "
                + "stopped abruptly), and its process number {} now belongs to {}. It recovers from its write-ahead log "
                + "as it starts.", pidFile, pid.get(), command.get());
    }

    /**
     * A PostgreSQL running on the folder while no xero-sync holds its lock was left by one that was killed (SIGKILL, the
     * OOM killer: its shutdown never ran). Its clients died with it; it is shut down (fast, with its own pg_ctl; killed
     * if that does not end it) so that this start can go on, and it recovers nothing it had not written.
     */
    private void stopOrphan(ProcessHandle orphan, Path postgres) {
        LOG.warn("PostgreSQL (process {}) is still running on {} although no xero-sync holds the folder: a xero-sync that "
                + "was killed left it. Stopping it, then starting as usual", orphan.pid(), dataDir);
        Path pgCtl = postgres.resolveSibling("pg_ctl");
        try {
            List<String> command = new ArrayList<>();
            if (io.zonky.test.db.postgres.util.LinuxUtils.isUnshareAvailable()) {
                // as zonky runs PostgreSQL's tools for root, who may not run them
                command.addAll(List.of("unshare", "-U"));
            }
            command.addAll(List.of(pgCtl.toString(), "stop", "-m", "fast", "-w", "-t",
                    Long.toString(STOP_WAIT.toSeconds()), "-D", dataDir.toString()));
            Process stop = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            stop.waitFor(STOP_WAIT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warn("{} could not be run ({}); killing PostgreSQL (process {})", pgCtl, e.getMessage(), orphan.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!awaitExit(orphan, Duration.ofSeconds(1))) {
            orphan.destroyForcibly();
            if (!awaitExit(orphan, STOP_WAIT)) {
                throw new IllegalStateException("PostgreSQL (process " + orphan.pid() + "), left running on " + dataDir
                        + " by a xero-sync that was killed, does not stop. Stop it (kill -9 " + orphan.pid()
                        + ") and start xero-sync again; or set db.embedded.data-dir to another folder.");
            }
        }
    }

    static Optional<Long> postmasterPid(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() || !lines.get(0).trim().matches("\\d+") ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<ProcessHandle> livePostgres(Path dataDir) {
        return postmasterPid(dataDir).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(EmbeddedPostgresFolder::isPostgres).orElse(false));
    }

    private static boolean isPostgres(String command) {
        return Path.of(command).getFileName().toString().equals("postgres");
    }

    // -- creating --------------------------------------------------------------------------------------------------

    /**
     * initdb in a scratch folder beside the data folder, PostgreSQL started there (which proves the postgres database
     * exists) and shut down cleanly, then the scratch folder renamed into place: the data folder exists only whole.
     */
    private void create() {
        Path scratch = sibling(dataDir, ".init-" + ProcessHandle.current().pid());
        LOG.info("Creating the embedded PostgreSQL database in {} (first start; this takes a few seconds)", dataDir);
        long logged = logSize();
        try {
            deleteRecursively(scratch);
            Files.createDirectories(scratch);
            EmbeddedPostgres made;
            try {
                // initdb needs the folder empty, and trusts while it is new: the password comes at the first start
                made = builder(scratch, 0, "").start();
            } catch (IOException | RuntimeException e) {
                stopWhatThisStartLeft(scratch);
                throw new IllegalStateException("Cannot create the embedded PostgreSQL database in " + dataDir + ": "
                        + reason(logged, e) + ". Check that " + dataDir.getParent() + " is writable and its disk has "
                        + "room (about 100 MB), then start again.", e);
            }
            Optional<ProcessHandle> postmaster = livePostgres(scratch);
            made.close();
            if (postmaster.isPresent() && !awaitExit(postmaster.get(), STOP_WAIT)) {
                throw new IllegalStateException("The new embedded PostgreSQL in " + scratch + " did not shut down within "
                        + STOP_WAIT.toSeconds() + " s; start again (the half-made folder is removed then).");
            }
            if (Files.isDirectory(dataDir)) {
                // empty, or zonky's lock file alone: what an earlier version left before its initdb
                deleteRecursively(dataDir);
            }
            Files.move(scratch, dataDir, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dataDir.getParent());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the embedded PostgreSQL database in " + dataDir + ": " + e
                    + ". Check that " + dataDir.getParent() + " is writable and its disk has room, then start again.", e);
        }
    }

    /** A creation that never finished holds nothing synced: it is moved aside (nothing is deleted) and made again. */
    private void redo(String why) {
        Path aside = sibling(dataDir, ".incomplete-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss")));
        try {
            Files.move(dataDir, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("The embedded PostgreSQL in " + dataDir + " was never finished (" + why
                    + ") and cannot be moved aside: " + e + ". Remove it by hand (it holds nothing synced) and start "
                    + "again.", e);
        }
        LOG.warn("The embedded PostgreSQL in {} was never finished: {} (the first start was interrupted). It holds "
                + "nothing synced; moved it to {} (delete it when you like) and creating it again.", dataDir, why, aside);
        create();
    }

    /**
     * Scratch folders of creations that were cut short: their process is gone (this one holds the lock), though
     * initdb or its PostgreSQL may outlive it. Those are stopped, and the folder removed.
     */
    private void removeStaleScratchFolders() {
        String prefix = dataDir.getFileName() + ".init-";
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dataDir.getParent(), prefix + "*")) {
            for (Path scratch : siblings) {
                stopProcessesUsing(scratch);
                try {
                    deleteRecursively(scratch);
                    LOG.info("Removed {}, left by a first start that was interrupted while it created the database",
                            scratch);
                } catch (IOException e) {
                    LOG.warn("Could not remove {}, left by an interrupted first start ({}); it is tried again at the "
                            + "next start, or remove it by hand", scratch, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not look for interrupted first starts beside {}: {}", dataDir, e.getMessage());
        }
    }

    /** initdb, pg_ctl and PostgreSQL name their data folder on their command line. */
    private static void stopProcessesUsing(Path scratch) {
        String path = scratch.toString();
        List<ProcessHandle> using = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> Stream.of(a).anyMatch(path::equals)).orElse(false)
                        || p.info().commandLine().map(c -> c.contains(path + " ") || c.endsWith(path)).orElse(false))
                .toList();
        for (ProcessHandle process : using) {
            LOG.warn("Stopping process {} ({}), still working in {}", process.pid(),
                    process.info().command().orElse("?"), scratch);
            process.destroyForcibly();
        }
        using.forEach(p -> awaitExit(p, STOP_WAIT));
    }

    // -- failing -------------------------------------------------------------------------------------------------

    /** What a failed start left behind. */
    private enum Leftover {
        /** No PostgreSQL runs on the folder: it exited (its log says why) or never started. */
        NOTHING,
        /** PostgreSQL ran and answered, but has no postgres database: a creation that never finished. */
        NO_POSTGRES_DATABASE,
        /** PostgreSQL ran but did not accept connections in time. */
        UNANSWERED
    }

    /** After a failed start: stops the PostgreSQL it may have left running (zonky leaves it when it gives up). */
    private static Leftover stopWhatThisStartLeft(Path folder) {
        Optional<ProcessHandle> postmaster = livePostgres(folder);
        if (postmaster.isEmpty()) {
            return Leftover.NOTHING;
        }
        Leftover left = Leftover.UNANSWERED;
        Optional<Integer> port = postmasterPort(folder);
        if (port.isPresent()) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port.get()
                    + "/template1?connectTimeout=5", "postgres", "");
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT count(*) FROM pg_database WHERE datname = 'postgres'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    left = Leftover.NO_POSTGRES_DATABASE;
                }
            } catch (SQLException e) {
                LOG.debug("Asking the PostgreSQL left running in {} for its databases: {}", folder, e.getMessage());
            }
        }
        // SIGTERM: PostgreSQL's smart shutdown, clean since nothing is connected
        postmaster.get().destroy();
        if (!awaitExit(postmaster.get(), STOP_WAIT)) {
            postmaster.get().destroyForcibly();
            awaitExit(postmaster.get(), STOP_WAIT);
        }
        return left;
    }

    private static Optional<Integer> postmasterPort(Path folder) {
        try {
            List<String> lines = Files.readAllLines(folder.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.size() > 3 && lines.get(3).trim().matches("\\d+") ? Optional.of(Integer.valueOf(
                    lines.get(3).trim())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private IllegalStateException damaged(String why) {
        return new IllegalStateException("The embedded PostgreSQL in " + dataDir + " is damaged: " + why
                + madeBy() + ". Nothing in it was changed. " + whatToDoWhenDamaged());
    }

    private IllegalStateException cannotStart(Leftover left, String reason, Exception cause) {
        if (left == Leftover.UNANSWERED) {
            return new IllegalStateException("The embedded PostgreSQL in " + dataDir + " did not accept connections "
                    + "within " + STARTUP_WAIT.toSeconds() + " s (" + reason + ") and was stopped. After a crash it "
                    + "first replays its write-ahead log, which takes longer on a busy machine: start again. "
                    + "PostgreSQL's own account is in " + log + ".", cause);
        }
        return new IllegalStateException("The embedded PostgreSQL in " + dataDir + " cannot start: " + reason + madeBy()
                + ". Nothing in it was removed. " + whatToDoWhenDamaged(), cause);
    }

    private String madeBy() {
        Integer version = pgVersion(dataDir);
        return version == null ? "" : " (the folder was made by PostgreSQL " + version + ")";
    }

    private String whatToDoWhenDamaged() {
        return "PostgreSQL's own account is in " + log + ". If the disk is full, free room and start again; if the "
                + "folder was damaged, restore it from a backup, or move it away (mv " + dataDir + " " + dataDir
                + ".damaged) and start again: a new database is created and everything is synced from Xero again "
                + "(connect Xero again on the admin page, or give XERO_REFRESH_TOKEN once more).";
    }

    /** The lines PostgreSQL wrote to its log since {@code from} that say what went wrong, or the exception's words. */
    private String reason(long from, Exception e) {
        List<String> lines = new ArrayList<>();
        try {
            byte[] all = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
            String written = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                    StandardCharsets.UTF_8);
            written.lines().map(String::trim).filter(l -> REASON.matcher(l).find()).forEach(lines::add);
        } catch (IOException ignored) {
            // the exception below says enough
        }
        if (lines.isEmpty()) {
            return String.valueOf(e.getMessage());
        }
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    // -- zonky and files -------------------------------------------------------------------------------------------

    private EmbeddedPostgres.Builder builder(Path folder, int port, String password) {
        return EmbeddedPostgres.builder()
                // zonky's own connections (the readiness check) give it too; ignored while the folder still trusts
                .setConnectConfig("password", password)
                .setDataDirectory(folder)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(STARTUP_WAIT)
                // our own shutdown order stops PostgreSQL after the routes, not from zonky's hook
                .setRegisterShutdownHook(false)
                // PostgreSQL's own messages are the first thing to read when it does not start
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                // zonky is made for tests: it starts PostgreSQL with -F (no fsync) and synchronous_commit off,
                // which a power cut or an OS crash could turn into a corrupt or older database; this one holds
                // the user's data, so a commit is on disk when it returns
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on");
    }

    /** The folder's superuser password, read, or generated and written readable by this user alone. */
    static String passwordOf(Path folder) {
        Path file = folder.resolve(PASSWORD_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path written = folder.resolve(PASSWORD_FILE + ".new");
            Files.deleteIfExists(written);
            Files.createFile(written, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(written, password, StandardCharsets.US_ASCII);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the embedded PostgreSQL's password in " + file + ": " + e.getMessage()
                    + ". Check that the folder is writable by this user", e);
        }
    }

    /**
     * Closes the started PostgreSQL to everyone without the password: sets it (sent as a SCRAM verifier, never in
     * clear) and writes {@link #PG_HBA}, then reloads. A folder created by an earlier version trusted every local user;
     * it asks for the password from this start on.
     */
    private EmbeddedPostgres lockDown(EmbeddedPostgres postgres, String password) throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        if (Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).equals(PG_HBA)) {
            return postgres;
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            c.unwrap(PGConnection.class).alterUserPassword("postgres", password.toCharArray(), "scram-sha-256");
            Files.writeString(hba, PG_HBA, StandardCharsets.UTF_8);
            c.createStatement().execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            postgres.close();
            throw new IllegalStateException("Cannot close the embedded PostgreSQL in " + dataDir + " to other local users: "
                    + e.getMessage(), e);
        }
        LOG.info("The embedded PostgreSQL in {} asks every connection for its password, kept in {} (readable by this "
                + "user alone)", dataDir, dataDir.resolve(PASSWORD_FILE));
        return postgres;
    }

    /** PostgreSQL's log is kept to about one run's worth beside the previous one. */
    private void rotateLog() {
        try {
            if (Files.exists(log) && Files.size(log) > 10L * 1024 * 1024) {
                Files.move(log, sibling(log, ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.debug("Rotating {}: {}", log, e.getMessage());
        }
    }

    private long logSize() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Path sibling(Path folder, String suffix) {
        return folder.resolveSibling(folder.getFileName() + suffix);
    }

    private static boolean awaitExit(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A rename is on disk once its folder is synced. */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it that matters
            }
        }
    }
}
