package org.stancewatch.app;

import picocli.CommandLine.Option;

/** Ports and binding for the processes `run` and `demo` start. */
public final class ServerOptions {
    /** The documented default of --http-port (client commands look there when no run recorded its address). */
    public static final int DEFAULT_HTTP_PORT = 8080;

    /** Options for a process started from code (demo, benchmarks, tests): loopback bind, no token. */
    public static ServerOptions loopback(int kafkaPort, int registryPort, int httpPort) {
        ServerOptions o = new ServerOptions();
        o.kafkaPort = kafkaPort;
        o.registryPort = registryPort;
        o.httpPort = httpPort;
        o.httpHost = "127.0.0.1";
        return o;
    }

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the embedded Kafka broker on 127.0.0.1 (0 = any free port; default ${DEFAULT-VALUE}).")
    public int kafkaPort;

    @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "8081",
            description = "Port of the embedded schema registry on 127.0.0.1 (0 = any free port; default ${DEFAULT-VALUE}).")
    public int registryPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_HTTP_PORT,
            description = "Port of the dashboard, HTTP API and /metrics (0 = any free port; default ${DEFAULT-VALUE}).")
    public int httpPort;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address the dashboard binds to (default ${DEFAULT-VALUE}; other addresses need --api-token).")
    public String httpHost;

    @Option(names = "--api-token", paramLabel = "TOKEN", defaultValue = "${env:STANCEWATCH_API_TOKEN}",
            description = "Bearer token required by the HTTP API (env STANCEWATCH_API_TOKEN); mandatory for non-local binds.")
    public String apiToken;
}
