package io.digitstream.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/** A web server holding the gzipped MNIST files under their original names. */
final class HttpMirror implements MnistSource {
    // Short, because on machines without internet access the mirrors only ever time out.
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private final String baseUrl;

    HttpMirror(URI baseUrl) {
        String base = baseUrl.toString();
        this.baseUrl = base.endsWith("/") ? base : base + "/";
    }

    @Override
    public String description() {
        return "mirror " + baseUrl;
    }

    @Override
    public void fetch(MnistFile file, MnistCache cache) throws IOException {
        URI uri = URI.create(baseUrl + file.fileName() + ".gz");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while requesting " + uri);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " for " + uri);
            }
            cache.install(file, new GZIPInputStream(body), description());
        }
    }
}
