package io.digitstream.classifier.http;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's HTTP server enforces a request and a response timeout (checked every second), but reads them only once
 * per process, from system properties, when its first server is created: they are set here before that, unless
 * given with {@code -D}. A second server in the same process with other timeouts gets the first ones (logged).
 */
final class JdkServerTimeouts {

    static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";
    static final String MAX_RESPONSE_TIME = "sun.net.httpserver.maxRspTime";
    private static final Logger log = LoggerFactory.getLogger(JdkServerTimeouts.class);

    record Timeouts(Duration request, Duration response) {
    }

    private static Timeouts applied;

    private JdkServerTimeouts() {
    }

    /** @return the timeouts in force in this process */
    static synchronized Timeouts apply(Duration request, Duration response) {
        if (applied == null) {
            setUnlessGiven(MAX_REQUEST_TIME, request);
            setUnlessGiven(MAX_RESPONSE_TIME, response);
            applied = new Timeouts(Duration.ofSeconds(Long.getLong(MAX_REQUEST_TIME, request.toSeconds())),
                    Duration.ofSeconds(Long.getLong(MAX_RESPONSE_TIME, response.toSeconds())));
        } else if (!applied.equals(new Timeouts(request, response))) {
            log.warn("HTTP timeouts of this process are already {} (request) and {} (response); {} and {} are ignored",
                    applied.request(), applied.response(), request, response);
        }
        return applied;
    }

    private static void setUnlessGiven(String property, Duration value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(value.toSeconds()));
        }
    }
}
