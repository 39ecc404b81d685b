"""Game plug-ins for gametest: one package per game, each registering itself."""
