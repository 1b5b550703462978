package io.digitstream.classifier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The review page's label form: bounded, and decoded as the browser encodes it. */
class ReviewFormTest {

    @Test
    void formsUpToTheLimitAreReadAndOneByteMoreIsRefused() throws Exception {
        int limit = ReviewRoutes.MAX_FORM_BYTES;
        for (int size : new int[] {limit - 1, limit}) {
            String form = "digit=7&id=" + "x".repeat(size - "digit=7&id=".length());
            assertThat(ReviewRoutes.form(stream(form), limit)).containsEntry("digit", "7")
                    .extractingByKey("id").asString().hasSize(size - "digit=7&id=".length());
        }
        String over = "digit=7&id=" + "x".repeat(limit + 1 - "digit=7&id=".length());
        assertThatThrownBy(() -> ReviewRoutes.form(stream(over), limit)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the form is longer than " + limit + " bytes");
    }

    /** The longest image id (256 UTF-8 bytes, each percent-encoded) with a digit fits the limit. */
    @Test
    void theLongestIdFits() throws Exception {
        String id = "é".repeat(128);
        String form = "id=" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8) + "&digit=0";
        assertThat(form.length()).isLessThanOrEqualTo(ReviewRoutes.MAX_FORM_BYTES);
        assertThat(ReviewRoutes.form(stream(form), ReviewRoutes.MAX_FORM_BYTES)).containsEntry("id", id);
    }

    @Test
    void aBadPercentEncodingIsAnArgumentError() {
        assertThatThrownBy(() -> ReviewRoutes.form(stream("id=%zz&digit=1"), 100)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
