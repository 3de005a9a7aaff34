package org.stancewatch.events.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a free local port that answers with scripted responses and records every
 * request, standing in for a schema registry in client tests.
 */
final class ScriptedRegistryServer implements AutoCloseable {

    record Request(String method, String rawPath, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    record Response(int status, String body) {
        static Response json(int status, String body) {
            return new Response(status, body);
        }

        static Response error(int status, int errorCode, String message) {
            return new Response(status, "{\"error_code\":" + errorCode + ",\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Response> scripted = new ArrayDeque<>();
    private volatile Function<Request, Response> fallback = r -> Response.error(500, 50001, "no scripted answer for " + r.rawPath());
    private volatile long delayMs;

    ScriptedRegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers to give, in order, before falling back to {@link #otherwise}. */
    synchronized ScriptedRegistryServer thenAnswer(Response... responses) {
        scripted.addAll(List.of(responses));
        return this;
    }

    ScriptedRegistryServer otherwise(Function<Request, Response> answer) {
        this.fallback = answer;
        return this;
    }

    ScriptedRegistryServer delayEveryAnswer(long millis) {
        this.delayMs = millis;
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                Map.copyOf(exchange.getRequestHeaders()), body);
        requests.add(request);
        Response response;
        synchronized (this) {
            response = scripted.isEmpty() ? null : scripted.poll();
        }
        if (response == null) {
            response = fallback.apply(request);
        }
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
