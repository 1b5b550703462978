package io.digitstream.classifier.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.digitstream.classifier.review.ReviewDesk;
import io.digitstream.model.image.GrayImage;
import io.digitstream.model.image.ImageDecoder;
import io.digitstream.model.image.ImageLimits;
import io.digitstream.model.image.RejectedImageException;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.ReviewRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The review page ({@code /review}) and its API: the next pending request, its image rendered to PNG here from the
 * request's bytes, and the label a person gives it ({@code POST /api/review/label}, {@code id} and {@code digit} as a
 * form), published as a label event; {@code POST /api/review/skip} puts an image last.
 */
final class ReviewRoutes {

    /** A label form holds an id of at most 256 UTF-8 bytes, percent-encoded (3 characters a byte), and one digit. */
    static final int MAX_FORM_BYTES = 1024;

    private final ReviewDesk desk;
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    ReviewRoutes(ReviewDesk desk) {
        this.desk = desk;
    }

    /** {@code {"pending": n}} plus the next request's fields, or without them when none waits. */
    void next(HttpExchange exchange) throws IOException {
        ObjectNode body = JsonViews.MAPPER.createObjectNode().put("pending", desk.pending().size())
                .put("capacity", desk.pending().capacity());
        desk.pending().next().ifPresent(request -> body
                .put("id", request.getId())
                .put("source", request.getSource())
                .put("digit", request.getDigit())
                .put("confidence", request.getConfidence())
                .put("rawConfidence", request.getRawConfidence())
                .put("threshold", request.getThreshold())
                .put("modelVersion", request.getModelVersion())
                .put("image", "/api/review/image?id=" + java.net.URLEncoder.encode(request.getId(), StandardCharsets.UTF_8)));
        MetricsHttpServer.send(exchange, 200, "application/json", body.toString());
    }

    void image(HttpExchange exchange) throws IOException {
        String id = query(exchange.getRequestURI()).get("id");
        Optional<ReviewRequest> request = id == null ? Optional.empty() : desk.pending().get(id);
        if (request.isEmpty()) {
            MetricsHttpServer.send(exchange, 404, "text/plain; charset=utf-8", "no pending review for id " + id + "\n");
            return;
        }
        MetricsHttpServer.send(exchange, 200, "image/png", png(request.get()));
    }

    void label(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(exchange.getRequestBody(), MAX_FORM_BYTES);
        String id = required(form, "id");
        String digitText = required(form, "digit");
        if (!digitText.matches("[0-9]")) {
            throw new IllegalArgumentException("digit must be one of 0..9, not '" + digitText + "'");
        }
        Optional<ReviewRequest> labeled;
        try {
            labeled = desk.label(id, Integer.parseInt(digitText));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the label of " + id, e);
        }
        if (labeled.isEmpty()) {
            MetricsHttpServer.send(exchange, 404, "application/json", JsonViews.MAPPER.createObjectNode()
                    .put("error", "no pending review for id " + id + " (unknown, or labeled already)").toString());
            return;
        }
        MetricsHttpServer.send(exchange, 200, "application/json", JsonViews.MAPPER.createObjectNode().put("id", id)
                .put("label", Integer.parseInt(digitText)).put("predicted", labeled.get().getDigit())
                .put("pending", desk.pending().size()).toString());
    }

    void skip(HttpExchange exchange) throws IOException {
        String id = required(form(exchange.getRequestBody(), MAX_FORM_BYTES), "id");
        if (!desk.pending().skip(id)) {
            MetricsHttpServer.send(exchange, 404, "application/json", JsonViews.MAPPER.createObjectNode()
                    .put("error", "no pending review for id " + id).toString());
            return;
        }
        MetricsHttpServer.send(exchange, 200, "application/json", JsonViews.MAPPER.createObjectNode().put("skipped", id)
                .toString());
    }

    /** The request's image as the service decoded it (any encoding, any polarity), as an 8-bit gray PNG. */
    byte[] png(ReviewRequest request) throws IOException {
        DigitImage image = DigitImage.newBuilder().setId(request.getId()).setSource(request.getSource())
                .setCaptureTime(Instant.EPOCH).setWidth(request.getWidth()).setHeight(request.getHeight())
                .setEncoding(PixelEncoding.valueOf(request.getEncoding())).setPixels(request.getPixels()).build();
        GrayImage gray;
        try {
            gray = decoder.decode(image);
        } catch (RejectedImageException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the image of " + request.getId() + " cannot be shown: " + e.getMessage(), e);
        }
        BufferedImage png = new BufferedImage(gray.width(), gray.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = new byte[gray.width() * gray.height()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.min(255, Math.max(0, Math.round(gray.pixels()[i])));
        }
        png.getRaster().setDataElements(0, 0, gray.width(), gray.height(), pixels);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(png, "png", out);
        return out.toByteArray();
    }

    /**
     * A form body ({@code application/x-www-form-urlencoded}) of at most {@code maxBytes}.
     *
     * @throws IllegalArgumentException for a longer body
     */
    static Map<String, String> form(InputStream body, int maxBytes) throws IOException {
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException("the form is longer than " + maxBytes + " bytes");
        }
        return pairs(new String(bytes, StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(URI uri) {
        return uri.getRawQuery() == null ? Map.of() : pairs(uri.getRawQuery());
    }

    private static Map<String, String> pairs(String raw) {
        Map<String, String> values = new HashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the form has no " + name);
        }
        return value;
    }
}
