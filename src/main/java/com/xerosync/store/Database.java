package com.xerosync.store;

import com.xerosync.config.XeroSyncSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the sync writes to: the one {@code db.url} names, or an embedded PostgreSQL 17 kept on disk under
 * {@code db.embedded.data-dir}, so that a second run continues where the first stopped. Migrated by Flyway on start.
 * How that folder is created and claimed, so that any start can follow any stop, is {@link EmbeddedPostgresFolder}'s.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final EmbeddedPostgresFolder folder;
    private final EmbeddedPostgres embedded;
    /** The embedded PostgreSQL's server process, watched by the liveness check; null for the user's own PostgreSQL. */
    private final ProcessHandle postmaster;
    private final HikariDataSource pool;

    private Database(EmbeddedPostgresFolder folder, EmbeddedPostgres embedded, HikariDataSource pool) {
        this.folder = folder;
        this.embedded = embedded;
        this.pool = pool;
        this.postmaster = folder == null ? null
                : EmbeddedPostgresFolder.postmasterPid(folder.dataDir()).flatMap(ProcessHandle::of).orElse(null);
    }

    public static Database start(XeroSyncSettings settings) {
        EmbeddedPostgresFolder folder = null;
        EmbeddedPostgres embedded = null;
        try {
            HikariConfig config = new HikariConfig();
            config.setPoolName("xero-sync");
            config.setMaximumPoolSize(settings.getInt("db.pool-size", 10));
            config.setConnectionTimeout(settings.getLong("db.connect-timeout-ms", 10_000));
            String url = settings.get("db.url").orElse(null);
            if (url == null) {
                folder = EmbeddedPostgresFolder.claim(Path.of(settings.get("db.embedded.data-dir", "data/postgres")));
                embedded = folder.start(settings.getInt("db.embedded.port", 0));
                config.setJdbcUrl(embedded.getJdbcUrl("postgres", "postgres"));
                config.setUsername("postgres");
                config.setPassword(folder.password());
                LOG.info("Using the embedded PostgreSQL on port {} (data in {}); set db.url / DB_URL to use your own",
                        embedded.getPort(), folder.dataDir());
            } else {
                config.setJdbcUrl(url);
                settings.get("db.user").ifPresent(config::setUsername);
                settings.secret("db.password").ifPresent(config::setPassword);
                LOG.info("Using PostgreSQL at {}", url.replaceAll("password=[^&]*", "password=***"));
            }
            HikariDataSource pool = new HikariDataSource(config);
            Database database = new Database(folder, embedded, pool);
            try {
                database.migrate();
            } catch (RuntimeException e) {
                // PostgreSQL is stopped below
                pool.close();
                throw e;
            }
            return database;
        } catch (RuntimeException e) {
            stop(folder, embedded);
            throw e;
        }
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .schemas("xero_sync", "xero")
                .defaultSchema("xero_sync")
                .load()
                .migrate();
    }

    /**
     * Why the embedded PostgreSQL cannot serve any more (its process is gone: killed, or crashed), or null while it
     * runs or when the database is the user's own. Nothing brings it back but a restart of xero-sync, so this makes
     * liveness DOWN, and a supervisor restarts the service.
     */
    public String embeddedFailure() {
        if (postmaster == null || postmaster.isAlive()) {
            return null;
        }
        return "the embedded PostgreSQL (process " + postmaster.pid() + ") in " + folder.dataDir() + " has stopped: "
                + "nothing can be stored until xero-sync is restarted, which starts it again (PostgreSQL's own account "
                + "of why is in " + folder.dataDir() + ".log)";
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
        stop(folder, embedded);
    }

    private static void stop(EmbeddedPostgresFolder folder, EmbeddedPostgres embedded) {
        if (folder != null) {
            if (embedded != null) {
                folder.stop(embedded);
            }
            folder.close();
        }
    }
}
