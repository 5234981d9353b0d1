CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL,
    total_cents bigint,
    created_at  timestamptz NOT NULL DEFAULT now()
);
