package io.finbridge.mapping;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders API versions by their numbers: Shopify's {@code 2024-07}, Stripe's {@code 2025-03-31.basil} (the release
 * name is not compared), Salesforce's {@code v59.0}. Missing trailing numbers count as zero.
 */
final class ApiVersion {

    static final Comparator<String> ORDER = ApiVersion::compare;
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private ApiVersion() {
    }

    static List<BigInteger> numbers(String version) {
        List<BigInteger> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(version);
        while (m.find()) {
            out.add(new BigInteger(m.group()));
        }
        return out;
    }

    static boolean hasNumbers(String version) {
        return NUMBER.matcher(version).find();
    }

    static int compare(String a, String b) {
        List<BigInteger> x = numbers(a);
        List<BigInteger> y = numbers(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            BigInteger p = i < x.size() ? x.get(i) : BigInteger.ZERO;
            BigInteger q = i < y.size() ? y.get(i) : BigInteger.ZERO;
            int c = p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
