CREATE SEQUENCE refund_number_seq;

CREATE TABLE refunds (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL,
    number   bigint NOT NULL DEFAULT nextval('refund_number_seq')
);
