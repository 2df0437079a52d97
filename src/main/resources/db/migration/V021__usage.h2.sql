-- camel-sql JdbcAggregationRepository 'usage_aggregation' and its completed table, as its documentation gives them.
CREATE TABLE usage_aggregation (
    id        VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange  BLOB         NOT NULL,
    version   BIGINT       NOT NULL
);
CREATE TABLE usage_aggregation_completed (
    id        VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange  BLOB         NOT NULL,
    version   BIGINT       NOT NULL
);
