-- A script numbered below the store's newest, as one merged from another branch after V021 would be.
CREATE TABLE late_arrival (id INTEGER PRIMARY KEY);
