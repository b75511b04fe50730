"""Everything that arrives: SMTP handler, Twilio webhook, body extraction and the message pipeline."""
