package io.handoff.console;

import io.quarkus.qute.TemplateExtension;
import java.util.Locale;

/** How the console writes numbers ({@code {fmt:hours(e.hours)}}): hours with one decimal and an "h", amounts with two decimals; nothing for none. */
@TemplateExtension(namespace = "fmt")
final class Formats {
    private Formats() {}

    static String hours(Double hours) {
        return hours == null ? "" : String.format(Locale.ROOT, "%.1f h", hours);
    }

    /** A value for a query string. */
    static String url(String value) {
        return java.net.URLEncoder.encode(value == null ? "" : value, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String money(Double amount) {
        return amount == null ? "" : String.format(Locale.ROOT, "%,.2f", amount);
    }
}
