-- migrate:up
-- A service now reads each owner's stream through one durable, <service>-from-<owner>, in place of one durable per
-- fact (<service>-on-<entity>-<fact>). The new durable reads the stream from its start, so what the old ones
-- already handled is marked handled for it too: nothing is applied or emailed twice, nothing still pending is lost.
INSERT INTO inbox (consumer, event_id, received_at)
SELECT split_part(consumer, '-on-', 1) || '-from-' ||
       CASE split_part(split_part(consumer, '-on-', 2), '-', 1)
           WHEN 'application' THEN 'registration'
           WHEN 'email' THEN 'registration'
           WHEN 'ticket' THEN 'helpdesk'
           ELSE 'verification'
       END,
       event_id, received_at
FROM inbox
WHERE consumer ~ '^[a-z]+-on-[a-z_]+-[a-z_]+$'
ON CONFLICT DO NOTHING;

-- migrate:down
DELETE FROM inbox WHERE consumer ~ '^[a-z]+-from-[a-z]+$';
