package com.xerosync.store;

import java.nio.file.Path;

/** For tests outside this package: the server process of an embedded database's folder. */
public final class EmbeddedPostgresFolderAccess {

    private EmbeddedPostgresFolderAccess() {
    }

    public static long postmasterPid(Path dataDir) {
        return EmbeddedPostgresFolder.postmasterPid(dataDir.toAbsolutePath().normalize()).orElseThrow();
    }
}
