package io.digitstream.classifier.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.classifier.metrics.LiveCounters;
import io.digitstream.classifier.metrics.LocalMetricsStores;
import io.digitstream.classifier.metrics.MetricsStores;
import io.digitstream.classifier.metrics.MisclassifiedDigits;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of the whole application, whichever instance hosts them: a source's windows live in the instance that
 * owns its partition of the metrics repartition topic, found through Kafka Streams' metadata (each instance
 * advertises its HTTP address as {@code application.server}); requests for them are forwarded there with
 * {@code scope=local}. Lists (sources, counters, misclassified digits) are gathered from every instance.
 */
final class ClusterMetrics {

    private static final Logger log = LoggerFactory.getLogger(ClusterMetrics.class);
    static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(3);

    /** The data is hosted elsewhere and cannot be reached, or the stores are not queryable now (rebalancing). */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LocalMetricsStores local;
    private final LiveCounters counters;
    private final MisclassifiedDigits misclassified;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();

    ClusterMetrics(KafkaStreams streams, HostInfo self, LocalMetricsStores local, LiveCounters counters,
            MisclassifiedDigits misclassified) {
        this.streams = streams;
        this.self = self;
        this.local = local;
        this.counters = counters;
        this.misclassified = misclassified;
    }

    /** Time windows of a source that start in [from, to], oldest first. */
    List<ObjectNode> timeWindows(String source, Instant from, Instant to, boolean localOnly) {
        HostInfo owner = localOnly ? self : owner(MetricsStores.TIME_WINDOWS, source);
        if (owner.equals(self)) {
            return queryLocal(() -> local.timeWindows(source, from, to).stream().map(JsonViews::snapshot).toList());
        }
        JsonNode remote = fetch(owner, "/api/windows/time?source=" + encode(source) + "&from=" + from.toEpochMilli()
                + "&to=" + to.toEpochMilli() + "&scope=local");
        return StreamSupport.stream(remote.spliterator(), false).map(ObjectNode.class::cast).toList();
    }

    /** The count window of a source, or a JSON null when it has none yet. */
    JsonNode countWindow(String source, boolean localOnly) {
        HostInfo owner = localOnly ? self : owner(MetricsStores.COUNT_WINDOWS, source);
        if (owner.equals(self)) {
            return queryLocal(() -> local.countWindow(source).<JsonNode>map(JsonViews::snapshot).orElse(NullNode.getInstance()));
        }
        return fetch(owner, "/api/windows/count?source=" + encode(source) + "&scope=local");
    }

    SortedSet<String> sources(boolean localOnly) {
        SortedSet<String> sources = new TreeSet<>(queryLocal(local::sources));
        if (!localOnly) {
            for (HostInfo peer : peers()) {
                fetchFromPeer(peer, "/api/sources?scope=local").forEach(s -> sources.add(s.asText()));
            }
        }
        return sources;
    }

    ObjectNode counters(boolean localOnly) {
        ObjectNode sum = JsonViews.totals(counters.totals());
        if (!localOnly) {
            for (HostInfo peer : peers()) {
                JsonViews.addTotals(sum, fetchFromPeer(peer, "/api/counters?scope=local"));
            }
        }
        return sum;
    }

    /** The latest misclassified digits of every instance, newest first. */
    ArrayNode misclassified(boolean localOnly, int limit) {
        List<JsonNode> all = new ArrayList<>();
        misclassified.latest().forEach(t -> all.add(JsonViews.thumbnail(t)));
        if (!localOnly) {
            for (HostInfo peer : peers()) {
                fetchFromPeer(peer, "/api/misclassified?scope=local").forEach(all::add);
            }
        }
        ArrayNode newest = JsonViews.MAPPER.createArrayNode();
        all.stream().sorted(Comparator.comparingLong((JsonNode t) -> t.path("time").asLong()).reversed())
                .limit(limit).forEach(newest::add);
        return newest;
    }

    private HostInfo owner(String store, String source) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, source, Serdes.String().serializer());
        } catch (IllegalStateException | InvalidStateStoreException e) {
            throw new Unavailable("Kafka Streams is not running (" + streams.state() + ")", e);
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE) || metadata.activeHost().port() < 0) {
            throw new Unavailable("no instance hosts the windows of source '" + source + "' right now ("
                    + streams.state() + ")", null);
        }
        return metadata.activeHost();
    }

    private List<HostInfo> peers() {
        try {
            return streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                    .filter(host -> !host.equals(self) && host.port() >= 0).distinct().toList();
        } catch (IllegalStateException | InvalidStateStoreException e) {
            return List.of(); // not running (or not started yet): only what this instance knows
        }
    }

    private static <T> T queryLocal(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("the metrics stores are not queryable right now: " + e.getMessage(), e);
        }
    }

    /** A peer that does not answer leaves its part out of a list rather than failing it. */
    private JsonNode fetchFromPeer(HostInfo peer, String pathAndQuery) {
        try {
            return fetch(peer, pathAndQuery);
        } catch (Unavailable e) {
            log.debug("instance {}:{} left out: {}", peer.host(), peer.port(), e.getMessage());
            return JsonViews.MAPPER.createArrayNode();
        }
    }

    private JsonNode fetch(HostInfo host, String pathAndQuery) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Unavailable("instance " + host.host() + ":" + host.port() + " answered " + response.statusCode()
                        + ": " + response.body(), null);
            }
            return JsonViews.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new Unavailable("instance " + host.host() + ":" + host.port() + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while asking " + host.host() + ":" + host.port(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
