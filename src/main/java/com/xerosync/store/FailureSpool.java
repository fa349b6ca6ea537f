package com.xerosync.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failures the database was not there to take, kept in a file as well (beside the embedded database's folder,
 * or {@code sync.unrecorded-failures-file}) and rewritten whenever they change: a restart, or a kill, before the
 * database is back loses none of them. Read back at start and recorded at the next run. One JSON object a line.
 */
public final class FailureSpool {

    private static final Logger LOG = LoggerFactory.getLogger(FailureSpool.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A failure to record in {@code xero_sync.sync_failure}; runId is null for one before its run began. */
    public record PendingFailure(String api, String tenantId, Long runId, Integer status, String type, String message,
                                 Instant at) {
    }

    private final Path file;

    /** @param file where the failures are kept, or null to keep them in memory only */
    public FailureSpool(Path file) {
        this.file = file;
    }

    /** Rewrites the file with these failures (none: the file is removed), atomically. */
    public synchronized void keep(Collection<PendingFailure> failures) {
        if (file == null) {
            return;
        }
        try {
            if (failures.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            StringBuilder lines = new StringBuilder();
            for (PendingFailure f : failures) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("api", f.api());
                line.put("tenantId", f.tenantId());
                line.put("runId", f.runId());
                line.put("status", f.status());
                line.put("type", f.type());
                line.put("message", f.message());
                line.put("at", f.at().toString());
                lines.append(JSON.writeValueAsString(line)).append('\n');
            }
            Path written = file.resolveSibling(file.getFileName() + ".new");
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(written, lines);
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("The {} failure(s) the database could not take could not be kept in {} either ({}): they are "
                    + "lost if xero-sync stops before the database is back", failures.size(), file, e.getMessage());
        }
    }

    /** The failures kept by an earlier process; none when the file is missing or cannot be read (then it is left). */
    public List<PendingFailure> read() {
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        List<PendingFailure> failures = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode f = JSON.readTree(line);
                failures.add(new PendingFailure(f.path("api").asText(), f.path("tenantId").textValue(),
                        f.path("runId").isNumber() ? f.get("runId").asLong() : null,
                        f.path("status").isNumber() ? f.get("status").asInt() : null, f.path("type").asText(),
                        f.path("message").asText(), Instant.parse(f.path("at").asText())));
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("{} cannot be read ({}): the failures kept in it are not recorded; it is left for a person "
                    + "to read", file, e.getMessage());
            return List.of();
        }
        return failures;
    }
}
