package io.digitstream.classifier.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostCheckTest {

    @Test
    void acceptsLocalhostIpAddressesOwnAndConfiguredNamesOnly() {
        HostCheck check = new HostCheck(List.of("dash.example.org")).with("classifier");
        assertThat(check.accepts("localhost:8080")).isTrue();
        assertThat(check.accepts("LOCALHOST")).isTrue();
        assertThat(check.accepts("127.0.0.1:8080")).isTrue();
        assertThat(check.accepts("172.18.0.5:8080")).as("Prometheus scrapes by address").isTrue();
        assertThat(check.accepts("[::1]:8080")).isTrue();
        assertThat(check.accepts("classifier:8080")).isTrue();
        assertThat(check.accepts("dash.example.org")).isTrue();
        assertThat(check.accepts("dash.example.org.:8080")).isTrue();
        assertThat(check.accepts(null)).as("no Host header: not a browser").isTrue();

        assertThat(check.accepts("attacker.example:8080")).isFalse();
        assertThat(check.accepts("localhost.attacker.example")).isFalse();
        assertThat(check.accepts("127.0.0.1.attacker.example")).isFalse();
        assertThat(check.accepts("example.org")).isFalse();
    }

    @Test
    void aStarAcceptsAnyHost() {
        assertThat(new HostCheck(List.of("*")).accepts("anything.example")).isTrue();
    }
}
