"""Everything that leaves: the outbox api, senders, delivery with retry, SMS text shaping. Imports only store."""
