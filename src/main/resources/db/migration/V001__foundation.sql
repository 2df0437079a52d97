-- Foundation: which instances are running, so operators can see the cluster from the console.
CREATE TABLE runtime_instance (
    instance_id   VARCHAR(100) PRIMARY KEY,
    host          VARCHAR(200) NOT NULL,
    profile       VARCHAR(20)  NOT NULL,
    version       VARCHAR(50)  NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
