-- case: a table created earlier in the same script is empty
CREATE TABLE IF NOT EXISTS fresh (id int, status text);
UPDATE fresh SET status = 'open';
-- expect: update-without-where
UPDATE existing SET x = 1;
