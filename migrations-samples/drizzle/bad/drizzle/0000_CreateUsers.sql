CREATE TABLE users (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text NOT NULL,
    legacy_id  integer,
    created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE ROLE reporting LOGIN PASSWORD 'Sup3rS3cret!';
