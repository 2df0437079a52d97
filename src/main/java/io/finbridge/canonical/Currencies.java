package io.finbridge.canonical;

import java.util.Currency;
import java.util.Locale;
import java.util.Map;

/**
 * ISO 4217 minor units: how many decimals an amount in a currency has. The currencies finance teams meet most where
 * a data source could disagree are pinned here (0 for JPY, KRW, CLP, VND, ISK, ...; 3 for BHD, JOD, KWD, OMR,
 * TND, ...); every other code takes the JDK's ISO 4217 table ({@link Currency#getDefaultFractionDigits()}), which is 2
 * for most currencies. Funds and metals (XAU, XDR, ...) have no minor units and are refused as money.
 */
public final class Currencies {

    private static final Map<String, Integer> PINNED = Map.ofEntries(
            Map.entry("BIF", 0), Map.entry("CLP", 0), Map.entry("DJF", 0), Map.entry("GNF", 0), Map.entry("ISK", 0),
            Map.entry("JPY", 0), Map.entry("KMF", 0), Map.entry("KRW", 0), Map.entry("PYG", 0), Map.entry("RWF", 0),
            Map.entry("UGX", 0), Map.entry("VND", 0), Map.entry("VUV", 0), Map.entry("XAF", 0), Map.entry("XOF", 0),
            Map.entry("XPF", 0),
            Map.entry("BHD", 3), Map.entry("IQD", 3), Map.entry("JOD", 3), Map.entry("KWD", 3), Map.entry("LYD", 3),
            Map.entry("OMR", 3), Map.entry("TND", 3));

    private Currencies() {
    }

    /** The number of decimals of {@code code}; throws {@link IllegalArgumentException} for anything not a currency. */
    public static int minorUnits(String code) {
        Integer pinned = PINNED.get(code);
        if (pinned != null) {
            return pinned;
        }
        if (code == null || code.length() != 3 || !code.equals(code.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'" + code + "' is not an ISO 4217 currency code (three upper-case letters)");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("'" + code + "' is not an ISO 4217 currency code");
        }
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException(code + " has no minor units (a fund or metal code), it cannot carry money");
        }
        return digits;
    }

    /** True when {@code code} is a currency money can be held in. */
    public static boolean isCurrency(String code) {
        try {
            minorUnits(code);
            return true;
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }
}
