"""Everything that leaves: the outbox api, senders, delivery with retry, SMS shaping. Imports only store."""
