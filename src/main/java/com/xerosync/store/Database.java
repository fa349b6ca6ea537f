package com.xerosync.store;

import com.xerosync.config.XeroSyncSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the sync writes to: the one {@code db.url} names, or an embedded PostgreSQL 17 kept on disk under
 * {@code db.embedded.data-dir}, so that a second run continues where the first stopped. Migrated by Flyway on start.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;

    private Database(EmbeddedPostgres embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
    }

    public static Database start(XeroSyncSettings settings) {
        EmbeddedPostgres embedded = null;
        try {
            HikariConfig config = new HikariConfig();
            config.setPoolName("xero-sync");
            config.setMaximumPoolSize(settings.getInt("db.pool-size", 10));
            config.setConnectionTimeout(settings.getLong("db.connect-timeout-ms", 10_000));
            String url = settings.get("db.url").orElse(null);
            if (url == null) {
                embedded = startEmbedded(settings);
                config.setJdbcUrl(embedded.getJdbcUrl("postgres", "postgres"));
                config.setUsername("postgres");
                LOG.info("Using the embedded PostgreSQL on port {} (data in {}); set db.url / DB_URL to use your own",
                        embedded.getPort(), settings.get("db.embedded.data-dir", "data/postgres"));
            } else {
                config.setJdbcUrl(url);
                settings.get("db.user").ifPresent(config::setUsername);
                settings.secret("db.password").ifPresent(config::setPassword);
                LOG.info("Using PostgreSQL at {}", url.replaceAll("password=[^&]*", "password=***"));
            }
            HikariDataSource pool = new HikariDataSource(config);
            Database database = new Database(embedded, pool);
            try {
                database.migrate();
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
            return database;
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw e;
        }
    }

    private static EmbeddedPostgres startEmbedded(XeroSyncSettings settings) {
        Path dataDir = Path.of(settings.get("db.embedded.data-dir", "data/postgres")).toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(settings.getInt("db.embedded.port", 0))
                    // our own shutdown order stops PostgreSQL after the routes, not from zonky's hook
                    .setRegisterShutdownHook(false)
                    // zonky is made for tests: it starts PostgreSQL with -F (no fsync) and synchronous_commit off,
                    // which a power cut or an OS crash could turn into a corrupt or older database; this one holds
                    // the user's data, so a commit is on disk when it returns
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the embedded PostgreSQL in " + dataDir + ": " + e.getMessage()
                    + ". Is another xero-sync using that folder? Set db.embedded.data-dir or db.url.", e);
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

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
        closeQuietly(embedded);
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
