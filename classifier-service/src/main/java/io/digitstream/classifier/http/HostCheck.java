package io.digitstream.classifier.http;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * DNS-rebinding protection: a web page on another site can make a browser send requests to a name it controls that
 * resolves to this service's address; such a request carries that foreign name in its Host header. Accepted: no Host
 * header (not a browser), IP addresses, {@code localhost}, this instance's own names, and the configured ones
 * ({@code *}: any). The port is not compared.
 */
final class HostCheck {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> names = new TreeSet<>();
    private final boolean any;

    HostCheck(Iterable<String> allowed) {
        allowed.forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        names.add("localhost");
        this.any = names.contains("*");
    }

    /** Also accepts {@code name} (this instance's bound or advertised name). */
    HostCheck with(String name) {
        names.add(name.toLowerCase(Locale.ROOT));
        return this;
    }

    boolean accepts(String hostHeader) {
        if (any || hostHeader == null) {
            return true;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return true; // an IPv6 address
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return IPV4.matcher(host).matches() || names.contains(host);
    }
}
