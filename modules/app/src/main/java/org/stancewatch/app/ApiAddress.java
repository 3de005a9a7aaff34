package org.stancewatch.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a client command finds the running app's HTTP API: {@code --api-url} (or env) when given, else the URL that
 * `stancewatch run` recorded in its data directory ({@value #FILE}, written once the API listens, removed on stop),
 * else the documented default port on this machine.
 */
public record ApiAddress(String url, String source) {
    public static final String FILE = "api.url";
    public static final String DEFAULT_URL = "http://127.0.0.1:" + ServerOptions.DEFAULT_HTTP_PORT + "/";

    public static ApiAddress resolve(String explicit, Path dataDir) {
        if (explicit != null && !explicit.isBlank()) {
            return new ApiAddress(explicit.trim(), "--api-url");
        }
        Path file = dataDir.toAbsolutePath().resolve(FILE);
        if (Files.isRegularFile(file)) {
            try {
                String recorded = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!recorded.isEmpty()) {
                    return new ApiAddress(recorded, "recorded by `stancewatch run` in " + file);
                }
            } catch (IOException e) {
                // unreadable: the default below, and the error names it if nothing answers there
            }
        }
        return new ApiAddress(DEFAULT_URL, "the default; no " + file + " from a running `stancewatch run`");
    }

    /** {@code path} under the API's address (one slash between them). */
    public String resolvePath(String path) {
        return url.replaceAll("/+$", "") + "/" + path.replaceAll("^/+", "");
    }

    /** Records the running API's URL for client commands; a failure only costs them the default. */
    static void record(Path dataDir, String url) throws IOException {
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, url + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the record if it is still this instance's (another run may have taken the data dir over since). */
    static void forget(Path dataDir, String url) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).trim().equals(url)) {
                Files.delete(file);
            }
        } catch (IOException ignored) {
            // a stale file only makes a client report "nothing answers at <url>"
        }
    }
}
