package io.finbridge.mapping.reference;

/**
 * A reference a flow needs is not known (no entity, no tax rule) or not found in Odoo (no account with that code in
 * that company). A business error: fix the reference file or Odoo, then replay.
 */
public class ReferenceException extends RuntimeException {

    public ReferenceException(String message) {
        super(message);
    }
}
