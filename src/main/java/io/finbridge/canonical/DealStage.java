package io.finbridge.canonical;

/** Where a CRM deal (opportunity) stands; a WON deal is what order-to-cash may turn into a sales order. */
public enum DealStage {
    OPEN,
    WON,
    LOST
}
