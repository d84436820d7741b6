"""Files written safely: atomic replaces, never-overwriting new files, staged outputs."""
