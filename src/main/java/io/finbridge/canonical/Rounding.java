package io.finbridge.canonical;

import java.math.RoundingMode;

/**
 * The named rounding rules of the canonical model. Every amount that is computed rather than read from a source
 * names the rule it was rounded by; amounts read from a source are {@link #EXACT}.
 */
public enum Rounding {
    /** Source amounts: must already fit the currency's minor units; anything finer is refused, never rounded. */
    EXACT(RoundingMode.UNNECESSARY),
    /**
     * Per line, half away from zero: tax and line totals are rounded on each line, then summed. This is what Odoo
     * does by default ("round per line", FACTS.md: KWD 5.558 + 0.749 = 6.307), so Finbridge's figures tie out with
     * the entries Odoo computes.
     */
    HALF_UP_PER_LINE(RoundingMode.HALF_UP),
    /**
     * Largest remainder: a total split into parts (by weights such as days or quantities) is rounded down part by part
     * and the minor units left over go one each to the parts with the largest remainders (the earlier part on a
     * tie), so the parts always add up to the total.
     */
    LARGEST_REMAINDER(RoundingMode.DOWN);

    private final RoundingMode mode;

    Rounding(RoundingMode mode) {
        this.mode = mode;
    }

    public RoundingMode mode() {
        return mode;
    }
}
