"""Publishing: board posts, web pages, feeds and e-mail digests."""
