-- +goose Down
ALTER TABLE purchases RENAME TO orders;
