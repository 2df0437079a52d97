package io.finbridge.canonical;

import java.math.BigDecimal;

/**
 * One tax on a line: its title as the source names it, the rate as a fraction ({@code 0.0725} for 7.25 %), the
 * amount, the jurisdiction ({@code US-CA}, {@code DE}) and whether the amount is included in the line's price.
 */
public record TaxLine(String title, BigDecimal rate, @Required Money amount, String jurisdiction, Boolean included) {
}
