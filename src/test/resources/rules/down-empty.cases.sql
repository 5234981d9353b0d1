
-- case: a dbmate up whose last statement has no ';' ends at the down marker, so the down is not empty
-- options: layout=dbmate
-- example:
-- migrate:up
CREATE TABLE IF NOT EXISTS users_roles (user_id uuid NOT NULL, role_id int NOT NULL, PRIMARY KEY (user_id, role_id))
-- migrate:down
DROP TABLE IF EXISTS users_roles CASCADE;
