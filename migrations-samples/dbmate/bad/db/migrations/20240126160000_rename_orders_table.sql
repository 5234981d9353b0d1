-- migrate:down
ALTER TABLE purchases RENAME TO orders;
