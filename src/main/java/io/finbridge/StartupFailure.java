package io.finbridge;

import java.util.LinkedHashSet;
import java.util.Set;

/** Turns a start-up exception chain into one line an operator can act on (file, line, reason). */
final class StartupFailure {

    private StartupFailure() {
    }

    static String explain(Throwable failure) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && parts.stream().noneMatch(p -> p.contains(m.strip()))) {
                parts.add(m.strip());
            }
        }
        return parts.isEmpty() ? failure.getClass().getName() : String.join(" <- ", parts);
    }
}
