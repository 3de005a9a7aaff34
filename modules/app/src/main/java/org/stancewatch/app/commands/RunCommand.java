package org.stancewatch.app.commands;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.GracefulStop;
import org.stancewatch.app.ServerOptions;
import org.stancewatch.app.StancewatchRuntime;
import org.stancewatch.app.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start stancewatch (broker, registry, topics, stream pipeline, dashboard) until Ctrl-C.",
                "The embedded Kafka broker and schema registry are used unless --bootstrap-servers / --schema-registry-url",
                "point at real ones. Ctrl-C shuts down cleanly; a restart on the same --data-dir resumes where it stopped."})
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ServerOptions server;

    @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Time zone that decides an article's publication day (default: ${DEFAULT-VALUE}).")
    String timezone;

    @Option(names = "--partitions", paramLabel = "N",
            description = {"Partitions of each topic when stancewatch creates it (config key stancewatch.partitions; "
                    + "default 2 with the embedded broker, 12 on an external cluster). The most stream threads, over all "
                    + "instances, that can share the work. Existing topics are not changed: a count that differs is "
                    + "warned about (topics cannot shrink, and growing them moves keys away from their state)."})
    Integer partitions;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with further settings: Kafka Streams/client keys, stancewatch.*, alerts.*, topic.*.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> overrides = overrides(configFile, timezone);
        if (partitions != null) {
            overrides.put(StancewatchRuntime.PARTITIONS, partitions);
        }
        StancewatchRuntime runtime = StancewatchRuntime.start(connection, server, overrides, System.out);
        System.out.println("  feed articles with:      ./stancewatch feed PATH..." + dataDirHint(connection));
        System.out.println("Press Ctrl-C to stop.");
        CountDownLatch stopped = new CountDownLatch(1);
        // Not a plain shutdown hook: ONNX Runtime's own hook would free the encoder under a running stream thread.
        GracefulStop.install(() -> {
            System.out.println("stancewatch: shutting down ...");
            runtime.close();
            System.out.println("stancewatch: stopped cleanly");
            stopped.countDown();
        });
        stopped.await();
        return 0;
    }

    static String dataDirHint(ConnectionOptions connection) {
        Path cwdDefault = Path.of("stancewatch-data").toAbsolutePath();
        return connection.dataDir().equals(cwdDefault) ? "" : " --data-dir " + connection.dataDir();
    }

    static Map<String, Object> overrides(Path configFile, String timezone) {
        Map<String, Object> overrides = new HashMap<>();
        if (configFile != null) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(configFile)) {
                p.load(in);
            } catch (IOException e) {
                throw new UserException("cannot read --config " + configFile + ": " + e.getMessage());
            }
            p.forEach((k, v) -> overrides.put(k.toString(), v));
        }
        try {
            java.time.ZoneId.of(timezone);
        } catch (java.time.DateTimeException e) {
            throw new UserException("--timezone " + timezone + " is not a time zone (try UTC, Europe/Berlin, +03:00)");
        }
        overrides.put("stancewatch.timezone", timezone);
        return overrides;
    }
}
