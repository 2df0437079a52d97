package io.finbridge.canonical;

/** A postal address; {@code country} is the ISO 3166-1 alpha-2 code, {@code region} the state or province. */
public record Address(String line1, String line2, String city, String region, String postalCode, String country) {
}
