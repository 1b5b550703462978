package io.digitstream.classifier.http;

import io.digitstream.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Asks a running service over its HTTP side, as a dashboard or another instance would. */
public final class ServiceHttp {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** Something to ask again until it answers as expected; may throw, e.g. a 503 while Streams rebalances. */
    public interface Probe<T> {
        T get() throws Exception;
    }

    private ServiceHttp() {
    }

    /** GET {@code path} relative to {@code base} as JSON; a status other than 200 is an {@link AssertionError}. */
    public static JsonNode getJson(URI base, String path) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public static String getText(URI base, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The time window of {@code source} starting at {@code start}, or null while there is none. */
    public static JsonNode timeWindowAt(URI base, String source, long start) throws Exception {
        for (JsonNode window : getJson(base, "api/windows/time?source=" + (source.equals("*") ? "%2A" : source))) {
            if (window.get("start").asLong() == start) {
                return window;
            }
        }
        return null;
    }

    /** Asks every 200 ms for up to a minute until {@code done}; failed asks (AssertionError) are asked again. */
    public static <T> T await(Probe<T> probe, Predicate<T> done, String what) throws Exception {
        return Await.until(probe::get, done, what, Duration.ofSeconds(60), Duration.ofMillis(200));
    }
}
