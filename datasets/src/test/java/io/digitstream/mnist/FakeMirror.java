package io.digitstream.mnist;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/** A local HTTP server that serves files gzipped under {@code /mnist/<name>.gz}, like the real mirrors. */
final class FakeMirror implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> gzippedByPath = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    FakeMirror() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mnist/", exchange -> {
            requests.incrementAndGet();
            byte[] body = gzippedByPath.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    FakeMirror serve(MnistFile file, byte[] content) {
        gzippedByPath.put("/mnist/" + file.fileName() + ".gz", gzip(content));
        return this;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/");
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
