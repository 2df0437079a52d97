package io.finbridge.canonical;

import java.time.LocalDate;

/** One line of a bank statement: positive money in, negative money out. */
public record BankLine(
        @Required Origin origin,
        @Required String accountRef,
        @Required LocalDate bookedOn,
        LocalDate valueOn,
        @Required Money amount,
        String counterpartyName,
        String counterpartyAccount,
        String reference,
        String description) implements CanonicalRecord {
}
