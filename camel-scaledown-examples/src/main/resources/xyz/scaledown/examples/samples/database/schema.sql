CREATE TABLE documents (
    id        INT PRIMARY KEY,
    model     VARCHAR(16)     NOT NULL,
    title     VARCHAR(200)    NOT NULL,
    text      VARCHAR(100000) NOT NULL,
    status    VARCHAR(16)     DEFAULT 'new' NOT NULL,
    result    VARCHAR(100000),
    error     VARCHAR(2000),
    batch_id  VARCHAR(200),
    node      VARCHAR(16)
);
