"""One module per screen; each screen lists its own palette commands (``palette_commands``)."""
