"""One module per `starboard` command; each registers itself on the shared app."""
