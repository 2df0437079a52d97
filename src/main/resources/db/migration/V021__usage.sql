-- Usage billing: raw usage events (kept in Finbridge, never sent to Odoo), the idempotency keys Camel's
-- idempotentConsumer has seen, the rated batches and the cumulative rating per customer, meter and usage period.

-- camel-sql JdbcMessageIdRepository, processor 'usage' (its own column names)
CREATE TABLE usage_message_processed (
    processorName    VARCHAR(255) NOT NULL,
    messageId        VARCHAR(300) NOT NULL,
    createdAt        TIMESTAMP    NOT NULL,
    PRIMARY KEY (processorName, messageId)
);

CREATE TABLE usage_event (
    idempotency_key  VARCHAR(300) PRIMARY KEY,
    customer         VARCHAR(200) NOT NULL,
    meter            VARCHAR(100) NOT NULL,
    quantity         NUMERIC(30, 9) NOT NULL,
    occurred_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    usage_period     VARCHAR(10)  NOT NULL,
    billed_period    VARCHAR(10)  NOT NULL,
    source           VARCHAR(50)  NOT NULL,
    batch_ref        VARCHAR(300)
);
CREATE INDEX ix_usage_event_group ON usage_event (customer, meter, usage_period, billed_period, batch_ref);
CREATE INDEX ix_usage_event_batch ON usage_event (batch_ref);

-- One rated group: what reaches Odoo as one invoice line, with the events it rates (usage_event.batch_ref).
CREATE TABLE usage_batch (
    batch_ref        VARCHAR(300) PRIMARY KEY,
    aggregate_id     VARCHAR(100) NOT NULL,
    customer         VARCHAR(200) NOT NULL,
    meter            VARCHAR(100) NOT NULL,
    plan             VARCHAR(100),
    entity           VARCHAR(50),
    currency         VARCHAR(3),
    usage_period     VARCHAR(10)  NOT NULL,
    billed_period    VARCHAR(10)  NOT NULL,
    kind             VARCHAR(20)  NOT NULL,
    aggregate_kind   VARCHAR(10),
    events           BIGINT       NOT NULL,
    quantity_sum     NUMERIC(30, 9) NOT NULL,
    quantity_max     NUMERIC(30, 9) NOT NULL,
    quantity_last    NUMERIC(30, 9) NOT NULL,
    rated_quantity   NUMERIC(30, 9),
    previous_quantity NUMERIC(30, 9),
    amount           NUMERIC(24, 6),
    status           VARCHAR(20)  NOT NULL,
    detail           VARCHAR(2000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_usage_batch_aggregate UNIQUE (aggregate_id)
);
CREATE INDEX ix_usage_batch_customer ON usage_batch (customer, meter, usage_period);

-- What has been rated so far for a customer's meter in a usage period, so late events are priced at the margin.
CREATE TABLE usage_rating (
    customer         VARCHAR(200) NOT NULL,
    meter            VARCHAR(100) NOT NULL,
    usage_period     VARCHAR(10)  NOT NULL,
    batches          INTEGER      NOT NULL,
    events           BIGINT       NOT NULL,
    quantity_sum     NUMERIC(30, 9) NOT NULL,
    quantity_max     NUMERIC(30, 9) NOT NULL,
    quantity_last    NUMERIC(30, 9) NOT NULL,
    last_at          BIGINT       NOT NULL,
    amount           NUMERIC(24, 6) NOT NULL,
    PRIMARY KEY (customer, meter, usage_period)
);

-- One row per usage group, locked (in group order) by every transaction that changes the group's running totals,
-- so that requests of several instances adding to one group take turns instead of failing each other's
-- optimistic version check.
CREATE TABLE usage_group_lock (
    group_key VARCHAR(255) PRIMARY KEY
);

-- camel-sql JdbcAggregationRepository 'usage_aggregation': the running
-- totals of open groups, and the completed table holding a rated group until its completion is confirmed. BYTEA is
-- PostgreSQL's binary type and H2's in PostgreSQL mode.
CREATE TABLE usage_aggregation (
    id        VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange  BYTEA        NOT NULL,
    version   BIGINT       NOT NULL
);
CREATE TABLE usage_aggregation_completed (
    id        VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange  BYTEA        NOT NULL,
    version   BIGINT       NOT NULL
);
