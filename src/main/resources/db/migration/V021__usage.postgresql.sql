-- camel-sql PostgresAggregationRepository 'usage_aggregation' and its completed table, as its documentation gives them.
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
