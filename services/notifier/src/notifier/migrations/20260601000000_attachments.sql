-- migrate:up
-- Documents the producing service lent by a signed link (receipts, berita acara), kept with the delivery.
CREATE TABLE delivery_attachments (
    delivery_id   uuid    NOT NULL REFERENCES deliveries (id),
    position      integer NOT NULL,
    filename      text    NOT NULL,
    content_type  text    NOT NULL,
    content       bytea   NOT NULL,
    sha256        text    NOT NULL,
    PRIMARY KEY (delivery_id, position)
);

-- migrate:down
DROP TABLE delivery_attachments;
