package org.stancewatch.app.http;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One plain sentence for an alert, built from its fields, for readers who do not know what CUSUM is. The
 * detector's own {@code explanation} (with the statistic and threshold) stays available as the detail. Only the
 * fields are read, so this keeps working whatever the detector's wording.
 */
public final class AlertText {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private AlertText() {}

    public static String headline(String kind, String actorName, String actorId, String outlet, LocalDate day,
                                  String direction, String metric, double before, double after, long beforeN, long afterN) {
        String name = actorName == null || actorName.isBlank() ? actorId : actorName;
        String where = outlet == null || outlet.isBlank() ? "" : " in " + outlet;
        String when = day == null ? "" : day.format(DAY);
        String m = metric == null ? "" : metric.toLowerCase(Locale.ROOT);
        if ("MENTION_BURST".equals(kind)) {
            String usual = before <= 0.05
                    ? "where there were almost none before"
                    : String.format(Locale.ROOT, "about %s times the usual %s a day", roughly(after / before), oneDecimal(before));
            return String.format(Locale.ROOT, "%s was in the news%s far more than usual on %s: %s, %s.",
                    name, where, when, articles(afterN), usual);
        }
        if ("STANCE_SHIFT".equals(kind)) {
            String turn = "TOWARD_AGAINST".equals(direction) ? "more critical" : "TOWARD_FAVOR".equals(direction)
                    ? "more favourable" : "different";
            String lead = String.format(Locale.ROOT, "Coverage of %s%s turned %s around %s", name, where, turn, when);
            if (m.contains("share") && (m.contains("against") || m.contains("favor") || m.contains("favour"))) {
                String side = m.contains("against") ? "critical" : "favourable";
                return String.format(Locale.ROOT, "%s: %s of the %s were %s, against %s of the %s before.",
                        lead, percent(after), articles(afterN, "latest"), side, percent(before),
                        articles(beforeN, "")).replace("  ", " ");
            }
            return String.format(Locale.ROOT, "%s: the tone of the %s went from %s to %s (from -1, all critical, to +1, all"
                    + " favourable).", lead, articles(afterN, "latest"), signed(before), signed(after)).replace("  ", " ");
        }
        return String.format(Locale.ROOT, "%s%s: %s went from %s to %s on %s.", name, where, metric, oneDecimal(before),
                oneDecimal(after), when);
    }

    public static String headline(ApiModel.AlertView a) {
        return headline(a.kind(), a.actorName(), a.actorId(), a.outlet(), a.day(), a.direction(), a.metric(),
                a.before(), a.after(), a.beforeN(), a.afterN());
    }

    private static String articles(long n) {
        return n + (n == 1 ? " article" : " articles");
    }

    private static String articles(long n, String adjective) {
        return n + " " + adjective + (n == 1 ? " article" : " articles");
    }

    private static String percent(double share) {
        return Math.round(100 * share) + "%";
    }

    private static String signed(double x) {
        return String.format(Locale.ROOT, "%+.2f", x);
    }

    private static String oneDecimal(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.1f", x);
    }

    private static String roughly(double ratio) {
        return ratio >= 10 ? String.valueOf(Math.round(ratio)) : String.format(Locale.ROOT, "%.1f", ratio);
    }
}
