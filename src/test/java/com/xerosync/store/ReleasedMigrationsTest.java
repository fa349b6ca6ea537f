package com.xerosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Released migrations are never edited: Flyway refuses to start on a database migrated with a migration whose checksum
 * has changed since. Each released one is listed with its SHA-256 in {@code db/released-migrations.sha256}; a change to
 * a listed migration, or its removal, fails here. A new migration is released by adding its line
 * ({@code sha256sum V24__….sql}) to that list in the commit that adds it.
 */
class ReleasedMigrationsTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path RELEASED = Path.of("src/test/resources/db/released-migrations.sha256");

    @Test
    void should_find_every_released_migration_unchanged() throws IOException {
        Map<String, String> released = new LinkedHashMap<>();
        for (String line : Files.readAllLines(RELEASED)) {
            if (!line.isBlank()) {
                String[] parts = line.trim().split("\\s+", 2);
                released.put(parts[1], parts[0]);
            }
        }
        assertThat(released).isNotEmpty();
        for (Map.Entry<String, String> migration : released.entrySet()) {
            Path file = MIGRATIONS.resolve(migration.getKey());
            assertThat(file).as("released migration %s: never removed", migration.getKey()).exists();
            assertThat(sha256(file)).as("released migration %s was edited: add a new migration instead, and put this "
                    + "one back as it was released", migration.getKey()).isEqualTo(migration.getValue());
        }
    }

    @Test
    void should_list_every_migration_as_released() throws IOException {
        String released = Files.readString(RELEASED);
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql")))
                    .as("migrations missing from %s (add: sha256sum <file>)", RELEASED)
                    .allSatisfy(name -> assertThat(released).contains("  " + name + "\n"));
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
